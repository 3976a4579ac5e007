"""Manipulation functions built on the redistribution engine (gingham/kernels/manipulation.hpp).

So far: broadcast_arrays, broadcast_shapes, broadcast_to, concat, expand_dims, flip, moveaxis,
permute_dims, repeat, reshape, roll, squeeze, stack, tile, unstack (and matrix_transpose). Each is one or a
few redistributions (or a view, for expand_dims) that move only the elements whose owner changes;
reshape (and through it the flattening axis=None of concat, repeat and roll). repeat with per-element
counts reads the source slabs through take.
"""

import numbers
import operator

import numpy as np

from . import _core
from ._array import Array, require_array
from ._validation import integer_axes


def broadcast_shapes(*shapes):
    """Local. The shape the given shapes broadcast to (NumPy's rules); ValueError when they do not."""
    result = ()
    for shape in shapes:
        shape = tuple(operator.index(e) for e in shape)
        result = tuple(_core.broadcast_shapes(list(result), list(shape)))
    return result


def broadcast_to(x, /, shape):
    """Collective over x.device. x broadcast to ``shape``: x itself when the shape is already x's, else
    one redistribution into the default layout of ``shape`` in which every rank receives only the
    elements of x that its shard repeats (none when x is replicated)."""
    require_array(x, "broadcast_to")
    shape = tuple(operator.index(e) for e in shape)
    if shape == x.shape:
        return x
    layout = _core.default_layout(list(shape), x.device._impl)
    return Array._new(_core.broadcast_to(x._impl, x.device._impl, layout))


def broadcast_arrays(*arrays):
    """Collective over the arrays' communicator. A tuple of the arrays broadcast to their common shape, each
    laid out as the elementwise functions lay out their results (the first distributed array's of that shape;
    see gingham/kernels/result_layout.hpp)."""
    for x in arrays:
        require_array(x, "broadcast_arrays")
    if not arrays:
        return ()
    shape = broadcast_shapes(*(x.shape for x in arrays))
    device = arrays[0].device
    layout = _core.elementwise_result_layout(list(shape), device._impl, [x._impl for x in arrays])
    return tuple(x if x.shape == shape else Array._new(_core.broadcast_to(x._impl, device._impl, layout))
                 for x in arrays)


def expand_dims(x, /, axis=0):
    """Local (no copy, no messages). A view of x with size-1 axes inserted at ``axis`` (an int or a tuple,
    positions in the result); the new axes are not distributed."""
    return Array._new(_core.expand_dims(require_array(x, "expand_dims")._impl, integer_axes(axis, "expand_dims")))


def flip(x, /, *, axis=None):
    """Collective over x.device. x reversed along ``axis`` (None: every axis), in x's layout."""
    require_array(x, "flip")
    axes = list(range(x.ndim)) if axis is None else integer_axes(axis, "flip")
    return Array._new(_core.flip(x._impl, axes), x.distribution)


def permute_dims(x, /, axes):
    """Collective over x.device. x with its axes permuted; its layout is permuted alike, so no element
    changes rank (each shard is transposed locally)."""
    return Array._new(_core.permute_dims(require_array(x, "permute_dims")._impl, integer_axes(tuple(axes), "permute_dims")))


def moveaxis(x, source, destination, /):
    """Collective over x.device. x with axes ``source`` moved to positions ``destination`` (ints or tuples
    of the same length), the others keeping their order; a permute_dims (gingham/kernels/manipulation.hpp)."""
    require_array(x, "moveaxis")
    return Array._new(_core.moveaxis(x._impl, integer_axes(source, "moveaxis"), integer_axes(destination, "moveaxis")))


def squeeze(x, /, axis):
    """Collective over x.device. x without the size-1 axes ``axis`` (an int or a tuple); ValueError when
    one of them does not have extent 1."""
    return Array._new(_core.squeeze(require_array(x, "squeeze")._impl, integer_axes(axis, "squeeze")))


def matrix_transpose(x, /):
    """Collective over x.device. The transpose of the last two axes (x.mT)."""
    return require_array(x, "matrix_transpose").mT


def _arrays(arrays, function):
    arrays = list(arrays)
    if not arrays:
        raise ValueError(f"{function}: expected at least one array")
    for x in arrays:
        require_array(x, function)
    return arrays


def concat(arrays, /, *, axis=0):
    """Collective over the arrays' communicator. The arrays joined along ``axis`` (shapes equal elsewhere,
    dtypes promoted), laid out as the first array with the new extent: each array is written into its box of
    the result by one redistribution plan, so elements that stay on their rank are copied locally and the
    others cross the network once (see gingham/kernels/manipulation.hpp). Peak memory per rank: the result
    shard, plus a converted copy of an array whose dtype differs from the result's."""
    arrays = _arrays(arrays, "concat")
    if axis is None:
        arrays = [x if x.ndim == 1 else reshape(x, (-1,)) for x in arrays]
        axis = 0
    (axis,) = integer_axes(axis, "concat")
    return Array._new(_core.concat([x._impl for x in arrays], axis))


def stack(arrays, /, *, axis=0):
    """Collective over the arrays' communicator. The arrays (all of one shape) joined along a new axis
    ``axis`` of the result (not distributed): concat of their expand_dims views (gingham/kernels/manipulation.hpp)."""
    arrays = _arrays(arrays, "stack")
    (axis,) = integer_axes(axis, "stack")
    return Array._new(_core.stack([x._impl for x in arrays], axis))


def unstack(x, /, *, axis=0):
    """Collective over x.device. The slices of x along ``axis``, as a tuple of arrays (one redistribution
    each, each laid out as x without that axis)."""
    require_array(x, "unstack")
    (axis,) = integer_axes(axis, "unstack")
    return tuple(Array._new(a) for a in _core.unstack(x._impl, axis))


