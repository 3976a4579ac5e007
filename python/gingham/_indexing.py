"""Basic indexing (integers, slices with any step, ``...``, ``None``): one redistribution.

``x[key]`` reads the selected elements into a new array whose layout keeps each surviving axis's kind
(Block, Cyclic, BlockCyclic(nb) with its offset, or not distributed) and grid axis, at the new extent:
balanced like x, and every rank receives only the elements of its new shard. Axes indexed by an integer
are dropped; ``None`` inserts a size-1 axis that is not distributed (no data moves for it).
A single 1-D integer array key is take(x, key, axis=0); a single boolean array of x's shape selects the
elements where it is true (a balanced 1-D result). Other array keys are part of the indexing issue still
open: NotImplementedError.
"""

import numbers
import operator

import numpy as np

from . import _core


def _normalize(key, ndim):
    """The key as a tuple of ints, slices and None with ``...`` expanded; IndexError/TypeError when invalid."""
    key = key if isinstance(key, tuple) else (key,)
    for k in key:
        if isinstance(k, (bool, np.bool_)) or (hasattr(k, "dtype") and getattr(k, "ndim", 0) > 0):
            raise NotImplementedError("indexing with boolean or integer arrays is not implemented yet (only "
                                      "integers, slices, ... and None)")
        if not (k is None or k is Ellipsis or isinstance(k, slice) or isinstance(k, numbers.Integral)
                or hasattr(k, "__index__")):
            raise TypeError(f"__getitem__: expected integers, slices, ... or None in the key, got {k!r}")
    if sum(k is Ellipsis for k in key) > 1:
        raise IndexError("__getitem__: an index can only have a single ellipsis ('...')")
    used = sum(k is not None and k is not Ellipsis for k in key)
    if used > ndim:
        raise IndexError(f"__getitem__: too many indices for an array of dimension {ndim}: got {used}")
    if Ellipsis in key:
        at = key.index(Ellipsis)
        key = key[:at] + (slice(None),) * (ndim - used) + key[at + 1:]
    else:
        key = key + (slice(None),) * (ndim - used)
    return tuple(k if k is None or isinstance(k, slice) else operator.index(k) for k in key)


def getitem(x, key):
    """Collective over x.device. x[key] for a basic key (see the module), or a single 1-D integer array
    (host or replicated), which is take(x, key, axis=0)."""
    from ._array import Array

    if isinstance(key, (list, np.ndarray, Array)):
        kind = key.dtype.kind if isinstance(key, Array) else np.asarray(key).dtype.kind
        if kind == "b":
            return boolean_select(x, key)
        if kind in "iu" and x.ndim >= 1:
            return take(x, key, axis=0)
    from ._layouts import Distribution
    from ._redistribute import _index_map

    key = _normalize(key, x.ndim)
    basic = tuple(k for k in key if k is not None)
    index_map = _index_map(x.shape, basic, None)
    shape = tuple(index_map.target_shape) if index_map is not None else x.shape
    layout = x.distribution
    kept = [axis for axis, k in enumerate(basic) if isinstance(k, slice)]
    target = Distribution(shape, tuple(layout.axes[a] for a in kept), grid=x.device,
                          grid_axes=tuple(layout.grid_axes[a] for a in kept), local_order=layout.local_order)
    impl = _core.redistribute(x._impl, x.device._impl, target._impl, index_map, None)
    new_axes = [position for position, k in enumerate(k for k in key if not isinstance(k, int)) if k is None]
    if new_axes:
        impl = _core.expand_dims(impl, new_axes)
        return Array(impl)
    return Array(impl, target)


def _shared_indices(indices, function):
    """Integer indices every rank holds alike: a host sequence or array, or a replicated gingham array."""
    from ._array import Array

    if isinstance(indices, Array):
        if not indices.distribution.is_replicated:
            raise NotImplementedError(f"{function}: distributed index arrays are not implemented yet; pass a "
                                      "replicated array or host indices")
        if not indices._impl.holds_shard:
            raise ValueError(f"{function}: this rank is not on the indices' grid")
        indices = indices.local
    indices = np.asarray(indices)
    if indices.dtype.kind not in "iu":
        raise IndexError(f"{function}: expected integer indices, got dtype {indices.dtype}")
    if indices.ndim != 1:
        raise NotImplementedError(f"{function}: indices of {indices.ndim} dimensions are not implemented yet (1-D)")
    if indices.dtype == np.uint64 and indices.size and indices.max() > np.iinfo(np.int64).max:
        raise IndexError(f"{function}: index {indices.max()} is out of bounds")
    return [int(i) for i in indices.astype(np.int64)]


def take(x, indices, /, *, axis=None):
    """Collective over x.device. The elements (slabs) of x at ``indices`` along ``axis`` (required unless x
    is 1-D), in x's layout with that axis's new extent: one MPI_Alltoallv along the grid axis that spreads
    it (gingham/kernels/indexing.hpp). ``indices`` are host integers or a replicated gingham array; every
    rank passes the same."""
    from ._array import Array

    if not isinstance(x, Array):
        raise TypeError(f"take: expected a gingham.Array, got {type(x).__name__}")
    if axis is None:
        if x.ndim != 1:
            raise ValueError(f"take: axis is required for an array of {x.ndim} dimensions")
        axis = 0
    return Array(_core.take(x._impl, _shared_indices(indices, "take"), operator.index(axis)))


def boolean_select(x, mask):
    """Collective over x.device. The elements of x where ``mask`` (x's shape; a gingham bool array in any
    layout, or host bools every rank passes alike) is true, in row-major order, as a balanced 1-D array:
    both are flattened (reshape) and the selection compacted to its Block places
    (gingham/kernels/searching.hpp compress), also when one rank holds everything selected."""
    from ._array import Array
    from ._creation import asarray
    from ._manipulation import reshape

    if not isinstance(mask, Array):
        mask = asarray(np.asarray(mask), device=x.device)
    if mask.dtype.kind != "b":
        raise IndexError(f"__getitem__: expected a boolean mask, got dtype {mask.dtype}")
    if mask.shape != x.shape:
        raise IndexError(f"__getitem__: the boolean mask has shape {mask.shape}, the array has shape {x.shape}")
    if x.ndim == 0:
        raise NotImplementedError("__getitem__: a 0-D boolean mask is not implemented yet")
    flat, flags = (x, mask) if x.ndim == 1 else (reshape(x, (-1,)), reshape(mask, (-1,)))
    return Array(_core.compress(flat._impl, flags._impl))
