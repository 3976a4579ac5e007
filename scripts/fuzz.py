"""The long run of gingham's differential fuzzer (tests/python/fuzzer.py); launch it with scripts/fuzz.sh.

    mpiexec -n 3 /usr/bin/python3 scripts/fuzz.py --start 1000 --trials 500
    mpiexec -n 3 /usr/bin/python3 scripts/fuzz.py --start 1000 --seconds 600

Trial k uses seed start + k on every rank. Each failure is printed (by rank 0) with its seed and a replay
command; the run goes on and exits 1 at the end if anything failed. ``--progress FILE`` has rank 0 write
each seed to FILE before its trial starts, so that a run killed by a timeout names the trial that hung.
"""

import argparse
import os
import sys
import time

from mpi4py import MPI

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "python"))
import fuzzer  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--start", type=int, default=0, help="seed of the first trial")
    parser.add_argument("--trials", type=int, default=None, help="number of trials")
    parser.add_argument("--seconds", type=float, default=None, help="run trials until this many seconds passed")
    parser.add_argument("--include", action="append", default=[], choices=sorted(fuzzer.KNOWN_BUGS),
                        help="turn an open bug's inputs back on (see fuzzer.KNOWN_BUGS)")
    parser.add_argument("--exclude", action="append", default=[], choices=sorted(fuzzer.FIXED),
                        help="leave out the inputs of a fixed bug (for a build without the fix; see fuzzer.FIXED)")
    parser.add_argument("--progress", default=None, help="file where rank 0 writes each seed as its trial starts")
    parser.add_argument("--verbose", action="store_true", help="print each trial's operation and arrays before it runs, and its outcome (rank 0)")
    args = parser.parse_args()
    if (args.trials is None) == (args.seconds is None):
        parser.error("give exactly one of --trials and --seconds")

    comm = MPI.COMM_WORLD
    grids = fuzzer.make_grids(comm)
    began = time.monotonic()
    count = args.trials if args.trials is not None else 2**62
    seeds = range(args.start, args.start + count)
    ranks = comm.size

    def should_stop():
        stop = args.seconds is not None and time.monotonic() - began > args.seconds
        return comm.bcast(stop, root=0)

    def on_failure(seed, message):
        if comm.rank == 0:
            print(f"FAILED trial {message}\n  replay: scripts/fuzz.sh {ranks} 1 {seed}", flush=True)

    labels = {}
    counts, failures = {}, []
    for seed in seeds:
        if should_stop():
            break
        if args.progress and comm.rank == 0:
            with open(args.progress, "w") as progress:
                progress.write(f"{seed}\n")
        trial = fuzzer.Trial(seed, comm, grids, args.include, args.exclude)
        if args.verbose and comm.rank == 0:
            trial.announce = lambda description: print(f"running {description}", flush=True)
        try:
            label, outcome = trial.run()
        except fuzzer.Failure as failure:
            label, outcome = trial.label, "failed"
            failures.append(seed)
            on_failure(seed, str(failure))
        if args.verbose and comm.rank == 0:
            print(f"seed {seed}: {outcome}: {label}", flush=True)
        counts[outcome] = counts.get(outcome, 0) + 1
        family = label.split("(")[0].split(" ")[0].split("[")[0] or label
        labels.setdefault(family, {}).setdefault(outcome, 0)
        labels[family][outcome] += 1
    total = sum(counts.values())
    if comm.rank == 0:
        print(f"fuzz: {total} trials at np {ranks} (seeds {args.start}..{args.start + total - 1}) in "
              f"{time.monotonic() - began:.0f} s: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
        if args.verbose:
            for family, outcome in sorted(labels.items()):
                print(f"  {family}: {outcome}")
        if args.include or args.exclude:
            print(f"known bugs included: {args.include}; fixed bugs excluded: {args.exclude}")
        if failures:
            print(f"fuzz: FAILED seeds: {failures}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
