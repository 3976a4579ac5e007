#!/usr/bin/env bash
# Usage: scripts/mpi-launch.sh <ranks> <seconds> <command> [args...]
# Runs <command> on <ranks> MPI ranks and kills it after <seconds>: a hang becomes a failure (exit 124).
# The launcher is chosen at run time: GINGHAM_LAUNCHER=srun uses `srun --mpi=pmix` (inside a Slurm
# allocation); otherwise $GINGHAM_MPIEXEC (set by ctest to the mpiexec CMake found) or mpiexec.
# GINGHAM_TIMEOUT_PER_RANK=S (slurm/tests.sbatch sets it) scales the limit with the rank count: a run on
# <ranks> ranks gets max(<seconds>, <ranks> * S) seconds. A run that the limit ends prints
# "mpi-launch: timed out after N s ..." on stderr (the launcher's own message may only say "Killed").
set -u
if [ $# -lt 3 ]; then echo "usage: $0 <ranks> <seconds> <command> [args...]" >&2; exit 2; fi
ranks=$1 seconds=$2
shift 2
if [ -n "${GINGHAM_TIMEOUT_PER_RANK:-}" ] && ! [[ $GINGHAM_TIMEOUT_PER_RANK =~ ^[0-9]+$ ]]; then
  echo "$0: GINGHAM_TIMEOUT_PER_RANK must be a whole number of seconds, got '$GINGHAM_TIMEOUT_PER_RANK'" >&2; exit 2
fi
if [ -n "${GINGHAM_TIMEOUT_PER_RANK:-}" ] && [ $((ranks * GINGHAM_TIMEOUT_PER_RANK)) -gt "$seconds" ]; then
  seconds=$((ranks * GINGHAM_TIMEOUT_PER_RANK))
fi
source "$(dirname "${BASH_SOURCE[0]}")/mpi-env.sh"
if [ "${GINGHAM_LAUNCHER:-mpirun}" = srun ]; then
  launcher=(srun --mpi=pmix --overcommit -n "$ranks")
else
  launcher=("${GINGHAM_MPIEXEC:-mpiexec}" -n "$ranks")
fi
SECONDS=0
timeout --kill-after=10 "$seconds" "${launcher[@]}" "$@"
status=$?
# 124: ended by the limit; 137: SIGKILLed 10 s after it (or a launcher killing a failed step's tasks: early)
if [ $status -eq 124 ] || { [ $status -eq 137 ] && [ $SECONDS -ge "$seconds" ]; }; then
  echo "mpi-launch: timed out after $seconds s (limit for $ranks ranks; killed): $*" >&2
fi
exit $status
