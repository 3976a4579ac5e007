"""The machine gingham runs on: its SIMD level and the OpenBLAS kernel in use, with a warning given once
(on rank 0, at import) when OpenBLAS runs generic kernels on a CPU it does not know (Debian's OpenBLAS
0.3.21 on newer CPUs), naming the remedy ``OPENBLAS_CORETYPE``."""

import warnings

from mpi4py import MPI

from . import _core


def warn_about_generic_blas():
    """Local. On world rank 0, the first time in a process: a RuntimeWarning when OpenBLAS runs a generic
    kernel on a CPU with AVX2 (see gingham/core/blas_kernel.hpp)."""
    if MPI.COMM_WORLD.Get_rank() != 0:
        return
    message = _core.take_generic_blas_warning()
    if message:
        warnings.warn(message, RuntimeWarning, stacklevel=3)


def machine():
    """Local. This CPU's widest SIMD level and the OpenBLAS kernel in use ('' for another BLAS), as a dict."""
    return {"simd": _core.cpu_simd_level(), "openblas_kernel": _core.openblas_kernel()}
