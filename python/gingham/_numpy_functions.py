"""NumPy functions with NumPy's signatures, run by gingham's distributed functions: the table behind
``__array_function__`` for the functions beyond the plain one-to-one ones (gingham._numpy_protocols),
and the implementations the NumPy-style Array methods call (gingham._methods), so ``np.f(x, ...)`` and
``x.f(...)`` are one code path.

Each function is collective over its arrays' communicator, as the gingham function it calls, and
returns gingham arrays (Python bool/int/tuple where NumPy returns those: np.shape, np.allclose, ...).
Host operands (NumPy arrays, sequences) among gingham ones never decide a layout: they become gingham
arrays on the distributed operand's device, laid out like it where the ranks agree on the shape
(``host_like``). Options gingham does not offer raise TypeError naming the function and the option.
"""

import math
import numbers
import operator

import numpy as np

from . import _elementwise, _reductions, linalg
from ._array import Array
from ._creation import asarray
from ._data_type_functions import astype
from ._dtypes import resolve
from ._einsum import einsum
from ._histogram import histogram
from ._host_operands import first_array, host_like, refuse
from ._manipulation import concat, expand_dims, permute_dims, reshape
from ._numpy_reductions import mean, std, var  # noqa: F401  (NumPy's keywords: where=, out=, ddof)
from ._quantiles import along_one_axis, median, quantile, sort_along
from ._searching import nonzero
from ._sets import unique_all, unique_counts, unique_values


def _no_out(out, what):
    if out is not None:
        refuse(f"{what} with out= (assign the result instead)")


# ---- host operands -----------------------------------------------------------------------------------

def _floating(value, model):
    """An operand of isclose: gingham arrays and host data as gingham arrays (integers and bools as float64,
    as NumPy compares them), Python scalars as Python floats."""
    if isinstance(value, (bool, int, float)) and not isinstance(value, np.generic):
        return float(value)
    x = host_like(value, model)
    return astype(x, np.float64) if x.dtype.kind in "biu" else x


# ---- metadata and comparisons ------------------------------------------------------------------------

def shape(a):
    """Local. np.shape: the global shape."""
    return a.shape


def ndim(a):
    """Local. np.ndim: the number of axes."""
    return a.ndim


def size(a, axis=None):
    """Local. np.size: the number of elements, or the extent of ``axis``."""
    return a.size if axis is None else a.shape[operator.index(axis)]


def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Collective. np.isclose elementwise: |a - b| <= atol + rtol |b| where b is finite, or a == b; with
    equal_nan, NaN matches NaN. A bool array in the distributed operand's layout."""
    model = first_array((a, b))
    x, y = _floating(a, model), _floating(b, model)
    first, second = (x, y) if isinstance(x, Array) else (y, x)
    equal = _elementwise.equal(first, second)
    if isinstance(y, Array):
        result = (_elementwise.less_equal(abs(first - second), atol + rtol * abs(y)) & _elementwise.isfinite(y)) | equal
    elif math.isfinite(y):
        result = _elementwise.less_equal(abs(first - second), atol + rtol * abs(y)) | equal
    else:  # b an infinite or NaN scalar: only an equal a is close
        result = equal
    if equal_nan:
        result = result | (_elementwise.isnan(first) & _elementwise.isnan(second))
    return result


