"""Checkpoint and restart of examples/heat_equation.py and its C++ twin gingham_heat_equation, without Slurm.

Run by ctest as a plain pytest process; each case launches the programs through scripts/mpi-launch.sh at
1 to 4 ranks. The C++ program's path comes from the GINGHAM_HEAT_EQUATION environment variable, the
build's Python package from PYTHONPATH (both set by ctest).
"""
import os
import re
import subprocess

import numpy as np
import pytest

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCH = os.path.join(REPOSITORY, "scripts", "mpi-launch.sh")
PYTHON_PROGRAM = ["/usr/bin/python3", os.path.join(REPOSITORY, "examples", "heat_equation.py")]
N, STEPS, INTERRUPTED_AT, EVERY = 48, 24, 13, 3  # checkpoints at 3, 6, 9, 12 before the interruption


def program(kind):
    """The command line of the example ``kind`` ("python" or "cpp")."""
    if kind == "python":
        return PYTHON_PROGRAM
    binary = os.environ.get("GINGHAM_HEAT_EQUATION")
    assert binary and os.path.exists(binary), f"GINGHAM_HEAT_EQUATION must name the built C++ example, got {binary!r}"
    return [binary]


def run(kind, ranks, *arguments, n=N, expect_success=True):
    """Runs the example ``kind`` on ``ranks`` ranks, n x n, with ``arguments``; returns its output (stdout + stderr)."""
    done = subprocess.run(["bash", LAUNCH, str(ranks), "300", *program(kind), "--n", str(n), *map(str, arguments)],
                          capture_output=True, text=True, timeout=330)
    output = done.stdout + done.stderr
    assert (done.returncode == 0) == expect_success, f"exit status {done.returncode}:\n{output}"
    return output


def checkpoint_names(directory):
    """The checkpoint files in ``directory`` (gingham's hidden temporaries left out), sorted."""
    return sorted(name for name in os.listdir(directory) if not name.startswith("."))


def raw_bytes(path):
    """The bytes of the file at ``path``."""
    with open(path, "rb") as file:
        return file.read()


@pytest.fixture(scope="module")
def straight_field(tmp_path_factory):
    """The final field of an uninterrupted run (Python, 1 rank): the reference of every case."""
    path = tmp_path_factory.mktemp("straight") / "straight.npy"
    output = run("python", 1, "--steps", STEPS, "--output", path)
    assert "max difference from serial NumPy 0.0e+00" in output, output
    return path


@pytest.mark.parametrize("kind, ranks", [("python", 2), ("cpp", 1), ("cpp", 3), ("cpp", 4)])
def test_uninterrupted_runs_agree_bit_for_bit_across_ranks_and_languages(tmp_path, straight_field, kind, ranks):
    output = run(kind, ranks, "--steps", STEPS, "--output", tmp_path / "u.npy")
    assert re.search(r"max difference from serial (NumPy|loops) 0\.0e\+00", output), output
    assert raw_bytes(tmp_path / "u.npy") == raw_bytes(straight_field)
    np.testing.assert_array_equal(np.load(tmp_path / "u.npy"), np.load(straight_field))


# (first program, its ranks, restarting program, its ranks): every rank count 1-4, each language restarting
# from its own checkpoints and from the other's.
CASES = [("python", 1, "python", 3), ("python", 4, "cpp", 2), ("cpp", 3, "python", 1), ("cpp", 2, "cpp", 4)]


@pytest.mark.parametrize("first, first_ranks, second, second_ranks", CASES)
def test_interrupted_run_restarted_at_another_rank_count_ends_bit_for_bit_equal(tmp_path, straight_field, first,
                                                                              first_ranks, second, second_ranks):
    checkpoints = tmp_path / "checkpoints"
    options = ("--checkpoint-every", EVERY, "--checkpoint-dir", checkpoints, "--restart")
    output = run(first, first_ranks, "--steps", INTERRUPTED_AT, *options)  # "interrupted" after step 13
    assert f"no checkpoint in {checkpoints}: starting from the initial condition at step 0" in output, output
    assert checkpoint_names(checkpoints) == ["heat-step-00000009.npy", "heat-step-00000012.npy"]  # the last two
    # A checkpoint is the whole field at its step, as NumPy saves it: it equals an uninterrupted 12-step run.
    twelve = tmp_path / "twelve.npy"
    run("python", 1, "--steps", 12, "--output", twelve)
    assert raw_bytes(checkpoints / "heat-step-00000012.npy") == raw_bytes(twelve)

    final = tmp_path / "final.npy"
    output = run(second, second_ranks, "--steps", STEPS, *options, "--output", final)
    resumed = f"restarted from step 12 ({checkpoints / 'heat-step-00000012.npy'}) on {second_ranks} ranks"
    assert resumed in output, output
    assert re.search(r"max difference from serial (NumPy|loops) 0\.0e\+00", output), output
    assert checkpoint_names(checkpoints) == ["heat-step-00000021.npy", "heat-step-00000024.npy"]
    assert raw_bytes(final) == raw_bytes(straight_field)


@pytest.mark.parametrize("kind", ["python", "cpp"])
def test_restart_without_checkpoint_starts_from_the_initial_condition(tmp_path, straight_field, kind):
    checkpoints = tmp_path / "empty"
    checkpoints.mkdir()
    (checkpoints / "heat-step-12.npy").write_bytes(b"not a checkpoint: the step has fewer than 8 digits")
    (checkpoints / ".heat-step-00000012.npy.tmp-1-1").write_bytes(b"a temporary left by a killed save")
    output = run(kind, 3, "--steps", STEPS, "--restart", "--checkpoint-dir", checkpoints,
                 "--output", tmp_path / "u.npy")
    assert f"no checkpoint in {checkpoints}: starting from the initial condition at step 0" in output, output
    assert "restarted from" not in output
    assert raw_bytes(tmp_path / "u.npy") == raw_bytes(straight_field)


@pytest.mark.parametrize("kind", ["python", "cpp"])
def test_restart_from_a_checkpoint_beyond_the_last_step_is_refused(tmp_path, kind):
    checkpoints = tmp_path / "checkpoints"
    run("python", 2, "--steps", 6, "--checkpoint-every", 6, "--checkpoint-dir", checkpoints)
    output = run(kind, 2, "--steps", 4, "--restart", "--checkpoint-dir", checkpoints, expect_success=False)
    assert f"the latest checkpoint in {checkpoints} is at step 6, beyond --steps 4" in output, output


@pytest.mark.parametrize("kind", ["python", "cpp"])
def test_checkpoint_of_another_grid_size_is_refused(tmp_path, kind):
    checkpoints = tmp_path / "checkpoints"
    run("python", 1, "--steps", 3, "--checkpoint-every", 3, "--checkpoint-dir", checkpoints)
    output = run(kind, 2, "--steps", 6, "--restart", "--checkpoint-dir", checkpoints, n=N + 1, expect_success=False)
    assert f"the distribution is for shape ({N + 1}, {N + 1})" in output and f"({N}, {N})" in output, output
