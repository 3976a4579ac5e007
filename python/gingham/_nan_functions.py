"""NumPy's NaN-aware functions with NumPy's signatures: gg.nansum, ..., gg.nanpercentile, and what
``np.nansum(x)`` etc. run through ``__array_function__``.

Each is collective over the array's communicator and runs C++'s gingham::nan_reduce, nan_cumulative,
nan_quantile or nan_median (gingham/kernels/nan_functions.hpp): a NaN-masking elementwise transform
feeding the distributed reductions, scans and selection; nothing is gathered. NumPy 1.24's semantics:
slices without numbers give NaN with NumPy's RuntimeWarning (0 or 1 for nansum/nanprod, ValueError
for nanargmin/nanargmax), integer input is the plain function's (nanmean/nanvar/nanstd of integers
as float64). ``where=`` masks elements out (they count as NaN; integer nansum/nanprod are NumPy's sum/prod with the
mask); ``out=`` takes a gingham array of the result's shape, written and returned.
"""

import warnings

import numpy as np

from . import _core, _numpy_reductions, _reductions
from ._array import Array, require_array
from ._call_site import outside_frame
from ._data_type_functions import astype
from ._dtypes import resolve
from ._elementwise import isnan, maximum, minimum, where as _where
from ._host_operands import host_like
from ._manipulation import squeeze
from ._numpy_reductions import into
from ._quantiles import METHODS, along_one_axis
from ._validation import optional_axes


def _keepdims(keepdims):
    return False if keepdims is np._NoValue else bool(keepdims)


def _warned(pair):
    """The result of a C++ nan function, after NumPy's RuntimeWarning when it reports one."""
    result, warning = pair
    if warning:
        warnings.warn(warning, RuntimeWarning, stacklevel=outside_frame()[1])  # at the caller's line
    return Array._new(result)


def _masked(a, where, name):
    """a with the elements where ``where`` is False replaced by NaN (where=True: a itself)."""
    require_array(a, name)
    if where is True or where is np._NoValue:
        return a
    floating = a if a.dtype.kind in "fc" else astype(a, np.float64)
    return _where(host_like(where, a), floating, np.nan)


def _reduce(name, a, axis, keepdims, dtype=None, ddof=0, where=True, out=None):
    require_array(a, name)
    if name in ("nansum", "nanprod") and a.dtype.kind in "biu":  # no NaN: NumPy's sum/prod, integer dtypes kept
        return getattr(_numpy_reductions, name[3:])(a, axis, dtype, out, keepdims, where=where)
    x = _masked(a, where, name)
    if name in ("nanmean", "nanvar", "nanstd"):
        x = astype(x, resolve(dtype, name)) if dtype is not None else astype(x, np.float64) if x.dtype.kind in "biu" else x
        dtype = None
    dtype = None if dtype is None else resolve(dtype, name)
    result = _warned(_core.nan_reduce(name, x._impl, optional_axes(axis, name), _keepdims(keepdims), dtype, float(ddof)))
    return into(out, result, name)


def nansum(a, axis=None, dtype=None, out=None, keepdims=np._NoValue, initial=np._NoValue, where=np._NoValue):
    """Collective. np.nansum: the sum with NaNs counted as zero (0 for a slice of NaNs); ``initial`` is added."""
    result = _reduce("nansum", a, axis, keepdims, dtype, where=where)
    return into(out, result if initial is np._NoValue else result + initial, "nansum")


def nanprod(a, axis=None, dtype=None, out=None, keepdims=np._NoValue, initial=np._NoValue, where=np._NoValue):
    """Collective. np.nanprod: the product with NaNs counted as one; ``initial`` multiplies it."""
    result = _reduce("nanprod", a, axis, keepdims, dtype, where=where)
    return into(out, result if initial is np._NoValue else result * initial, "nanprod")


def _with_initial(name, a, axis, keepdims, initial, where):
    """nanmin/nanmax with NumPy's ``initial``: it stands for every NaN and masked-out element, so no slice is
    empty (the plain min/max of x with those elements replaced)."""
    x = _masked(a, where, name)
    filled = _where(isnan(x), initial, x) if x.dtype.kind in "fc" else x
    extreme = getattr(_reductions, name[3:])(filled, axis=axis, keepdims=_keepdims(keepdims))
    return (minimum if name == "nanmin" else maximum)(extreme, initial)


def nanmin(a, axis=None, out=None, keepdims=np._NoValue, initial=np._NoValue, where=np._NoValue):
    """Collective. np.nanmin: the minimum ignoring NaNs; NaN and a RuntimeWarning for a slice of NaNs (with
    ``initial``: NumPy's fmin reduction starting from it, so no slice is empty)."""
    if initial is not np._NoValue:
        return into(out, _with_initial("nanmin", a, axis, keepdims, initial, where), "nanmin")
    return _reduce("nanmin", a, axis, keepdims, where=where, out=out)


def nanmax(a, axis=None, out=None, keepdims=np._NoValue, initial=np._NoValue, where=np._NoValue):
    """Collective. np.nanmax: the maximum ignoring NaNs; NaN and a RuntimeWarning for a slice of NaNs (with
    ``initial`` as nanmin)."""
    if initial is not np._NoValue:
        return into(out, _with_initial("nanmax", a, axis, keepdims, initial, where), "nanmax")
    return _reduce("nanmax", a, axis, keepdims, where=where, out=out)


