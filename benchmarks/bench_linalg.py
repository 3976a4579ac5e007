"""Linear algebra benchmark (issue 6): gg.matmul, gg.linalg.cholesky and gg.linalg.solve (one right-hand
side) of n x n float64 arrays (n = 4000), and gg.linalg.qr (mode 'reduced') and gg.linalg.eigh of n2 x n2
ones (n2 = 2000), in gingham's default layout, through Python, against NumPy's a @ b, np.linalg.cholesky,
np.linalg.solve, np.linalg.qr and np.linalg.eigh in one process with 2 OpenBLAS threads, measured in the
same run. The comparison with PDGEMM / PDPOTRF / PDGESV / PDGEQRF+PDORGQR / PDSYEVD called directly on the
same layout is the C++ program bench_linalg (benchmarks/run.sh runs both). GFLOP/s: matmul 2n^3, cholesky
n^3/3, solve 2n^3/3, qr 8n^3/3 (4n^3/3 for the factorization plus 4n^3/3 for forming Q), eigh 9n^3 (the
textbook count for a symmetric eigensolver with vectors; a convention, not the exact count).
gingham's default layout (Block rows) is not the one qr and eigh compute in, so their times include the
redistribution to the BlockCyclic(64) working copy (the copy ScaLAPACK may overwrite).

Run on 2 ranks: benchmarks/run.sh, or
    scripts/mpi-launch.sh 2 1800 /usr/bin/python3 benchmarks/bench_linalg.py [--n 4000] [--n2 2000]
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
if what == "eigh":
    a = a + a.T
work = {"matmul": lambda: a @ b, "cholesky": lambda: np.linalg.cholesky(a),
        "solve": lambda: np.linalg.solve(a, b[:, 0]), "qr": lambda: np.linalg.qr(a, mode="reduced"),
        "eigh": lambda: np.linalg.eigh(a)}[what]
times = []
for _ in range(repeat):
    start = time.perf_counter(); work(); times.append(time.perf_counter() - start)
print(json.dumps(min(times)))
"""


def numpy_two_threads(n, repeat, what="matmul"):
    """The best time of NumPy's `what` (matmul, cholesky, solve, qr or eigh) with 2 OpenBLAS threads, in a child process
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
    parser.add_argument("--n2", type=int, default=2000, help="the size of qr and eigh")
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
    n2, repeat2 = options.n2, max(options.repeat, 3)  # qr and eigh are short: one more try
    a = rng.random((n2, n2))
    square, symmetric = gg.asarray(a), gg.asarray(a + a.T)  # default layout: Block rows
    for what, flops, work in (("qr", 8.0 * n2**3 / 3.0, lambda: gg.linalg.qr(square, mode="reduced")),
                              ("eigh", 9.0 * n2**3, lambda: gg.linalg.eigh(symmetric))):
        gingham_seconds = best(work, repeat2)
        numpy_seconds = numpy_two_threads(n2, repeat2, what)
        if COMM.rank == 0:
            print(f"{what} {n2} x {n2} float64 on {COMM.size} ranks (best of {repeat2}): gg.linalg.{what} "
                  f"{gingham_seconds:.3f} s {flops / gingham_seconds / 1e9:.1f} GFLOP/s | NumPy, 2 OpenBLAS threads "
                  f"{numpy_seconds:.3f} s {flops / numpy_seconds / 1e9:.1f} GFLOP/s | "
                  f"vs NumPy {numpy_seconds / gingham_seconds:.2f}x", flush=True)


if __name__ == "__main__":
    main()
