"""matmul benchmark (issue 6): gg.matmul of two n x n float64 arrays in gingham's default layout, through
Python, against NumPy's a @ b in one process with 2 OpenBLAS threads, measured in the same run. The
comparison with PDGEMM called directly on the same layout and memory is the C++ program bench_linalg
(benchmarks/run.sh runs both).

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
n, repeat = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
a, b = rng.random((n, n)), rng.random((n, n))
times = []
for _ in range(repeat):
    start = time.perf_counter(); a @ b; times.append(time.perf_counter() - start)
print(json.dumps(min(times)))
"""


def numpy_two_threads(n, repeat):
    """Rank 0: the best time of NumPy's a @ b with 2 OpenBLAS threads, in a child process; None elsewhere."""
    seconds = None
    if COMM.rank == 0:
        env = dict(os.environ, OPENBLAS_NUM_THREADS="2", OMP_NUM_THREADS="2")
        out = subprocess.run([sys.executable, "-c", NUMPY_CHILD, str(n), str(repeat)], env=env, check=True,
                             capture_output=True, text=True).stdout
        seconds = json.loads(out.strip().splitlines()[-1])
    request = COMM.Ibarrier()
    while not request.Test():  # the other ranks sleep instead of spinning on the cores NumPy uses
        time.sleep(0.02)
    return COMM.bcast(seconds, root=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
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


if __name__ == "__main__":
    main()
