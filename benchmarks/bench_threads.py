"""Ranks x threads and SIMD levels (issue 18, points 2 and 3), on 10^8 float64 elements.

1. The same operations (x + y, sum, exp, sort; matmul n = 4000) as 2 ranks x 1 thread and as 1 rank x 2
   threads (``mpirun -np 1 --bind-to none``, GINGHAM_NUM_THREADS=2, OpenBLAS following, OMP_PROC_BIND=close
   OMP_PLACES=cores unless the environment sets them), in alternating
   rounds of separate MPI jobs, against NumPy on one process with 2 BLAS threads (matmul: in a process of its
   own, and in the 1-rank job itself on the same matrices) and the STREAM-like floors (c = a + b and a
   read-only ddot) measured on the same ranks in the same job.
2. sum and x + y with the local loops compiled for baseline x86-64 against the widest SIMD level of this CPU
   (gingham/core/simd_level.hpp), in alternating rounds inside one 2-rank job.

Run: /usr/bin/python3 benchmarks/bench_threads.py [--rounds 3] [--n 100000000] (launches its own MPI jobs;
PYTHONPATH must name the build's python folder). Prints medians over rounds; each figure inside a round is the
best of --repeat runs between barriers.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONFIGS = {"2 ranks x 1 thread": (2, 1), "1 rank x 2 threads": (1, 2)}


def child(options):
    """One MPI job: times of every operation, printed as JSON by rank 0."""
    import numpy as np

    import gingham as gg
    from timing import COMM, best

    n, repeat = options.n, options.repeat
    out = {"threads": gg.num_threads(), "simd": gg._core.simd_level()}
    x = gg.arange(float(n)) * (1.0 / n)
    y = gg.ones(n)
    out["x + y"] = best(lambda: x + y, repeat)
    out["sum"] = best(lambda: gg.sum(x), repeat)
    out["exp"] = best(lambda: gg.exp(x), repeat)
    rng = gg.random.default_rng(1)
    r = rng.random(n)
    out["sort"] = best(lambda: gg.sort(r), repeat)
    del r
    # STREAM-like floors on the same ranks: c = a + b (24 bytes per element) and ddot (8 bytes per element).
    local = x.local.size
    a, b, c = np.full(local, 1.0), np.full(local, 2.0), np.empty(local)
    c[:] = 0.0
    out["floor x + y"] = best(lambda: np.add(a, b, out=c), repeat)
    out["floor sum"] = best(lambda: np.dot(a, a), repeat)
    del a, b, c, x, y
    if options.matmul:
        m = options.matmul
        p = gg.random.default_rng(2).random((m, m))
        q = gg.random.default_rng(3).random((m, m))
        out["matmul"] = best(lambda: p @ q, 2)
        if COMM.size == 1:  # NumPy's @ in this rank too: the same process, environment, binding and BLAS threads
            host_p, host_q = np.asarray(p), np.asarray(q)
            out["numpy matmul in the rank"] = best(lambda: host_p @ host_q, 2)
            del host_p, host_q
    if options.simd and COMM.size == 2:
        x = gg.arange(float(n)) * (1.0 / n)
        y = gg.ones(n)
        widest = gg._core.simd_level()
        for level in ("baseline", widest):
            previous = gg._core.set_simd_level_cap(level)
            out[f"sum @{level}"] = best(lambda: gg.sum(x), repeat)
            out[f"x + y @{level}"] = best(lambda: x + y, repeat)
            gg._core.set_simd_level_cap(previous)
    if COMM.rank == 0:
        print("RESULT " + json.dumps(out), flush=True)


def numpy_matmul(m, threads):
    """NumPy's @ of two m x m float64 matrices with `threads` OpenBLAS threads: best of 2, in a subprocess."""
    code = (
        "import numpy as np, time\n"
        f"p = np.random.default_rng(2).random(({m}, {m})); q = np.random.default_rng(3).random(({m}, {m}))\n"
        "best = 1e9\n"
        "for _ in range(2):\n"
        "    t = time.perf_counter(); p @ q; best = min(best, time.perf_counter() - t)\n"
        "print(best)\n"
    )
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads))
    return float(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout)


