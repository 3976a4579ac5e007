"""gg.fft against FFTW-MPI, mpi4py-fft and NumPy, measured in one MPI job with alternating rounds:

1. a 3-D complex128 transform of 256^3 forward and back (fftn then ifftn) on slabs (axis 0 Block over the
   ranks: 128 planes per rank on 2 ranks, the slabs FFTW-MPI's fftw_mpi_local_size_3d gives):
   - gingham: gg.fft.fftn + gg.fft.ifftn with keep_layout=False (the forward result stays in the transposed
     slabs, the inverse brings it back: two global moves, as FFTW-MPI's TRANSPOSED_OUT/IN pair) and with the
     default keep_layout=True (four moves: each result in the input's layout);
   - FFTW-MPI called directly from C (fftw_mpi_baseline.c, built here with mpicc as a shared library and
     called through ctypes in this job), in place, with gingham's planner effort (--planner: FFTW_MEASURE by
     default, as gingham's default, or FFTW_ESTIMATE), transposed and not;
   - mpi4py-fft (Debian python3-mpi4py-fft): PFFT with slab=True on the same slabs, forward + backward
     (its defaults: FFTW through its own wrappers, planned with its default effort);
   - numpy.fft.fftn + ifftn of the whole array in one process (rank 0; the other rank sleeps).
   Targets (issue 17): gingham at least 0.9x FFTW-MPI's speed, faster than mpi4py-fft, at least 2x NumPy.
2. a 2-D float64 rfftn of 8192^2 forward: gingham (both keep_layout settings), FFTW-MPI r2c (TRANSPOSED_OUT,
   padded rows, in place) and numpy.fft.rfftn in one process.
3. gingham's peak extra memory per rank of one forward transform (fftn of 1., rfftn of 2.), result included,
   in shards of the input (target: at most 3).

Run on 2 ranks (benchmarks/run.sh, part "fft"), or
    scripts/mpi-launch.sh 2 1800 /usr/bin/python3 benchmarks/bench_fft.py [--n 256] [--n2 8192] [--repeat 3]
"""

import argparse
import ctypes
import pathlib
import subprocess
import tempfile
import time

import numpy as np

import gingham as gg
from memory import CacheOff, peak_extra_bytes
from timing import COMM, machine

HERE = pathlib.Path(__file__).resolve().parent
MEASURE = [0]  # 1: FFTW_MEASURE for gingham (gg.fft.set_planner) and the FFTW-MPI baseline alike


