"""gg.save / gg.load of .npy files against raw MPI-IO and NumPy, on 2 ranks (a simple first benchmark for
issue 14; the issue's full one, 2 GiB and h5py, comes with HDF5).

For a float64 array of rows x cols (default 8192 x 4096: 256 MiB) on a 2-D grid (MPI_Dims_create), in
the block layout and in block-cyclic(64) on both axes, it measures (best of `reps`):
  - gingham: gg.save (temporary file, collective write through the file view, sync, close, agreement,
    rename) and gg.load (header probe and broadcast, collective read);
  - raw MPI-IO: raw_mpiio_npy.c (compiled here with mpicc), one MPI_File_write_at_all / read_at_all through an
    MPI_Type_create_darray view of the same bytes in the same layout, with MPI_File_sync; each write
    replaces the previous file (delete + new file, timed: a gingham save frees the old file's blocks in its
    rename, about 0.15 s per 256 MiB on ext4 here); each read goes into the same, already touched buffer
    (gingham's load allocates its array, from its pool); no header, no rename, no agreement;
  - NumPy: np.save / np.load of the whole array by one process (rank 0 of the gingham job).
and prints the bandwidths and the ratios gingham / raw (bandwidth: higher is better; the issue's target
is >= 0.8) and gingham / NumPy. The files go to $GINGHAM_BENCH_DIR (default: a directory under /tmp),
so the numbers are those of that file system, page cache included (nothing drops caches).

Usage: python3 benchmarks/bench_io_npy.py [rows cols reps]   (runs the MPI jobs itself, through
scripts/mpi-launch.sh; do not start it under mpirun)
"""

import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
LAUNCH = ROOT / "scripts" / "mpi-launch.sh"
RANKS = 2
LAYOUTS = {"block": 0, "block-cyclic(64)": 64}


def worker(rows, cols, nb, path, reps):
    """Under mpirun: gingham's save and load times, then NumPy's on rank 0; prints one line on rank 0."""
    import numpy as np
    from mpi4py import MPI

    import gingham as gg

    comm = MPI.COMM_WORLD
    grid = gg.ProcessGrid(tuple(int(d) for d in MPI.Compute_dims(comm.size, 2)))
    axes = (gg.BlockCyclic(nb), gg.BlockCyclic(nb)) if nb else (gg.Block(), gg.Block())
    layout = gg.Distribution((rows, cols), axes, grid=grid)
    x = gg.full((rows, cols), 1.5, distribution=layout)
    save = load = float("inf")
    for _ in range(reps):
        comm.barrier()
        t = time.perf_counter()
        gg.save(path, x)
        comm.barrier()
        save = min(save, time.perf_counter() - t)
        t = time.perf_counter()
        y = gg.load(path, distribution=layout)
        comm.barrier()
        load = min(load, time.perf_counter() - t)
        del y
    numpy_save = numpy_load = float("nan")
    if comm.rank == 0:
        a = np.full((rows, cols), 1.5)
        numpy_save = numpy_load = float("inf")
        for _ in range(reps):
            t = time.perf_counter()
            with open(path + ".np.npy", "wb") as f:
                np.save(f, a)
                f.flush()
                os.fsync(f.fileno())
            numpy_save = min(numpy_save, time.perf_counter() - t)
            t = time.perf_counter()
            np.load(path + ".np.npy")
            numpy_load = min(numpy_load, time.perf_counter() - t)
        os.remove(path + ".np.npy")
        print(f"gingham save {save:.6f} load {load:.6f} numpy save {numpy_save:.6f} load {numpy_load:.6f}", flush=True)
    comm.barrier()


def run(command):
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def numbers(line, words):
    parts = line.split()
    return [float(parts[parts.index(w) + 1]) for w in words]


def main():
    rows, cols, reps = (int(a) for a in sys.argv[1:4]) if len(sys.argv) >= 4 else (8192, 4096, 3)
    own_directory = not os.environ.get("GINGHAM_BENCH_DIR")
    directory = pathlib.Path(tempfile.mkdtemp(prefix="gingham-bench-io-") if own_directory else os.environ["GINGHAM_BENCH_DIR"])
    binary = directory / "raw_mpiio_npy"
    run(["mpicc", "-O2", "-o", str(binary), str(ROOT / "benchmarks" / "raw_mpiio_npy.c")])
    import io

    import numpy as np
    header = io.BytesIO()  # the raw program writes its data where the .npy header ends, as gingham does
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (rows, cols)})
    offset = len(header.getvalue())
    gib = rows * cols * 8 / 2**30
    print(f"bench_io_npy: float64 {rows} x {cols} ({gib:.3f} GiB) on {RANKS} ranks, files in {directory}; "
          f"bandwidth = array bytes / best of {reps} seconds (GiB/s)")
    print(f"{'layout':18} {'op':5} {'gingham':>9} {'raw MPI-IO':>11} {'np 1 proc':>10} {'gg/raw':>7} {'gg/np':>7}")
    for name, nb in LAYOUTS.items():
        path = str(directory / "a.npy")
        raw = numbers(run(["bash", str(LAUNCH), str(RANKS), "1800", str(binary), str(rows), str(cols), str(nb),
                           path + ".raw", str(offset), str(reps)]).strip().splitlines()[-1], ["write", "read"])
        env = dict(os.environ, PYTHONPATH=os.environ.get("PYTHONPATH", str(ROOT / "build" / "python")))
        line = subprocess.run(["bash", str(LAUNCH), str(RANKS), "1800", sys.executable, __file__, "--worker", str(rows),
                               str(cols), str(nb), path, str(reps)], capture_output=True, text=True, env=env)
        if line.returncode != 0:
            raise SystemExit(f"gingham worker failed:\n{line.stdout}\n{line.stderr}")
        values = line.stdout.strip().splitlines()[-1].split()  # gingham save S load L numpy save S load L
        gg_save, gg_load, np_save, np_load = float(values[2]), float(values[4]), float(values[7]), float(values[9])
        for op, g, r, n in (("save", gg_save, raw[0], np_save), ("load", gg_load, raw[1], np_load)):
            print(f"{name:18} {op:5} {gib / g:9.2f} {gib / r:11.2f} {gib / n:10.2f} {r / g:7.2f} {n / g:7.2f}")
        for leftover in (path, path + ".raw"):
            if os.path.exists(leftover):
                os.remove(leftover)
    os.remove(binary)
    if own_directory:
        os.rmdir(directory)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]))
    else:
        main()
