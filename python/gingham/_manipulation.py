"""Manipulation functions built on the redistribution engine (gingham/kernels/manipulation.hpp).

So far: broadcast_arrays, broadcast_shapes, broadcast_to, expand_dims, flip, moveaxis, permute_dims,
squeeze (and matrix_transpose). Each is one redistribution (or a view, for expand_dims) that moves
only the elements whose owner changes; concat, stack, unstack, repeat, reshape, roll and tile are part
of the manipulation issue still open and are not defined yet.
"""

import numbers
import operator

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
