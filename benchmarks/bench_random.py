"""Issue 16 benchmark: gg.random's random() and standard_normal() on 2 ranks, 10^8 float64, against
NumPy on one process (its default generator, PCG64, and its Philox, the stream gg.random reproduces),
timed in alternating rounds (the machine is shared and noisy): each round times gingham on all ranks,
then NumPy on rank 0 while the other ranks wait, then a plain write of the same bytes on all ranks.

  gg         rng.random(n) / rng.standard_normal(n): a new distributed array, each rank its own shard
  pcg64      np.random.default_rng().random(n) / .standard_normal(n), one process
  philox     np.random.Generator(np.random.Philox()).random(n) / .standard_normal(n), one process
  write      every rank allocates its shard (np.empty) and fills it (ndarray.fill): what producing
             0.8 GB costs with no arithmetic at all, the bound for random()
  write-warm ndarray.fill into an already-touched shard: the cores' write bandwidth alone

Targets: random >= 2x NumPy's default, standard_normal >= 1.5x. Ratios are medians over rounds of the
ratio within each round (the machine's load drifts between rounds), with the ratio of the best rounds.

    PYTHONPATH=build/python scripts/mpi-launch.sh 2 1200 /usr/bin/python3 benchmarks/bench_random.py [--n 100000000] [--rounds 5]
"""

import argparse
import statistics
import time

import numpy as np

import gingham as gg
from timing import COMM, machine


def timed(function, collective=True):
    """Wall time of one call (between barriers when collective: the slowest rank counts)."""
    if collective:
        COMM.Barrier()
    start = time.perf_counter()
    result = function()
    if collective:
        COMM.Barrier()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def on_rank0(function):
    """Wall time of function() on rank 0 alone while the other ranks wait; the same number everywhere."""
    COMM.Barrier()
    elapsed = timed(function, collective=False) if COMM.rank == 0 else 0.0
    return COMM.bcast(elapsed, root=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10**8)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    n = args.n
    rng = gg.random.default_rng(12345)
    shard = n // COMM.size + (COMM.rank < n % COMM.size)
    warm = np.ones(shard)
    pcg, philox = np.random.default_rng(1), np.random.Generator(np.random.Philox(key=1))
    times = {name: [] for name in ("gg random", "pcg64 random", "philox random", "gg normal", "pcg64 normal",
                                   "philox normal", "write", "write-warm")}

    def write():
        a = np.empty(shard)
        a.fill(1.0)
        return a

    for _ in range(args.rounds):
        times["gg random"].append(timed(lambda: rng.random(n)))
        times["pcg64 random"].append(on_rank0(lambda: pcg.random(n)))
        times["philox random"].append(on_rank0(lambda: philox.random(n)))
        times["gg normal"].append(timed(lambda: rng.standard_normal(n)))
        times["pcg64 normal"].append(on_rank0(lambda: pcg.standard_normal(n)))
        times["philox normal"].append(on_rank0(lambda: philox.standard_normal(n)))
        times["write"].append(timed(write))
        times["write-warm"].append(timed(lambda: warm.fill(2.0)))
    # The numbers are NumPy's: the first 10^6 of the stream checked against NumPy's Philox.
    check = gg.to_numpy(gg.random.default_rng(7).random(10**6))
    ok = np.array_equal(check, np.random.Generator(np.random.Philox(key=7)).random(10**6))
    median = {name: statistics.median(values) for name, values in times.items()}
    if COMM.rank == 0:
        gigabytes = n * 8 / 1e9
        print(f"gingham random benchmark: n = {n:.0e} float64 ({gigabytes:.1f} GB), {COMM.size} ranks, "
              f"median of {args.rounds} alternating rounds")
        print(f"machine: {machine()}")
        for name, values in times.items():
            print(f"{name:14s} {1e3 * median[name]:9.1f} ms  {gigabytes / median[name]:6.2f} GB/s   "
                  f"(rounds: {', '.join(f'{1e3 * t:.0f}' for t in values)})")
        def ratio(baseline, measured):
            """The median over rounds of baseline / measured in the same round (robust to the machine's
            load drifting between rounds), and the ratio of the best rounds."""
            per_round = statistics.median(b / m for b, m in zip(times[baseline], times[measured]))
            return f"{per_round:.2f}x (best rounds {min(times[baseline]) / min(times[measured]):.2f}x)"

        print(f"random:          gg is {ratio('pcg64 random', 'gg random')} NumPy's default (target >= 2), "
              f"{ratio('philox random', 'gg random')} NumPy's Philox; runs at {ratio('write', 'gg random')} "
              f"of the allocate+write rate, {ratio('write-warm', 'gg random')} of the warm write rate")
        print(f"standard_normal: gg is {ratio('pcg64 normal', 'gg normal')} NumPy's default (target >= 1.5), "
              f"{ratio('philox normal', 'gg normal')} NumPy's Philox"
              f"{'' if ok else '   WRONG NUMBERS: random() differs from NumPy Philox'}")

if __name__ == "__main__":
    main()
