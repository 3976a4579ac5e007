"""Issue 13 benchmark: x + y between two fixed, different layouts (x Block, y Cyclic; 10^7 float64 on
2 ranks), called 100 times. Every call aligns y to x's layout through a redistribution plan; the plan
cache builds that plan on the first call only. Three ways, timed in alternating rounds (the machine is
shared and noisy), each round 100 calls:

  cached    x + y                       (the plan from the cache: one MPI_Allreduce per call to agree on it)
  prebuilt  x + plan(y)                 (a RedistributionPlan built once by hand: the baseline)
  uncached  x + y with the cache off    (a plan built on every call: what every call paid before)

Target: cached within 1.1x of prebuilt per call.

    scripts/mpi-launch.sh 2 1200 /usr/bin/python3 benchmarks/bench_alignment.py [--n 10000000] [--calls 100] [--rounds 5]
"""

import argparse
import statistics
import time

import numpy as np

import gingham as gg
from timing import COMM, machine


def per_call(function, calls):
    """Wall time per call of `calls` calls, between barriers (the slowest rank counts)."""
    COMM.Barrier()
    start = time.perf_counter()
    for _ in range(calls):
        function()
    COMM.Barrier()
    return (time.perf_counter() - start) / calls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10**7)
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    grid = gg.ProcessGrid((COMM.size,))
    whole = np.arange(args.n, dtype=np.float64)
    x = gg.asarray(whole, distribution=gg.Distribution((args.n,), (gg.Block(),), grid=grid))
    y = gg.asarray(whole, distribution=gg.Distribution((args.n,), (gg.Cyclic(),), grid=grid))
    plan = gg.RedistributionPlan(y.distribution, x.distribution)

    def cached():
        gg.set_plan_cache_capacity(32)
        return per_call(lambda: x + y, args.calls)

    def prebuilt():
        return per_call(lambda: x + plan(y), args.calls)

    def uncached():
        gg.set_plan_cache_capacity(0)
        try:
            return per_call(lambda: x + y, max(args.calls // 10, 1))
        finally:
            gg.set_plan_cache_capacity(32)

    ok = np.array_equal(np.asarray(x + y), 2 * whole) and np.array_equal(np.asarray(x + plan(y)), 2 * whole)
    times = {"cached": [], "prebuilt": [], "uncached": []}
    for _ in range(args.rounds):
        for name, run in (("cached", cached), ("prebuilt", prebuilt), ("uncached", uncached)):
            times[name].append(run())
    median = {name: statistics.median(values) for name, values in times.items()}
    stats = gg.plan_cache_statistics()
    if COMM.rank == 0:
        print(f"gingham alignment benchmark: x (Block) + y (Cyclic), n = {args.n:.0e} float64, {COMM.size} ranks, "
              f"{args.calls} calls per round, median of {args.rounds} alternating rounds")
        print(f"machine: {machine()}")
        for name in ("cached", "prebuilt", "uncached"):
            print(f"{name:9s} {1e3 * median[name]:8.3f} ms per call   "
                  f"(rounds: {', '.join(f'{1e3 * t:.2f}' for t in times[name])})")
        print(f"cached / prebuilt = {median['cached'] / median['prebuilt']:.3f} (target <= 1.1)   "
              f"uncached / prebuilt = {median['uncached'] / median['prebuilt']:.3f}   "
              f"cache: {stats['hits']} hits, {stats['misses']} misses{'' if ok else '   WRONG RESULT'}")


if __name__ == "__main__":
    main()
