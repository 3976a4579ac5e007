"""Moving an array between grids on different communicators that one communicator holds: from a grid on a
``comm.Split`` group to a grid on the parent communicator and back, or from one group to another.

Ranks of the parent that hold no array take part too: every rank of the communicator of the move calls
``gingham.to_device``, passing its array or None, and its target grid or None. Each group that passes a grid
receives its own copy, so ``x.to_device(my_group_grid)`` on every rank of the parent hands every group the
parent's array. The data moves by one redistribution plan per receiving group, over the parent communicator,
with nothing gathered.
"""

from mpi4py import MPI

from . import _core
from ._array import Array
from ._grid import ProcessGrid
from ._layouts import Distribution


def _comm_of(over):
    """gingham's communicator for ``over``: a ProcessGrid's own, or a duplicate of an mpi4py communicator."""
    if isinstance(over, ProcessGrid):
        return over._impl.comm
    if isinstance(over, MPI.Comm):
        return _core.Comm.from_mpi4py(over)
    raise TypeError(f"to_device: expected over= to be a gingham.ProcessGrid or an mpi4py communicator, "
                    f"got {type(over).__name__}")


def to_device(x, device, /, *, distribution=None, over=None):
    """Collective over the communicator of the move. ``x`` (None on ranks that hold no array) moved to the
    ProcessGrid ``device`` (None on ranks that receive nothing); returns the array on the ranks that passed a
    device and None on the others.

    The communicator of the move is ``over`` (a ProcessGrid's or an mpi4py communicator) or, by default, of
    x's and device's communicators the one holding the other (device's where x is None, x's where device is
    None), which every rank reaches alike with ``comm.Split`` groups. Exactly one communicator's ranks pass an
    array, all of them; every rank of a target grid's communicator passes that grid. The result is in
    ``distribution`` (a Distribution on ``device`` for x's shape) or gingham's default layout. Cost: a few
    small collectives to share the layouts, then one redistribution per receiving group (every element
    crosses the network at most once per group); the plans are not cached. ValueError on every rank for
    arrays from two communicators, none at all, no target grid, a group passing only on some of its ranks,
    or a distribution that does not fit.
    """
    if x is not None and not isinstance(x, Array):
        raise TypeError(f"to_device: expected a gingham.Array or None, got {type(x).__name__}")
    if device is not None and not isinstance(device, ProcessGrid):
        raise TypeError(f"to_device: expected a gingham.ProcessGrid or None as the device, got {type(device).__name__}")
    if distribution is not None:
        if not isinstance(distribution, Distribution):
            raise TypeError(f"to_device: expected distribution= to be a gingham.Distribution, "
                            f"got {type(distribution).__name__}")
        if device is None or distribution.grid != device:
            raise ValueError("to_device: distribution= must be laid out on the device passed with it")
    x_impl = None if x is None else x._impl
    grid_impl = None if device is None else device._impl
    comm = _core.enclosing_comm(x_impl, grid_impl) if over is None else _comm_of(over)
    impl = _core.move_to_grid(comm, x_impl, grid_impl, None if distribution is None else distribution._impl)
    return None if impl is None else Array._new(impl)


def same_ranks(a, b):
    """Local. Whether grids ``a`` and ``b`` have the same ranks in the same order (arrays then move by
    redistribute; otherwise by to_device over a communicator holding both)."""
    return _core.same_ranks(a._impl.comm, b._impl.comm)
