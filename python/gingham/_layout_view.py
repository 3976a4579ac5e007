"""Who owns what, for people: ``Distribution.owner_map()`` (a text grid of owning ranks for small shapes),
``Distribution.local_shapes()`` (each grid rank's shard shape) and the notebook views ``_repr_html_`` of
arrays and distributions (an SVG of the blocks coloured by owning rank, in the spirit of Dask's chunk
diagram, and a table of shape, dtype, layout and bytes per rank). All of it is layout arithmetic done by
the C++ distribution (owner of an index, local shapes): Local, no message, no element read.
"""

import html
import math

import numpy as np

#: owner_map refuses shapes of more elements than this.
OWNER_MAP_LIMIT = 10_000
#: Blocks drawn per axis in the SVG; longer axes show their first blocks and say so.
DRAWN_BLOCKS = 48
_COLOURS = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
            "#bab0ac")


def _grid_strides(dims):
    strides = [1] * len(dims)
    for g in range(len(dims) - 2, -1, -1):
        strides[g] = strides[g + 1] * dims[g + 1]
    return strides


def axis_owners(d, axis, indices):
    """Local. For the given global indices along ``axis``: the grid-rank contribution of their owner's
    coordinate along the grid axis spreading that axis (0 when the axis is not distributed)."""
    g = d.grid_axes[axis]
    if g is None:
        return np.zeros(len(indices), dtype=np.int64)
    stride = _grid_strides(d.grid.dims)[g]
    index = [0] * d.ndim
    result = np.empty(len(indices), dtype=np.int64)
    for k, i in enumerate(indices):
        index[axis] = int(i)
        result[k] = d._impl.owner_coords(index)[g] * stride
    return result


def _copy_axes(d):
    return tuple(g for g in range(d.grid.ndim) if g not in d.grid_axes and d.grid.dims[g] > 1)


def owner_map(d):
    """Local. A text map of which grid rank owns each element of a small layout (at most OWNER_MAP_LIMIT
    elements): one row per index of the second-last axis, one column per index of the last; N-D layouts
    print one such grid per index of the leading axes. Where grid axes hold copies, the rank shown is the
    primary copy's (coordinate 0 along those axes) and a first line says which grid axes hold copies."""
    if d.ndim == 0:
        return "0-D: every grid rank holds the element"
    size = math.prod(d.shape)
    if size > OWNER_MAP_LIMIT:
        raise ValueError(f"owner_map: expected a layout of at most {OWNER_MAP_LIMIT} elements, got shape {d.shape} "
                         f"({size} elements); use local_shapes() or the notebook view (_repr_html_)")
    owners = np.zeros(d.shape, dtype=np.int64)
    for axis, n in enumerate(d.shape):
        shape = [1] * d.ndim
        shape[axis] = n
        owners = owners + axis_owners(d, axis, range(n)).reshape(shape)
    width = len(str(max(d.grid.size - 1, 0)))
    lines = []
    if _copy_axes(d):
        lines.append(f"(primary copies shown: grid axes {_copy_axes(d)} hold copies of every element)")
    rows = owners.reshape((-1,) + d.shape[-2:]) if d.ndim >= 2 else owners.reshape(1, 1, -1)
    leading = list(np.ndindex(*d.shape[:-2])) if d.ndim > 2 else [None]
    for lead, block in zip(leading, rows):
        if lead is not None:
            lines.append(f"[{', '.join(map(str, lead))}, :, :]")
        lines.extend(" ".join(str(r).rjust(width) for r in row) for row in block)
    return "\n".join(lines)


def local_shapes(d):
    """Local. {grid rank: the shape of its shard} for every rank of the grid (row-major grid ranks)."""
    dims = d.grid.dims
    return {r: tuple(d._impl.local_shape([int(c) for c in np.unravel_index(r, dims)])) if dims else tuple(d.shape)
            for r in range(d.grid.size)}


