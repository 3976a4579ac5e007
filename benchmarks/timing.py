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
