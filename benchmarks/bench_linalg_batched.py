"""Stacks of small matrices (the batched path of gg.linalg): gg.linalg.inv of a (count, 3, 3) float64 stack
and gg.linalg.solve of a (count2, 32, 32) stack with (count2, 32, 1) right-hand sides, from gingham's
default layout (the stack axis Block-distributed), against numpy.linalg.inv / numpy.linalg.solve in one
process (rank 0, while the other ranks wait without spinning), measured in the same run. gingham's times
include the one redistribution of the stack into the batch layout and leave the results distributed.

Run on 2 ranks (benchmarks/run.sh runs it with the linalg part), or
    scripts/mpi-launch.sh 2 600 /usr/bin/python3 benchmarks/bench_linalg_batched.py [--count 100000] [--count2 2000]
"""

import argparse
import time

import numpy as np

import gingham as gg
from timing import COMM, best


def numpy_on_rank0(work, repeat):
    """The best time of ``work`` on rank 0 alone, broadcast; the other ranks sleep on a barrier."""
    seconds = best(work, repeat, collective=False) if COMM.rank == 0 else None
    request = COMM.Ibarrier()
    while not request.Test():
        time.sleep(0.02)
    return COMM.bcast(seconds, root=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100000, help="the number of 3 x 3 matrices for inv")
    parser.add_argument("--count2", type=int, default=2000, help="the number of 32 x 32 systems for solve")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    rng = np.random.default_rng(0)
    a = rng.random((options.count, 3, 3)) + 3 * np.eye(3)
    s = rng.random((options.count2, 32, 32)) + 32 * np.eye(32)
    b = rng.random((options.count2, 32, 1))
    x, y, z = gg.asarray(a), gg.asarray(s), gg.asarray(b)
    for what, shape, gingham_work, numpy_work in (
            ("inv", a.shape, lambda: gg.linalg.inv(x), lambda: np.linalg.inv(a)),
            ("solve", s.shape, lambda: gg.linalg.solve(y, z), lambda: np.linalg.solve(s, b))):
        gingham_seconds = best(gingham_work, options.repeat)
        numpy_seconds = numpy_on_rank0(numpy_work, options.repeat)
        if COMM.rank == 0:
            print(f"{what} {shape} float64 on {COMM.size} ranks (best of {options.repeat}): gg.linalg.{what} "
                  f"{gingham_seconds * 1e3:.1f} ms | numpy.linalg.{what}, one process {numpy_seconds * 1e3:.1f} ms | "
                  f"vs NumPy {numpy_seconds / gingham_seconds:.2f}x", flush=True)


if __name__ == "__main__":
    main()
