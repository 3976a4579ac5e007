"""gg.save / gg.load of a 2 GiB array to .npy and .h5 files on 2 ranks against raw MPI-IO, h5py's mpio driver and NumPy on one
process (issue 14's benchmark), with the disk's own bandwidth and gingham's peak memory per rank.

For a float64 array of rows x cols (default 16384 x 16384: 2 GiB) on the 2-D grid MPI_Dims_create gives
(2 ranks: 2 x 1, rows split), in the block layout and in block-cyclic(64) on both axes, it measures:
  - gingham: gg.save (temporary file, one collective write through the file view, MPI_File_sync, close,
    agreement, rename) and gg.load (header probe and broadcast, allocation, one collective read);
  - raw MPI-IO: raw_mpiio_npy.c (compiled here with mpicc): one MPI_File_write_at_all / read_at_all through an
    MPI_Type_create_darray view of the same bytes in the same layout, after the same header length, with
    MPI_File_sync; it reads into a newly allocated buffer; no header, no rename, no agreement;
  - h5py driver="mpio": one collective H5Dwrite / H5Dread per rank of the same hyperslabs (each rank's
    owned blocks, one regular hyperslab per axis piece: start, stride, count, block) of a contiguous
    dataset (fill time "never", as gingham writes no fill either), the file fsync'ed after its close;
  - NumPy: np.save (then fsync) / np.load of the whole array by one process (no MPI);
  - gingham's HDF5: gg.save / gg.load of a .h5 file (dataset "a"; hyperslabs from the layout, collective
    H5Dwrite / H5Dread, the same atomic temporary file and rename as .npy).
Every contender's job takes the same steps: make (and fill) the array, write it, free it, read it into a
new allocation. Large buffers are 2 MiB aligned and advised to use huge pages in all of them (gingham's
allocator and NumPy's do this; the raw program does the same). This matters on this machine, a VM whose host
takes back memory the guest has freed (virtio-balloon free page reporting, a few seconds after the free):
touching such memory again costs 2-3 s per GiB in 4 KiB pages, which a read into a buffer that happens to be
cold would time instead of the I/O (a raw read into a malloc'd buffer took 7-9 s where it took 0.6 s into a
buffer just freed). For the same reason the jobs are SETTLE_SECONDS apart: a job that starts writing soon
after the previous job's 2 GiB files were deleted gets warm page-cache pages, one that starts later cold
ones (a fast-starting C program would be favoured over a Python job that first imports its modules).
Each contender runs in its own job, one write and one read per job; the rounds alternate the contenders (the
machine is shared: A B C A B C, not A A A B B B) and the best of `reps` rounds counts. When this process may
write /proc/sys/vm/drop_caches (root), every contender's read comes after `sync; echo 3 > drop_caches` (not
timed), so reads come from the disk; otherwise the page cache serves them and the output says so. Writes
start after a sync (not timed: other jobs' dirty pages are written back first) and end with an fsync, so
they reach the disk.

Peak memory per rank (gingham's job, which does nothing but make the array, save it, free it and load it,
with gingham's cache of freed shards off so the load allocates as a new process would): ru_maxrss of the
rank's process minus its baseline, the resident size of the same process after `import gingham` (numpy and
mpi4py: gingham imports no torch) with its grid made and before the array exists, against the shard's
bytes + 64 MiB (the issue's limit).

The files go to a new directory under $GINGHAM_BENCH_DIR (default: the system's temporary directory), which
is removed at the end, also on failure. The disk's own bandwidth: dd of 2 GiB with O_DIRECT in that directory.

Usage: /usr/bin/python3 benchmarks/bench_io.py [rows cols reps]   (runs the MPI jobs itself, through
scripts/mpi-launch.sh; do not start it under mpirun)
"""

import io
import json
import os
import pathlib
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
LAUNCH = ROOT / "scripts" / "mpi-launch.sh"
RANKS = 2
LAYOUTS = {"block": 0, "block-cyclic(64)": 64}
DROP_CACHES = "/proc/sys/vm/drop_caches"
MEMORY_LIMIT = 64 << 20  # the allowance over the shard, bytes
JOB_SECONDS = 900
SETTLE_SECONDS = 6  # after a job's files are deleted: the host takes the freed memory back within ~2 s
MIB = 2**20


