"""Reductions (foundation scope: the sum of all elements)."""

import operator

from . import _core
from ._array import Array


def _normalize_axes(axis, ndim, function):
    """The axes named by ``axis`` (None: all), as non-negative ints; IndexError/ValueError when invalid."""
    if axis is None:
        return tuple(range(ndim))
    axes = tuple(operator.index(a) for a in (axis if isinstance(axis, tuple) else (axis,)))
    for a in axes:
        if not -ndim <= a < ndim:
            raise IndexError(f"{function}: axis {a} is out of bounds for an array of dimension {ndim}")
    normalized = tuple(a % ndim for a in axes)
    if len(set(normalized)) != len(normalized):
        raise ValueError(f"{function}: repeated axis in {axis!r}")
    return normalized


def sum(x, /, *, axis=None, dtype=None, keepdims=False):  # noqa: A001  (the Array API name)
    """Collective over x.device. The sum of the elements: a 0-D array replicated on every rank.

    The value is identical on every rank. Foundation scope: the sum over all axes, in x's dtype.
    """
    if not isinstance(x, Array):
        raise TypeError(f"sum: expected a gingham.Array, got {type(x).__name__}")
    if set(_normalize_axes(axis, x.ndim, "sum")) != set(range(x.ndim)):
        raise NotImplementedError("sum: reducing over a subset of the axes is not implemented yet")
    if dtype is not None and dtype != x.dtype:
        raise NotImplementedError(f"sum: dtype={dtype} other than the input's ({x.dtype}) is not implemented yet")
    if keepdims and x.ndim > 0:
        raise NotImplementedError("sum: keepdims=True is not implemented yet")
    from ._layouts import Distribution

    return Array(_core.sum(x._impl), Distribution.replicated((), grid=x.device))
