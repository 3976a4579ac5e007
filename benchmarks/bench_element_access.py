"""Element access and printing (issue 15, points 5 and 6): x[i] (a scalar read), float(x.sum()) of 100
elements, list(x) of 200 elements and repr of a 10^8-element array, against NumPy on one process and raw
mpi4py (comm.bcast of a float, comm.Bcast of 8 bytes, comm.allreduce of a float) on the same ranks.

Run on 2 ranks: PYTHONPATH=build/python scripts/mpi-launch.sh 2 600 /usr/bin/python3 benchmarks/bench_element_access.py
[n_repr]. Prints per-operation medians and the ratios; the target is a scalar read within 10x of an
MPI_Bcast of 8 bytes. Calls run back to back, so a Bcast from one root measures how fast the root can send
(it runs ahead of the receivers); Bcasts from alternating roots wait one message each (its latency).
x[i] is one MPI_Allreduce of 25 bytes (the element, and the check that every rank named the same index).
"""

import statistics
import sys
import time

import numpy as np

import gingham as gg
from mpi4py import MPI
from timing import COMM, best


def per_call(function, calls, rounds=5, collective=True):
    """The median over rounds of the time of one call, each round timing ``calls`` calls in a row."""
    def many():
        for _ in range(calls):
            function()
    return best(many, rounds, collective=collective, summary=statistics.median) / calls


def local_per_call(function, calls, rounds=5):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


def main():
    n_repr = int(sys.argv[1]) if len(sys.argv) > 1 else 10**8
    x = gg.arange(10**6, dtype=gg.float64)
    last = x.shape[0] - 1  # owned by the last rank: the others receive it
    t_read = per_call(lambda: x[last], 2000)
    t_read_float = per_call(lambda: float(x[last]), 2000)
    buffer = np.zeros(1)
    t_bcast = per_call(lambda: COMM.bcast(1.5 if COMM.rank == COMM.size - 1 else None, root=COMM.size - 1), 2000)
    t_Bcast = per_call(lambda: COMM.Bcast(buffer, root=COMM.size - 1), 2000)
    roots = iter(range(10**9))  # alternating roots: no rank runs ahead, so each call waits one message
    t_Bcast_latency = per_call(lambda: COMM.Bcast(buffer, root=next(roots) % COMM.size), 2000)
    carrier = np.zeros(25, dtype=np.uint8)  # what read_element reduces: the item, the index, its complement, a flag
    t_Allreduce = per_call(lambda: COMM.Allreduce(MPI.IN_PLACE, carrier, op=MPI.BOR), 2000)

    small = gg.arange(100, dtype=gg.float64)
    t_sum = per_call(lambda: float(small.sum()), 500)
    t_allreduce = per_call(lambda: COMM.allreduce(1.5), 2000)

    two_hundred = gg.arange(200, dtype=gg.float64)
    t_list = per_call(lambda: list(two_hundred), 20)

    big = gg.zeros((n_repr,), dtype=gg.float64)
    t_repr = per_call(lambda: repr(big), 5, rounds=3)
    del big

    if COMM.rank == 0:
        a = np.arange(10**6, dtype=np.float64)
        t_np_read = local_per_call(lambda: a[last], 100000)
        t_np_sum = local_per_call(lambda: float(a[:100].sum()), 100000)
        t_np_list = local_per_call(lambda: list(a[:200]), 10000)
        whole = np.zeros(n_repr)
        t_np_repr = local_per_call(lambda: repr(whole), 5, rounds=3)
        del whole
        us = 1e6
        print(f"ranks={COMM.size}")
        print(f"x[i] scalar read:          {t_read * us:8.1f} us  (float(x[i]) {t_read_float * us:.1f} us); "
              f"NumPy a[i] {t_np_read * us:.3f} us; comm.bcast(float) {t_bcast * us:.1f} us; "
              f"comm.Bcast(8 bytes) {t_Bcast * us:.1f} us (alternating roots {t_Bcast_latency * us:.1f} us); comm.Allreduce(25 bytes, BOR) {t_Allreduce * us:.1f} us")
        print(f"  ratio x[i] / Bcast(8 bytes): {t_read / t_Bcast:.1f}x, alternating roots "
              f"{t_read / t_Bcast_latency:.1f}x (target <= 10x); "
              f"/ comm.bcast: {t_read / t_bcast:.1f}x; / Allreduce(25 bytes): {t_read / t_Allreduce:.1f}x; / NumPy: {t_read / t_np_read:.0f}x")
        print(f"float(x.sum()), 100 elems: {t_sum * us:8.1f} us; NumPy {t_np_sum * us:.2f} us; "
              f"comm.allreduce(float) {t_allreduce * us:.1f} us; ratio to allreduce {t_sum / t_allreduce:.1f}x")
        print(f"list(x), 200 elements:     {t_list * 1e3:8.2f} ms; NumPy {t_np_list * us:.2f} us; "
              f"ratio to NumPy {t_list / t_np_list:.0f}x")
        print(f"repr, {n_repr:.0e} float64:   {t_repr * 1e3:8.2f} ms; NumPy {t_np_repr * 1e3:.2f} ms; "
              f"ratio {t_repr / t_np_repr:.1f}x")


if __name__ == "__main__":
    main()