def build_baseline():
    """The FFTW-MPI baseline as a shared library (rank 0 compiles, the others wait), loaded with ctypes."""
    directory = pathlib.Path(tempfile.gettempdir()) / "gingham_bench_fft"
    library = directory / "libfftw_mpi_baseline.so"
    error = None
    if COMM.rank == 0:
        directory.mkdir(exist_ok=True)
        command = ["mpicc", "-O2", "-shared", "-fPIC", "-o", str(library), str(HERE / "fftw_mpi_baseline.c"),
                   "-lfftw3_mpi", "-lfftw3", "-lm"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        error = result.stderr if result.returncode else None
    error = COMM.bcast(error, root=0)
    if error:
        raise RuntimeError(f"bench_fft: building fftw_mpi_baseline.c failed:\n{error}")
    baseline = ctypes.CDLL(str(library))
    baseline.baseline_setup.argtypes = [ctypes.c_int, ctypes.c_long, ctypes.c_long, ctypes.c_long, ctypes.c_int]
    baseline.baseline_run.restype = ctypes.c_double
    baseline.baseline_error.restype = ctypes.c_double
    return baseline


def timed(function):
    """Wall time of ``function()`` between barriers (the slowest rank counts)."""
    COMM.Barrier()
    start = time.perf_counter()
    function()
    COMM.Barrier()
    return time.perf_counter() - start


def on_rank0(function):
    """Wall time of ``function()`` on rank 0 alone, broadcast; the other ranks sleep on a barrier."""
    seconds = None
    if COMM.rank == 0:
        start = time.perf_counter()
        function()
        seconds = time.perf_counter() - start
    request = COMM.Ibarrier()
    while not request.Test():
        time.sleep(0.02)
    return COMM.bcast(seconds, root=0)


def signal(*index, n):
    flat = (index[0] * n + index[1]) * n + index[2] if len(index) == 3 else index[0] * n + index[1]
    return np.sin(0.001 * flat) + 1j * np.cos(0.0007 * flat) if len(index) == 3 else np.sin(0.001 * flat)


def complex_3d(n, repeat, baseline):
    x = gg.fromfunction(lambda i, j, k: signal(i, j, k, n=n), (n, n, n), dtype=gg.complex128)
    check = gg.fft.ifftn(gg.fft.fftn(x, keep_layout=False), keep_layout=False)
    gingham_error = float(gg.max(gg.abs(check - x)))
    del check
    from mpi4py import MPI
    from mpi4py_fft import PFFT, newDistArray
    pfft = PFFT(MPI.COMM_WORLD, (n, n, n), axes=(0, 1, 2), dtype=np.complex128, slab=True)
    u, u_hat = newDistArray(pfft, False), newDistArray(pfft, True)
    u[...] = np.asarray(x.local) if tuple(u.shape) == tuple(x.local.shape) else 0
    whole = np.fromfunction(lambda i, j, k: signal(i, j, k, n=n), (n, n, n)) if COMM.rank == 0 else None
    baseline.baseline_setup(0, n, n, n, MEASURE[0])
    fftw_error = baseline.baseline_error()
    baseline.baseline_free()
    times = {name: [] for name in ("gingham", "gingham keep", "fftw-mpi", "fftw-mpi plain", "mpi4py-fft", "numpy")}
    for _ in range(repeat):
        times["gingham"].append(timed(lambda: gg.fft.ifftn(gg.fft.fftn(x, keep_layout=False), keep_layout=False)))
        baseline.baseline_setup(0, n, n, n, MEASURE[0])
        times["fftw-mpi"].append(baseline.baseline_run())
        baseline.baseline_free()
        times["mpi4py-fft"].append(timed(lambda: pfft.backward(pfft.forward(u, u_hat), u)))
        times["gingham keep"].append(timed(lambda: gg.fft.ifftn(gg.fft.fftn(x))))
        baseline.baseline_setup(1, n, n, n, MEASURE[0])
        times["fftw-mpi plain"].append(baseline.baseline_run())
        baseline.baseline_free()
        times["numpy"].append(on_rank0(lambda: np.fft.ifftn(np.fft.fftn(whole))))
    with CacheOff():
        peak = max(COMM.allgather(peak_extra_bytes(lambda: gg.fft.fftn(x, keep_layout=False))))
    shard = x.local.nbytes
    return {name: min(values) for name, values in times.items()}, peak / shard, gingham_error, fftw_error


def real_2d(n, repeat, baseline):
    x = gg.fromfunction(lambda i, j: signal(i, j, n=n), (n, n), dtype=gg.float64)
    whole = np.fromfunction(lambda i, j: signal(i, j, n=n), (n, n)) if COMM.rank == 0 else None
    sample = np.asarray(gg.fft.rfftn(x)[:: n // 4, :: n // 4])
    reference = np.fft.rfftn(whole)[:: n // 4, :: n // 4] if COMM.rank == 0 else None
    error = COMM.bcast(float(np.max(np.abs(sample - reference))) / n if COMM.rank == 0 else None, root=0)
    times = {name: [] for name in ("gingham", "gingham keep", "fftw-mpi", "numpy")}
    for _ in range(repeat):
        times["gingham"].append(timed(lambda: gg.fft.rfftn(x, keep_layout=False)))
        baseline.baseline_setup(2, n, n, 1, MEASURE[0])
        times["fftw-mpi"].append(baseline.baseline_run())
        baseline.baseline_free()
        times["gingham keep"].append(timed(lambda: gg.fft.rfftn(x)))
        times["numpy"].append(on_rank0(lambda: np.fft.rfftn(whole)))
    with CacheOff():
        peak = max(COMM.allgather(peak_extra_bytes(lambda: gg.fft.rfftn(x, keep_layout=False))))
    return {name: min(values) for name, values in times.items()}, peak / x.local.nbytes, error


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=256, help="the 3-D complex transform's extent")
    parser.add_argument("--n2", type=int, default=8192, help="the 2-D real transform's extent")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--planner", choices=("estimate", "measure"), default="measure",
                        help="FFTW's planner effort for gingham and FFTW-MPI alike (planning is never timed)")
    options = parser.parse_args()
    MEASURE[0] = int(options.planner == "measure")
    gg.fft.set_planner(options.planner)
    baseline = build_baseline()
    if COMM.rank == 0:
        print(f"bench_fft on {COMM.size} ranks, {machine()}; best of {options.repeat} alternating rounds; FFTW planner "
              f"{options.planner} (gingham and FFTW-MPI; mpi4py-fft its default)", flush=True)
    t, peak, gingham_error, fftw_error = complex_3d(options.n, options.repeat, baseline)
    if COMM.rank == 0:
        n = options.n
        print(f"fftn + ifftn {n}^3 complex128: gingham {t['gingham']:.3f} s (keep_layout=False), "
              f"{t['gingham keep']:.3f} s (keep_layout=True); FFTW-MPI {t['fftw-mpi']:.3f} s (transposed), "
              f"{t['fftw-mpi plain']:.3f} s (not transposed); mpi4py-fft {t['mpi4py-fft']:.3f} s; "
              f"numpy.fft 1 process {t['numpy']:.3f} s")
        print(f"  speed relative to gingham's: gingham / FFTW-MPI {t['fftw-mpi'] / t['gingham']:.2f}x "
              f"(keep_layout=True vs not transposed {t['fftw-mpi plain'] / t['gingham keep']:.2f}x), "
              f"gingham / mpi4py-fft {t['mpi4py-fft'] / t['gingham']:.2f}x, "
              f"gingham / numpy {t['numpy'] / t['gingham']:.2f}x; round-trip error gingham {gingham_error:.1e}, "
              f"FFTW-MPI {fftw_error:.1e}")
        print(f"  peak extra memory per rank of gg.fft.fftn(keep_layout=False): {peak:.2f} shards "
              f"({peak * n ** 3 * 16 / COMM.size / 2 ** 20:.0f} MiB)", flush=True)
    t, peak, error = real_2d(options.n2, options.repeat, baseline)
    if COMM.rank == 0:
        n = options.n2
        print(f"rfftn {n}^2 float64: gingham {t['gingham']:.3f} s (keep_layout=False), {t['gingham keep']:.3f} s "
              f"(keep_layout=True); FFTW-MPI r2c {t['fftw-mpi']:.3f} s (transposed out); numpy.fft 1 process "
              f"{t['numpy']:.3f} s")
        print(f"  gingham / FFTW-MPI {t['fftw-mpi'] / t['gingham']:.2f}x, gingham / numpy {t['numpy'] / t['gingham']:.2f}x, "
              f"keep_layout=True / numpy {t['numpy'] / t['gingham keep']:.2f}x; sampled error vs numpy {error:.1e}")
        print(f"  peak extra memory per rank of gg.fft.rfftn(keep_layout=False): {peak:.2f} shards of the input "
              f"({peak * n * n * 8 / COMM.size / 2 ** 20:.0f} MiB)", flush=True)


if __name__ == "__main__":
    main()
