"""Issue 5 benchmark: gg.sort of float64 against numpy.sort in one process, the strided slice x[::3]
against NumPy (a copy of a[::3], since NumPy's slice alone is a view), the boolean selection x[x > 0.5]
against NumPy's; a 2-D transpose that moves data against a plain redistribution of the same bytes and
raw MPI_Alltoall; and the peak memory each operation adds per rank, skewed data included. 2 ranks:

    scripts/mpi-launch.sh 2 1800 /usr/bin/python3 benchmarks/bench_manipulation.py [--n 100000000]
"""

import argparse
import statistics

import numpy as np
from mpi4py import MPI
from memory import CacheOff, peak_extra_bytes

import gingham as gg
from timing import COMM, best


def speed(n, repeat):
    whole = np.random.default_rng(1).random(n)
    x = gg.asarray(whole)
    sort_time = best(lambda: gg.sort(x), repeat)
    slice_time = best(lambda: x[::3], repeat)
    select_time = best(lambda: x[x > 0.5], repeat)
    if COMM.rank == 0:
        numpy_sort = best(lambda: np.sort(whole), repeat, collective=False)
        numpy_slice = best(lambda: np.ascontiguousarray(whole[::3]), repeat, collective=False)
        numpy_select = best(lambda: whole[whole > 0.5], repeat, collective=False)
    COMM.Barrier()
    ok = np.array_equal(np.asarray(gg.sort(x)), np.sort(whole)) if n <= 10**7 else True
    if COMM.rank == 0:
        print(f"gingham manipulation benchmark: n = {n:.0e} float64, {COMM.size} ranks, best of {repeat}")
        print(f"sort      gingham {sort_time:.3f} s   numpy.sort {numpy_sort:.3f} s   {numpy_sort / sort_time:.2f}x"
              f"{'' if ok else '   WRONG RESULT'}")
        print(f"x[::3]    gingham {slice_time:.4f} s   NumPy copy {numpy_slice:.4f} s   {numpy_slice / slice_time:.2f}x")
        print(f"x[x>0.5]  gingham {select_time:.4f} s   NumPy {numpy_select:.4f} s   {numpy_select / select_time:.2f}x")


def transpose(size, repeat):
    """A real transpose (data moves between ranks: the result is laid out in Block rows of x.T) against a
    redistribution that moves the same bytes without transposing (Block rows to Block columns) and against
    MPI_Alltoall of the same bytes between ready buffers (mpi4py). Medians."""
    grid = gg.default_grid()
    a = np.random.default_rng(2).random((size, size))
    rows = gg.Distribution((size, size), grid=grid)
    columns = gg.Distribution((size, size), axes=(None, gg.Block()), grid=grid)
    x = gg.asarray(a, distribution=rows)
    t = gg.redistribute(x, rows, axes=(1, 0))
    ok = COMM.allreduce(bool(np.array_equal(t.local, a.T[np.ix_(*rows.owned_indices())])))
    del t
    median = statistics.median
    transpose_time = best(lambda: gg.redistribute(x, rows, axes=(1, 0)), repeat, summary=median)
    local_time = best(lambda: x.T, repeat, summary=median)
    redistribution_time = best(lambda: gg.redistribute(x, columns), repeat, summary=median)
    send = np.ascontiguousarray(x.local).reshape(-1)
    receive = np.empty_like(send)
    alltoall_time = best(lambda: COMM.Alltoall(send, receive), repeat, summary=median)
    if COMM.rank == 0:
        mb = send.nbytes / 2**20
        print(f"\ntranspose of {size} x {size} float64 on {COMM.size} ranks ({mb:.0f} MiB per rank, "
              f"{mb * (COMM.size - 1) / COMM.size:.0f} MiB of it to other ranks), median of {repeat}"
              f"{'' if ok else '   WRONG RESULT'}")
        print(f"transpose into Block rows of x.T   {transpose_time * 1e3:7.2f} ms")
        print(f"Block rows -> Block columns        {redistribution_time * 1e3:7.2f} ms   "
              f"transpose / this {transpose_time / redistribution_time:.2f}")
        print(f"MPI_Alltoall of the same bytes     {alltoall_time * 1e3:7.2f} ms   "
              f"transpose / this {transpose_time / alltoall_time:.2f} "
              f"({alltoall_time / transpose_time:.2f} of its bandwidth)")
        print(f"x.T (permute_dims: shards transposed in place, no messages) {local_time * 1e3:.2f} ms")


