"""The benchmark sweep (issue 18): every operation of sweep_operations.py at 10^7 elements, gingham on 1 rank
and on all ranks against NumPy on one process, in one run, in alternating rounds (NumPy, gingham on 1 rank,
gingham on all ranks, then again), printing a table of medians and ratios. Run on 2 ranks:

    scripts/mpi-launch.sh 2 3600 /usr/bin/python3 benchmarks/sweep.py [--n 10000000] [--rounds 3]
        [--family reduction] [--only "concat"] [--check]

NumPy runs on rank 0 while the other ranks wait at a barrier; "gingham 1 rank" runs on a grid of rank 0 alone
(a communicator of that rank) while the others wait likewise; "gingham P ranks" runs on the default grid.
Every gingham time is between barriers (the slowest rank counts); one untimed round first warms up plans
and caches (FFTW's planner, the plan cache) on every side. Operations under 1 ms (in the warm-up round) are
timed as up to 1000 calls in a row between the barriers, the same number on every side, and reported per
call: a barrier's latency (microseconds, more with oversubscribed ranks) is not part of the operation. NumPy's views (slices, transposes,
broadcast_to, reshape) are timed with a copy of the result, since gingham's results are new arrays.
speedup = NumPy / gingham on P ranks (higher is better); 1-rank ratio = gingham on 1 rank / NumPy (lower is
better). --check compares every gingham result on P ranks with NumPy's (use it with a small --n).
"""

import argparse
import statistics
import time

import numpy as np
from mpi4py import MPI
from sweep_operations import ArrayApiNumPy, host_inputs, make_inputs, operations

import gingham as gg
from timing import COMM, machine


def materialized(result):
    """NumPy's result as a new array (a view is copied), so that NumPy pays for the data as gingham does."""
    if isinstance(result, np.ndarray) and result.base is not None:
        return result.copy()
    return result


def timed(function, comm, calls=1):
    """Seconds per call of `calls` calls in a row between barriers of `comm`; (None, message) when a call
    raised."""
    comm.Barrier()
    start = time.perf_counter()
    try:
        for _ in range(calls):
            function()
    except Exception as error:  # noqa: BLE001  (gingham raises the same error on every rank)
        comm.Barrier()
        return None, f"{type(error).__name__}: {str(error).splitlines()[0][:60]}"
    comm.Barrier()
    return (time.perf_counter() - start) / calls, None


# Operations faster than this are timed as several calls in a row between the barriers (the same number on
# every side), so that a barrier's latency, which the operation itself does not have, stays out of its time.
SHORT_CALL_SECONDS = 1e-3
MOST_CALLS = 1000


def calls_for(seconds, comm):
    """Collective. The calls per timing for an operation whose sides took `seconds` per call once warm (None
    for a side that raised): enough for the fastest side to take about SHORT_CALL_SECONDS, at most
    MOST_CALLS; 1 for operations slower than that."""
    fastest = comm.allreduce(min(s for s in seconds if s) if any(seconds) else 1.0, op=MPI.MIN)
    return 1 if fastest >= SHORT_CALL_SECONDS else min(MOST_CALLS, int(np.ceil(SHORT_CALL_SECONDS / fastest)))


