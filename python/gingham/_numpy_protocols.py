"""NumPy's protocols on gingham arrays: ``__array_ufunc__`` and ``__array_function__``.

NumPy ufuncs and functions called with a gingham array run gingham's distributed kernels and return
gingham arrays. Anything gingham has no counterpart for raises TypeError (NumPy's own error for an
operand that does not support the operation): nothing is silently gathered to run in NumPy. Only
``np.asarray(x)`` (``__array__``) gathers, and it says so.
"""

import os
import sys

import numpy as np

from . import _core, _elementwise
from ._array import Array
from ._elementwise import _binary, matmul_operand
from ._numpy_functions import FUNCTIONS as _NUMPY_FUNCTIONS, LINALG as _NUMPY_LINALG
from ._numpy_fft import FFT as _NUMPY_FFT
from ._nan_functions import NAN_FUNCTIONS as _NAN_FUNCTIONS
from ._gradient import gradient as _gradient
from ._numpy_reductions import REDUCTIONS as _NUMPY_REDUCTIONS
from ._padding_and_windows import pad as _pad, sliding_window_view as _sliding_window_view
from ._host_operands import refuse as _refuse

# NumPy ufunc name -> gingham elementwise function name.
_UFUNCS = {
    "absolute": "abs", "arccos": "acos", "arccosh": "acosh", "arcsin": "asin", "arcsinh": "asinh",
    "arctan": "atan", "arctanh": "atanh", "arctan2": "atan2", "invert": "bitwise_invert",
    "left_shift": "bitwise_left_shift", "right_shift": "bitwise_right_shift", "power": "pow",
    "true_divide": "divide", "divide": "divide", "conjugate": "conj", "rint": "round", "mod": "remainder",
}
for _name in ("add", "subtract", "multiply", "floor_divide", "remainder", "negative", "positive", "sign", "exp",
              "expm1", "log", "log1p", "log2", "log10", "sqrt", "square", "sin", "cos", "tan", "sinh", "cosh", "tanh",
              "hypot", "logaddexp", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal",
              "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor",
              "maximum", "minimum", "floor", "ceil", "trunc", "isfinite", "isinf", "isnan", "signbit", "copysign",
              "nextafter", "reciprocal"):
    _UFUNCS[_name] = _name

# ufunc.reduce and ufunc.accumulate -> gingham reductions and scans.
_REDUCTIONS = {"add": "sum", "multiply": "prod", "maximum": "max", "minimum": "min", "logical_and": "all",
               "logical_or": "any"}
_ACCUMULATIONS = {"add": "cumulative_sum", "multiply": "cumulative_prod"}


def _namespace():
    # The package itself, already imported (it imports this module's users, so no import of it from here).
    gingham = sys.modules[__package__]

    return gingham


def _gingham_function(name, what):
    function = getattr(_namespace(), name, None)
    if function is None:
        _refuse(what)
    return function


def _unwrap_out(out, what):
    if out is None:
        return None
    if isinstance(out, tuple):
        if len(out) != 1:
            _refuse(f"{what} with {len(out)} outputs")
        out = out[0]

    if not isinstance(out, Array):
        _refuse(f"{what} with out= of type {type(out).__name__}")
    return out


def array_ufunc(ufunc, method, inputs, kwargs):
    """Collective over the arrays' communicator. ``ufunc.method(*inputs, **kwargs)`` by gingham's kernels."""
    what = f"numpy.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
    if method == "__call__":
        return _call(ufunc, inputs, kwargs, what)
    if method == "reduce":
        return _reduce(ufunc, inputs, kwargs, what)
    if method == "accumulate":
        return _accumulate(ufunc, inputs, kwargs, what)
    if method == "outer":
        return _outer(ufunc, inputs, kwargs, what)
    if method == "at":
        return _at(ufunc, inputs, kwargs, what)
    _refuse(what)