def _everywhere(x):
    """The value of a 0-D gingham array as a Python scalar on every rank of its communicator."""
    return x._value_on_every_rank().item()


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Collective. np.allclose: whether isclose holds everywhere, a Python bool on every rank."""
    return bool(_everywhere(_reductions.all(isclose(a, b, rtol, atol, equal_nan))))


def array_equal(a1, a2, equal_nan=False):
    """Collective. np.array_equal: same shape and equal elements (NaN == NaN with equal_nan), a Python bool."""
    model = first_array((a1, a2))
    x, y = host_like(a1, model), host_like(a2, model)
    if x.shape != y.shape:
        return False
    same = _elementwise.equal(x, y)
    if equal_nan and x.dtype.kind in "fc":
        same = same | (_elementwise.isnan(x) & _elementwise.isnan(y))
    return bool(_everywhere(_reductions.all(same)))


# ---- products, joins, copies -------------------------------------------------------------------------

def dot(a, b, out=None):
    """Collective. np.dot: a product for a 0-D operand, matmul for operands of at most 2 axes or a 1-D b,
    else the tensordot of a's last axis with b's second-to-last."""
    _no_out(out, "numpy.dot")
    model = first_array((a, b))
    a, b = (v if isinstance(v, (Array, bool, int, float, complex)) else host_like(v, model) for v in (a, b))
    if not isinstance(a, Array) or not isinstance(b, Array) or a.ndim == 0 or b.ndim == 0:
        return a * b
    if b.ndim == 1 or (a.ndim <= 2 and b.ndim <= 2):
        return linalg.matmul(a, b)
    return linalg.tensordot(a, b, axes=([a.ndim - 1], [b.ndim - 2]))


def _joined(arrays, what):
    arrays = list(arrays)
    if not arrays:
        raise ValueError(f"{what}: need at least one array to concatenate")
    model = first_array(arrays)
    return [host_like(v, model) for v in arrays]


def _with_dtype(result, dtype, casting):
    if casting != "same_kind":
        refuse(f"casting={casting!r}")
    return result if dtype is None else astype(result, resolve(dtype, "numpy"))


def concatenate(arrays, axis=0, out=None, *, dtype=None, casting="same_kind"):
    """Collective. np.concatenate: gg.concat of the arrays (host ones laid out like the first gingham one);
    axis=None joins them flattened."""
    _no_out(out, "numpy.concatenate")
    return _with_dtype(concat(_joined(arrays, "concatenate"), axis=axis), dtype, casting)


def atleast_1d(x):
    """Collective. x with at least one axis (a 0-D array becomes shape (1,))."""
    return reshape(x, (1,)) if x.ndim == 0 else x


def atleast_2d(x):
    """Collective. x with at least two axes (a new leading axis: no element moves for a 1-D x)."""
    return reshape(x, (1, 1)) if x.ndim == 0 else expand_dims(x, axis=0) if x.ndim == 1 else x


def vstack(tup, *, dtype=None, casting="same_kind"):
    """Collective. np.vstack: the arrays (1-D ones as rows) joined along the first axis."""
    return _with_dtype(concat([atleast_2d(x) for x in _joined(tup, "vstack")], axis=0), dtype, casting)


def hstack(tup, *, dtype=None, casting="same_kind"):
    """Collective. np.hstack: the arrays joined along the second axis (the first for 1-D arrays)."""
    arrays = [atleast_1d(x) for x in _joined(tup, "hstack")]
    return _with_dtype(concat(arrays, axis=0 if arrays[0].ndim == 1 else 1), dtype, casting)


def copy(a, order="K", subok=False):
    """Collective (no messages). np.copy: a new array with a's values and layout."""
    if order not in ("K", "C", "A"):
        refuse(f"numpy.copy with order={order!r}")
    return asarray(a, copy=True)


def ravel(a, order="C"):
    """Collective. np.ravel: the elements in row-major order as a new 1-D array in the default layout
    (a copy; a distributed array has no flat view)."""
    if order not in ("C", "K", "A"):
        refuse(f"numpy.ravel with order={order!r}")
    return reshape(a, (-1,), copy=True)


def where(condition, x=None, y=None):
    """Collective. np.where: with one argument the indices of the nonzero elements (gg.nonzero), with three
    the elementwise choice (gg.where); a condition of another dtype than bool counts its nonzero elements as
    True, as NumPy does."""
    if x is None and y is None:
        return nonzero(host_like(condition, first_array((condition,))))
    if x is None or y is None:
        raise ValueError("numpy.where: either both or neither of x and y should be given")
    model = first_array((condition, x, y))
    condition = host_like(condition, model)
    if condition.dtype != np.bool_:  # NumPy takes any array as the condition: its nonzero elements are True
        condition = _elementwise.not_equal(condition, 0)
    return _elementwise.where(condition, x, y)


