"""Layouts: per-axis specs (Block, Cyclic, BlockCyclic), Distribution, and Halo (ghost cells)."""

import numbers
import operator

import numpy as np

from . import _core
from ._validation import grid_or_default, integer, normalize_shape


class _AxisSpec:
    """Base of the per-axis layouts; ``offset`` is the process (along the grid axis) holding the first block."""

    __slots__ = ("_layout",)

    def __eq__(self, other):
        return isinstance(other, _AxisSpec) and self._layout == other._layout

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        return self._layout.describe()


class Block(_AxisSpec):
    """Contiguous blocks of ceil(n / P) elements, one per process along the grid axis."""

    def __init__(self, *, offset=0):
        self._layout = _core.AxisLayout.block(integer(offset, "Block(offset=)", 0))


class Cyclic(_AxisSpec):
    """Element i on process (i + offset) mod P."""

    def __init__(self, *, offset=0):
        self._layout = _core.AxisLayout.cyclic(integer(offset, "Cyclic(offset=)", 0))


class BlockCyclic(_AxisSpec):
    """Blocks of ``block_size`` elements dealt round-robin from process ``offset`` (ScaLAPACK's layout)."""

    def __init__(self, block_size, *, offset=0):
        self._layout = _core.AxisLayout.block_cyclic(integer(block_size, "BlockCyclic(block_size)", 1),
                                                     integer(offset, "BlockCyclic(offset=)", 0))


def _axis_spec(layout):
    """Local. The Block/Cyclic/BlockCyclic/None spec of a C++ AxisLayout."""
    kind = layout.kind
    if kind == "none":
        return None
    cls = {"block": Block, "cyclic": Cyclic, "block_cyclic": BlockCyclic}[kind]
    spec = cls.__new__(cls)
    spec._layout = layout
    return spec


_ORDERS = {"C": _core.StorageOrder.row_major, "F": _core.StorageOrder.column_major}


class Distribution:
    """How an N-D array is laid out over a ProcessGrid: pure layout, no data.

    ``axes`` gives one entry per array axis: ``Block()``, ``Cyclic()``, ``BlockCyclic(nb)`` or ``None``
    (not distributed). The k-th distributed axis is spread over grid axis k unless ``grid_axes`` (one
    grid axis or None per array axis) says otherwise; grid axes that spread no array axis hold copies.
    ``axes=None`` is the default layout (gingham's one rule: Block on the first min(ndim, grid.ndim) axes,
    computed by the C++ library). ``local_order``
    is the storage order of each shard, "C" (row-major) or "F" (column-major, as ScaLAPACK wants).
    """

    __slots__ = ("_impl", "_grid", "_axes")

    def __init__(self, shape, axes=None, *, grid=None, grid_axes=None, local_order="C"):
        shape = normalize_shape(shape, "Distribution")
        grid = grid_or_default(grid, "Distribution")
        if axes is None:  # the default layout: its rule is C++'s (gingham/distributions/derived.hpp)
            default = _core.default_layout(list(shape), grid._impl)
            axes = tuple(_axis_spec(default.axis_layout(k)) for k in range(len(shape)))
        axes = tuple(axes) if not isinstance(axes, _AxisSpec) else (axes,)
        if len(axes) != len(shape):
            raise ValueError(f"Distribution: expected one axis layout per axis of shape {shape}, got {len(axes)}")
        for spec in axes:
            if spec is not None and not isinstance(spec, _AxisSpec):
                raise TypeError(f"Distribution: expected Block(), Cyclic(), BlockCyclic(nb) or None, got {spec!r}")
        if local_order not in _ORDERS:
            raise ValueError(f"Distribution: expected local_order 'C' or 'F', got {local_order!r}")
        layouts = [_core.AxisLayout.not_distributed() if spec is None else spec._layout for spec in axes]
        explicit = [] if grid_axes is None else [-1 if g is None else integer(g, "Distribution(grid_axes=)", 0)
                                                 for g in grid_axes]
        self._impl = _core.Distribution(list(shape), layouts, list(grid.dims), _ORDERS[local_order], explicit)
        self._grid = grid
        self._axes = axes

    @classmethod
    def _wrap(cls, impl, grid):
        """Local. The Python face of a C++ layout (for example a kernel's result) on ``grid``."""
        layout = cls.__new__(cls)
        layout._impl, layout._grid, layout._axes = impl, grid, None  # axes: read from impl on first use
        return layout

    @classmethod
    def replicated(cls, shape, *, grid=None, local_order="C"):
        """Every rank of the grid holds the whole array."""
        return cls(shape, (None,) * len(normalize_shape(shape, "Distribution.replicated")), grid=grid,
                   local_order=local_order)

    @property
    def shape(self):
        """Local. The global shape."""
        return tuple(self._impl.shape)

    @property
    def ndim(self):
        """Local. The number of array axes."""
        return len(self._impl.shape)

    @property
    def grid(self):
        """Local. The ProcessGrid (device) the layout lives on."""
        return self._grid

    @property
    def axes(self):
        """Local. The per-axis layouts (None for an axis that is not distributed)."""
        if self._axes is None:
            self._axes = tuple(_axis_spec(self._impl.axis_layout(k)) for k in range(len(self._impl.shape)))
        return self._axes

    @property
    def grid_axes(self):
        """Local. The grid axis spreading each array axis, or None."""
        return tuple(None if g < 0 else g for g in (self._impl.grid_axis_of(k) for k in range(self.ndim)))

    @property
    def local_order(self):
        """Local. How each shard is stored, "C" (row-major) or "F" (column-major)."""
        return "C" if self._impl.order == _core.StorageOrder.row_major else "F"

    @property
    def is_replicated(self):
        """Local. Whether every grid rank holds the whole array."""
        return self._impl.is_replicated

    @property
    def local_shape(self):
        """Local. The shape of this rank's shard (zeros off the grid)."""
        coords = self._grid.coords
        return (0,) * self.ndim if coords is None else tuple(self._impl.local_shape(list(coords)))

    def owned_indices(self):
        """Local. Per axis, the global indices held on this rank, in local storage order, so that
        ``x.local == a[np.ix_(*d.owned_indices())]``. Empty arrays off the grid."""
        coords = self._grid.coords
        if coords is None:
            return tuple(np.empty(0, dtype=np.int64) for _ in range(self.ndim))
        return tuple(self._impl.owned_indices(list(coords), k) for k in range(self.ndim))

    def owner(self, index):
        """Local. The grid coordinates holding ``index`` (None along grid axes that hold copies)."""
        coords = self._impl.owner_coords([operator.index(i) for i in index])
        return tuple(None if c < 0 else c for c in coords)

    @property
    def is_scalapack_compatible(self):
        """Local. Whether ScaLAPACK can read the layout in place (the rule gg.linalg applies; 2-D, every grid
        axis of extent > 1 spreads one of its axes, extents that fit 32-bit integers; either storage order)."""
        return self._impl.scalapack_incompatibility() == ""

    def __eq__(self, other):
        return isinstance(other, Distribution) and self._grid == other._grid and self._impl == other._impl

    def __hash__(self):
        return hash((self.shape, self._grid.dims))

    def __repr__(self):
        return self._impl.describe().replace("Distribution(", "gingham.Distribution(", 1)


