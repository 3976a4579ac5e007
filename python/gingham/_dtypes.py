"""Element types: the 13 dtypes of the Array API standard, as NumPy dtype objects for now."""

import numpy as np

from . import _core

bool = np.dtype("bool")  # noqa: A001  (the Array API name)
int8, int16, int32, int64 = (np.dtype(f"int{b}") for b in (8, 16, 32, 64))
uint8, uint16, uint32, uint64 = (np.dtype(f"uint{b}") for b in (8, 16, 32, 64))
float32, float64 = np.dtype("float32"), np.dtype("float64")
complex64, complex128 = np.dtype("complex64"), np.dtype("complex128")

ALL = (bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, complex64, complex128)

#: The dtypes that have compiled creation kernels (arange, full) so far.
_KERNEL_SUFFIXES = {float64: "float64", int64: "int64"}


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


def kernel(name, dtype, function):
    """Local. The compiled kernel ``<name>_<dtype>``; NotImplementedError where there is none yet."""
    dtype = resolve(dtype, function)
    if dtype not in _KERNEL_SUFFIXES:
        raise NotImplementedError(f"{function}: dtype {dtype} is not implemented yet (float64 and int64 are)")
    return getattr(_core, f"{name}_{_KERNEL_SUFFIXES[dtype]}"), dtype
