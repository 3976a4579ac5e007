"""np.gradient on gingham arrays (what xarray's differentiate calls): NumPy's second-order central
differences inside and first- or second-order one-sided differences at the ends, for uniform spacing or
host coordinates along each axis.

Composed of gingham's distributed operations: the shifted slices f[:-2], f[1:-1], f[2:] along the axis
(redistributions in which only the elements next to block boundaries cross ranks, as gg.diff's), an
elementwise combination with the host coefficients (replicated operands: no messages), and the two end
slabs joined by concat (laid out as the interior). Nothing is gathered. Collective over f.device.
"""

import numbers

import numpy as np

from . import _core
from ._array import Array, require_array
from ._data_type_functions import astype


def _along(f, axis, start, stop):
    key = [slice(None)] * f.ndim
    key[axis] = slice(start, stop)
    return f[tuple(key)]


def _column(values, axis, ndim):
    """Host coefficients along ``axis``, shaped to broadcast against an ndim-D array."""
    values = np.asarray(values, dtype=np.float64)
    return values.reshape(values.shape + (1,) * (ndim - axis - 1))


def _spacing(spacing, n, axis):
    """The coordinate differences along an axis of extent n: a scalar spacing or host coordinates."""
    if np.ndim(spacing) == 0:
        return np.full(n - 1, float(spacing))
    coordinates = np.asarray(spacing, dtype=np.float64)
    if coordinates.shape != (n,):
        raise ValueError(f"gradient: expected the coordinates of axis {axis} to have shape ({n},), got "
                         f"{coordinates.shape}")
    return np.diff(coordinates)


def _one_axis(f, axis, dx, edge_order):
    n = f.shape[axis]
    if n < edge_order + 1:
        raise ValueError("gradient: shape of the array too small to calculate a numerical gradient, at least "
                         f"(edge_order + 1) = {edge_order + 1} elements are required along axis {axis}")
    left, right = dx[:-1], dx[1:]
    if n <= 2:
        interior = None
    elif np.all(dx == dx[0]):  # NumPy's uniform form, without the middle element
        interior = (_along(f, axis, 2, n) - _along(f, axis, 0, n - 2)) / (2.0 * dx[0])
    else:
        interior = (_along(f, axis, 0, n - 2) * _column(-right / (left * (left + right)), axis, f.ndim)
                    + _along(f, axis, 1, n - 1) * _column((right - left) / (left * right), axis, f.ndim)
                    + _along(f, axis, 2, n) * _column(left / (right * (left + right)), axis, f.ndim))
    if edge_order == 1:
        first = (_along(f, axis, 1, 2) - _along(f, axis, 0, 1)) / dx[0]
        last = (_along(f, axis, n - 1, n) - _along(f, axis, n - 2, n - 1)) / dx[-1]
    else:
        d1, d2 = dx[0], dx[1]
        first = (_along(f, axis, 0, 1) * (-(2 * d1 + d2) / (d1 * (d1 + d2))) + _along(f, axis, 1, 2) * ((d1 + d2) / (d1 * d2))
                 + _along(f, axis, 2, 3) * (-d1 / (d2 * (d1 + d2))))
        d1, d2 = dx[-2], dx[-1]
        last = (_along(f, axis, n - 3, n - 2) * (d2 / (d1 * (d1 + d2))) + _along(f, axis, n - 2, n - 1) * (-(d2 + d1) / (d1 * d2))
                + _along(f, axis, n - 1, n) * ((2 * d2 + d1) / (d2 * (d1 + d2))))
    pieces = [first] + ([interior] if interior is not None else []) + [last]
    return Array._new(_core.concat([p._impl for p in pieces], axis, 1 if interior is not None else 0))


def gradient(f, *varargs, axis=None, edge_order=1):
    """Collective over f.device. np.gradient: along each of ``axis`` (default all), with ``varargs`` a spacing
    for all axes, or one per axis (a scalar or the host coordinates); edge_order 1 or 2. One array for one
    axis, else a list (NumPy's convention); integer input as float64."""
    require_array(f, "gradient")
    if edge_order not in (1, 2):
        raise ValueError(f"gradient: expected edge_order 1 or 2, got {edge_order!r}")
    axes = tuple(range(f.ndim)) if axis is None else ((axis,) if isinstance(axis, numbers.Integral) else tuple(axis))
    axes = tuple(int(a) % f.ndim for a in axes)
    if not varargs:
        spacings = [1.0] * len(axes)
    elif len(varargs) == 1 and np.ndim(varargs[0]) == 0:
        spacings = list(varargs) * len(axes)
    elif len(varargs) == len(axes):
        spacings = list(varargs)
    else:
        raise TypeError(f"gradient: expected 0, 1 or {len(axes)} spacings, got {len(varargs)}")
    if isinstance(f, Array) and f.dtype.kind in "biu":
        f = astype(f, np.float64)
    results = [_one_axis(f, a, _spacing(s, f.shape[a], a), edge_order) for a, s in zip(axes, spacings)]
    return results[0] if len(results) == 1 else results
