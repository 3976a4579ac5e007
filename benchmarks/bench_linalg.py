"""Linear algebra benchmark (issue 6): gg.matmul, gg.linalg.cholesky and gg.linalg.solve (one right-hand
side) of n x n float64 arrays in gingham's default layout, through Python, against NumPy's a @ b,
np.linalg.cholesky and np.linalg.solve in one process with 2 OpenBLAS threads, measured in the same run.
The comparison with PDGEMM / PDPOTRF / PDGESV called directly on the same layout is the C++ program
bench_linalg (benchmarks/run.sh runs both). GFLOP/s: matmul 2n^3, cholesky n^3/3, solve 2n^3/3.

Run on 2 ranks: benchmarks/run.sh, or scripts/mpi-launch.sh 2 1800 /usr/bin/python3 benchmarks/bench_linalg.py [--n 4000]
Ranks run OpenBLAS with one thread each (scripts/mpi-env.sh); the NumPy baseline runs in a child process of
rank 0 with OPENBLAS_NUM_THREADS=2 and the CPU affinity widened to every core (mpirun binds each rank to
one core), while the other ranks wait without spinning.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

import gingham as gg
from timing import COMM, best

NUMPY_CHILD = r"""
import os, sys, time, json
os.sched_setaffinity(0, range(os.cpu_count()))
import numpy as np
n, repeat, what = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(0)
a, b = rng.random((n, n)), rng.random((n, n))
if what == "cholesky":
    a = a @ a.T + n * np.eye(n)
work = {"matmul": lambda: a @ b, "cholesky": lambda: np.linalg.cholesky(a),
        "solve": lambda: np.linalg.solve(a, b[:, 0])}[what]
times = []
for _ in range(repeat):
    start = time.perf_counter(); work(); times.append(time.perf_counter() - start)
print(json.dumps(min(times)))
"""


def numpy_two_threads(n, repeat, what="matmul"):
    """The best time of NumPy's `what` (matmul, cholesky or solve) with 2 OpenBLAS threads, in a child process
    of rank 0, broadcast to every rank."""
    seconds = None
    if COMM.rank == 0:
        env = dict(os.environ, OPENBLAS_NUM_THREADS="2", OMP_NUM_THREADS="2")
        out = subprocess.run([sys.executable, "-c", NUMPY_CHILD, str(n), str(repeat), what], env=env, check=True,
                             capture_output=True, text=True).stdout
        seconds = json.loads(out.strip().splitlines()[-1])
    request = COMM.Ibarrier()
    while not request.Test():  # the other ranks sleep instead of spinning on the cores NumPy uses
        time.sleep(0.02)
    return COMM.bcast(seconds, root=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args()
    n, repeat = options.n, options.repeat
    rng = np.random.default_rng(0)
    x, y = gg.asarray(rng.random((n, n))), gg.asarray(rng.random((n, n)))  # default layout: Block rows
    gingham_seconds = best(lambda: gg.matmul(x, y), repeat)
    numpy_seconds = numpy_two_threads(n, repeat)
    if COMM.rank == 0:
        flops = 2.0 * n**3
        print(f"matmul {n} x {n} float64 on {COMM.size} ranks (best of {repeat}): gg.matmul {gingham_seconds:.3f} s "
              f"{flops / gingham_seconds / 1e9:.1f} GFLOP/s | NumPy, 2 OpenBLAS threads {numpy_seconds:.3f} s "
              f"{flops / numpy_seconds / 1e9:.1f} GFLOP/s | vs NumPy {numpy_seconds / gingham_seconds:.2f}x")
    a = rng.random((n, n))
    spd = gg.asarray(a @ a.T + n * np.eye(n))  # default layout: Block rows (moved to BlockCyclic(64), 1xP)
    general, rhs = gg.asarray(a), gg.asarray(rng.random(n))
    for what, flops, work in (("cholesky", n**3 / 3.0, lambda: gg.linalg.cholesky(spd)),
                              ("solve", 2.0 * n**3 / 3.0, lambda: gg.linalg.solve(general, rhs))):
        gingham_seconds = best(work, repeat)
        numpy_seconds = numpy_two_threads(n, repeat, what)
        if COMM.rank == 0:
            print(f"{what} {n} x {n} float64 on {COMM.size} ranks (best of {repeat}): gg.linalg.{what} "
                  f"{gingham_seconds:.3f} s {flops / gingham_seconds / 1e9:.1f} GFLOP/s | NumPy, 2 OpenBLAS threads "
                  f"{numpy_seconds:.3f} s {flops / numpy_seconds / 1e9:.1f} GFLOP/s | "
                  f"vs NumPy {numpy_seconds / gingham_seconds:.2f}x")


if __name__ == "__main__":
    main()
