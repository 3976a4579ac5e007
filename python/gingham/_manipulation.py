"""Manipulation functions built on the redistribution engine (gingham/kernels/manipulation.hpp).

So far: broadcast_arrays, broadcast_shapes, broadcast_to, concat, expand_dims, flip, moveaxis,
permute_dims, repeat, reshape, roll, squeeze, stack, tile, unstack (and matrix_transpose). Each is one or a
few redistributions (or a view, for expand_dims) that move only the elements whose owner changes;
reshape (and through it the flattening axis=None of concat, repeat and roll). repeat with per-element
counts reads the source slabs through take.
"""

import math
import numbers
import operator

import numpy as np

from . import _core
from ._array import Array


def _array(x, function):
    if not isinstance(x, Array):
        raise TypeError(f"{function}: expected a gingham.Array, got {type(x).__name__}")
    return x


def _axes(axis, function):
    axes = axis if isinstance(axis, tuple) else (axis,)
    for a in axes:
        if isinstance(a, bool) or not isinstance(a, numbers.Integral):
            raise TypeError(f"{function}: expected integer axes, got {axis!r}")
    return [operator.index(a) for a in axes]


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
    _array(x, "broadcast_to")
    shape = tuple(operator.index(e) for e in shape)
    if shape == x.shape:
        return x
    layout = _core.default_layout(list(shape), x.device._impl)
    return Array(_core.broadcast_to(x._impl, x.device._impl, layout))


def broadcast_arrays(*arrays):
    """Collective over the arrays' communicator. The arrays broadcast to their common shape, each laid out
    as the first array that already has that shape (else the default layout)."""
    for x in arrays:
        _array(x, "broadcast_arrays")
    shape = broadcast_shapes(*(x.shape for x in arrays))
    model = next((x for x in arrays if x.shape == shape), None)
    if model is None:
        return [broadcast_to(x, shape) for x in arrays]
    return [x if x.shape == shape else Array(_core.broadcast_to(x._impl, model.device._impl, model._impl.layout))
            for x in arrays]


def expand_dims(x, /, axis=0):
    """Local (no copy, no messages). A view of x with size-1 axes inserted at ``axis`` (an int or a tuple,
    positions in the result); the new axes are not distributed."""
    return Array(_core.expand_dims(_array(x, "expand_dims")._impl, _axes(axis, "expand_dims")))


def flip(x, /, *, axis=None):
    """Collective over x.device. x reversed along ``axis`` (None: every axis), in x's layout."""
    _array(x, "flip")
    axes = list(range(x.ndim)) if axis is None else _axes(axis, "flip")
    return Array(_core.flip(x._impl, axes), x.distribution)


def permute_dims(x, /, axes):
    """Collective over x.device. x with its axes permuted; its layout is permuted alike, so no element
    changes rank (each shard is transposed locally)."""
    return Array(_core.permute_dims(_array(x, "permute_dims")._impl, _axes(tuple(axes), "permute_dims")))


def moveaxis(x, source, destination, /):
    """Collective over x.device. x with axes ``source`` moved to positions ``destination`` (ints or tuples
    of the same length), the others keeping their order; a permute_dims."""
    _array(x, "moveaxis")
    source, destination = _axes(source, "moveaxis"), _axes(destination, "moveaxis")
    if len(source) != len(destination):
        raise ValueError(f"moveaxis: source {source} and destination {destination} differ in length")
    for a in source + destination:
        if not -x.ndim <= a < x.ndim:
            raise IndexError(f"moveaxis: axis {a} is out of bounds for an array of dimension {x.ndim}")
    source = [a % x.ndim for a in source]
    destination = [a % x.ndim for a in destination]
    if len(set(source)) != len(source) or len(set(destination)) != len(destination):
        raise ValueError("moveaxis: repeated axis")
    order = [a for a in range(x.ndim) if a not in source]
    for d, s in sorted(zip(destination, source)):
        order.insert(d, s)
    return permute_dims(x, tuple(order))


def squeeze(x, /, axis):
    """Collective over x.device. x without the size-1 axes ``axis`` (an int or a tuple); ValueError when
    one of them does not have extent 1."""
    return Array(_core.squeeze(_array(x, "squeeze")._impl, _axes(axis, "squeeze")))