def memory_cases(n, size):
    """(label, input whose shard is the unit, operation) for every operation measured."""
    rng = np.random.default_rng(3)
    whole = rng.random(n)
    x = gg.asarray(whole)
    first_rank = np.zeros(n)
    first_rank[: -(-n // COMM.size)] = 1.0  # everything selected lies on rank 0
    skewed = gg.asarray(first_rank)
    ascending = gg.arange(n, dtype=gg.float64)
    equal, descending = gg.ones(n), gg.flip(ascending)
    sorted_x = gg.sort(x)
    counts = rng.integers(0, 4, size=n)
    indices = rng.integers(0, n, size=n // 4)
    matrix = gg.reshape(x, (n // 1000, 1000)) if n % 1000 == 0 else None
    square = gg.asarray(rng.random((size, size)))
    rows = square.distribution
    cases = [
        ("sort, random keys", x, lambda: gg.sort(x)),
        ("sort, all keys equal", equal, lambda: gg.sort(equal)),
        ("sort, already sorted", ascending, lambda: gg.sort(ascending)),
        ("sort, reverse sorted", descending, lambda: gg.sort(descending)),
        ("argsort, random keys", x, lambda: gg.argsort(x)),
        ("argsort, all keys equal", equal, lambda: gg.argsort(equal)),
        ("x[x > 0.5]", x, lambda: x[x > 0.5]),
        ("x[x > 0.5], all selected on rank 0", skewed, lambda: skewed[skewed > 0.5]),
        ("nonzero(x > 0.5)", x, lambda: gg.nonzero(x > 0.5)),
        ("x[::3]", x, lambda: x[::3]),
        ("take(x, n/4 host indices)", x, lambda: gg.take(x, indices)),
        ("searchsorted(sorted x, x)", x, lambda: gg.searchsorted(sorted_x, x)),
        ("unique_values, random keys", x, lambda: gg.unique_values(x)),
        ("unique_values, all equal", equal, lambda: gg.unique_values(equal)),
        ("unique_counts, random keys", x, lambda: gg.unique_counts(x)),
        ("unique_inverse, random keys", x, lambda: gg.unique_inverse(x)),
        ("unique_all, random keys", x, lambda: gg.unique_all(x)),
        ("isin(x, sorted x)", x, lambda: gg.isin(x, sorted_x)),
        ("concat([x, x])", x, lambda: gg.concat([x, x])),
        ("repeat(x, 2)", x, lambda: gg.repeat(x, 2)),
        ("repeat(x, host counts 0-3)", x, lambda: gg.repeat(x, counts)),
    ]
    if matrix is not None:
        cases += [("reshape 1-D -> (n/1000, 1000)", x, lambda: gg.reshape(x, (n // 1000, 1000))),
                  ("reshape (n/1000, 1000) -> 1-D", matrix, lambda: gg.reshape(matrix, (n,)))]
    cases.append((f"transpose {size}^2 into Block rows of x.T", square,
                  lambda: gg.redistribute(square, rows, axes=(1, 0))))
    return cases


def memory(n, size):
    """The peak resident memory each operation adds per rank, as a multiple of its input's shard, with
    gingham's cache of freed shards turned off (else freed blocks stay resident and are reused)."""
    with CacheOff():
        cases = memory_cases(n, size)
        rows = []
        for label, unit, operation in cases:
            extra = peak_extra_bytes(operation)
            multiples = COMM.gather(extra / max(unit.local.nbytes, 1), root=0)
            peak = COMM.reduce(extra, op=MPI.MAX, root=0)
            rows.append((label, peak, multiples, unit.local.nbytes))
    if COMM.rank == 0:
        print(f"\npeak extra resident memory per rank, n = {n:.0e} float64 on {COMM.size} ranks (VmHWM after minus "
              "VmRSS before; the result included; gingham's shard cache off)")
        print(f"{'operation':44s} {'MiB (max)':>9s}  {'x input shard':>13s}  per rank")
        for label, peak, multiples, unit in rows:
            print(f"{label:44s} {peak / 2**20:9.1f}  {max(multiples):13.2f}  "
                  + " ".join(f"{m:.2f}" for m in multiples))
        print(f"(input shard: {rows[0][3] / 2**20:.1f} MiB for the 1-D cases on rank 0)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10**8)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--transpose-size", type=int, default=4000)
    parser.add_argument("--memory-n", type=int, default=10**7)
    options = parser.parse_args()
    speed(options.n, options.repeat)
    transpose(options.transpose_size, 10)
    memory(options.memory_n, options.transpose_size)


if __name__ == "__main__":
    main()
