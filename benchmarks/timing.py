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
    OpenBLAS 0.3.21 falls back to slow generic kernels on CPUs it does not know)."""
    import ctypes
    import ctypes.util

    model, flags = "unknown CPU", set()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name") and model == "unknown CPU":
                    model = line.split(":", 1)[1].strip()
                elif line.startswith("flags") and not flags:
                    flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    simd = next((name for name, flag in (("AVX-512", "avx512f"), ("AVX2", "avx2"), ("SSE4.2", "sse4_2"))
                 if flag in flags), "SSE2")
    blas = "OpenBLAS not found"
    try:
        library = ctypes.CDLL(ctypes.util.find_library("openblas") or "libopenblas.so.0")
        library.openblas_get_corename.restype = ctypes.c_char_p
        blas = "OpenBLAS kernel " + library.openblas_get_corename().decode()
    except (OSError, AttributeError):
        pass
    return f"{model}, {simd}, {blas}"