def matrix_transpose(x, /):
    """Collective over x.device. The transpose of the last two axes (x.mT)."""
    return _array(x, "matrix_transpose").mT


def _arrays(arrays, function):
    arrays = list(arrays)
    if not arrays:
        raise ValueError(f"{function}: expected at least one array")
    for x in arrays:
        _array(x, function)
    return arrays


def concat(arrays, /, *, axis=0):
    """Collective over the arrays' communicator. The arrays joined along ``axis`` (shapes equal elsewhere,
    dtypes promoted), laid out as the first array with the new extent: redistributions and local copies
    only (see gingham/kernels/manipulation.hpp). Peak memory per rank: about twice the inputs' shards
    together along a distributed axis, the result only along a local one."""
    arrays = _arrays(arrays, "concat")
    if axis is None:
        arrays = [x if x.ndim == 1 else reshape(x, (-1,)) for x in arrays]
        axis = 0
    (axis,) = _axes(axis, "concat")
    return Array(_core.concat([x._impl for x in arrays], axis))


def stack(arrays, /, *, axis=0):
    """Collective over the arrays' communicator. The arrays (all of one shape) joined along a new axis
    ``axis`` of the result (not distributed)."""
    arrays = _arrays(arrays, "stack")
    shapes = {x.shape for x in arrays}
    if len(shapes) != 1:
        raise ValueError(f"stack: expected arrays of one shape, got {sorted(shapes)}")
    (axis,) = _axes(axis, "stack")
    ndim = arrays[0].ndim + 1
    if not -ndim <= axis < ndim:
        raise IndexError(f"stack: axis {axis} is out of bounds for the {ndim}-D result")
    return concat([expand_dims(x, axis=axis) for x in arrays], axis=axis)


def unstack(x, /, *, axis=0):
    """Collective over x.device. The slices of x along ``axis``, as a tuple of arrays (one redistribution
    each)."""
    _array(x, "unstack")
    (axis,) = _axes(axis, "unstack")
    if not -x.ndim <= axis < x.ndim:
        raise IndexError(f"unstack: axis {axis} is out of bounds for an array of dimension {x.ndim}")
    axis %= x.ndim
    return tuple(x[(slice(None),) * axis + (i,)] for i in range(x.shape[axis]))


def roll(x, /, shift, *, axis=None):
    """Collective over x.device. x shifted by ``shift`` along ``axis`` (ints or tuples), elements leaving one
    end re-entering at the other; in x's layout. axis=None (flattened) needs reshape: 1-D arrays only."""
    _array(x, "roll")
    if axis is None:
        return reshape(roll(reshape(x, (-1,)), shift, axis=0), x.shape)
    shifts, axes = _axes(shift, "roll"), _axes(axis, "roll")
    if len(shifts) == 1 and len(axes) > 1:
        shifts = shifts * len(axes)
    if len(shifts) != len(axes):
        raise ValueError(f"roll: expected one shift per axis, got shift={shift!r} and axis={axis!r}")
    result = x
    for s, a in zip(shifts, axes):
        if not -x.ndim <= a < x.ndim:
            raise IndexError(f"roll: axis {a} is out of bounds for an array of dimension {x.ndim}")
        a %= x.ndim
        n = x.shape[a]
        if n == 0 or s % n == 0:
            continue
        cut = n - s % n
        head = (slice(None),) * a
        pieces = [result[head + (slice(cut, None),)], result[head + (slice(None, cut),)]]
        result = Array(_core.concat([p._impl for p in pieces], a))
    if result is not x and result.distribution != x.distribution:
        from ._redistribute import redistribute

        result = redistribute(result, x.distribution)
    return result


def tile(x, repetitions, /):
    """Collective over x.device. x repeated ``repetitions[k]`` times along axis k (missing leading entries
    count as 1; more entries than axes add leading axes)."""
    _array(x, "tile")
    repetitions = tuple(operator.index(r) for r in repetitions)
    if any(r < 0 for r in repetitions):
        raise ValueError(f"tile: expected non-negative repetitions, got {repetitions}")
    result = x
    if len(repetitions) > x.ndim:
        result = expand_dims(x, axis=tuple(range(len(repetitions) - x.ndim)))
    repetitions = (1,) * (result.ndim - len(repetitions)) + repetitions
    for axis, count in enumerate(repetitions):
        if count != 1:
            result = Array(_core.concat(_copies(result, count, axis), axis)) if count else _empty_along(result, axis)
    return result if result is not x else Array(_core.astype(x._impl, x.dtype))


