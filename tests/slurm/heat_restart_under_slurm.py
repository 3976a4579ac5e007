"""The restartable heat equation under a real Slurm, requeued mid-run (issue 14, item 6).

    /usr/bin/python3 tests/slurm/heat_restart_under_slurm.py {python|cpp} BUILD_DIR

Starts the project's one-node Slurm (scripts/local-slurm.sh) unless one is running already, submits
slurm/heat_restart.sbatch (4 tasks, --requeue, the program always run with --restart), waits until the
job has written a checkpoint, requeues it with `scontrol requeue`, and waits until the requeued job has
completed. It then checks the job's output: the second run saw SLURM_RESTART_COUNT >= 1 and said
"restarted from step K" with K > 0; and runs the same simulation uninterrupted on 3 ranks (mpi-launch.sh),
whose final field must equal the requeued job's bit for bit. Stops the Slurm it started.

Exit status 0 on success, 1 on failure, 77 (ctest's SKIP_RETURN_CODE) with the reason printed when Slurm
cannot run here: not root, the packages cannot be installed, or the daemons do not start in time.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

SKIP = 77
REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOCAL_SLURM = os.path.join(REPOSITORY, "scripts", "local-slurm.sh")
LAUNCH = os.path.join(REPOSITORY, "scripts", "mpi-launch.sh")
BATCH_SCRIPT = os.path.join(REPOSITORY, "slurm", "heat_restart.sbatch")
START_TIMEOUT = 600  # seconds for local-slurm.sh start, package installation included
# Per program: grid size, steps and checkpoint interval for a job of roughly 20-40 s on 4 ranks here.
RUNS = {"python": (256, 3000, 150), "cpp": (512, 6000, 300)}


class Skip(Exception):
    """Slurm cannot run on this machine; the message says why."""


def run(command, timeout, **kwargs):
    """The completed process of ``command`` (output captured as text), killed after ``timeout`` seconds."""
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)


def slurm_is_up():
    """Whether a Slurm controller answers and has a usable node."""
    if shutil.which("sinfo") is None:
        return False
    try:
        states = run(["sinfo", "-h", "-o", "%T"], 20).stdout.split()
    except subprocess.TimeoutExpired:
        return False
    return any(state.rstrip("*~#") in ("idle", "mixed", "allocated") for state in states)


def start_slurm():
    """Starts the local Slurm; raises Skip with the reason when it cannot."""
    if os.geteuid() != 0:
        raise Skip("the local Slurm runs its daemons as root, and this test is not running as root")
    try:
        started = run(["bash", LOCAL_SLURM, "start"], START_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Skip(f"scripts/local-slurm.sh start did not bring up an idle node within {START_TIMEOUT} s") from None
    if started.returncode != 0 or not slurm_is_up():
        raise Skip(f"scripts/local-slurm.sh start failed (exit status {started.returncode}; packages not "
                   f"installable or daemons not starting):\n{started.stdout[-2000:]}{started.stderr[-2000:]}")


def job_fields(job_id):
    """JobState, Reason, RestartCnt and ExitCode of ``job_id`` from scontrol ({} once Slurm forgot it)."""
    shown = run(["scontrol", "show", "job", str(job_id)], 30).stdout
    return dict(re.findall(r"\b(JobState|Reason|Restarts|ExitCode)=(\S+)", shown))


def wait_for(condition, timeout, what, job_id):
    """Polls ``condition`` every 0.5 s until it is true; after ``timeout`` s raises AssertionError naming
    ``what`` and the job's state."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what} (job {job_id}: {job_fields(job_id)})")
        time.sleep(0.5)


def program_command(kind, build_dir):
    """The command line that runs the example ``kind`` ("python" or "cpp") from the build tree."""
    if kind == "python":
        return ["/usr/bin/python3", os.path.join(REPOSITORY, "examples", "heat_equation.py")]
    return [os.path.join(build_dir, "examples", "gingham_heat_equation")]