def drop_page_cache():
    """Local (one process). Writes dirty pages back and drops the clean page cache (root only)."""
    os.sync()
    with open(DROP_CACHES, "w") as control:
        control.write("3")


def collective_drop(comm, drop):
    """Collective. Rank 0 drops the page cache between barriers when ``drop``."""
    comm.barrier()
    if drop and comm.rank == 0:
        drop_page_cache()
    comm.barrier()


def collective_sync(comm):
    """Collective. Rank 0 writes every dirty page of the machine back (sync) between barriers, so that a write
    starts without other jobs' dirty data ahead of it."""
    comm.barrier()
    if comm.rank == 0:
        os.sync()
    comm.barrier()


def report(comm, **values):
    """Collective. Rank 0 prints one RESULT line of every rank's values (a list per key, by rank)."""
    gathered = comm.gather(values, root=0)
    if comm.rank == 0:
        print("RESULT " + json.dumps({key: [v[key] for v in gathered] for key in values}), flush=True)


def resident_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("VmRSS is not in /proc/self/status")


def axis_pieces(n, parts, part, nb):
    """The indices of one axis that grid part `part` of `parts` owns, as MPI_Type_create_darray lays them out
    (block: ceil(n/parts) per part; block-cyclic(nb): blocks of nb dealt round-robin), in regular hyperslab
    pieces (start, stride, count, block), ascending."""
    if nb == 0:
        size = -(-n // parts)
        start = min(n, part * size)
        length = min(n, start + size) - start
        return [(start, 1, 1, length)] if length > 0 else []
    blocks = -(-n // nb)
    owned = range(part, blocks, parts)
    full = [k for k in owned if (k + 1) * nb <= n]
    pieces = [(part * nb, parts * nb, len(full), nb)] if full else []
    if len(owned) > len(full):  # this part owns the short last block
        pieces.append((owned[-1] * nb, 1, 1, n - owned[-1] * nb))
    return pieces


def h5py_worker(rows, cols, nb, path, drop):
    """Under mpirun: one collective hyperslab write (then fsync) and read of the rank's blocks with h5py's mpio
    driver; rank 0 prints a RESULT line."""
    import h5py
    import numpy as np
    from h5py import h5d, h5fd, h5p, h5s, h5t
    from mpi4py import MPI

    comm = MPI.COMM_WORLD
    if not h5py.get_config().mpi:
        raise SystemExit("bench_io: h5py is its serial build here (set H5PY_ALWAYS_USE_MPI=1; python3-h5py-mpi)")
    dims = MPI.Compute_dims(comm.size, 2)
    coords = (comm.rank // dims[1], comm.rank % dims[1])
    row_pieces = axis_pieces(rows, dims[0], coords[0], nb)
    col_pieces = axis_pieces(cols, dims[1], coords[1], nb)
    local_shape = tuple(sum(p[2] * p[3] for p in pieces) for pieces in (row_pieces, col_pieces))
    local = np.full(local_shape, 1.5)

    def select(space):
        space.select_none()
        for r in row_pieces:
            for c in col_pieces:
                space.select_hyperslab((r[0], c[0]), (r[2], c[2]), (r[1], c[1]), (r[3], c[3]), op=h5s.SELECT_OR)
        return space

    memory_space = h5s.create_simple(local_shape)
    transfer = h5p.create(h5p.DATASET_XFER)
    transfer.set_dxpl_mpio(h5fd.MPIO_COLLECTIVE)
    collective_sync(comm)
    start = time.perf_counter()
    with h5py.File(path, "w", driver="mpio", comm=comm) as f:
        create = h5p.create(h5p.DATASET_CREATE)
        create.set_fill_time(h5d.FILL_TIME_NEVER)
        dataset = h5d.create(f.id, b"u", h5t.IEEE_F64LE, h5s.create_simple((rows, cols)), dcpl=create)
        dataset.write(memory_space, select(dataset.get_space()), local, dxpl=transfer)
        del dataset
    comm.barrier()
    if comm.rank == 0:  # HDF5 does not sync at close; the others' MPI_File_sync does
        fd = os.open(path, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    comm.barrier()
    save = time.perf_counter() - start
    del local  # as the gingham job frees its array before it loads
    collective_drop(comm, drop)
    start = time.perf_counter()
    with h5py.File(path, "r", driver="mpio", comm=comm) as f:
        dataset = f["u"].id
        loaded = np.empty(local_shape)
        dataset.read(memory_space, select(dataset.get_space()), loaded, dxpl=transfer)
        del dataset
    comm.barrier()
    load = time.perf_counter() - start
    if not (loaded == 1.5).all():
        raise SystemExit(f"bench_io: h5py read back other values than it wrote on rank {comm.rank}")
    report(comm, save=save, load=load)


def gingham_worker(rows, cols, nb, path, drop):
    """Under mpirun: gg.save then gg.load of the array (.npy, or .h5 as dataset "a", by `path`), and the peak
    memory of each rank; rank 0 prints a RESULT line. With rows 0, only this machine's line."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from mpi4py import MPI

    import gingham as gg
    from memory import CacheOff
    from timing import machine

    comm = MPI.COMM_WORLD
    dataset = {"dataset": "a"} if path.endswith(".h5") else {}
    if rows == 0:  # probe: this machine's line
        if comm.rank == 0:
            print(f"MACHINE {machine()}", flush=True)
        return
    with CacheOff():
        dims = tuple(int(d) for d in MPI.Compute_dims(comm.size, 2))
        axes = (gg.BlockCyclic(nb), gg.BlockCyclic(nb)) if nb else (gg.Block(), gg.Block())
        layout = gg.Distribution((rows, cols), axes, grid=gg.ProcessGrid(dims))
        baseline = resident_bytes()
        x = gg.full((rows, cols), 1.5, distribution=layout)
        shard = x.local.nbytes
        collective_sync(comm)
        start = time.perf_counter()
        gg.save(path, x, **dataset)
        comm.barrier()
        save = time.perf_counter() - start
        del x
        collective_drop(comm, drop)
        start = time.perf_counter()
        y = gg.load(path, distribution=layout, **dataset)
        comm.barrier()
        load = time.perf_counter() - start
        if y.local.size and not (y.local[0, 0] == 1.5 and y.local[-1, -1] == 1.5):
            raise SystemExit(f"bench_io: gg.load read back other values than gg.save wrote on rank {comm.rank}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    report(comm, save=save, load=load, shard=shard, baseline=baseline, peak=peak, grid=list(dims),
           torch="torch" in sys.modules)


def numpy_worker(rows, cols, path, drop):
    """One process, no MPI: np.save (then fsync) and np.load of the whole array; prints a RESULT line."""
    import numpy as np

    a = np.full((rows, cols), 1.5)
    os.sync()
    start = time.perf_counter()
    with open(path, "wb") as f:
        np.save(f, a)
        f.flush()
        os.fsync(f.fileno())
    save = time.perf_counter() - start
    del a
    if drop:
        drop_page_cache()
    start = time.perf_counter()
    b = np.load(path)
    load = time.perf_counter() - start
    if b[-1, -1] != 1.5:
        raise SystemExit("bench_io: np.load read back another value than np.save wrote")
    print("RESULT " + json.dumps({"save": [save], "load": [load]}), flush=True)


def run(command, env=None):
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        raise SystemExit(f"bench_io: {' '.join(map(str, command))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def result_of(output):
    lines = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if not lines:
        raise SystemExit(f"bench_io: a job printed no RESULT line:\n{output}")
    return json.loads(lines[-1][len("RESULT "):])


def disk_bandwidth(directory):
    """This file system's own sequential bandwidth (GiB/s): dd of 2 GiB in 64 MiB blocks with O_DIRECT, write
    then read."""
    probe = directory / "dd.bin"
    rates = []
    try:
        for command in (["dd", "if=/dev/zero", f"of={probe}", "bs=64M", "count=32", "oflag=direct"],
                        ["dd", f"if={probe}", "of=/dev/null", "bs=64M", "iflag=direct"]):
            text = subprocess.run(command, capture_output=True, text=True, check=True).stderr
            match = re.search(r"(\d+) bytes .* copied, ([\d.]+) s", text)
            rates.append(int(match.group(1)) / float(match.group(2)) / 2**30)
    finally:
        probe.unlink(missing_ok=True)
    return rates


def main():
    rows, cols, reps = (int(a) for a in sys.argv[1:4]) if len(sys.argv) >= 4 else (16384, 16384, 3)
    if min(rows, cols, reps) < 1:
        raise SystemExit(f"bench_io: expected positive rows, cols and reps, got {rows} {cols} {reps}")
    drop = os.geteuid() == 0 and os.access(DROP_CACHES, os.W_OK)
    directory = pathlib.Path(tempfile.mkdtemp(prefix="gingham-bench-io-", dir=os.environ.get("GINGHAM_BENCH_DIR")))
    try:
        measure(rows, cols, reps, drop, directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def measure(rows, cols, reps, drop, directory):
    binary = directory / "raw_mpiio_npy"
    run(["mpicc", "-O2", "-o", binary, ROOT / "benchmarks" / "raw_mpiio_npy.c"])
    header = io.BytesIO()  # the raw program writes its data where the .npy header ends, as gingham does
    import numpy as np
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (rows, cols)})
    offset = len(header.getvalue())
    env = dict(os.environ, PYTHONPATH=os.environ.get("PYTHONPATH", str(ROOT / "build" / "python")),
               H5PY_ALWAYS_USE_MPI="1")
    python = [sys.executable, __file__]

    def mpi(*command):
        return ["bash", LAUNCH, RANKS, JOB_SECONDS, *command]

    probe = run(mpi(*python, "--gingham", 0, 0, 0, directory / "probe.h5", 0), env)
    machine_line = next(line for line in probe.splitlines() if line.startswith("MACHINE "))[len("MACHINE "):]
    filesystem = subprocess.run(["findmnt", "-n", "-o", "FSTYPE,SOURCE", "-T", str(directory)], capture_output=True,
                                text=True, check=False).stdout.strip() or "unknown file system"
    gib = rows * cols * 8 / 2**30
    print(f"bench_io: float64 {rows} x {cols} ({gib:.3f} GiB) on {RANKS} ranks; files in {directory} ({filesystem}); "
          f"bandwidth = array bytes / best of {reps} rounds (GiB/s); figures are this machine's: {machine_line}")
    dd_write, dd_read = disk_bandwidth(directory)
    print(f"disk's own bandwidth (dd, 64 MiB blocks, O_DIRECT, 2 GiB): write {dd_write:.2f} GiB/s, read {dd_read:.2f} GiB/s")
    print("page cache: writes start after a sync and end with fsync (every contender); reads: " +
          ("the page cache is dropped (sync; echo 3 > /proc/sys/vm/drop_caches) before every contender's read" if drop
           else "served from the page cache when it holds the file (not root: caches not dropped)"))
    contenders = {
        "gingham": lambda nb, path: mpi(*python, "--gingham", rows, cols, nb, path + ".npy", int(drop)),
        "raw MPI-IO": lambda nb, path: mpi(binary, rows, cols, nb, path + ".raw", offset, 1, int(drop)),
        "h5py mpio": lambda nb, path: mpi(*python, "--h5py", rows, cols, nb, path + ".hdf5", int(drop)),
    }
    # gingham's HDF5: gg.save / gg.load of a .h5 file (dataset "a"), the same job as for .npy.
    contenders["gingham .h5"] = lambda nb, path: mpi(*python, "--gingham", rows, cols, nb, path + ".h5", int(drop))
    times = {}  # (layout, contender) -> {"save": [...], "load": [...]}; NumPy's under layout None
    memory = {}  # layout -> the gingham job's rank values with the highest peak over its shard
    names = list(contenders)
    for round_ in range(reps):
        path = str(directory / "a")
        jobs = [(None, "np 1 proc", [sys.executable, __file__, "--numpy", rows, cols, path + ".np.npy", int(drop)])]
        for layout, nb in LAYOUTS.items():
            order = names[round_ % len(names):] + names[:round_ % len(names)]  # who goes first changes every round
            jobs += [(layout, name, contenders[name](nb, path)) for name in order]
        for layout, name, command in jobs:
            try:
                result = result_of(run(command, env))
            finally:
                for leftover in directory.glob("a.*"):
                    leftover.unlink()
            time.sleep(SETTLE_SECONDS)  # every job starts with the memory freed by the last one handed back
            for op in ("save", "load"):
                times.setdefault((layout, name), {"save": [], "load": []})[op].append(max(result[op]))
            print(f"  round {round_ + 1} {layout or '(whole array)'} {name}: save {max(result['save']):.2f} s, "
                  f"load {max(result['load']):.2f} s", flush=True)
            if name == "gingham":
                over = max(p - b - s for p, b, s in zip(result["peak"], result["baseline"], result["shard"]))
                if layout not in memory or over > memory[layout][0]:
                    memory[layout] = (over, result)
    print("bandwidth in GiB/s of the best round; ratios of bandwidths (> 1: gingham faster) of the best rounds, "
          "in parentheses of the median rounds")
    others = [name for name in names if name != "gingham"] + ["np 1 proc"]
    print(f"{'layout, grid':21} {'op':5} {'gingham':>8}" + "".join(f" {name:>11}" for name in others) +
          "".join(f" {'gg/' + name.split()[0]:>12}" for name in others))
    for layout in LAYOUTS:
        grid = "x".join(map(str, memory[layout][1]["grid"][0]))
        for op in ("save", "load"):
            seconds = {name: times[(layout, name)][op] for name in names}
            seconds["np 1 proc"] = times[(None, "np 1 proc")][op]
            line = f"{layout + ' ' + grid:21} {op:5} {gib / min(seconds['gingham']):8.2f}"
            line += "".join(f" {gib / min(seconds[name]):11.2f}" for name in others)
            for name in others:
                best = min(seconds[name]) / min(seconds["gingham"])
                median = statistics.median(seconds[name]) / statistics.median(seconds["gingham"])
                line += f" {best:5.2f} ({median:4.2f})"
            print(line)
    for layout in LAYOUTS:  # gingham's HDF5 against h5py moving the same hyperslabs (bandwidth ratio)
        for op in ("save", "load"):
            ours, theirs = times[(layout, "gingham .h5")][op], times[(layout, "h5py mpio")][op]
            print(f"{layout:21} {op:5} gingham .h5 / h5py mpio: {min(theirs) / min(ours):.2f} best "
                  f"({statistics.median(theirs) / statistics.median(ours):.2f} median)")
    for layout in LAYOUTS:
        over, result = memory[layout]
        rank = max(range(RANKS), key=lambda r: result["peak"][r] - result["baseline"][r] - result["shard"][r])
        peak, baseline, shard = result["peak"][rank], result["baseline"][rank], result["shard"][rank]
        verdict = "within" if over <= MEMORY_LIMIT else "OVER"
        print(f"{layout}: peak RSS per rank {(peak - baseline) / MIB:.1f} MiB above an idle `import gingham` process "
              f"({baseline / MIB:.1f} MiB; ru_maxrss {peak / MIB:.1f} MiB), shard {shard / MIB:.1f} MiB, over shard "
              f"{over / MIB:.1f} MiB (limit 64): {verdict} (the worst rank of the worst round; the idle process has "
              f"numpy and mpi4py loaded, torch {'too' if any(result['torch']) else 'not'})")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("--gingham", "--h5py"):
        worker = gingham_worker if sys.argv[1] == "--gingham" else h5py_worker
        worker(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], bool(int(sys.argv[6])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--numpy":
        numpy_worker(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], bool(int(sys.argv[5])))
    else:
        main()
