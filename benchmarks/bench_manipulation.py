"""Issue 5 benchmark (so far): gg.sort of float64 against numpy.sort in one process, the strided slice
x[::3] against NumPy (a copy of a[::3], since NumPy's slice alone is a view), and the boolean selection
x[x > 0.5] against NumPy's. 2 ranks:

    scripts/mpi-launch.sh 2 1800 /usr/bin/python3 benchmarks/bench_manipulation.py [--n 100000000]
"""

import argparse

import numpy as np

import gingham as gg
from timing import COMM, best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10**8)
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args()
    n, repeat = options.n, options.repeat
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


if __name__ == "__main__":
    main()
