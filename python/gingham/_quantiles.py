"""Order statistics for NumPy's median, percentile and quantile, by a distributed selection.

Composed of gingham's C++ operations (no algorithm of its own in C++, nothing gathered): the array is
sorted along the axis (gg.sort: local along an undistributed axis, a distributed sample sort along a
distributed one), the few order statistics needed are read with one gg.take (one exchange of the
selected slabs: 2 per quantile plus the last one, which says whether the line holds a NaN), and the
interpolation is elementwise. Cost: the sort, then messages of (2 k + 1) slabs for k quantiles. An N-D
array spread over the ranks along every axis (which gg.sort refuses) is first moved to a 1-D grid over
the same ranks, and its result moved back: two more redistributions.

Interpolation as NumPy's ``method=``: with v = q (n - 1), "linear" interpolates between s[floor v] and
s[floor v + 1] (NumPy's lerp: a + (b - a) g for g < 0.5, b - (b - a)(1 - g) otherwise), "lower" takes
s[floor v], "higher" s[ceil v], "nearest" s[round-half-even v], "midpoint" (s[floor v] + s[ceil v]) / 2
through the same lerp. A line holding a NaN gives NaN (NaNs sort last). The median is NumPy's mean of the
one or two middle elements. Integer input gives float64 for "linear", "midpoint" and the median, and
keeps its dtype for "lower", "higher" and "nearest"; floating input keeps its dtype.
"""

import math
import numbers
import operator

import numpy as np

from . import _core, _elementwise
from ._array import require_array
from ._creation import asarray, full
from ._data_type_functions import astype
from ._grid import ProcessGrid
from ._layouts import Block, Distribution
from ._redistribute import redistribute
from ._manipulation import moveaxis, reshape, squeeze
from ._sorting import sort
from ._take import take

METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def _checked_axis(x, axis, function):
    """(x, axis): x flattened and axis 0 for axis=None, else x and the normalized int axis."""
    if axis is None:
        return (x if x.ndim == 1 else reshape(x, (-1,))), 0
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{function}: expected axis to be None or an int, got {axis!r} (a tuple of axes is "
                        "not supported: move the axes together and reshape first)")
    axis = operator.index(axis)
    if not -x.ndim <= axis < x.ndim:
        raise np.AxisError(axis, x.ndim)
    return x, axis % x.ndim


def _real(x, function):
    require_array(x, function)
    if x.dtype.kind not in "iuf":
        raise TypeError(f"{function}: expected a real integer or floating-point array, got dtype {x.dtype} "
                        "(convert with astype first)")


def sort_along(x, axis, function=sort):
    """Collective over x.device. x sorted along ``axis`` by ``function`` (gg.sort or gg.argsort), for every
    layout: gg.sort refuses an N-D array whose every axis is spread over
    more than one rank; such an x is first moved (one redistribution) to a 1-D grid over the same ranks,
    with ``axis`` whole on each rank and another axis Block over the grid; the caller moves the result
    back (``on_device``)."""
    dims = x.device.dims
    if x.ndim < 2 or not all(g is not None and dims[g] > 1 for g in x.distribution.grid_axes):
        return function(x, axis=axis)
    line = ProcessGrid._wrap(_core.ProcessGrid(x.device._impl.comm, [x.device.size]))
    other = 1 if axis == 0 else 0
    axes = tuple(Block() if k == other else None for k in range(x.ndim))
    return function(redistribute(x, Distribution(x.shape, axes, grid=line)), axis=axis)


def on_device(result, device):
    """Collective over the communicator. result itself when it is on ``device``, else moved there (its
    default layout: one redistribution), as after sort_along moved an array away."""
    return result if result.device == device else redistribute(result, Distribution(result.shape, grid=device))


def _slab(values, axis, start, stop):
    """values[..., start:stop, ...] along ``axis``."""
    return values[(slice(None),) * axis + (slice(start, stop),)]


def _nan_where_the_line_has_one(result, last):
    """result with NaN on the lines whose last sorted element (``last``, extent 1 along the axis) is NaN."""
    if result.dtype.kind != "f":
        return result
    return _elementwise.where(_elementwise.isnan(last), math.nan, result)


