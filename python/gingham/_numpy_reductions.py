"""NumPy's reductions with NumPy's keywords on the NumPy path: np.sum, prod, min/amin, max/amax, any, all,
mean, var, std (and the ndarray methods of those names) with ``axis``, ``dtype``, ``keepdims``, ``ddof``,
``initial``, ``where=`` (a mask broadcasting to the array: masked-out elements do not take part) and
``out=`` (a gingham array of the result's shape, written and returned). The Array API functions (gg.sum,
gg.std(correction=...), ...) keep the standard's signatures; these are what ``np.f(x)`` and ``x.f()`` run.

Each is collective over the array's communicator: the mask is applied elementwise (where(mask, x,
identity): no messages) and the distributed reduction of gingham._reductions does the rest; mean/var/std
with a mask divide by the count of selected elements (one more reduction).
"""

import numpy as np

from . import _elementwise, _reductions
from ._array import Array
from ._data_type_functions import astype
from ._dtypes import resolve
from ._host_operands import host_like
from ._manipulation import broadcast_to


def into(out, result, name):
    """``result``, or written into the gingham array ``out`` (NumPy's out=) and ``out`` returned."""
    if out is None:
        return result
    if isinstance(out, tuple) and len(out) == 1:
        out = out[0]
    if not isinstance(out, Array):
        raise TypeError(f"{name}: expected out= to be a gingham.Array, got {type(out).__name__}")
    if out.shape != result.shape:
        raise ValueError(f"{name}: expected out= of shape {result.shape}, got {out.shape}")
    out[...] = result
    return out


def _scalar_of(a, value):
    """``value`` as the Python scalar of a's kind, so that where(mask, a, value) keeps a's dtype."""
    kind = a.dtype.kind
    return bool(value) if kind == "b" else int(value) if kind in "iu" else float(value) if kind == "f" else complex(value)


def _mask(a, where):
    """The bool mask ``where`` (host data or a gingham array) broadcast to a's shape; None for where=True."""
    if where is True or where is np._NoValue:
        return None
    mask = host_like(where, a)
    if mask.dtype != np.bool_:
        mask = _elementwise.not_equal(mask, 0)
    return mask if mask.shape == a.shape else broadcast_to(mask, a.shape)


def _keep(keepdims):
    return False if keepdims is np._NoValue else bool(keepdims)


def _filled(a, mask, value):
    return a if mask is None else _elementwise.where(mask, a, _scalar_of(a, value))


def _summing(name, identity, combine):
    def function(a, axis=None, dtype=None, out=None, keepdims=np._NoValue, initial=np._NoValue, where=np._NoValue):
        dtype = None if dtype is None else resolve(dtype, f"numpy.{name}")
        result = getattr(_reductions, name)(_filled(a, _mask(a, where), identity), axis=axis, dtype=dtype,
                                            keepdims=_keep(keepdims))
        if initial is not np._NoValue:
            result = combine(result, initial)
        return into(out, result, f"numpy.{name}")

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"Collective. np.{name} with NumPy's keywords: masked-out elements (where=) count as "
                        f"{identity}, ``initial`` joins the result, out= receives it.")
    return function


sum = _summing("sum", 0, lambda r, initial: r + initial)  # noqa: A001  (NumPy's name)
prod = _summing("prod", 1, lambda r, initial: r * initial)


def _extremum(name, combine):
    def function(a, axis=None, out=None, keepdims=np._NoValue, initial=np._NoValue, where=np._NoValue):
        mask = _mask(a, where)
        if mask is not None and initial is np._NoValue:
            raise ValueError(f"numpy.{name}: reduction operation '{'minimum' if name == 'min' else 'maximum'}' does not "
                             "have an identity, so to use a where mask one has to specify 'initial'")
        result = getattr(_reductions, name)(_filled(a, mask, initial), axis=axis, keepdims=_keep(keepdims))
        if initial is not np._NoValue:
            result = combine(result, _scalar_of(a, initial))
        return into(out, result, f"numpy.{name}")

    function.__name__ = function.__qualname__ = name
    function.__doc__ = (f"Collective. np.{name} with NumPy's keywords: ``initial`` joins the result (and stands "
                        "for the masked-out elements, as NumPy requires with where=), out= receives it.")
    return function


min = _extremum("min", _elementwise.minimum)  # noqa: A001
max = _extremum("max", _elementwise.maximum)  # noqa: A001


def _logical(name, identity):
    def function(a, axis=None, out=None, keepdims=np._NoValue, *, where=np._NoValue):
        result = getattr(_reductions, name)(_filled(a, _mask(a, where), identity), axis=axis, keepdims=_keep(keepdims))
        return into(out, result, f"numpy.{name}")

    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"Collective. np.{name} with NumPy's keywords (masked-out elements count as {identity})."
    return function


any = _logical("any", False)  # noqa: A001
all = _logical("all", True)  # noqa: A001


def _float_for_mean(a, dtype):
    """a converted as NumPy's mean/var/std compute: to ``dtype`` when given, integers and bools to float64."""
    if dtype is not None:
        return astype(a, resolve(dtype, "numpy"))
    return astype(a, np.float64) if a.dtype.kind in "biu" else a


def _count(mask, x, axis, keepdims):
    """The number of selected elements per result element, in x's real floating dtype."""
    real = np.float32 if x.dtype in (np.float32, np.complex64) else np.float64
    return astype(_reductions.count_nonzero(mask, axis=axis, keepdims=keepdims), real)


def mean(a, axis=None, dtype=None, out=None, keepdims=np._NoValue, *, where=np._NoValue):
    """Collective. np.mean: integers and bools averaged as float64; with where=, the sum of the selected
    elements over their count (NaN where none is selected)."""
    x, mask = _float_for_mean(a, dtype), _mask(a, where)
    if mask is None:
        return into(out, _reductions.mean(x, axis=axis, keepdims=_keep(keepdims)), "numpy.mean")
    total = _reductions.sum(_filled(x, mask, 0), axis=axis, keepdims=_keep(keepdims))
    return into(out, total / _count(mask, x, axis, _keep(keepdims)), "numpy.mean")


def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=np._NoValue, *, where=np._NoValue):
    """Collective. np.var (gg.var with correction=ddof): integers and bools as float64; with where=, the
    squared deviations of the selected elements from their mean over count - ddof."""
    x, mask = _float_for_mean(a, dtype), _mask(a, where)
    if mask is None:
        return into(out, _reductions.var(x, axis=axis, correction=ddof, keepdims=_keep(keepdims)), "numpy.var")
    centre = mean(x, axis=axis, keepdims=True, where=mask)
    deviation = _filled(x - centre, mask, 0)
    squares = _reductions.sum(deviation * deviation, axis=axis, keepdims=_keep(keepdims))
    return into(out, squares / (_count(mask, x, axis, _keep(keepdims)) - ddof), "numpy.var")


def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=np._NoValue, *, where=np._NoValue):
    """Collective. np.std: the square root of np.var (same keywords)."""
    if _mask(a, where) is None:
        x = _float_for_mean(a, dtype)
        return into(out, _reductions.std(x, axis=axis, correction=ddof, keepdims=_keep(keepdims)), "numpy.std")
    return into(out, _elementwise.sqrt(var(a, axis, dtype, None, ddof, keepdims, where=where)), "numpy.std")


REDUCTIONS = {"sum": sum, "prod": prod, "min": min, "amin": min, "max": max, "amax": max, "any": any, "all": all,
              "mean": mean, "var": var, "std": std}