def _call(ufunc, inputs, kwargs, what):
    if ufunc is np.matmul:
        if kwargs:
            _refuse(f"{what} with keywords {sorted(kwargs)}")

        device = next(x.device for x in inputs if isinstance(x, Array))
        operands = [matmul_operand(x, device) for x in inputs]  # a NumPy operand becomes replicated
        if any(x is None for x in operands):
            _refuse(f"{what} on {[type(x).__name__ for x in inputs]}")
        return _namespace().matmul(*operands)
    name = _UFUNCS.get(ufunc.__name__)
    out = _unwrap_out(kwargs.pop("out", None), what)
    dtype = kwargs.pop("dtype", None)
    if kwargs.pop("where", True) is not True or kwargs.pop("casting", "same_kind") != "same_kind" or kwargs:
        _refuse(f"{what} with keywords {sorted(kwargs) or ['where/casting']}")
    if name is None:
        _refuse(what)

    if ufunc.nin == 1:
        if out is not None:
            _refuse(f"{what} with out= (write x = {what}(x) instead)")
        result = _gingham_function(name, what)(_as_array(inputs[0], what))
    elif out is not None:
        result = _elementwise._binary(name, inputs[0], inputs[1], out=out)
    else:
        result = _elementwise._binary(name, inputs[0], inputs[1])
    if dtype is not None:
        result = _namespace().astype(result, dtype)
    return result


def _as_array(value, what):

    if not isinstance(value, Array):
        _refuse(f"{what} on {type(value).__name__}")
    return value


def _reduce(ufunc, inputs, kwargs, what):
    name = _REDUCTIONS.get(ufunc.__name__)
    if name is None or len(inputs) != 1:
        _refuse(what)
    x = _as_array(inputs[0], what)
    axis, keepdims, dtype = kwargs.pop("axis", 0), kwargs.pop("keepdims", False), kwargs.pop("dtype", None)
    if _unwrap_out(kwargs.pop("out", None), what) is not None or kwargs.pop("where", True) is not True or \
            kwargs.pop("initial", np._NoValue) is not np._NoValue or kwargs:
        _refuse(f"{what} with out=, where=, initial= or {sorted(kwargs)}")
    options = {"axis": axis, "keepdims": keepdims}
    if dtype is not None:
        if name not in ("sum", "prod"):
            _refuse(f"{what} with dtype=")
        options["dtype"] = dtype
    return _gingham_function(name, what)(x, **options)


def _accumulate(ufunc, inputs, kwargs, what):
    name = _ACCUMULATIONS.get(ufunc.__name__)
    if name is None or len(inputs) != 1:
        _refuse(what)
    x = _as_array(inputs[0], what)
    axis, dtype = kwargs.pop("axis", 0), kwargs.pop("dtype", None)
    if _unwrap_out(kwargs.pop("out", None), what) is not None or kwargs:
        _refuse(f"{what} with out= or {sorted(kwargs)}")
    return _gingham_function(name, what)(x, axis=axis, dtype=dtype)


def _outer(ufunc, inputs, kwargs, what):
    name = _UFUNCS.get(ufunc.__name__)
    if name is None or ufunc.nin != 2 or kwargs:
        _refuse(f"{what} with {sorted(kwargs)}" if kwargs else what)

    a, b = inputs
    if isinstance(a, Array):
        a = _trailing_axes(a, b.ndim if isinstance(b, Array) else np.ndim(b))
    else:
        a = np.asarray(a).reshape(np.shape(a) + (1,) * (b.ndim if isinstance(b, Array) else np.ndim(b)))
    return _binary(name, a, b)


def _trailing_axes(x, count):
    """x with ``count`` size-1 axes appended (no element moves: the new axes are not distributed)."""

    return Array._new(_core.expand_dims(x._impl, list(range(x.ndim, x.ndim + count)))) if count else x