def clip(a, a_min=None, a_max=None, out=None, *, min=None, max=None, **kwargs):  # noqa: A002  (NumPy's names)
    """Collective. np.clip: a limited to [a_min, a_max] elementwise; bounds are None, scalars, host arrays or
    gingham arrays broadcasting to a's shape (a host ``a`` with gingham bounds is laid out like them)."""
    _no_out(out, "numpy.clip")
    if kwargs:
        refuse(f"numpy.clip with {sorted(kwargs)}")
    low, high = (a_min if min is None else min), (a_max if max is None else max)
    if low is None and high is None:
        raise ValueError("numpy.clip: one of max or min must be given")
    return _elementwise.clip(host_like(a, first_array((a, low, high))), low, high)


# ---- statistics with NumPy's conventions -------------------------------------------------------------

def result_type(*arrays_and_dtypes):
    """Local. np.result_type by NumPy's promotion rules (mixed kinds, Python scalars by value), with each
    gingham array standing for its dtype: the NumPy path follows NumPy (gg.result_type keeps the standard's)."""
    return np.result_type(*(a.dtype if isinstance(a, Array) else a for a in arrays_and_dtypes))


def _flat_for_axis_none(a, axis):
    return (a if a.ndim == 1 else reshape(a, (-1,))) if axis is None else a


def cumsum(a, axis=None, dtype=None, out=None):
    """Collective. np.cumsum (gg.cumulative_sum): axis=None sums the flattened array, as NumPy does."""
    _no_out(out, "numpy.cumsum")
    return _reductions.cumulative_sum(_flat_for_axis_none(a, axis), axis=None if axis is None else axis,
                                      dtype=dtype)


def cumprod(a, axis=None, dtype=None, out=None):
    """Collective. np.cumprod (gg.cumulative_prod): axis=None multiplies along the flattened array."""
    _no_out(out, "numpy.cumprod")
    return _reductions.cumulative_prod(_flat_for_axis_none(a, axis), axis=axis, dtype=dtype)


def round(a, decimals=0, out=None):  # noqa: A001  (NumPy's name)
    """Collective (no messages). np.round: to ``decimals`` digits as NumPy computes it (scale by 10^decimals,
    round half to even, scale back); integers are unchanged for decimals >= 0."""
    _no_out(out, "numpy.round")
    decimals = operator.index(decimals)
    if a.dtype.kind in "biu":
        if decimals < 0:
            raise NotImplementedError("numpy.round: negative decimals of an integer array are not implemented "
                                      "(convert with astype(float) first)")
        return asarray(a, copy=True)
    if decimals == 0:
        return _elementwise.round(a)
    factor = 10.0 ** abs(decimals)
    if decimals > 0:
        return _elementwise.round(a * factor) / factor
    return _elementwise.round(a / factor) * factor


def _quantile_method(method, interpolation):
    """NumPy's method=, or its deprecated spelling interpolation= when given."""
    return method if interpolation is None else interpolation


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
               interpolation=None):
    """Collective. np.percentile by a distributed selection (see gingham._quantiles): q in [0, 100]."""
    _no_out(out, "numpy.percentile")
    q = np.true_divide(np.asarray(q), 100)
    a, axis, kept, finish = along_one_axis(a, axis, keepdims, "percentile")
    return finish(quantile(a, q, axis=axis, method=_quantile_method(method, interpolation),
                           keepdims=kept, function="percentile"), np.ndim(q))


def _quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
              interpolation=None):
    """Collective. np.quantile by a distributed selection (see gingham._quantiles): q in [0, 1]."""
    _no_out(out, "numpy.quantile")
    a, axis, kept, finish = along_one_axis(a, axis, keepdims, "quantile")
    return finish(quantile(a, np.asarray(q), axis=axis, method=_quantile_method(method, interpolation),
                           keepdims=kept), np.ndim(q))


def _median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """Collective. np.median by a distributed selection (see gingham._quantiles)."""
    _no_out(out, "numpy.median")
    a, axis, kept, finish = along_one_axis(a, axis, keepdims, "median")
    return finish(median(a, axis=axis, keepdims=kept))


