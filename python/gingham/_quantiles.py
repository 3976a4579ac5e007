"""Order statistics for NumPy's median, percentile and quantile, by a distributed selection.

The algorithm is C++'s (gingham/kernels/quantiles.hpp): x is sorted along the axis (gg.sort: local along
an undistributed axis, a distributed sample sort along a distributed one), the few order statistics
needed are read with take (the neighbours of each quantile and the last element, which says whether the
line holds a NaN), and the interpolation is elementwise; nothing is gathered. An N-D array spread over
the ranks along every axis (which gg.sort refuses) is sorted on a 1-D grid of the same ranks and its
result moved back. NumPy's ``method=`` linear, lower, higher, nearest and midpoint; NaN where a line holds
one. Integer input gives float64 for linear, midpoint and the median, and keeps its dtype for lower,
higher and nearest; floating input keeps its dtype. This module checks the arguments, calls the C++
kernel and shapes the result by q (scalar q: no leading axis; N-D q: its shape leads).
"""

import numbers
import operator

import numpy as np

from . import _core
from ._array import Array, require_array
from ._manipulation import permute_dims, reshape, squeeze

METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def _axis(axis, function):
    if axis is None:
        return None
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{function}: expected axis to be None or an int, got {axis!r} (a tuple of axes is "
                        "not supported: move the axes together and reshape first)")
    return operator.index(axis)


def along_one_axis(x, axis, keepdims, function):
    """Local decision, collective when axes merge. (x, axis, finish) for a selection along one axis: None or
    an int as given; a sequence of axes (NumPy accepts one, xarray passes an array) of one axis as that int,
    of several merged into one last axis (permute_dims, then reshape: one redistribution), with ``finish``
    putting the reduced axes back with extent 1 for keepdims. ``finish(result)`` takes the result computed
    with keepdims=False and ``leading`` axes of q before the kept ones."""
    if axis is None or (isinstance(axis, numbers.Integral) and not isinstance(axis, bool)):
        return x, axis, keepdims, lambda result, leading=0: result
    axes = [operator.index(a) for a in np.asarray(axis, dtype=object).reshape(-1).tolist()]
    for a in axes:
        if not -x.ndim <= a < x.ndim:
            raise IndexError(f"{function}: axis {a} is out of bounds for an array of {x.ndim} dimensions")
    axes = sorted({a % x.ndim for a in axes})
    if len(axes) == 1:
        return x, axes[0], keepdims, lambda result, leading=0: result
    others = [a for a in range(x.ndim) if a not in axes]
    merged = reshape(permute_dims(x, tuple(others + axes)), tuple(x.shape[a] for a in others) + (-1,))

    def finish(result, leading=0):
        if not keepdims:
            return result
        kept = tuple(1 if a in axes else x.shape[a] for a in range(x.ndim))
        return reshape(result, result.shape[:leading] + kept)

    return merged, -1, False, finish


def _real(x, function):
    require_array(x, function)
    if x.dtype.kind not in "iuf":
        raise TypeError(f"{function}: expected a real integer or floating-point array, got dtype {x.dtype} "
                        "(convert with astype first)")


def quantile(x, q, *, axis=None, method="linear", keepdims=False, function="quantile"):
    """Collective over x.device. NumPy's quantile of x along ``axis`` (None: of the flattened array) for the
    host quantiles ``q`` in [0, 1] (a scalar or an array: its shape leads the result's), by the distributed
    selection described in this module's docstring."""
    _real(x, function)
    if method not in METHODS:
        raise ValueError(f"{function}: expected method to be one of {METHODS}, got {method!r}")
    q = np.asarray(q, dtype=np.float64)
    if q.size and not (np.all(q >= 0) and np.all(q <= 1)):
        scale = 100 if function == "percentile" else 1
        raise ValueError(f"{function}: expected {'percentiles' if scale == 100 else 'quantiles'} in the range "
                         f"[0, {scale}], got {(q * scale).tolist()}")
    result = Array._new(_core.quantile(x._impl, q.reshape(-1).tolist(), _axis(axis, function), method,
                                       bool(keepdims)))
    if q.ndim == 0:
        return squeeze(result, axis=0)
    return result if q.ndim == 1 else reshape(result, q.shape + result.shape[1:])


def median(x, *, axis=None, keepdims=False):
    """Collective over x.device. NumPy's median of x along ``axis`` (None: of the flattened array): the mean
    of the one or two middle elements of the sorted lines (a distributed selection, see the module
    docstring); NaN where a line holds a NaN, and for an empty axis."""
    _real(x, "median")
    return Array._new(_core.median(x._impl, _axis(axis, "median"), bool(keepdims)))


def sort_along(x, axis, indices=False):
    """Collective over x.device. gg.sort (gg.argsort with ``indices``) of x along ``axis``, also for an N-D
    array spread over the ranks along every axis, which gg.sort refuses: it is sorted on a 1-D grid of the
    same ranks and moved back to x's device in the default layout (C++ sort_in_any_layout)."""
    require_array(x, "sort")
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"sort: expected an integer axis, got {axis!r}")
    return Array._new(_core.sort_in_any_layout(x._impl, operator.index(axis), bool(indices)))