def _runs(d, axis):
    """Local. (starts, stops, owners contribution, total runs) of the first DRAWN_BLOCKS blocks along axis."""
    n = d.shape[axis]
    spec = d.axes[axis]
    g = d.grid_axes[axis]
    parts = 1 if g is None else d.grid.dims[g]
    kind = "none" if spec is None else spec._layout.kind
    length = {"none": n, "block": -(-n // parts), "cyclic": 1}.get(kind) or spec._layout.block_size
    length = max(length, 1)
    total = -(-n // length) if n else 0
    starts = np.arange(min(total, DRAWN_BLOCKS)) * length
    stops = np.minimum(starts + length, n)
    return starts, stops, axis_owners(d, axis, starts), total


def _svg(d):
    """Local. An SVG of the last two axes' blocks (one row for 1-D), coloured by the primary owner's grid rank."""
    if d.ndim == 0:
        return ""
    axes = (d.ndim - 2, d.ndim - 1) if d.ndim >= 2 else (None, 0)
    runs = [_runs(d, a) if a is not None else (np.array([0]), np.array([1]), np.array([0]), 1) for a in axes]
    extents = [max(int(r[1][-1]) if len(r[1]) else 1, 1) for r in runs]
    size = 240
    scale = size / max(extents)
    height, width = (max(extents[0] * scale, 12), max(extents[1] * scale, 12)) if d.ndim >= 2 else (24, size)
    rects = []
    for i0, i1, o_row in zip(*runs[0][:3]):
        for j0, j1, o_col in zip(*runs[1][:3]):
            rank = int(o_row + o_col)
            x, w = width * j0 / extents[1], width * (j1 - j0) / extents[1]
            y, h = height * i0 / extents[0], height * (i1 - i0) / extents[0]
            label = (f'<text x="{x + w / 2:.1f}" y="{y + h / 2 + 4:.1f}" font-size="10" text-anchor="middle">{rank}'
                     f'</text>') if w > 14 and h > 12 else ""
            rects.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                         f'fill="{_COLOURS[rank % len(_COLOURS)]}" stroke="white" stroke-width="0.5">'
                         f'<title>rank {rank}</title></rect>{label}')
    notes = [f"first {DRAWN_BLOCKS} of {r[3]} blocks along axis {a}" for a, r in zip(axes, runs)
             if a is not None and r[3] > DRAWN_BLOCKS]
    if d.ndim > 2:
        notes.append(f"last two axes {axes} shown, at index 0 of the leading axes")
    svg = (f'<svg width="{width + 2:.0f}" height="{height + 2:.0f}" xmlns="http://www.w3.org/2000/svg">'
           f'<g transform="translate(1,1)">{"".join(rects)}</g></svg>')
    return svg + "".join(f"<div><small>{html.escape(n)}</small></div>" for n in notes)


def html_view(d, dtype=None):
    """Local. The notebook view: the SVG beside a table of shape, dtype, layout, grid and each rank's shard
    shape (and bytes, given a dtype)."""
    rows = [("shape", d.shape), ("dtype", dtype), ("layout", ", ".join(map(repr, d.axes))),
            ("grid", d.grid.dims), ("copies along grid axes", _copy_axes(d) or None)]
    table = "".join(f"<tr><th>{k}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows if v is not None)
    per_rank = []
    for rank, shape in list(local_shapes(d).items())[:32]:
        cells = f"<td>{rank}</td><td>{shape}</td>"
        if dtype is not None:
            cells += f"<td>{math.prod(shape) * np.dtype(dtype).itemsize}</td>"
        per_rank.append(f"<tr>{cells}</tr>")
    header = "<tr><th>rank</th><th>local shape</th>" + ("<th>bytes</th>" if dtype is not None else "") + "</tr>"
    more = f"<div><small>first 32 of {d.grid.size} ranks</small></div>" if d.grid.size > 32 else ""
    return (f'<div style="display:flex;gap:1em;align-items:flex-start"><div>{_svg(d)}</div><div><table>{table}</table>'
            f'<table>{header}{"".join(per_rank)}</table>{more}</div></div>')
