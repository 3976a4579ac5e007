"""Element types: the 13 dtypes of the Array API standard, as NumPy dtype objects for now."""

import builtins
import numbers

import numpy as np


bool = np.dtype("bool")  # noqa: A001  (the Array API name)
int8, int16, int32, int64 = (np.dtype(f"int{b}") for b in (8, 16, 32, 64))
uint8, uint16, uint32, uint64 = (np.dtype(f"uint{b}") for b in (8, 16, 32, 64))
float32, float64 = np.dtype("float32"), np.dtype("float64")
complex64, complex128 = np.dtype("complex64"), np.dtype("complex128")

ALL = (bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, complex64, complex128)


def resolve(dtype, function):
    """Local. ``dtype`` as one of gingham's dtypes; TypeError for anything else."""
    try:
        resolved = np.dtype(dtype)
    except TypeError as error:
        raise TypeError(f"{function}: expected a dtype, got {dtype!r}") from error
    if resolved not in ALL:
        raise TypeError(f"{function}: dtype {resolved} is not supported (expected one of "
                        f"{', '.join(d.name for d in ALL)})")
    return resolved


def python_scalar(value, function):
    """Local. A Python or NumPy scalar (bool, int, float, complex) as the C++ kernels take it: an int must
    fit in 64 bits (signed, or unsigned beyond INT64_MAX), else OverflowError."""
    if isinstance(value, (builtins.bool, np.bool_)):
        return builtins.bool(value)
    if isinstance(value, numbers.Integral):
        value = int(value)
        if not -(2**63) <= value < 2**64:
            raise OverflowError(f"{function}: Python integer {value} does not fit in 64 bits")
        return value
    if isinstance(value, numbers.Real):
        return float(value)
    return complex(value)