def _at(ufunc, inputs, kwargs, what):
    """ufunc.at(x, indices, b): unbuffered in-place, each rank updating the selected elements it holds.

    The indices and b are host data that every rank passes alike (NumPy's semantics: repeated indices
    apply repeatedly), so this is local work with no messages; where grid axes hold copies, each copy
    is updated alike."""
    if kwargs or len(inputs) not in (2, 3):
        _refuse(what)
    x = _as_array(inputs[0], what)

    values = inputs[2] if len(inputs) == 3 else None
    if isinstance(values, Array):
        _refuse(f"{what} with a distributed operand (pass host values, e.g. np.asarray(b))")
    key = inputs[1] if isinstance(inputs[1], tuple) else (inputs[1],)
    if len(key) != x.ndim:
        raise IndexError(f"{what}: expected one index (or index array) per axis of the {x.ndim}-D array, got "
                         f"{len(key)}")
    coordinates = []
    for axis, k in enumerate(key):
        if isinstance(k, slice):
            raise TypeError(f"{what}: expected integer indices, got a slice for axis {axis}")
        k = np.asarray(k)
        if k.dtype.kind not in "iu":
            raise IndexError(f"{what}: expected integer indices, got dtype {k.dtype} for axis {axis}")
        n = x.shape[axis]
        if k.size and (k.min() < -n or k.max() >= n):
            raise IndexError(f"{what}: index out of bounds for axis {axis} with size {n}")
        coordinates.append(k % n if n else k)
    coordinates = np.broadcast_arrays(*coordinates)
    if values is not None:
        values = np.broadcast_to(np.asarray(values), coordinates[0].shape if coordinates else ())
    if not x._impl.holds_shard:  # noqa: SLF001
        return None
    held, local = np.ones(coordinates[0].shape, dtype=bool), []
    for axis, (global_index, owned) in enumerate(zip(coordinates, x.distribution.owned_indices())):
        position = np.full(x.shape[axis], -1, dtype=np.int64)
        position[owned] = np.arange(owned.size)
        local.append(position[global_index])
        held &= local[-1] >= 0
    selected = tuple(p[held] for p in local)
    if values is None:
        ufunc.at(x.local, selected)
    else:
        ufunc.at(x.local, selected, values[held])
    return None


# ---- __array_function__ ------------------------------------------------------------------------------

def _same(name):
    return lambda *args, **kwargs: _gingham_function(name, f"numpy.{name}")(*args, **kwargs)


def _statistic(name, extra=()):
    """np.<name>(a, axis=None, dtype=None, out=None, keepdims=False, ...) -> gingham.<name>."""
    def function(a, axis=None, dtype=None, out=None, keepdims=False, **rest):
        if out is not None:
            _refuse(f"numpy.{name} with out=")
        options = {"axis": axis, "keepdims": keepdims}
        for key in extra:
            if key in rest:
                options[key] = rest.pop(key)
        if "ddof" in rest:
            options["correction"] = rest.pop("ddof")
        if rest.pop("where", True) is not True or rest.pop("initial", np._NoValue) is not np._NoValue or rest:
            _refuse(f"numpy.{name} with where=, initial= or {sorted(rest)}")
        if dtype is not None:
            if name not in ("sum", "prod"):
                _refuse(f"numpy.{name} with dtype=")
            options["dtype"] = dtype
        return _gingham_function(name, f"numpy.{name}")(a, **options)

    return function


def _extremum(name):
    def function(a, axis=None, out=None, keepdims=False, **rest):
        if out is not None or rest:
            _refuse(f"numpy.{name} with out= or {sorted(rest)}")
        return _gingham_function(name, f"numpy.{name}")(a, axis=axis, keepdims=keepdims)

    return function


def _diff(a, n=1, axis=-1, prepend=np._NoValue, append=np._NoValue):
    options = {"n": n, "axis": axis}
    if prepend is not np._NoValue:
        options["prepend"] = prepend
    if append is not np._NoValue:
        options["append"] = append
    return _gingham_function("diff", "numpy.diff")(a, **options)


