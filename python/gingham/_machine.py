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
    """Local. This CPU's widest SIMD level, the OpenBLAS kernel in use ('' for another BLAS), the SIMD level
    gingham's local loops run with ('baseline', 'avx2' or 'avx512'; ``GINGHAM_SIMD`` caps it) and the threads
    each rank's local kernels use, as a dict."""
    return {"simd": _core.cpu_simd_level(), "openblas_kernel": _core.openblas_kernel(),
            "kernel_simd": _core.simd_level(), "threads": _core.num_threads()}


def num_threads():
    """Local. The threads each local kernel (elementwise loops, reductions) and each BLAS call of this rank
    uses. The first of: ``set_num_threads``'s value; the environment's ``GINGHAM_NUM_THREADS``,
    ``OMP_NUM_THREADS`` or Slurm's ``SLURM_CPUS_PER_TASK``; the CPUs this rank is bound to; else the node's
    CPUs shared among its ranks. At least 1. Results never depend on it (work is cut in fixed pieces)."""
    return _core.num_threads()


def set_num_threads(n):
    """Local. Sets the threads per rank for gingham's local kernels and OpenBLAS to ``n`` (an int >= 1).
    Give a rank as many threads as CPUs it may use: ``mpirun --bind-to none`` or ``--map-by slot:PE=n``,
    ``srun --cpus-per-task=n``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"set_num_threads: expected an int >= 1, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"set_num_threads: expected an int >= 1, got {n}")
    _core.set_num_threads(n)