class Halo:
    """Ghost cells around each shard: ``width`` (one int for every side of every axis, or per axis an
    int or a (lower, upper) pair), ``periodic`` (bool, or one per axis), ``stencil`` "box" (faces,
    edges and corners) or "star" (faces only). Needs Block or non-distributed axes where widths > 0."""

    __slots__ = ("width", "periodic", "stencil")

    def __init__(self, width, *, periodic=False, stencil="box"):
        if stencil not in ("box", "star"):
            raise ValueError(f"Halo: expected stencil 'box' or 'star', got {stencil!r}")
        self.width, self.periodic, self.stencil = width, periodic, stencil

    def _spec(self, ndim):
        """Local. The C++ HaloSpec for an ndim-D array."""
        widths = self.width if isinstance(self.width, (tuple, list)) else (self.width,) * ndim
        periodic = self.periodic if isinstance(self.periodic, (tuple, list)) else (self.periodic,) * ndim
        if len(widths) != ndim or len(periodic) != ndim:
            raise ValueError(f"Halo: expected widths and periodic flags for {ndim} axes, got {self!r}")
        lower, upper = [], []
        for w in widths:
            lo, hi = (w, w) if not isinstance(w, (tuple, list)) else w
            lower.append(integer(lo, "Halo(width)", 0))
            upper.append(integer(hi, "Halo(width)", 0))
        stencil = _core.Stencil.box if self.stencil == "box" else _core.Stencil.star
        return _core.HaloSpec(lower, upper, [bool(p) for p in periodic], stencil)

    def __repr__(self):
        return f"gingham.Halo({self.width!r}, periodic={self.periodic!r}, stencil={self.stencil!r})"


def halo_spec(halo, ndim, function):
    """Local. The C++ HaloSpec for ``halo=`` (None, an int width, or a Halo)."""
    if halo is None:
        return None
    if isinstance(halo, numbers.Integral) and not isinstance(halo, bool):
        halo = Halo(int(halo))
    if not isinstance(halo, Halo):
        raise TypeError(f"{function}: expected halo=None, an int or a gingham.Halo, got {halo!r}")
    return halo._spec(ndim)