def requeued_job_field(kind, build_dir, work):
    """Runs the job through Slurm, requeued once after its first checkpoint; returns its final field's path
    and its output."""
    n, steps, every = RUNS[kind]
    checkpoints, output, final = (os.path.join(work, name) for name in ("checkpoints", "job.out", "slurm.npy"))
    environment = dict(os.environ, PYTHONPATH=os.path.join(build_dir, "python"),
                       HEAT_PROGRAM=" ".join(program_command(kind, build_dir)), HEAT_CHECKPOINT_DIR=checkpoints)
    submitted = run(["sbatch", "--parsable", "--export=ALL", f"--output={output}", BATCH_SCRIPT, "--n", str(n),
                     "--steps", str(steps), "--checkpoint-every", str(every), "--output", final],
                    60, env=environment, cwd=REPOSITORY)
    assert submitted.returncode == 0, f"sbatch failed: {submitted.stderr}"
    job_id = submitted.stdout.strip().split(";")[0]
    print(f"submitted job {job_id}: {kind} heat equation {n}x{n}, {steps} steps, a checkpoint every {every}",
          flush=True)
    try:
        wait_for(lambda: glob.glob(os.path.join(checkpoints, "heat-step-*.npy"))
                 or job_fields(job_id).get("JobState") not in ("PENDING", "RUNNING", "CONFIGURING"),
                 300, "the job's first checkpoint", job_id)
        state = job_fields(job_id).get("JobState")
        assert state == "RUNNING", f"the job is {state} before it could be requeued; output:\n{read(output)}"
        print(f"checkpoint seen: {sorted(os.listdir(checkpoints))}; scontrol requeue {job_id}", flush=True)
        requeued = run(["scontrol", "requeue", job_id], 60)
        assert requeued.returncode == 0, f"scontrol requeue failed: {requeued.stderr}"
        # A requeued job may start again only after the credential lifetime (120 s by default: slurm.conf's
        # AuthInfo=cred_expire); once it is pending again, let it start now.
        wait_for(lambda: int(job_fields(job_id).get("Restarts", "0")) >= 1
                 and job_fields(job_id).get("JobState") != "COMPLETING",
                 120, "the requeued job to be pending again", job_id)
        if job_fields(job_id).get("JobState") == "PENDING":
            run(["scontrol", "update", f"JobId={job_id}", "StartTime=now"], 60)
        wait_for(lambda: job_fields(job_id).get("JobState") not in ("PENDING", "RUNNING", "CONFIGURING",
                                                                    "COMPLETING", "REQUEUED"),
                 600, "the requeued job to finish", job_id)
        fields = job_fields(job_id)
    finally:
        run(["scancel", job_id], 60)  # nothing left behind on failure (a no-op for a finished job)
    text = read(output)
    print(f"job {job_id} finished: {fields}\n--- its output ---\n{text}--- end of output ---", flush=True)
    assert fields.get("JobState") == "COMPLETED" and fields.get("ExitCode") == "0:0", f"the job ended {fields}"
    counts = [int(count) for count in re.findall(r"SLURM_RESTART_COUNT=(\d+)", text)]
    assert counts and max(counts) >= 1, f"no run of the job saw SLURM_RESTART_COUNT >= 1 (saw {counts})"
    restarts = [int(step) for step in re.findall(r"restarted from step (\d+)", text)]
    assert restarts and restarts[-1] > 0, f"the requeued run did not resume from a checkpoint (saw {restarts})"
    assert os.path.exists(final), f"the job wrote no final field {final}"
    return final, n, steps


def read(path):
    """The text of ``path``, or "" when it does not exist."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read()
    except FileNotFoundError:
        return ""


def main():
    """Runs the test; returns the exit status."""
    if len(sys.argv) != 3 or sys.argv[1] not in RUNS:
        print(f"usage: {sys.argv[0]} {{{'|'.join(RUNS)}}} BUILD_DIR", file=sys.stderr)
        return 2
    kind, build_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    started = False
    try:
        if "SLURM_JOB_ID" in os.environ:  # e.g. slurm/tests.sbatch: this job's allocation takes the node
            raise Skip(f"running inside Slurm job {os.environ['SLURM_JOB_ID']}, whose allocation would keep the "
                       "test's own 4-task job pending")
        if not slurm_is_up():
            start_slurm()
            started = True
        with tempfile.TemporaryDirectory(prefix="gingham-heat-slurm-") as work:
            final, n, steps = requeued_job_field(kind, build_dir, work)
            straight = os.path.join(work, "straight.npy")
            uninterrupted = run(["bash", LAUNCH, "3", "600", *program_command(kind, build_dir), "--n", str(n),
                                 "--steps", str(steps), "--output", straight], 660,
                                env=dict(os.environ, PYTHONPATH=os.path.join(build_dir, "python")))
            print(f"uninterrupted run on 3 ranks:\n{uninterrupted.stdout}{uninterrupted.stderr}", flush=True)
            assert uninterrupted.returncode == 0, f"the uninterrupted run failed ({uninterrupted.returncode})"
            with open(final, "rb") as a, open(straight, "rb") as b:
                same_bytes = a.read() == b.read()
            assert same_bytes and np.array_equal(np.load(final), np.load(straight)), \
                "the requeued job's final field differs from the uninterrupted run's"
            print("PASSED: the requeued job's final field equals the uninterrupted run's bit for bit", flush=True)
            return 0
    except Skip as reason:
        print(f"SKIPPED: {reason}", flush=True)
        return SKIP
    except AssertionError as failure:
        print(f"FAILED: {failure}", flush=True)
        return 1
    finally:
        if started:
            run(["bash", LOCAL_SLURM, "stop"], 60)


if __name__ == "__main__":
    sys.exit(main())