def roll(x, /, shift, *, axis=None):
    """Collective over x.device. x shifted by ``shift`` along ``axis`` (ints or tuples), elements leaving one
    end re-entering at the other; in x's layout (axis=None: x rolled as if flattened, through reshape).
    Axes held whole on every rank rotate locally; along the distributed axes the result is made of boxes,
    each written from x by one plan, so only the elements crossing a rank boundary are sent
    (gingham/kernels/manipulation.hpp)."""
    require_array(x, "roll")
    axes = None if axis is None else integer_axes(axis, "roll")
    return Array._new(_core.roll(x._impl, integer_axes(shift, "roll"), axes))


def tile(x, repetitions, /):
    """Collective over x.device. x repeated ``repetitions[k]`` times along axis k (missing leading entries
    count as 1; more entries than axes add leading axes): one concat per axis with a count other than 1
    (gingham/kernels/manipulation.hpp)."""
    require_array(x, "tile")
    return Array._new(_core.tile(x._impl, [operator.index(r) for r in repetitions]))


def repeat(x, repeats, /, *, axis=None):
    """Collective over x.device. Each element (slab) of x repeated along ``axis`` (None: x flattened
    first): ``repeats`` times when it is an int, else repeats[i] times for slab i, ``repeats`` a 1-D
    integer array of x's extent along the axis (or of length 1): host data or a replicated gingham array
    that every rank passes alike, or a distributed gingham array.

    One count: copies joined along a new local axis and merged with ``axis`` (a view), balanced as x;
    peak memory per rank the result shard. Per-slab counts: result position j reads slab
    i = searchsorted(cumulative_sum(repeats), j, side="right") through take(), one MPI_Alltoallv that
    leaves the result balanced in x's layout; peak memory per rank the result shard, a receive buffer
    of its size and a send buffer of the result slabs this rank supplies (up to the whole result when
    the counts are concentrated on this rank's slabs), plus the counts (8 bytes each, on every rank for
    host or replicated counts: pass distributed counts for large 1-D arrays; distributed counts build a
    distributed index list and read the slabs from their owners in rounds). ValueError (on every rank)
    for a negative count or a wrong number of counts. Measured for 10^7 float64 on 2 ranks: repeat(x, 2)
    2.05 shards of x (its result); host counts 0-3 see the README's Memory table."""
    require_array(x, "repeat")
    if axis is None:
        x, axis = (x if x.ndim == 1 else reshape(x, (-1,))), 0
    (axis,) = integer_axes(axis, "repeat")
    if not -x.ndim <= axis < x.ndim:
        raise IndexError(f"repeat: axis {axis} is out of bounds for an array of dimension {x.ndim}")
    axis %= x.ndim
    if isinstance(repeats, Array):  # replicated on every rank (read as host counts) or distributed
        return Array._new(_core.repeat_by_array(x._impl, repeats._impl, axis))
    if isinstance(repeats, numbers.Integral) and not isinstance(repeats, bool):
        return Array._new(_core.repeat(x._impl, operator.index(repeats), axis))
    return Array._new(_core.repeat(x._impl, _host_counts(repeats), axis))


def _host_counts(repeats):
    """Counts every rank holds alike (a host sequence or array) as int64."""
    counts = np.asarray(repeats)
    if counts.size == 0 and not isinstance(repeats, np.ndarray):
        counts = counts.astype(np.int64)  # an empty sequence: NumPy would make it float64
    _check_counts_type(counts.dtype, counts.ndim)
    if counts.dtype.kind == "u" and counts.size and counts.max() > np.iinfo(np.int64).max:
        raise ValueError(f"repeat: count {counts.max()} is too large")
    return counts.astype(np.int64, copy=False)  # converted to the C++ list without a Python list


def _check_counts_type(dtype, ndim):
    if dtype.kind not in "iu":
        raise TypeError(f"repeat: expected an int or an integer array of repeats, got dtype {dtype}")
    if ndim != 1:
        raise ValueError(f"repeat: expected 1-D repeats, got {ndim} dimensions")


def _repeat_indices(counts):
    """Collective over counts.device. For distributed 1-D counts, the int64 source index of every result
    position of a repeat, distributed like arange(sum(counts)) (gingham/kernels/manipulation.hpp)."""
    return Array._new(_core.repeat_indices(counts._impl))


def reshape(x, /, shape, *, copy=None):
    """Collective over x.device. x's elements in row-major order in ``shape`` (one extent may be -1), in the
    default layout: at most three redistributions (see gingham/kernels/manipulation.hpp), at most two
    shards at once (more while x's first axis is shorter than the grid: see there). x itself when the
    shape is x's and copy is not True; copy=False otherwise raises ValueError (a distributed reshape
    moves data)."""
    require_array(x, "reshape")
    shape = tuple(operator.index(e) for e in (shape if isinstance(shape, tuple) else tuple(shape)))
    if sum(e == -1 for e in shape) > 1 or any(e < -1 for e in shape):
        raise ValueError(f"reshape: expected non-negative extents and at most one -1, got {shape}")
    if -1 in shape:
        known = 1
        for e in shape:
            known *= e if e != -1 else 1
        if known == 0 or x.size % known:
            raise ValueError(f"reshape: cannot reshape an array of size {x.size} into shape {shape}")
        shape = tuple(x.size // known if e == -1 else e for e in shape)
    if shape == x.shape and not copy:
        return x
    if copy is False:
        raise ValueError("reshape: copy=False, but reshaping a distributed array moves its elements")
    return Array._new(_core.reshape(x._impl, list(shape)))