def agrees(ours, reference):
    """Whether a gingham result equals NumPy's (tuples element by element; floats to 1e-9 relative)."""
    if isinstance(reference, tuple):
        return len(ours) == len(reference) and all(agrees(a, b) for a, b in zip(ours, reference))
    ours, reference = np.asarray(ours), np.asarray(reference)
    if ours.shape != reference.shape:
        return False
    if np.issubdtype(reference.dtype, np.inexact):
        scale = max(1.0, float(np.max(np.abs(reference)))) if reference.size else 1.0
        return np.allclose(ours, reference, rtol=1e-9, atol=1e-9 * scale)
    return np.array_equal(ours, reference)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10**7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--family", default=None, help="only the operations of this family")
    parser.add_argument("--only", default=None, help="only the operations whose name contains this text")
    parser.add_argument("--check", action="store_true", help="compare each gingham result with NumPy's")
    options = parser.parse_args()
    rank, size = COMM.rank, COMM.size
    host = host_inputs(options.n)
    world = gg.default_grid()
    cyclic = lambda a: gg.asarray(a, distribution=gg.Distribution(a.shape, axes=(gg.Cyclic(),), grid=world))  # noqa: E731
    on_all = make_inputs(host, gg.asarray, cyclic, device=world)
    alone = COMM.Split(0 if rank == 0 else MPI.UNDEFINED, rank)
    if rank == 0:
        grid1 = gg.ProcessGrid(comm=alone)
        on_one = make_inputs(host, lambda a: gg.asarray(a, device=grid1), device=grid1)
        with_numpy = make_inputs(host, lambda a: a)
    numpy_namespace = ArrayApiNumPy()
    selected = [op for op in operations() if options.family in (None, op[0])
                and (options.only is None or options.only in op[1])]
    if rank == 0:
        print(f"gingham sweep: n = {options.n:.0e}, {size} ranks, medians of {options.rounds} alternating rounds; "
              f"{machine()}", flush=True)
        print(f"{'family':<17}{'operation':<34}{'NumPy ms':>10}{'gg 1 rank':>11}{f'gg {size} ranks':>12}"
              f"{'speedup':>9}{'1-rank ratio':>14}  note", flush=True)
    summary = []
    for family, name, function in selected:
        times = {"numpy": [], "one": [], "all": []}
        note = ""
        calls = 1
        for round_ in range(options.rounds + 1):  # round 0 warms up (plans, caches) and is not counted
            if rank == 0:
                seconds, error = timed(lambda: materialized(function(numpy_namespace, with_numpy)), alone, calls)
                times["numpy"].append(seconds)
                seconds, error_one = timed(lambda: function(gg, on_one), alone, calls)
                times["one"].append(seconds)
                note = note or error or error_one or ""
            COMM.Barrier()
            seconds, error = timed(lambda: function(gg, on_all), COMM, calls)
            times["all"].append(seconds)
            note = note or error or ""
            if round_ == 0:  # warm now: time a few calls of each side again to choose the calls per timing
                again = [timed(lambda: materialized(function(numpy_namespace, with_numpy)), alone, 3)[0],
                         timed(lambda: function(gg, on_one), alone, 3)[0]] if rank == 0 else []
                COMM.Barrier()
                calls = calls_for(again + [timed(lambda: function(gg, on_all), COMM, 3)[0]], COMM)
        times = {key: values[1:] for key, values in times.items()}
        if calls > 1:
            note = note or f"(per call of {calls} in a row)"
        if options.check and not note and family == "random":
            note = "(not checked: NumPy's default generator is another stream)"
        elif options.check and not note:
            ours = function(gg, on_all)
            if isinstance(ours, tuple):
                ours = tuple(np.asarray(part) for part in ours)
            else:
                ours = np.asarray(ours)
            reference = function(ArrayApiNumPy(stable_argsort=True), with_numpy) if rank == 0 else None
            ok = COMM.bcast(agrees(ours, reference) if rank == 0 else None, root=0)
            note = "" if ok else "WRONG RESULT"
        if rank == 0:
            median = {key: statistics.median(values) if values and None not in values else None
                      for key, values in times.items()}
            numpy_ms, one_ms, all_ms = (None if median[k] is None else 1e3 * median[k] for k in ("numpy", "one", "all"))
            speedup = numpy_ms / all_ms if numpy_ms and all_ms else None
            ratio = one_ms / numpy_ms if numpy_ms and one_ms else None
            show = lambda value, form: "n/a" if value is None else format(value, ".3f" if value < 0.1 and form == ".2f" else form)  # noqa: E731
            print(f"{family:<17}{name:<34}{show(numpy_ms, '.2f'):>10}{show(one_ms, '.2f'):>11}{show(all_ms, '.2f'):>12}"
                  f"{show(speedup, '.2f') + 'x':>9}{show(ratio, '.2f') + 'x':>14}  {note}", flush=True)
            summary.append((family, name, speedup, ratio))
    if rank == 0:
        known = [s for s in summary if s[2] is not None]
        slower = [f"{name} {speedup:.2f}x" for _, name, speedup, _ in known if speedup < 1.0]
        one_rank = [f"{name} {ratio:.2f}x" for _, name, _, ratio in known if ratio is not None and ratio > 1.25]
        print(f"\n{len(known)} of {len(summary)} operations measured; geometric mean speedup on {size} ranks "
              f"{np.exp(np.mean(np.log([s[2] for s in known]))):.2f}x" if known else "no operation measured")
        print(f"slower than NumPy on {size} ranks ({len(slower)}): " + (", ".join(slower) or "none"))
        print(f"1 rank over 1.25x NumPy's time ({len(one_rank)}): " + (", ".join(one_rank) or "none"))
    if rank == 0:
        alone.Free()


if __name__ == "__main__":
    main()
