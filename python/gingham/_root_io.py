"""One rank in, one rank out: ``asarray(a, root=r)`` scatters an array that only rank r holds, and
``to_numpy(x, root=r)`` gathers one onto rank r.

Both are one redistribution (gingham/kernels/scatter_gather.hpp) between the array's layout and the layout
that puts the whole array on the root, whose shard is the root's own NumPy array, read or written in place.
The plan moves the data in rounds of at most the plan chunk size (``gg._core.default_chunk_bytes()``) of
buffers, so no rank other than the root ever holds more than its own shard plus those buffers.
"""

import numpy as np

from . import _core
from ._array import Array, require_array
from ._dtypes import resolve
from ._errors import collective_errors
from ._validation import integer_argument


def root_data(obj, root, dtype, grid, function):
    """Collective over the grid's communicator. (whole, dtype, shape) of the host data that rank ``root``
    passes as ``obj`` (converted there to ``dtype`` unless None): ``whole`` is the NumPy array on the root
    and None elsewhere (the other ranks' ``obj`` is ignored); its dtype and shape reach every rank. Errors on
    the root (``obj`` None, a gingham.Array, not numbers), ranks passing different roots, and a root outside
    the communicator (IndexError) raise on every rank. Cost: one MPI_Allreduce and two MPI_Bcast."""
    root = integer_argument(root, "root", function)
    comm = grid._impl.comm
    target_dtype = None if dtype is None else resolve(dtype, function)
    whole = None
    with collective_errors(device=grid) as agreement:
        agreement.compare(function, root=root)
        if comm.rank == root:
            if obj is None:
                raise ValueError(f"{function}: root={root} passed None; the root rank passes the array (the "
                                 f"other ranks may pass None)")
            if isinstance(obj, Array):
                raise TypeError(f"{function}: root= scatters host data from one rank, got a gingham.Array (use "
                                f"redistribute, or asarray without root, on every rank)")
            whole = np.asarray(obj, dtype=target_dtype)
            if whole.dtype.kind not in "biufc":
                raise TypeError(f"{function}: expected numbers or bools, got data of dtype {whole.dtype}")
            resolve(whole.dtype, function)
    element, shape = _core.broadcast_header(comm, root, None if whole is None else whole.dtype,
                                            [] if whole is None else list(whole.shape))
    return whole, element, shape


def to_numpy(x, /, *, root=None):
    """Collective over x's communicator. The whole of ``x`` as a NumPy array.

    ``root=None`` (the default): on every rank, as ``np.asarray(x)`` (a gather to all ranks). ``root=r``:
    on rank r only (any rank of x's communicator, on x's grid or not), None on the others; the data goes
    to rank r by one redistribution in rounds of bounded memory, and no other rank holds more than its
    shard. A root outside the communicator raises IndexError on every rank.
    """
    x = require_array(x, "to_numpy")
    if root is None:
        return _core.gather_to_all(x._impl)
    return _core.gather_to(x._impl, integer_argument(root, "root", "to_numpy"))
