"""Reading one element, and iterating: ``x[i, j]`` with one integer per axis is one small all-reduce that
carries the element from its owner (gingham/kernels/element.hpp ``read_element``), not a redistribution; ``iter(x)`` over a 1-D
array reads its elements in blocks of ``ITERATION_BLOCK`` (one request-and-response exchange per block,
gingham/kernels/element_access.hpp), and over an N-D array yields ``x[i]`` for each i of the first axis.
"""

import numbers

import numpy as np

from . import _core
from ._array import Array
from ._layouts import Distribution

#: Elements of a 1-D array read per exchange while iterating.
ITERATION_BLOCK = 4096

_SCALAR_LAYOUTS = {}  # grid shape -> the C++ layout of 0-D (replicated) arrays on grids of that shape


def scalar_index(x, key):
    """Local. The global index (a list) when ``key`` is one integer per axis of x (Python or NumPy integers,
    not bools), negative entries counted from the end, else None (another kind of key). Entries out of
    bounds stay as given: read_element raises IndexError for them on every rank."""
    key = key if isinstance(key, tuple) else (key,)
    if x.ndim == 0 or len(key) != x.ndim:
        return None
    index = []
    for k, n in zip(key, x.shape):
        if isinstance(k, (bool, np.bool_)) or not isinstance(k, (numbers.Integral, np.integer)):
            return None
        k = int(k)
        index.append(k + n if -n <= k < 0 else k)
    return index


def zero_d(value, grid):
    """Local (no message). A 0-D replicated gingham array on ``grid`` over the 0-D NumPy array ``value``,
    which every rank holds already (no copy). Ranks outside the grid get an array without a shard, as for
    any array on that grid."""
    dims = tuple(grid._impl.dims)
    layout = _SCALAR_LAYOUTS.get(dims)  # the C++ layout depends on the grid's shape only: no grid is kept
    if layout is None:
        layout = _SCALAR_LAYOUTS[dims] = Distribution.replicated((), grid=grid)._impl
    return Array._new(_core.wrap_local(value, grid._impl, layout))  # its Distribution is made on first use


def read_scalar(x, index):
    """Collective over x's communicator: one small MPI_Allreduce that carries the element from its owner
    (the primary copy among copies; every rank finds the owner from the layout) and checks that every rank
    named the same index (ValueError on every rank otherwise; IndexError when out of bounds). x[index] as a
    0-D replicated array."""
    return zero_d(_core.read_element(x._impl, index), x.device)


def iterate(x):
    """Collective over x's communicator; every rank must iterate as far as the others (a loop that stops
    early on some ranks only leaves the others waiting). Over a 1-D array: its elements as 0-D arrays,
    read ``ITERATION_BLOCK`` at a time (per block, one exchange: every rank asks the owners for the block's
    elements, about two MPI_Allreduce, one MPI_Alltoall of counts and point-to-point messages); over an
    N-D array: x[i] for each i of the first axis, as NumPy does, one redistribution each. x has at least one
    dimension (Array.__iter__ refuses 0-D arrays before the iteration starts)."""
    if x.ndim > 1:
        for i in range(x.shape[0]):
            yield x[i]
        return
    n = x.shape[0]
    for start in range(0, n, ITERATION_BLOCK):
        stop = min(n, start + ITERATION_BLOCK)
        block = _core.read_positions(x._impl, np.arange(start, stop, dtype=np.int64))
        for k in range(stop - start):
            yield zero_d(block[k:k + 1].reshape(()), x.device)