# ---- sets and sorting --------------------------------------------------------------------------------

def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, equal_nan=True):
    """Collective. np.unique of the flattened array on gingham's distributed sort (gg.unique_*): the sorted
    distinct values and, as asked, the first indices, the inverse (1-D, as NumPy 1.x) and the counts. With
    equal_nan (NumPy's default) the NaNs count as one value."""
    if axis is not None:
        refuse("numpy.unique with axis= (unique slabs)")
    x = reshape(ar, (-1,)) if ar.ndim != 1 else ar
    indices = inverse = counts = None
    if return_index or return_inverse:
        values, indices, inverse, counts = unique_all(x)
    elif return_counts:
        values, counts = unique_counts(x)
    else:
        values = unique_values(x)
    if equal_nan and x.dtype.kind in "fc":
        nans = int(_everywhere(_reductions.count_nonzero(_elementwise.isnan(values))))
        if nans > 1:  # NaNs sort last, each distinct: keep the first, which stands for all of them
            kept = values.shape[0] - nans + 1
            values = values[:kept]
            indices = None if indices is None else indices[:kept]
            if counts is not None:
                counts = counts[:kept]
                counts[kept - 1] = nans
            inverse = None if inverse is None else _elementwise.minimum(inverse, kept - 1)
    extras = [r for r, wanted in ((indices, return_index), (inverse, return_inverse), (counts, return_counts))
              if wanted]
    return (values, *extras) if extras else values


def numpy_sort(a, axis=-1, kind=None, order=None, *, stable=None):
    """Collective. np.sort (gg.sort, stable, for every layout: see gingham._quantiles.sort_along); axis=None
    sorts the flattened array."""
    if order is not None:
        refuse("numpy.sort with order= (structured dtypes)")
    return sort_along(_flat_for_axis_none(a, axis), -1 if axis is None else axis)


def numpy_argsort(a, axis=-1, kind=None, order=None, *, stable=None):
    """Collective. np.argsort (gg.argsort, stable, for every layout: see gingham._quantiles.sort_along);
    axis=None sorts the flattened array."""
    if order is not None:
        refuse("numpy.argsort with order= (structured dtypes)")
    return sort_along(_flat_for_axis_none(a, axis), -1 if axis is None else axis, indices=True)


def transpose(a, axes=None):
    """Collective (elements stay on their ranks). np.transpose: the axes reversed or permuted."""
    return permute_dims(a, tuple(reversed(range(a.ndim))) if axes is None else tuple(axes))


# ---- np.linalg ---------------------------------------------------------------------------------------

def norm(x, ord=None, axis=None, keepdims=False):
    """Collective. np.linalg.norm: gg.linalg.vector_norm for vectors (axis an int, a 1-D x, or axis=None
    with ord=None: the 2-norm of all elements), gg.linalg.matrix_norm for matrices (two axes)."""
    if isinstance(axis, numbers.Integral) and not isinstance(axis, bool):
        axis = (operator.index(axis),)
    if axis is None and (ord is None or x.ndim == 1):
        return linalg.vector_norm(x, axis=None, keepdims=keepdims, ord=2 if ord is None else ord)
    if axis is None:
        if x.ndim != 2:
            raise ValueError(f"numpy.linalg.norm: improper number of dimensions to norm ({x.ndim}) with ord={ord!r}")
        axis = (0, 1)
    axis = tuple(operator.index(a) % x.ndim for a in axis)
    if len(axis) == 1:
        return linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=2 if ord is None else ord)
    if len(axis) != 2 or axis[0] == axis[1]:
        raise ValueError(f"numpy.linalg.norm: improper number of dimensions to norm: axis={axis}")
    others = tuple(a for a in range(x.ndim) if a not in axis)
    moved = x if axis == (x.ndim - 2, x.ndim - 1) else permute_dims(x, others + axis)
    result = linalg.matrix_norm(moved, keepdims=False, ord="fro" if ord is None else ord)
    if keepdims:
        result = expand_dims(expand_dims(result, axis=min(axis)), axis=max(axis))
    return result


