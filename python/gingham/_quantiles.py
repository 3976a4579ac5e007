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
from ._manipulation import reshape, squeeze

METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def _axis(axis, function):
    if axis is None:
        return None
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{function}: expected axis to be None or an int, got {axis!r} (a tuple of axes is "
                        "not supported: move the axes together and reshape first)")
    return operator.index(axis)


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