def _single_axis(axis, name):
    if axis is not None and not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{name}: expected axis to be None or an int, got {axis!r}")
    return axis


def nanargmin(a, axis=None, out=None, *, keepdims=np._NoValue):
    """Collective. np.nanargmin: the index of the first minimum ignoring NaNs (flat when axis is None);
    ValueError "All-NaN slice encountered" on every rank for a slice of NaNs."""
    return _reduce("nanargmin", a, _single_axis(axis, "nanargmin"), keepdims, out=out)


def nanargmax(a, axis=None, out=None, *, keepdims=np._NoValue):
    """Collective. np.nanargmax: the index of the first maximum ignoring NaNs (as nanargmin)."""
    return _reduce("nanargmax", a, _single_axis(axis, "nanargmax"), keepdims, out=out)


def nanmean(a, axis=None, dtype=None, out=None, keepdims=np._NoValue, *, where=np._NoValue):
    """Collective. np.nanmean: the sum of the numbers over their count (integers as float64); NaN and a
    RuntimeWarning for a slice of NaNs."""
    return _reduce("nanmean", a, axis, keepdims, dtype, where=where, out=out)


def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=np._NoValue, *, where=np._NoValue):
    """Collective. np.nanvar: the variance of the numbers, divided by count - ddof; NaN and a
    RuntimeWarning where that is <= 0."""
    return _reduce("nanvar", a, axis, keepdims, dtype, ddof, where=where, out=out)


def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=np._NoValue, *, where=np._NoValue):
    """Collective. np.nanstd: the square root of nanvar."""
    return _reduce("nanstd", a, axis, keepdims, dtype, ddof, where=where, out=out)


def _cumulative(name, a, axis, dtype, out):
    require_array(a, name)
    x = a if axis is not None or a.ndim == 1 else a.reshape(-1)
    dtype = None if dtype is None else resolve(dtype, name)
    result = Array._new(_core.nan_cumulative(name[6:], x._impl, None if axis is None else int(axis), dtype))
    return into(out, result, name)


def nancumsum(a, axis=None, dtype=None, out=None):
    """Collective. np.nancumsum: the cumulative sum with NaNs as zero (axis=None: of the flattened array)."""
    return _cumulative("nancumsum", a, axis, dtype, out)


def nancumprod(a, axis=None, dtype=None, out=None):
    """Collective. np.nancumprod: the cumulative product with NaNs as one (axis=None: of the flattened array)."""
    return _cumulative("nancumprod", a, axis, dtype, out)


def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=np._NoValue):
    """Collective. np.nanmedian by the distributed selection: the middle of each line's numbers; NaN and a
    RuntimeWarning for a line of NaNs."""
    require_array(a, "nanmedian")
    a, axis, kept, finish = along_one_axis(a, axis, _keepdims(keepdims), "nanmedian")
    return into(out, finish(_warned(_core.nan_median(a._impl, None if axis is None else int(axis), kept))), "nanmedian")


def _nanquantile(name, a, q, axis, out, method, keepdims, interpolation, scale):
    require_array(a, name)
    method = method if interpolation is None else interpolation
    if method not in METHODS:
        raise ValueError(f"{name}: expected method to be one of {METHODS}, got {method!r}")
    q = np.asarray(q, dtype=np.float64)
    if q.size and not (np.all(q >= 0) and np.all(q <= scale)):
        raise ValueError(f"{name}: expected {'percentiles' if scale == 100 else 'quantiles'} in the range "
                         f"[0, {scale}], got {q.tolist()}")
    a, axis, kept, finish = along_one_axis(a, axis, _keepdims(keepdims), name)
    result = _warned(_core.nan_quantile(a._impl, (q / scale).reshape(-1).tolist(), None if axis is None else int(axis),
                                        method, kept))
    if q.ndim == 0:
        result = squeeze(result, axis=0)
    elif q.ndim > 1:
        result = result.reshape(q.shape + result.shape[1:])
    return into(out, finish(result, q.ndim), name)


def nanquantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=np._NoValue, *,
                interpolation=None):
    """Collective. np.nanquantile by the distributed selection: the quantiles q in [0, 1] of each line's
    numbers (NumPy's methods linear, lower, higher, nearest, midpoint); NaN and a RuntimeWarning for a line
    of NaNs."""
    return _nanquantile("nanquantile", a, q, axis, out, method, keepdims, interpolation, 1)


def nanpercentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=np._NoValue, *,
                  interpolation=None):
    """Collective. np.nanpercentile: nanquantile of q / 100 (q in [0, 100])."""
    return _nanquantile("nanpercentile", a, q, axis, out, method, keepdims, interpolation, 100)


NAN_FUNCTIONS = {f.__name__: f for f in (nansum, nanprod, nanmin, nanmax, nanargmin, nanargmax, nanmean, nanvar, nanstd,
                                         nancumsum, nancumprod, nanmedian, nanquantile, nanpercentile)}