def _default_only(what, **options):
    """TypeError for NumPy-only options of np.linalg functions given other than their defaults."""
    for name, (value, default) in options.items():
        if value is not default and value != default:
            refuse(f"numpy.linalg.{what} with {name}={value!r}")


def _eigh(a, UPLO="L"):  # noqa: N803  (NumPy's name)
    _default_only("eigh", UPLO=(UPLO, "L"))
    return linalg.eigh(a)


def _eigvalsh(a, UPLO="L"):  # noqa: N803
    _default_only("eigvalsh", UPLO=(UPLO, "L"))
    return linalg.eigvalsh(a)


def _svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    _default_only("svd", hermitian=(hermitian, False))
    return linalg.svd(a, full_matrices=full_matrices) if compute_uv else linalg.svdvals(a)


def _pinv(a, rcond=1e-15, hermitian=False, *, rtol=None):
    _default_only("pinv", hermitian=(hermitian, False))
    return linalg.pinv(a, rtol=rcond if rtol is None else rtol)


def _matrix_rank(A, tol=None, hermitian=False, *, rtol=None):  # noqa: N803
    _default_only("matrix_rank", tol=(tol, None), hermitian=(hermitian, False))
    return linalg.matrix_rank(A, rtol=rtol)


def _qr(a, mode="reduced"):
    if mode not in ("reduced", "complete"):
        refuse(f"numpy.linalg.qr with mode={mode!r}")
    return linalg.qr(a, mode=mode)


def _cholesky(a, *, upper=False):
    return linalg.cholesky(a, upper=upper)


def _host_operands_converted(function):
    """``function`` with its positional host-array operands (NumPy arrays) made gingham arrays on the first
    gingham operand's device (``host_like``)."""
    def converted(*args, **kwargs):
        if any(isinstance(a, np.ndarray) for a in args):
            model = first_array(args)
            args = [host_like(a, model) if isinstance(a, np.ndarray) else a for a in args]
        return function(*args, **kwargs)

    converted.__name__ = converted.__qualname__ = function.__name__
    converted.__doc__ = function.__doc__
    return converted


LINALG = {
    "norm": norm, "solve": linalg.solve, "inv": linalg.inv, "det": linalg.det, "slogdet": linalg.slogdet,
    "cholesky": _cholesky, "qr": _qr, "eig": linalg.eig, "eigvals": linalg.eigvals, "eigh": _eigh,
    "eigvalsh": _eigvalsh, "svd": _svd, "pinv": _pinv, "matrix_rank": _matrix_rank,
    "matrix_power": linalg.matrix_power,
}
# NumPy 2's Array API additions to np.linalg take gingham's signatures as they are.
for _name in ("svdvals", "vector_norm", "matrix_norm", "diagonal", "trace", "outer", "cross", "vecdot", "matmul",
              "tensordot", "matrix_transpose"):
    LINALG[_name] = getattr(linalg, _name)
LINALG = {name: _host_operands_converted(function) for name, function in LINALG.items()}

# The numpy-namespace functions of this module, by NumPy's name.
FUNCTIONS = {
    "shape": shape, "ndim": ndim, "size": size, "isclose": isclose, "allclose": allclose,
    "array_equal": array_equal, "dot": dot, "concatenate": concatenate, "vstack": vstack, "hstack": hstack,
    "copy": copy, "ravel": ravel, "where": where, "clip": clip, "mean": mean, "var": var, "std": std,
    "cumsum": cumsum, "cumprod": cumprod, "round": round, "around": round, "round_": round,
    "percentile": percentile, "quantile": _quantile, "median": _median, "unique": unique, "sort": numpy_sort,
    "argsort": numpy_argsort, "transpose": transpose, "result_type": result_type, "einsum": einsum, "histogram": histogram,
    "atleast_1d": lambda *arys: atleast_1d(arys[0]) if len(arys) == 1 else [atleast_1d(a) for a in arys],
    "atleast_2d": lambda *arys: atleast_2d(arys[0]) if len(arys) == 1 else [atleast_2d(a) for a in arys],
}