def _like(name):
    def function(a, dtype=None, order="K", subok=True, shape=None, **rest):
        if shape is not None or order not in ("K", "C"):
            _refuse(f"numpy.{name} with shape= or order={order!r}")
        return _gingham_function(name, f"numpy.{name}")(a, dtype=dtype, **rest)

    return function


def _full_like(a, fill_value, dtype=None, order="K", subok=True, shape=None):
    if shape is not None or order not in ("K", "C"):
        _refuse("numpy.full_like with shape= or order=")
    return _gingham_function("full_like", "numpy.full_like")(a, fill_value, dtype=dtype)


def _save(file, arr, allow_pickle=True, fix_imports=True):
    """numpy.save(path, x): gingham.save to the path (".npy" appended when missing, as NumPy does)."""
    if not isinstance(file, (str, os.PathLike)):
        _refuse(f"numpy.save to a {type(file).__name__} (gingham saves to file paths only)")
    path = os.fspath(file)
    return _namespace().save(path if path.endswith(".npy") else path + ".npy", arr)


_FUNCTIONS = {
    "save": _save,
    "sum": _statistic("sum"), "prod": _statistic("prod"), "max": _extremum("max"), "amax": _extremum("max"),
    "min": _extremum("min"), "amin": _extremum("min"), "all": _extremum("all"), "any": _extremum("any"),
    "diff": _diff, "zeros_like": _like("zeros_like"), "ones_like": _like("ones_like"),
    "empty_like": _like("empty_like"), "full_like": _full_like,
    "argmax": lambda a, axis=None, out=None, keepdims=False: _extremum("argmax")(a, axis, out, keepdims),
    "argmin": lambda a, axis=None, out=None, keepdims=False: _extremum("argmin")(a, axis, out, keepdims),
    "take_along_axis": lambda arr, indices, axis: _gingham_function("take_along_axis", "numpy.take_along_axis")(
        arr, indices, axis=axis),
    "count_nonzero": lambda a, axis=None, keepdims=False: _gingham_function("count_nonzero", "numpy.count_nonzero")(
        a, axis=axis, keepdims=keepdims),
}
_FUNCTIONS.update(_NUMPY_FUNCTIONS)  # NumPy's signatures with more than a renaming (gingham._numpy_functions)
_FUNCTIONS.update(_NAN_FUNCTIONS)  # np.nansum, ..., np.nanpercentile (gingham._nan_functions)
_FUNCTIONS["pad"] = _pad
_FUNCTIONS["gradient"] = _gradient
_FUNCTIONS.update(_NUMPY_REDUCTIONS)  # np.sum, ..., np.std with where=, out=, initial= (gingham._numpy_reductions)
for _name in ("real", "imag", "conj", "conjugate", "result_type", "can_cast", "tril", "triu",
              "meshgrid", "isfinite", "isinf", "isnan", "broadcast_arrays", "broadcast_to", "stack",
              "flip", "roll", "squeeze", "expand_dims", "moveaxis", "reshape", "nonzero",
              "searchsorted", "matmul", "tensordot", "vecdot", "take", "repeat", "tile"):
    _FUNCTIONS.setdefault(_name, _same({"conjugate": "conj"}.get(_name, _name)))


def array_function(func, types, args, kwargs):
    """Collective. ``func(*args, **kwargs)`` by gingham, for NumPy functions with a gingham counterpart;
    TypeError for the others (and for options gingham does not offer)."""

    if not all(issubclass(t, (Array, np.ndarray)) for t in types):
        return NotImplemented
    module = getattr(func, "__module__", None) or "numpy"
    table = {"numpy": _FUNCTIONS, "numpy.linalg": _NUMPY_LINALG, "numpy.fft": _NUMPY_FFT,
             "numpy.lib.stride_tricks": {"sliding_window_view": _sliding_window_view}}.get(module, {})
    implementation = table.get(func.__name__)
    if implementation is None:
        _refuse(f"{module}.{func.__name__}")
    return implementation(*args, **kwargs)
