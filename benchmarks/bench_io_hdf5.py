"""gg.save / gg.load of HDF5 files against h5py with the MPI-IO driver writing and reading the same
hyperslabs collectively, on the ranks it is launched with (issue 14: 2 ranks).

For a float64 array of rows x cols (default 8192 x 4096: 256 MiB; 16384 x 16384 is the issue's 2 GiB) on a
2-D grid (MPI_Dims_create), in the block layout and in block-cyclic(64) on both axes, it measures (best of
`reps`):
  - gingham HDF5: gg.save(path, x, dataset="x") (temporary file, H5Fcreate over MPI-IO, one collective
    H5Dwrite of hyperslabs made from the layout, flush = MPI_File_sync, close, agreement, rename) and
    gg.load(path, dataset="x", distribution=layout) (rank 0's probe and broadcast, one collective H5Dread);
  - h5py mpio: h5py.File(driver="mpio"), a contiguous dataset, each rank's owned blocks selected with
    h5py's low-level select_hyperslab (one per product of row and column runs, OR-ed), one collective write
    from the shard (flush, close) and one collective read into a buffer allocated beforehand; no temporary
    file, no rename, no agreement;
  - gingham .npy: gg.save / gg.load of the same array (bench_io_npy.py compares those with raw MPI-IO).
and prints the bandwidths (GiB/s, array bytes / seconds) and gingham HDF5 / h5py (higher is better). The
files go to $GINGHAM_BENCH_DIR (default /tmp), page cache included (nothing drops caches).

Usage: mpirun -np 2 python3 benchmarks/bench_io_hdf5.py [rows cols reps]   (benchmarks/run.sh part io)
"""

import os
import sys
import tempfile
import time

import h5py
import numpy as np
from mpi4py import MPI

import gingham as gg

LAYOUTS = {"block": 0, "block-cyclic(64)": 64}


def runs(indices):
    """Increasing global indices as runs (first, length) of consecutive ones."""
    breaks = np.flatnonzero(np.diff(indices) != 1) + 1
    starts, ends = np.concatenate(([0], breaks)), np.concatenate((breaks, [len(indices)]))
    return [(int(indices[s]), int(e - s)) for s, e in zip(starts, ends)]


def select_owned(space, owned):
    """Selects in ``space`` the product of this rank's row runs and column runs (h5py's low-level API)."""
    rows, cols = (runs(o) if len(o) else [] for o in owned)
    if not rows or not cols:
        space.select_none()
        return
    op = h5py.h5s.SELECT_SET
    for r, nr in rows:
        for c, nc in cols:
            space.select_hyperslab((r, c), (1, 1), block=(nr, nc), op=op)
            op = h5py.h5s.SELECT_OR


def best(reps, comm, step):
    """The best of ``reps`` timings of ``step()`` between barriers."""
    seconds = float("inf")
    for _ in range(reps):
        comm.barrier()
        t = time.perf_counter()
        step()
        comm.barrier()
        seconds = min(seconds, time.perf_counter() - t)
    return seconds


def transfer_of(dataset, owned, shard_shape):
    """(memory space, file space, collective transfer list) for moving this rank's owned blocks of ``dataset``."""
    file_space = dataset.id.get_space()
    select_owned(file_space, owned)
    transfer = h5py.h5p.create(h5py.h5p.DATASET_XFER)
    transfer.set_dxpl_mpio(h5py.h5fd.MPIO_COLLECTIVE)
    return h5py.h5s.create_simple(shard_shape), file_space, transfer


def h5py_write(path, shard, owned, shape, comm):
    with h5py.File(path, "w", driver="mpio", comm=comm) as f:
        dataset = f.create_dataset("x", shape=shape, dtype=np.float64)
        memory_space, file_space, transfer = transfer_of(dataset, owned, shard.shape)
        dataset.id.write(memory_space, file_space, shard, dxpl=transfer)
        f.flush()


def h5py_read(path, buffer, owned, comm):
    with h5py.File(path, "r", driver="mpio", comm=comm) as f:
        memory_space, file_space, transfer = transfer_of(f["x"], owned, buffer.shape)
        f["x"].id.read(memory_space, file_space, buffer, dxpl=transfer)


def main():
    rows, cols, reps = (int(a) for a in sys.argv[1:4]) if len(sys.argv) >= 4 else (8192, 4096, 3)
    comm = MPI.COMM_WORLD
    if not h5py.get_config().mpi:
        raise SystemExit("bench_io_hdf5: this h5py has no MPI support (run it under mpirun: Debian then loads h5py's MPI build)")
    directory = comm.bcast(tempfile.mkdtemp(prefix="gingham-bench-h5-", dir=os.environ.get("GINGHAM_BENCH_DIR"))
                           if comm.rank == 0 else None)
    grid = gg.ProcessGrid(tuple(int(d) for d in MPI.Compute_dims(comm.size, 2)))
    gib = rows * cols * 8 / 2**30
    if comm.rank == 0:
        print(f"bench_io_hdf5: float64 {rows} x {cols} ({gib:.3f} GiB) on {comm.size} ranks, files in {directory}; "
              f"bandwidth = array bytes / best of {reps} seconds (GiB/s)")
        print(f"{'layout':18} {'op':5} {'gingham h5':>11} {'h5py mpio':>10} {'gingham npy':>12} {'gg h5/h5py':>11}")
    for name, nb in LAYOUTS.items():
        axes = (gg.BlockCyclic(nb), gg.BlockCyclic(nb)) if nb else (gg.Block(), gg.Block())
        layout = gg.Distribution((rows, cols), axes, grid=grid)
        x = gg.full((rows, cols), 1.5, distribution=layout)
        owned = layout.owned_indices()
        shard = np.ascontiguousarray(x.local)
        buffer = np.empty_like(shard)
        h5, h5py_path, npy = (os.path.join(directory, f) for f in ("g.h5", "p.h5", "g.npy"))
        times = {
            "save": (best(reps, comm, lambda: gg.save(h5, x, dataset="x")),
                     best(reps, comm, lambda: h5py_write(h5py_path, shard, owned, (rows, cols), comm)),
                     best(reps, comm, lambda: gg.save(npy, x))),
            "load": (best(reps, comm, lambda: gg.load(h5, dataset="x", distribution=layout)),
                     best(reps, comm, lambda: h5py_read(h5py_path, buffer, owned, comm)),
                     best(reps, comm, lambda: gg.load(npy, distribution=layout))),
        }
        assert np.array_equal(buffer, shard)
        if comm.rank == 0:
            for op, (g, p, n) in times.items():
                print(f"{name:18} {op:5} {gib / g:11.2f} {gib / p:10.2f} {gib / n:12.2f} {p / g:11.2f}", flush=True)
        comm.barrier()
        if comm.rank == 0:
            for path in (h5, h5py_path, npy):
                os.remove(path)
    comm.barrier()
    if comm.rank == 0:
        os.rmdir(directory)


if __name__ == "__main__":
    main()
