"""Linear algebra from the default layout against the best layout (issue 18: "every linalg function from the
default layout within 1.1x of its time from the best layout").

For each function, the same n x n float64 operands are laid out three ways on the same ranks:
  - default: gingham's default layout (Block rows, row-major shards);
  - rows BC(nb) C: rows BlockCyclic(nb), row-major shards on the 1-D grid (ScaLAPACK reads S = X^T on a 1xP
    BLACS grid; the working layout of cholesky, eigh and svd from the default layout);
  - cols BC(nb) F: columns BlockCyclic(nb), column-major shards on the 1-D grid (S = X on a 1xP BLACS grid:
    ScaLAPACK's classic layout, the working layout of qr and the LU routines).
The best layout is the faster of the last two (the input already where ScaLAPACK wants it: the working
copy is a local memcpy). Rounds alternate the layouts; medians. The table prints the time from the default
layout, from the best layout, and their ratio (target <= 1.1). The SVD family (svd, svdvals, pinv,
matrix_rank: P?GESVD, about 20x cholesky's time at n = 2000 on 2 ranks) runs at --n-svd.

Run on 2 ranks: benchmarks/run.sh (part linalg), or
    scripts/mpi-launch.sh 2 1800 /usr/bin/python3 benchmarks/bench_linalg_layouts.py [--n 2000] [--n-svd 1000]
        [--rounds 3] [--only cholesky,solve]
"""

import argparse
import statistics
import time

import numpy as np

import gingham as gg
from timing import COMM, machine


def functions(n, n_svd):
    """(name, operands, call): the operands are NumPy arrays laid out by the benchmark, the call takes the
    gingham arrays."""
    rng = np.random.default_rng(0)
    a = rng.random((n, n))
    small = rng.random((n_svd, n_svd))
    b = rng.random((n, n))
    spd = a @ a.T + n * np.eye(n)
    sym = a + a.T
    vector = rng.random(n)
    la = gg.linalg
    return [
        ("matmul", (a, b), lambda x, y: gg.matmul(x, y)),
        ("cholesky", (spd,), lambda x: la.cholesky(x)),
        ("cholesky upper", (spd,), lambda x: la.cholesky(x, upper=True)),
        ("solve (vector)", (a, vector), lambda x, y: la.solve(x, y)),
        ("solve (n rhs)", (a, b), lambda x, y: la.solve(x, y)),
        ("inv", (a,), lambda x: la.inv(x)),
        ("det", (a,), lambda x: la.det(x)),
        ("slogdet", (a,), lambda x: la.slogdet(x)),
        ("matrix_power 3", (a,), lambda x: la.matrix_power(x, 3)),
        ("qr", (a,), lambda x: la.qr(x)),
        ("eigh", (sym,), lambda x: la.eigh(x)),
        ("eigvalsh", (sym,), lambda x: la.eigvalsh(x)),
        ("svd", (small,), lambda x: la.svd(x, full_matrices=False)),
        ("svdvals", (small,), lambda x: la.svdvals(x)),
        ("pinv", (small,), lambda x: la.pinv(x)),
        ("matrix_rank", (small,), lambda x: la.matrix_rank(x)),
    ]


def layouts(nb):
    """name -> function(shape) giving the Distribution of an operand of that shape (None: the default)."""
    def rows_c(shape):
        return gg.Distribution(shape, (gg.BlockCyclic(nb),) + (None,) * (len(shape) - 1), local_order="C")

    def cols_f(shape):
        if len(shape) == 1:  # a vector right-hand side: spread like the matrix's rows are seen by ScaLAPACK
            return gg.Distribution(shape, (gg.BlockCyclic(nb),), local_order="F")
        return gg.Distribution(shape, (None, gg.BlockCyclic(nb)), local_order="F")

    return {"default": lambda shape: None, f"rows BC({nb}) C": rows_c, f"cols BC({nb}) F": cols_f}


def timed(call, operands):
    COMM.Barrier()
    start = time.perf_counter()
    call(*operands)
    COMM.Barrier()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--n-svd", type=int, default=1000, help="the size of svd, svdvals, pinv and matrix_rank")
    parser.add_argument("--nb", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated names (or prefixes) of the functions to time")
    options = parser.parse_args()
    wanted = [w.strip() for w in options.only.split(",") if w.strip()]
    kinds = layouts(options.nb)
    if COMM.rank == 0:
        print(f"linalg from the default layout vs the best layout: n = {options.n} (SVD family {options.n_svd}) float64 "
              f"on {COMM.size} ranks, "
              f"medians of {options.rounds} alternating rounds; {machine()}", flush=True)
        print(f"{'function':<16} {'default':>9} {'best':>9} {'ratio':>6}  best layout   "
              + "  ".join(f"{k:>14}" for k in kinds), flush=True)
    for name, operands, call in functions(options.n, options.n_svd):
        if wanted and not any(name.startswith(w) for w in wanted):
            continue
        arrays = {kind: [gg.asarray(o, distribution=make(o.shape)) for o in operands] for kind, make in kinds.items()}
        for kind in kinds:  # one warm-up each (plans, BLACS grids, workspaces)
            timed(call, arrays[kind])
        times = {kind: [] for kind in kinds}
        for _ in range(options.rounds):
            for kind in kinds:
                times[kind].append(timed(call, arrays[kind]))
        median = {kind: statistics.median(t) for kind, t in times.items()}
        best_kind = min((k for k in kinds if k != "default"), key=lambda k: median[k])
        ratio = median["default"] / median[best_kind]
        if COMM.rank == 0:
            print(f"{name:<16} {median['default']:9.3f} {median[best_kind]:9.3f} {ratio:6.2f}  {best_kind:<13} "
                  + "  ".join(f"{median[k]:14.3f}" for k in kinds), flush=True)


if __name__ == "__main__":
    main()
