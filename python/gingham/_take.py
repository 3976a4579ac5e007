"""take and take_along_axis: the elements (slabs) of an array at given indices along one axis
(gingham/kernels/indexing.hpp). Below _indexing and _searching, which both read through take."""

import operator

import numpy as np

from . import _core
from ._array import Array, require_array
from ._creation import asarray


def _shared_indices(indices, function):
    """Integer indices every rank holds alike: a host sequence or array, or a gingham array replicated on
    every rank."""
    if isinstance(indices, Array):
        indices = indices.local
    indices = np.asarray(indices)
    if indices.dtype.kind not in "iu":
        raise IndexError(f"{function}: expected integer indices, got dtype {indices.dtype}")
    if indices.ndim != 1:
        raise ValueError(f"{function}: expected 1-D indices, got {indices.ndim} dimensions")
    if indices.dtype == np.uint64 and indices.size and indices.max() > np.iinfo(np.int64).max:
        raise IndexError(f"{function}: index {indices.max()} is out of bounds")
    return indices.astype(np.int64, copy=False)


def take(x, indices, /, *, axis=None):
    """Collective over x.device. The elements (slabs) of x at ``indices`` along ``axis`` (required unless x
    is 1-D), in x's layout with that axis's new extent: one exchange (an ExchangePlan) along the grid axis that spreads
    it (gingham/kernels/indexing.hpp). ``indices`` are host integers (every rank passes the same), a
    replicated gingham array, or a 1-D gingham integer array in any layout (then each rank reads its
    result elements from their owners; so does a replicated one into a 1-D x on the same grid, which on
    one rank, or with x held whole by every rank, reads in place with no exchange)."""
    require_array(x, "take")
    if axis is None:
        if x.ndim != 1:
            raise ValueError(f"take: axis is required for an array of {x.ndim} dimensions")
        axis = 0
    # A replicated index array goes the host way (whole slabs move), except into a 1-D x on its own grid:
    # there every slab is one element and read_elements reads in place what this rank holds.
    if isinstance(indices, Array) and (not (indices.distribution.is_replicated
                                            and indices.device.size == x.device._impl.comm.size)
                                       or (x.ndim == 1 and indices.device == x.device)):
        if indices.dtype.kind not in "iu":
            raise IndexError(f"take: expected integer indices, got dtype {indices.dtype}")
        return Array._new(_core.take_array(x._impl, indices._impl, operator.index(axis)))
    return Array._new(_core.take(x._impl, _shared_indices(indices, "take"), operator.index(axis)))


def take_along_axis(x, indices, /, *, axis=-1):
    """Collective over x.device. result[..., j, ...] = x[..., indices[..., j, ...], ...] along ``axis``
    (NumPy's take_along_axis; the other axes broadcast). ``indices`` is an integer gingham array (host
    data is distributed in the default layout); the result has its layout and each rank reads its
    elements from their owners in x (gingham/kernels/indexing.hpp)."""
    require_array(x, "take_along_axis")
    if not isinstance(indices, Array):
        indices = asarray(np.asarray(indices), device=x.device)
    if indices.dtype.kind not in "iu":
        raise IndexError(f"take_along_axis: expected integer indices, got dtype {indices.dtype}")
    return Array._new(_core.take_along_axis(x._impl, indices._impl, operator.index(axis)))
