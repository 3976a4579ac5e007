"""examples/notebook_mpi.ipynb, executed by nbclient as Jupyter would (a plain pytest process, not under mpirun):
it starts 2 ipyparallel MPI engines, runs %%px cells with a distributed solve, pulls the result back and stops
the cluster. Its outputs are checked, and no controller or engine may outlive the test."""

import os
import pathlib
import re
import signal
import time
import uuid

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.util import run_sync

NOTEBOOK = pathlib.Path(__file__).resolve().parents[2] / "examples" / "notebook_mpi.ipynb"
CELL_TIMEOUT = 300
CLEANUP = "try:\n    cluster.stop_cluster_sync()\nexcept Exception:\n    pass"  # runs even when a cell failed


def processes_marked(marker):
    """PIDs of live processes whose environment holds GINGHAM_NOTEBOOK_TEST=<marker> (the kernel's children)."""
    found = []
    needle = f"GINGHAM_NOTEBOOK_TEST={marker}".encode()
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def text_of(cell):
    """Everything a cell printed (stdout streams, and %%px's per-engine stream outputs), as one string."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
        elif output.get("output_type") == "error":
            parts.append("\n".join(output.get("traceback", [])))
    return "".join(parts)


@pytest.fixture
def executed_notebook():
    marker = uuid.uuid4().hex
    os.environ["GINGHAM_NOTEBOOK_TEST"] = marker  # inherited by the kernel, the controller and the engines
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)  # the kernel runs in examples/: absolute paths
    os.environ["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in paths if p)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    try:
        with client.setup_kernel():
            try:
                for index, cell in enumerate(notebook.cells):
                    client.execute_cell(cell, index)
            finally:
                run_sync(client.kc.execute_interactive)(CLEANUP, timeout=120)
        yield notebook
    finally:
        del os.environ["GINGHAM_NOTEBOOK_TEST"]
        deadline = time.monotonic() + 30
        while processes_marked(marker) and time.monotonic() < deadline:
            time.sleep(0.5)
        survivors = processes_marked(marker)
        for pid in survivors:  # only processes this test started (they carry its marker)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        assert not survivors, f"processes of the notebook's cluster outlived it (killed): {survivors}"


def test_notebook_runs_over_two_mpi_engines(executed_notebook):
    outputs = [text_of(cell) for cell in executed_notebook.cells if cell.cell_type == "code"]
    everything = "\n".join(outputs)
    assert "2 engines connected" in everything, everything
    assert sorted(re.findall(r"rank (\d) of 2", everything)) == ["0", "1"], everything
    residuals = [float(r) for r in re.findall(r"relative residual (\S+)", everything)]
    assert len(residuals) == 2 and all(r < 1e-12 for r in residuals), everything
    assert "MPI ranks of the engines: [0, 1]" in everything, everything
    assert "x in the notebook: ndarray (400,)" in everything, everything
    notebook_residual = float(re.search(r"residual checked in the notebook: (\S+)", everything).group(1))
    assert notebook_residual < 1e-12, everything
    assert "cluster stopped" in everything, everything
