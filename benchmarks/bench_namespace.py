"""Array API namespace benchmark (issue 4): x + y, gg.exp(x), gg.sum(x) and x * 2 + 1 on 10^8 float64
elements, against NumPy in one process, dask.array (threads) and the memory bandwidth a STREAM-like loop
reaches on the same ranks, all measured in this run. Also the per-call overhead on small arrays.

Run on 2 ranks: benchmarks/run.sh (or scripts/mpi-launch.sh 2 1800 /usr/bin/python3 benchmarks/bench_namespace.py).
Times are the best of ``--repeat`` runs; every gingham time is between barriers (the slowest rank counts).
"""

import argparse
import os

import numpy as np

import gingham as gg
from timing import COMM, best


def stream(n_local, repeat):
    """STREAM-like kernels on every rank at once over preallocated, touched arrays (GB/s over all ranks):
    add (c = a + b, 24 bytes per element: STREAM's add, the memory bandwidth the targets refer to) and
    read (OpenBLAS ddot of a with itself, 8 bytes per element: a read-only loop)."""
    a, b, c = np.full(n_local, 1.0), np.full(n_local, 2.0), np.empty(n_local)
    c[:] = 0.0
    add = best(lambda: np.add(a, b, out=c), repeat)
    read = best(lambda: np.dot(a, a), repeat)
    total = COMM.allreduce(n_local)
    return 24 * total / add / 1e9, 8 * total / read / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10**8)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    n, repeat = options.n, options.repeat
    rank = COMM.rank

    x = gg.arange(float(n)) * (1.0 / n)
    y = gg.ones(n)
    local = x.local.size
    add_bandwidth, read_bandwidth = stream(local, repeat)

    results = {}
    results["x + y"] = best(lambda: x + y, repeat)
    results["gg.exp(x)"] = best(lambda: gg.exp(x), repeat)
    results["gg.sum(x)"] = best(lambda: gg.sum(x), repeat)
    results["x * 2 + 1"] = best(lambda: x * 2 + 1, repeat)
    small_x, small_y = gg.ones(16), gg.ones(16)
    calls = 2000
    overhead = best(lambda: [small_x + small_y for _ in range(calls)], 3) / calls

    numpy, dask_times = {}, {}
    if rank == 0:  # the baselines run in one process (NumPy) and in threads (dask) while rank 1 waits
        a, b = np.arange(float(n)) * (1.0 / n), np.ones(n)
        numpy["x + y"] = best(lambda: a + b, repeat, collective=False)
        numpy["gg.exp(x)"] = best(lambda: np.exp(a), repeat, collective=False)
        numpy["gg.sum(x)"] = best(lambda: np.sum(a), repeat, collective=False)
        numpy["x * 2 + 1"] = best(lambda: a * 2 + 1, repeat, collective=False)
        small_a, small_b = np.ones(16), np.ones(16)
        numpy_overhead = best(lambda: [small_a + small_b for _ in range(calls)], 3, collective=False) / calls
        try:
            import dask
            import dask.array as da

            dask.config.set(scheduler="threads", num_workers=COMM.size)
            dask_times = {}
            chunk = max(1, n // (4 * COMM.size))
            dx, dy = da.from_array(a, chunks=chunk), da.from_array(b, chunks=chunk)
            dask_times["x + y"] = best(lambda: (dx + dy).persist(), repeat, collective=False)
            dask_times["gg.exp(x)"] = best(lambda: da.exp(dx).persist(), repeat, collective=False)
            dask_times["gg.sum(x)"] = best(lambda: dx.sum().compute(), repeat, collective=False)
            dask_times["x * 2 + 1"] = best(lambda: (dx * 2 + 1).persist(), repeat, collective=False)
        except ImportError:
            dask_times = None
        del a, b
    COMM.Barrier()

    if rank == 0:
        bytes_per_element = {"x + y": 24, "gg.exp(x)": 16, "gg.sum(x)": 8, "x * 2 + 1": 48}
        print(f"gingham namespace benchmark: n = {n:.0e} float64, {COMM.size} ranks, best of {repeat}")
        print(f"STREAM-like on {COMM.size} ranks: add {add_bandwidth:.1f} GB/s, read {read_bandwidth:.1f} GB/s")
        print(f"{'operation':<12}{'gingham s':>11}{'NumPy s':>10}{'dask s':>9}{'vs NumPy':>10}{'vs dask':>9}"
              f"{'GB/s':>7}{'of add BW':>11}{'of read BW':>11}")
        for name, seconds in results.items():
            bandwidth = bytes_per_element[name] * n / seconds / 1e9
            baseline = add_bandwidth
            dask_seconds = dask_times.get(name) if dask_times else None
            print(f"{name:<12}{seconds:>11.4f}{numpy[name]:>10.4f}"
                  f"{(f'{dask_seconds:.4f}' if dask_seconds else 'n/a'):>9}{numpy[name] / seconds:>9.2f}x"
                  f"{(f'{dask_seconds / seconds:.2f}x' if dask_seconds else 'n/a'):>9}{bandwidth:>7.1f}"
                  f"{bandwidth / baseline:>10.2f}x{bandwidth / read_bandwidth:>10.2f}x")
        print(f"per-call overhead, x + y on 16 elements: gingham {overhead * 1e6:.1f} us, NumPy {numpy_overhead * 1e6:.2f} us")
        print("(bytes per element: x + y 24, exp 16, sum 8, x * 2 + 1 48 (two passes); 'of add BW' compares with "
              "STREAM add, 'of read BW' with the read-only loop; OpenBLAS threads: "
              f"{os.environ.get('OPENBLAS_NUM_THREADS', 'default')})")


if __name__ == "__main__":
    main()
