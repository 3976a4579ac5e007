"""gg.sum against NumPy's np.sum (one process), and the cost of the deterministic mode.

Run on 2 ranks: scripts/mpi-launch.sh 2 600 /usr/bin/python3 benchmarks/bench_reductions.py [n_sum] [n_det]
(PYTHONPATH=build/python). Prints the median of several rounds; rank 0 also times np.sum on the same
number of elements in one process while the other ranks wait.
"""

import statistics
import sys

import numpy as np
from mpi4py import MPI

import gingham as gg
from timing import COMM, best


def timed(function, rounds=7):
    return best(function, rounds, summary=statistics.median)


def random_array(n, seed):
    x = gg.zeros((n,), dtype=gg.float64)
    x.local[...] = np.random.default_rng(seed + COMM.rank).random(x.local.shape)
    return x


def main():
    n_sum = int(sys.argv[1]) if len(sys.argv) > 1 else 10**8
    n_det = int(sys.argv[2]) if len(sys.argv) > 2 else 10**7
    x = random_array(n_sum, 1)
    gg.set_deterministic(False)
    t_sum = timed(lambda: gg.sum(x))
    bandwidth = n_sum * 8 / t_sum / 1e9
    # Baseline on the same ranks: NumPy on each shard plus one MPI allreduce (a STREAM-like read of all data).
    t_by_hand = timed(lambda: COMM.allreduce(float(np.sum(x.local)), op=MPI.SUM))
    error = abs(float(gg.sum(x)) - COMM.allreduce(float(np.sum(x.local)), op=MPI.SUM)) / n_sum
    del x
    t_numpy = None
    if COMM.rank == 0:
        whole = np.random.default_rng(0).random(n_sum)
        t_numpy = timed_local(lambda: np.sum(whole))
        del whole
    COMM.Barrier()
    y = random_array(n_det, 2)
    t_default = timed(lambda: gg.sum(y))
    gg.set_deterministic(True)
    t_det = timed(lambda: gg.sum(y))
    t_det_mean = timed(lambda: gg.mean(y))
    t_det_var = timed(lambda: gg.var(y))
    gg.set_deterministic(False)
    t_var = timed(lambda: gg.var(y))
    z = gg.asarray(np.random.default_rng(3).random((1000, n_det // 1000)))
    t_axis = timed(lambda: gg.sum(z, axis=0))
    gg.set_deterministic(True)
    t_axis_det = timed(lambda: gg.sum(z, axis=0))
    gg.set_deterministic(False)
    if COMM.rank == 0:
        print(f"ranks={COMM.size}")
        print(f"gg.sum {n_sum:.0e} float64: {t_sum * 1e3:.1f} ms ({bandwidth:.1f} GB/s); "
              f"np.sum in one process: {t_numpy * 1e3:.1f} ms; speedup {t_numpy / t_sum:.2f}x; "
              f"np.sum per shard + allreduce on the same ranks: {t_by_hand * 1e3:.1f} ms "
              f"({n_sum * 8 / t_by_hand / 1e9:.1f} GB/s; gg.sum at {t_by_hand / t_sum:.2f}x of it); "
              f"|difference| / n = {error:.1e}")
        print(f"sum {n_det:.0e} float64: default {t_default * 1e3:.2f} ms, deterministic {t_det * 1e3:.2f} ms "
              f"(ratio {t_det / t_default:.2f}); mean deterministic {t_det_mean * 1e3:.2f} ms; "
              f"var default {t_var * 1e3:.2f} ms, deterministic {t_det_var * 1e3:.2f} ms "
              f"(ratio {t_det_var / t_var:.2f})")
        print(f"sum over axis 0 of (1000, {n_det // 1000}) block rows: default {t_axis * 1e3:.2f} ms, "
              f"deterministic {t_axis_det * 1e3:.2f} ms (ratio {t_axis_det / t_axis:.2f})")


def timed_local(function, rounds=7):
    return best(function, rounds, collective=False, summary=statistics.median)


if __name__ == "__main__":
    main()
