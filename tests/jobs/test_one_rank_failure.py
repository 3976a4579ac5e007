"""An exception on one rank only ends the whole job within seconds, with that rank's traceback printed
(issue 15, point 1): Python (importing gingham installs the aborting excepthook) and C++ (gingham::Environment
installs a std::terminate handler). Each job is started here, in a plain process, under scripts/mpi-launch.sh
with a 60 s limit; without the abort the other ranks would wait in a collective until that limit.
"""

import os
import pathlib
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LAUNCH = ROOT / "scripts" / "mpi-launch.sh"
HERE = pathlib.Path(__file__).resolve().parent


def clean_environment(**extra):
    """This process's environment without the variables of an MPI job it may itself run in, plus `extra`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OMPI_", "PMIX_", "PMI_"))}
    environment.update(extra)
    return environment


def run_job(ranks, command, **extra):
    start = time.monotonic()
    result = subprocess.run(["bash", str(LAUNCH), str(ranks), "60", *command], capture_output=True, text=True,
                            env=clean_environment(**extra), check=False)
    return result, time.monotonic() - start


def python_job(failing):
    return [sys.executable, str(HERE / "fail_on_one_rank.py"), str(failing)]


def cpp_job(failing):
    binary = os.environ.get("GINGHAM_FAIL_ON_ONE_RANK")
    if not binary:
        pytest.skip("GINGHAM_FAIL_ON_ONE_RANK (the path of gingham_fail_on_one_rank) is set by ctest; run through ctest")
    return [binary, str(failing)]


@pytest.mark.parametrize("ranks", [2, 3, 4])
@pytest.mark.parametrize("language", ["python", "cpp"])
def test_one_rank_failure_aborts_the_job(language, ranks):
    failing = ranks - 1 if ranks > 2 else 1  # the last rank (not rank 0, whose output launchers favour)
    command = python_job(failing) if language == "python" else cpp_job(failing)
    result, seconds = run_job(ranks, command)
    assert result.returncode not in (0, 124, 137), (result.returncode, result.stderr[-2000:])  # failed, not timed out
    assert seconds < 30, f"the job took {seconds:.1f} s to end"
    assert f"rank {failing} of {ranks}" in result.stderr, result.stderr[-2000:]
    assert f"planned failure on rank {failing}" in result.stderr
    if language == "python":
        assert f"[rank {failing}] Traceback (most recent call last)" in result.stderr
        assert f"[rank {failing}] KeyError: 'planned failure on rank {failing}'" in result.stderr
    assert "computed" not in result.stdout and "passed the barrier" not in result.stdout


def test_python_failure_without_the_hook_hangs():
    """GINGHAM_ABORT_ON_EXCEPTION=0 turns the hook off: the Python job then waits until the launcher's limit
    (this is what the hook prevents)."""
    start = time.monotonic()
    result = subprocess.run(["bash", str(LAUNCH), "2", "8", *python_job(1)], capture_output=True, text=True,
                            env=clean_environment(GINGHAM_ABORT_ON_EXCEPTION="0"), check=False)
    assert result.returncode in (124, 137), (result.returncode, result.stderr[-2000:])
    assert time.monotonic() - start >= 8
    assert "calling MPI_Abort" not in result.stderr


def test_cpp_failure_without_the_handler_is_the_default_terminate():
    """GINGHAM_ABORT_ON_EXCEPTION=0 leaves std::terminate's default (abort()); mpirun then ends the job itself
    (a launcher that does not kill the other tasks, such as srun without --kill-on-bad-exit, would not)."""
    result, _ = run_job(2, cpp_job(1), GINGHAM_ABORT_ON_EXCEPTION="0")
    assert result.returncode not in (0, 124, 137), (result.returncode, result.stderr[-2000:])
    assert "calling MPI_Abort" not in result.stderr
    assert "terminate called after throwing" in result.stderr


@pytest.mark.parametrize("language", ["python", "cpp"])
def test_one_rank_alone_fails_normally(language):
    """On one rank there is nobody to wait: the exception ends the program the usual way, without MPI_Abort."""
    command = python_job(0) if language == "python" else cpp_job(0)
    result, seconds = run_job(1, command)
    assert result.returncode != 0 and result.returncode != 124
    assert "calling MPI_Abort" not in result.stderr
    assert "planned failure on rank 0" in result.stderr
