"""Pickling a gingham.Array: what it means, done locally (no message, so never a hang on one side).

- A 0-D or replicated array (every grid rank holds it whole) pickles as its NumPy data (and its layout).
  Unpickling gives an array over that data, made locally: in its own layout on its own grid where this
  process has that grid (it pickled an array of it, or it is the default grid) and this rank is on it,
  else replicated on the receiving process's default grid (``gg.default_grid()``); so ``comm.bcast(x)`` of
  a replicated array gives every rank an equal array.
- A distributed array (or any array on a rank off its grid) pickles as this rank's shard plus the description of its layout (shape, axis
  layouts, grid axes, storage order, the grid's shape and MPI_COMM_WORLD ranks) and this rank's grid
  coordinates. Unpickling it in a process of the same job at the same grid coordinates gives that rank's
  part of the array again, on the grid it was pickled from (or the default grid when that has the same
  shape and ranks), so ipyparallel ``pull``/``push`` between the engines of one job round-trips shard by
  shard. Anywhere else (another rank, another job, a process without such a grid) unpickling raises
  pickle.UnpicklingError naming the alternatives: ``gg.to_numpy(x)`` / ``np.asarray(x)`` (the whole array
  as NumPy data, collective) or ``gg.save`` / ``gg.load`` (through a file).

An unpickled array is this rank's part of a collective object: use it in collective operations only when
every rank of its grid unpickled its own part (or the same replicated data), as ``comm.bcast`` does. Ghost
cells are not pickled (the unpickled array has none).
"""

import pickle
import numpy as np
from mpi4py import MPI

from . import _core
from ._array import Array
from ._grid import ProcessGrid, default_grid
from ._layouts import Block, BlockCyclic, Cyclic, Distribution

_ALTERNATIVES = ("gg.to_numpy(x) or np.asarray(x) on every rank (the whole array as NumPy data), or "
                 "gg.save / gg.load (through a file)")
_PICKLED_GRIDS = {}  # grid identity -> the last grid this process pickled an array of (the newest few kept)
_KEPT_GRIDS = 16


def _grid_identity(grid):
    """Local. What names a grid across the processes of one job: its shape, the MPI_COMM_WORLD size and the
    world ranks of its ranks (ProcessGrid.describe)."""
    return (MPI.COMM_WORLD.Get_size(), repr(grid))


def _axis_description(spec):
    if spec is None:
        return None
    return (spec._layout.kind, spec._layout.block_size, spec._layout.offset)


def _axis_spec(description):
    if description is None:
        return None
    kind, block_size, offset = description
    if kind == "block_cyclic":
        return BlockCyclic(block_size, offset=offset)
    return {"block": Block, "cyclic": Cyclic}[kind](offset=offset)


def _layout_description(x):
    """Local. x's layout and this rank's place in it, as plain data; registers x's grid (see _known_grid)."""
    d, grid = x.distribution, x.device
    identity = _grid_identity(grid)
    _PICKLED_GRIDS.pop(identity, None)
    _PICKLED_GRIDS[identity] = grid
    while len(_PICKLED_GRIDS) > _KEPT_GRIDS:
        del _PICKLED_GRIDS[next(iter(_PICKLED_GRIDS))]
    return {"shape": d.shape, "axes": tuple(_axis_description(a) for a in d.axes), "grid_axes": d.grid_axes,
            "local_order": d.local_order, "grid": _grid_identity(grid), "grid_dims": grid.dims,
            "coords": grid.coords, "world_rank": MPI.COMM_WORLD.Get_rank()}


def _distribution(layout, grid):
    return Distribution(layout["shape"], tuple(_axis_spec(a) for a in layout["axes"]), grid=grid,
                        grid_axes=layout["grid_axes"], local_order=layout["local_order"])


def reduce_array(x):
    """Local. ``x.__reduce__()``: (rebuild function, arguments) as the module describes: the NumPy data of a
    0-D or replicated array held here, else this rank's shard (empty off the grid), with the layout."""
    layout = _layout_description(x)
    shard = np.array(x.local, copy=True, order="K")
    if (x.ndim == 0 or x.distribution.is_replicated) and x._impl.holds_shard:
        return _unpickle_replicated, (shard, layout)
    return _unpickle_shard, (shard, layout)


def _known_grid(identity):
    """Local. The grid of this identity that this process pickled an array of, else the default grid when it
    exists and has this identity, else None (making a grid is collective: unpickling never does)."""
    grid = _PICKLED_GRIDS.get(identity)
    if grid is None and default_grid.cache_info().currsize and _grid_identity(default_grid()) == identity:
        grid = default_grid()
    return grid


def _unpickle_shard(shard, layout):
    """Local. The array whose shard on this rank is ``shard`` (see the module), or UnpicklingError."""
    function = "unpickling a distributed gingham.Array"
    identity = layout["grid"]
    grid = _known_grid(identity)
    if grid is None:
        raise pickle.UnpicklingError(
            f"{function}: the pickled shard belongs to an array on a grid of shape {layout['grid_dims']} "
            f"({identity[1]} in a job of {identity[0]} processes), which this process does not have (this is a "
            f"process of a job of {MPI.COMM_WORLD.Get_size()}); a distributed gingham.Array unpickles only in the "
            f"job it came from. To move the data elsewhere use {_ALTERNATIVES}")
    if grid.coords != layout["coords"]:
        raise pickle.UnpicklingError(
            f"{function}: the pickled shard is the part at grid coordinates {layout['coords']} (pickled on "
            f"MPI_COMM_WORLD rank {layout['world_rank']}), but this rank (MPI_COMM_WORLD rank "
            f"{MPI.COMM_WORLD.Get_rank()}) is at {grid.coords}; each rank unpickles only its own part. To send "
            f"the whole array to other ranks use {_ALTERNATIVES}")
    d = _distribution(layout, grid)
    if grid.coords is None:  # off the grid: no shard (an empty array of the array's dimensions)
        shard = np.empty((0,) * d.ndim, dtype=shard.dtype)
    elif tuple(shard.shape) != d.local_shape:
        raise pickle.UnpicklingError(f"{function}: expected a shard of shape {d.local_shape}, got {shard.shape}")
    return Array._new(_core.wrap_local(shard, grid._impl, d._impl), d)


def _unpickle_replicated(data, layout):
    """Local. An array over ``data``, held whole: in its own layout on its own grid when this process has
    that grid and this rank is on it, else replicated on the default grid (see the module); UnpicklingError
    when this process has not made its default grid yet (making it is collective, which unpickling must
    not be)."""
    grid = _known_grid(layout["grid"])
    if grid is not None and grid.coords is not None:
        d = _distribution(layout, grid)
        return Array._new(_core.wrap_local(data, grid._impl, d._impl), d)
    if not default_grid.cache_info().currsize and MPI.COMM_WORLD.Get_size() > 1:
        raise pickle.UnpicklingError(
            "unpickling a replicated gingham.Array: it goes onto the default grid, which this process has not "
            "made yet and which is collective to make; call gg.default_grid() on every rank first (any gingham "
            f"array creation on the default grid does), or pickle NumPy data instead ({_ALTERNATIVES})")
    grid = default_grid()
    d = Distribution.replicated(data.shape, grid=grid)
    if grid.coords is None:
        data = np.empty((0,) * data.ndim, dtype=data.dtype)
    return Array._new(_core.wrap_local(data, grid._impl, d._impl), d)