def _copies(x, count, axis):
    """``count`` handles of x for concat. Collective: a list that does not fit in memory on some rank is a
    MemoryError on every rank, naming the result's size (one MPI_Allreduce agrees on it)."""
    from ._errors import collective_errors

    with collective_errors(x.device):
        try:
            return [x._impl] * count
        except MemoryError:
            shape = x.shape[:axis] + (x.shape[axis] * count,) + x.shape[axis + 1:]
            raise MemoryError(f"tile: cannot allocate {math.prod(shape) * x.dtype.itemsize} bytes for the result of "
                              f"shape {shape} ({x.dtype}): not even the list of its {count} copies along axis {axis} "
                              "fits in memory") from None


def _empty_along(x, axis):
    """x with extent 0 along axis (a tile count of 0)."""
    return x[(slice(None),) * axis + (slice(0, 0),)]


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
    _array(x, "repeat")
    if axis is None:
        x, axis = (x if x.ndim == 1 else reshape(x, (-1,))), 0
    (axis,) = _axes(axis, "repeat")
    if not -x.ndim <= axis < x.ndim:
        raise IndexError(f"repeat: axis {axis} is out of bounds for an array of dimension {x.ndim}")
    axis %= x.ndim
    if isinstance(repeats, Array) and not (repeats.distribution.is_replicated
                                           and repeats.device.size == x.device._impl.comm.size):
        return _repeat_by_distributed_counts(x, repeats, axis)
    if isinstance(repeats, numbers.Integral) and not isinstance(repeats, bool):
        return Array(_core.repeat(x._impl, operator.index(repeats), axis))
    return Array(_core.repeat(x._impl, _host_counts(repeats), axis))


def _host_counts(repeats):
    """Counts every rank holds alike (a host sequence or array, or a replicated gingham array) as int64."""
    if isinstance(repeats, Array):  # replicated on every rank
        repeats = repeats.local
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


def _repeat_by_distributed_counts(x, counts, axis):
    """repeat with a distributed 1-D array of counts: the source index of every result position, built
    as a distributed array (_repeat_indices), read through take()."""
    from ._indexing import take

    _check_counts_type(counts.dtype, counts.ndim)
    n = x.shape[axis]
    if counts.shape[0] not in (1, n):
        raise ValueError(f"repeat: expected 1 or {n} counts (x has shape {x.shape}, axis {axis}), got {counts.shape[0]}")
    if counts.shape[0] == 1 and n != 1:
        return Array(_core.repeat(x._impl, _counts_minimum(counts), axis))
    return take(x, _repeat_indices(counts), axis=axis)


def _counts_minimum(counts):
    """Collective over the communicator. The smallest count, on every rank (sub-grid counts included);
    ValueError when it is negative."""
    from ._reductions import min as minimum

    smallest = int(minimum(counts)._value_on_every_rank()) if counts.size else 0
    if smallest < 0:
        raise ValueError(f"repeat: expected non-negative counts, got {smallest}")
    return smallest


def _repeat_indices(counts):
    """Collective over counts.device. For distributed 1-D counts, the int64 source index of every result
    position j: searchsorted(ends, j, side="right") with ends = cumulative_sum(counts); distributed like
    arange(sum(counts)) (Block), so no rank holds more than its share."""
    from ._creation import arange
    from ._dtypes import int64
    from ._reductions import cumulative_sum, sum as total
    from ._searching import searchsorted

    _counts_minimum(counts)
    ends = cumulative_sum(counts, dtype=int64)
    positions = arange(int(total(counts, dtype=int64)._value_on_every_rank()), dtype=int64, device=counts.device)
    return searchsorted(ends, positions, side="right")


def reshape(x, /, shape, *, copy=None):
    """Collective over x.device. x's elements in row-major order in ``shape`` (one extent may be -1), in the
    default layout: at most three redistributions (see gingham/kernels/manipulation.hpp), at most two
    shards at once (more while x's first axis is shorter than the grid: see there). x itself when the
    shape is x's and copy is not True; copy=False otherwise raises ValueError (a distributed reshape
    moves data)."""
    _array(x, "reshape")
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
    return Array(_core.reshape(x._impl, list(shape)))
