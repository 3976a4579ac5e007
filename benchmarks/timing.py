"""Timing helper shared by the Python benchmarks (run as scripts from this directory)."""

import time

from mpi4py import MPI

COMM = MPI.COMM_WORLD


def best(function, repeat, collective=True, summary=min):
    """The best wall time of ``function`` over ``repeat`` runs (between barriers when collective, so the
    slowest rank counts); ``summary`` chooses another statistic of the times (e.g. statistics.median)."""
    times = []
    for _ in range(repeat):
        if collective:
            COMM.Barrier()
        start = time.perf_counter()
        function()
        if collective:
            COMM.Barrier()
        times.append(time.perf_counter() - start)
    return float(summary(times))


def machine():
    """One line naming this machine's CPU, its widest SIMD level, and the OpenBLAS kernel that runs (Debian's
    OpenBLAS 0.3.21 falls back to slow generic kernels on CPUs it does not know), as gingham detects them
    (gingham/core/blas_kernel.hpp)."""
    from gingham import _core

    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), model)
    except OSError:
        pass
    kernel = _core.openblas_kernel()
    blas = f"OpenBLAS kernel {kernel}" if kernel else "OpenBLAS not found"
    return f"{model}, {_core.cpu_simd_level()}, {blas}"
