"""ProcessGrid: the N-D grid of ranks an array lives on (its Array API "device")."""

import functools

from mpi4py import MPI

from . import _core

# The mpi4py communicator each grid was built on, by the identity of gingham's duplicate of it (grids gingham
# builds from a grid's communicator share it).
_user_comms = {}


class ProcessGrid:
    """An N-D Cartesian grid over (the first ranks of) an MPI communicator.

    ``ProcessGrid()`` is a 1-D grid over all ranks of ``MPI.COMM_WORLD``; ``ProcessGrid((2, 0))`` lets
    MPI choose the zero extents; ``comm=`` takes any mpi4py communicator, which gingham duplicates.
    Construction is collective over the communicator.
    """

    def __init__(self, dims=None, *, comm=None):
        core_comm = _core.Comm.world() if comm is None else _core.Comm.from_mpi4py(comm)
        if dims is None:
            dims = (core_comm.size,)
        elif isinstance(dims, int):
            dims = (dims,)
        dims = tuple(dims)
        for extent in dims:
            if isinstance(extent, bool) or not isinstance(extent, int):
                raise TypeError(f"ProcessGrid: expected integer grid extents, got {dims!r}")
        self._impl = _core.ProcessGrid(core_comm, list(dims))
        _user_comms[core_comm.identity] = MPI.COMM_WORLD if comm is None else comm

    @classmethod
    def _wrap(cls, impl):
        grid = cls.__new__(cls)
        grid._impl = impl
        return grid

    @property
    def comm(self):
        """Local. The mpi4py communicator the grid was built on, the one passed as ``comm=`` (the same object),
        or ``MPI.COMM_WORLD``. The grid's ranks are its first ``size`` ranks, in order; ``coords`` gives this
        rank's place. gingham itself communicates on a duplicate of it, so messages the program sends on it
        never mix with gingham's own."""
        return _user_comms[self._impl.comm.identity]

    @property
    def dims(self):
        """Local. The grid's shape."""
        return tuple(self._impl.dims)

    @property
    def ndim(self):
        """Local. The number of grid axes."""
        return self._impl.ndim

    @property
    def size(self):
        """Local. The number of ranks in the grid."""
        return self._impl.size

    @property
    def coords(self):
        """Local. This rank's grid coordinates, or None if this rank is not in the grid."""
        return tuple(self._impl.coords) if self._impl.contains_this_rank else None

    def __eq__(self, other):
        return isinstance(other, ProcessGrid) and self._impl == other._impl

    def __hash__(self):
        return hash(self.dims)

    def __repr__(self):
        return self._impl.describe()


@functools.lru_cache(maxsize=None)
def default_grid():
    """Collective over MPI.COMM_WORLD the first time, then local: the default device, a 1-D grid of all ranks."""
    return ProcessGrid()
