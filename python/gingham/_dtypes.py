"""Element types (foundation scope: float64 and int64; the full Array API dtype set comes later)."""

import numpy as np

from . import _core

float64 = np.dtype("float64")
int64 = np.dtype("int64")

#: The C++ array class and kernel-name suffix of each supported dtype.
_CORE_CLASSES = {float64: _core.DistArrayFloat64, int64: _core.DistArrayInt64}
_SUFFIXES = {float64: "float64", int64: "int64"}


def kernel(name, dtype):
    """Local. The C++ kernel ``<name>_<dtype>``, for example ``arange_float64``."""
    return getattr(_core, f"{name}_{_SUFFIXES[dtype]}")


def supported(dtype, function):
    """Local. ``dtype`` as a NumPy dtype if gingham supports it; otherwise NotImplementedError/TypeError."""
    try:
        resolved = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"{function}: expected a dtype, got {dtype!r}") from error
    if resolved not in _CORE_CLASSES:
        raise NotImplementedError(
            f"{function}: dtype {resolved} is not implemented yet (supported: float64, int64)"
        )
    return resolved


def dtype_of(core_array):
    """Local. The dtype of a C++ array object."""
    for dtype, cls in _CORE_CLASSES.items():
        if isinstance(core_array, cls):
            return dtype
    raise TypeError(f"not a gingham core array: {type(core_array).__name__}")
