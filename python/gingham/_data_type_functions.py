"""The Array API's data type functions: astype, can_cast, finfo, iinfo, isdtype, result_type.

Type promotion is the standard's table (computed in C++, gingham/array/promotion.hpp): no value-based
casting and no promotion between kinds (bool, integer, floating) among arrays and dtypes.
"""

from dataclasses import dataclass

import numpy as np

from . import _core
from ._array import Array, require_array
from ._dtypes import resolve

_KINDS = {
    "bool": lambda d: d.kind == "b",
    "signed integer": lambda d: d.kind == "i",
    "unsigned integer": lambda d: d.kind == "u",
    "integral": lambda d: d.kind in "iu",
    "real floating": lambda d: d.kind == "f",
    "complex floating": lambda d: d.kind == "c",
    "numeric": lambda d: d.kind in "iufc",
}


def astype(x, dtype, /, *, copy=True, device=None):
    """Collective over x.device (no messages unless ``device`` moves it). x converted to ``dtype``, in x's
    layout: bool is "nonzero", floating to integer truncates, complex to real keeps the real part.
    ``copy=False`` returns x itself when nothing changes."""
    require_array(x, "astype")
    dtype = resolve(dtype, "astype")
    result = x if dtype == x.dtype and not copy else Array._new(_core.astype(x._impl, dtype))
    return result if device is None else result.to_device(device)


def _dtype_of(value, function):
    return value.dtype if isinstance(value, Array) else resolve(value, function)


def can_cast(from_, to, /):
    """Local. Whether type promotion turns ``from_`` (a dtype or an array) into ``to``."""
    source, target = _dtype_of(from_, "can_cast"), resolve(to, "can_cast")
    return _core.promote(source, target) == target


def result_type(*arrays_and_dtypes):
    """Local. The dtype the standard's promotion gives for arrays, dtypes and Python scalars (at least one
    array or dtype). A scalar takes the dtype of the others, if its kind fits: bool with bool, int with
    integer and floating, float with floating, complex with floating (giving the complex dtype)."""
    dtypes = [_dtype_of(v, "result_type") for v in arrays_and_dtypes if not isinstance(v, (bool, int, float, complex))
              or isinstance(v, np.generic)]
    scalars = [v for v in arrays_and_dtypes if isinstance(v, (bool, int, float, complex)) and not isinstance(v, np.generic)]
    if not dtypes:
        raise TypeError("result_type: expected at least one array or dtype, got "
                        f"{', '.join(type(v).__name__ for v in arrays_and_dtypes) or 'nothing'}")
    result = dtypes[0]
    for d in dtypes[1:]:
        promoted = _core.promote(result, d)
        if promoted is None:
            raise TypeError(f"result_type: {result} and {d} do not promote (the standard has no mixed-kind promotion)")
        result = promoted
    for s in scalars:
        result = _with_scalar(result, s)
    return result


def _with_scalar(dtype, scalar):
    kind = dtype.kind
    if isinstance(scalar, bool):
        if kind != "b":
            raise TypeError(f"result_type: a Python bool combines only with bool, not {dtype}")
    elif isinstance(scalar, int):
        if kind == "b":
            raise TypeError("result_type: a Python int does not combine with bool")
    elif isinstance(scalar, float):
        if kind not in "fc":
            raise TypeError(f"result_type: a Python float combines only with floating-point dtypes, not {dtype}")
    elif kind == "f":
        return np.dtype(np.complex64 if dtype == np.float32 else np.complex128)
    elif kind != "c":
        raise TypeError(f"result_type: a Python complex combines only with floating-point dtypes, not {dtype}")
    return dtype


def isdtype(dtype, kind):
    """Local. Whether ``dtype`` is ``kind``: a dtype, one of the standard's kind names ("bool", "signed
    integer", "unsigned integer", "integral", "real floating", "complex floating", "numeric"), or a
    tuple of those."""
    dtype = resolve(dtype, "isdtype")
    if isinstance(kind, tuple):
        return any(isdtype(dtype, k) for k in kind)
    if isinstance(kind, str):
        if kind not in _KINDS:
            raise ValueError(f"isdtype: expected a kind in {tuple(_KINDS)}, got {kind!r}")
        return _KINDS[kind](dtype)
    return dtype == resolve(kind, "isdtype")


@dataclass(frozen=True)
class finfo_object:  # noqa: N801  (the standard's name)
    """Machine limits of a floating-point dtype."""

    bits: int
    eps: float
    max: float
    min: float
    smallest_normal: float
    dtype: np.dtype


@dataclass(frozen=True)
class iinfo_object:  # noqa: N801  (the standard's name)
    """Machine limits of an integer dtype."""

    bits: int
    max: int
    min: int
    dtype: np.dtype


def finfo(type, /):  # noqa: A002  (the standard's parameter name)
    """Local. The limits of a floating-point dtype (or of an array's dtype); complex dtypes report their
    real parts' limits, and ``dtype`` is then the real floating dtype (float32 for complex64)."""
    dtype = _dtype_of(type, "finfo")
    if dtype.kind not in "fc":
        raise TypeError(f"finfo: expected a floating-point dtype, got {dtype}")
    info = np.finfo(dtype)
    real = np.finfo(dtype).dtype  # the real floating dtype of a complex one (the standard's finfo.dtype)
    return finfo_object(int(info.bits), float(info.eps), float(info.max), float(info.min),
                        float(info.smallest_normal), real)


def iinfo(type, /):  # noqa: A002  (the standard's parameter name)
    """Local. The limits of an integer dtype (or of an array's dtype)."""
    dtype = _dtype_of(type, "iinfo")
    if dtype.kind not in "iu":
        raise TypeError(f"iinfo: expected an integer dtype, got {dtype}")
    info = np.iinfo(dtype)
    return iinfo_object(int(info.bits), int(info.max), int(info.min), dtype)

