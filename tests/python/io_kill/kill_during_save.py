"""Kill during save: a separate MPI job (scripts/mpi-launch.sh) saves a large array to one path again and
again; once a save has completed and the next one is under way (its temporary file exists), one rank is
killed with SIGKILL. The file at the path must then load (in NumPy for .npy, in serial h5py for HDF5) as
one complete earlier save: every element equal to k for a k that the job reported as completed (or the one
in flight, had its rename landed just before the kill). Repeated with each rank as the victim. Runs
without MPI itself.

Usage: kill_during_save.py <ranks> [elements] [npy|h5]   (default 25,000,000 float64: 200 MB; npy)
"""

import glob
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
LAUNCH = HERE.parents[2] / "scripts" / "mpi-launch.sh"


def clean_environment():
    """This process's environment without the variables of an MPI job it may itself be running in."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("OMPI_", "PMIX_", "PMI_", "HYDRA_"))}


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"FAIL: timed out waiting for {what}")
        time.sleep(0.01)


def read_checkpoint(path):
    """The array a checkpoint file holds: np.load for .npy, the dataset "x" through serial h5py for .h5."""
    if path.suffix == ".npy":
        return np.load(path)
    import h5py  # noqa: PLC0415  (only the HDF5 variant needs it)
    with h5py.File(path, "r") as f:
        return f["x"][...]


def one_kill(ranks, elements, victim, extension):
    directory = pathlib.Path(tempfile.mkdtemp(prefix="gingham-kill-"))
    job = subprocess.Popen(["bash", str(LAUNCH), str(ranks), "300", sys.executable, str(HERE / "saver_job.py"),
                            str(directory), str(elements), "1000", extension], env=clean_environment(),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    completed = directory / "completed"
    temporaries = lambda: glob.glob(str(directory / f".checkpoint.{extension}.tmp-*"))  # noqa: E731
    # Wait for victim + 1 completed saves, so that the kill lands at a different point of the job each time.
    wait_for(lambda: completed.exists() and len(completed.read_text().split()) > victim, 240, "completed saves")
    wait_for(lambda: bool(temporaries()), 60, "the next save to start")
    pid = int((directory / f"pid-{victim}").read_text())
    os.kill(pid, signal.SIGKILL)
    output = job.communicate(timeout=120)[0].decode(errors="replace")
    done = [int(k) for k in completed.read_text().split()]
    a = read_checkpoint(directory / f"checkpoint.{extension}")
    value = a[0]
    ok = a.shape == (elements,) and a.dtype == np.float64 and bool((a == value).all()) and \
        int(value) in done + [max(done) + 1]
    print(f"{extension}, victim rank {victim}: job exit {job.returncode}, saves completed {done[0]}..{done[-1]}, file holds "
          f"save {value:g} ({'complete' if ok else 'NOT a complete earlier save'})")
    if not ok:
        print(output[-3000:])
    for leftover in glob.glob(str(directory / "*")) + glob.glob(str(directory / ".*")):
        os.remove(leftover)
    os.rmdir(directory)
    return ok


def main():
    ranks = int(sys.argv[1])
    elements = int(sys.argv[2]) if len(sys.argv) > 2 else 25_000_000
    extension = sys.argv[3] if len(sys.argv) > 3 else "npy"
    if extension not in ("npy", "h5"):
        raise SystemExit(f"kill_during_save.py: expected the format npy or h5, got {extension!r}")
    results = [one_kill(ranks, elements, victim, extension) for victim in range(ranks)]
    print("PASS" if all(results) else "FAIL")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