def _kept_shape(x, axis, ndim, keepdims):
    """The result's shape after the quantile axes: x's shape without ``axis``, or with extent 1 there for
    keepdims (``ndim`` ones when x was flattened from an ``ndim``-D array, i.e. axis=None)."""
    if not keepdims:
        return x.shape[:axis] + x.shape[axis + 1:]
    return (1,) * ndim if ndim != x.ndim else x.shape[:axis] + (1,) + x.shape[axis + 1:]


def _finish(result, axis, q_shape, kept_shape):
    """The selection axis (at ``axis``) moved to the front as NumPy orders it, shaped q_shape + kept_shape
    (moveaxis and squeeze move no element; only a keepdims or N-D q reshape redistributes)."""
    result = moveaxis(result, axis, 0) if axis else result
    target = tuple(q_shape) + tuple(kept_shape)
    if result.shape == target:
        return result
    if result.shape[1:] == target:
        return squeeze(result, axis=0)
    return reshape(result, target)


def _result_dtype(x):
    return np.dtype(np.float64) if x.dtype.kind in "iu" else x.dtype


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
    ndim = x.ndim
    x, axis = _checked_axis(x, axis, function)
    n = x.shape[axis]
    if n == 0:
        raise IndexError(f"{function}: cannot take a quantile of an empty axis (axis {axis} of shape {x.shape})")
    flat_q = q.reshape(-1)
    k = flat_q.size
    if method == "lower":
        previous = nxt = np.floor((n - 1) * flat_q).astype(np.int64)
    elif method == "higher":
        previous = nxt = np.ceil((n - 1) * flat_q).astype(np.int64)
    elif method == "nearest":
        previous = nxt = np.around((n - 1) * flat_q).astype(np.int64)
    else:
        virtual = (n - 1) * flat_q
        if method == "midpoint":
            virtual = 0.5 * (np.floor(virtual) + np.ceil(virtual))
        previous = np.floor(virtual).astype(np.int64)
        nxt = np.minimum(previous + 1, n - 1)
        gamma = virtual - previous
        if method == "midpoint":
            gamma = np.where(virtual % 1 == 0, 0.0, 0.5)
    values = take(sort_along(x, axis), np.concatenate([previous, nxt, [n - 1]]), axis=axis)
    low, last = _slab(values, axis, 0, k), _slab(values, axis, 2 * k, 2 * k + 1)
    if method in ("lower", "higher", "nearest"):
        result = low
    else:
        dtype = _result_dtype(x)
        low, high = astype(low, dtype), astype(_slab(values, axis, k, 2 * k), dtype)
        gamma = gamma.reshape((k,) + (1,) * (x.ndim - 1 - axis)).astype(dtype)
        difference = high - low
        upper = asarray(gamma >= 0.5, distribution=Distribution.replicated(gamma.shape, grid=values.device))
        result = _elementwise.where(upper, high - difference * (1 - gamma), low + difference * gamma)
    result = _nan_where_the_line_has_one(result, last)
    return on_device(_finish(result, axis, q.shape, _kept_shape(x, axis, ndim, keepdims)), x.device)


def median(x, *, axis=None, keepdims=False):
    """Collective over x.device. NumPy's median of x along ``axis`` (None: of the flattened array): the mean
    of the one or two middle elements of the sorted lines (a distributed selection, see the module
    docstring); NaN where a line holds a NaN, and for an empty axis."""
    _real(x, "median")
    ndim = x.ndim
    x, axis = _checked_axis(x, axis, "median")
    n, dtype = x.shape[axis], _result_dtype(x)
    if n == 0:
        return full(_kept_shape(x, axis, ndim, keepdims), math.nan, dtype=dtype, device=x.device)
    middle = [n // 2 - 1, n // 2] if n % 2 == 0 else [n // 2]
    values = take(sort_along(x, axis), np.asarray(middle + [n - 1]), axis=axis)
    first = astype(_slab(values, axis, 0, 1), dtype)
    result = (first + astype(_slab(values, axis, 1, 2), dtype)) / 2 if n % 2 == 0 else first
    result = _nan_where_the_line_has_one(result, _slab(values, axis, len(middle), len(middle) + 1))
    return on_device(_finish(result, axis, (), _kept_shape(x, axis, ndim, keepdims)), x.device)