def run_config(ranks, threads, options, simd):
    env = dict(os.environ, GINGHAM_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads),
               PYTHONPATH=os.pathsep.join([HERE, os.environ.get("PYTHONPATH", "")]))
    launcher = [os.path.join(ROOT, "scripts", "mpi-launch.sh"), str(ranks), "1200"]
    if threads > 1:
        env["OMPI_MCA_hwloc_base_binding_policy"] = "none"  # the rank may use every core
        # and its threads stay each on one core, as the README says to run them (unless set already)
        env.setdefault("OMP_PROC_BIND", "close")
        env.setdefault("OMP_PLACES", "cores")
    command = launcher + [sys.executable, os.path.abspath(__file__), "--child", "--n", str(options.n),
                          "--repeat", str(options.repeat), "--matmul", str(options.matmul)] + (["--simd"] if simd else [])
    done = subprocess.run(["bash"] + command, env=env, check=True, capture_output=True, text=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10**8)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--matmul", type=int, default=4000)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--simd", action="store_true")
    options = parser.parse_args()
    if options.child:
        return child(options)
    sys.path.insert(0, HERE)
    from timing import machine

    results = {name: [] for name in CONFIGS}
    numpy_times = []
    for round_ in range(options.rounds):
        for name, (ranks, threads) in CONFIGS.items():
            results[name].append(run_config(ranks, threads, options, simd=(ranks == 2)))
        if options.matmul:
            numpy_times.append(numpy_matmul(options.matmul, 2))
    print(f"bench_threads: {machine()}; n = {options.n}, medians of {options.rounds} alternating rounds")
    median = lambda name, key: statistics.median(r[key] for r in results[name])  # noqa: E731
    two_ranks, one_rank = CONFIGS
    print(f"  threads per rank seen: {results[two_ranks][0]['threads']} / {results[one_rank][0]['threads']}; "
          f"SIMD level of the loops: {results[two_ranks][0]['simd']}")
    print(f"  {'operation':<10} {two_ranks:>20} {one_rank:>20} {'1x2 / 2x1 time':>16}")
    for key in ("x + y", "sum", "exp", "sort") + (("matmul",) if options.matmul else ()):
        t2, t1 = median(two_ranks, key), median(one_rank, key)
        print(f"  {key:<10} {t2 * 1e3:>17.1f} ms {t1 * 1e3:>17.1f} ms {t1 / t2:>16.2f}")
    gb = {"x + y": 24, "sum": 8}
    for key in ("x + y", "sum"):
        for name in CONFIGS:
            floor = median(name, f"floor {key}")
            print(f"  {key} on {name}: {gb[key] * options.n / median(name, key) / 1e9:.1f} GB/s = "
                  f"{floor / median(name, key):.2f} of the STREAM floor ({gb[key] * options.n / floor / 1e9:.1f} GB/s)")
    if options.matmul:
        numpy = statistics.median(numpy_times)
        print(f"  matmul n={options.matmul}: NumPy @ with 2 threads {numpy * 1e3:.0f} ms; gingham 1 rank x 2 threads "
              f"{numpy / median(one_rank, 'matmul'):.2f}x NumPy, 2 ranks x 1 thread {numpy / median(two_ranks, 'matmul'):.2f}x")
        here = median(one_rank, "numpy matmul in the rank")
        print(f"  matmul n={options.matmul} in the 1-rank job: NumPy @ {here * 1e3:.0f} ms, gingham "
              f"{median(one_rank, 'matmul') * 1e3:.0f} ms: {here / median(one_rank, 'matmul'):.2f}x NumPy in the same "
              "process (its launch, binding and BLAS threads)")
    levels = sorted({k.split("@")[1] for k in results[two_ranks][0] if "@" in k})
    if len(levels) == 2:
        widest = next(level for level in levels if level != "baseline")
        for key in ("sum", "x + y"):
            base, wide = median(two_ranks, f"{key} @baseline"), median(two_ranks, f"{key} @{widest}")
            print(f"  {key} on 2 ranks: {widest} loops {base / wide:.2f}x the baseline loops "
                  f"({wide * 1e3:.1f} ms against {base * 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
