#!/usr/bin/env bash
# Usage: scripts/mpi-launch.sh <ranks> <seconds> <command> [args...]
# Runs <command> on <ranks> MPI ranks and kills it after <seconds>: a hang becomes a failure (exit 124).
# The launcher is chosen at run time: GINGHAM_LAUNCHER=srun uses `srun --mpi=pmix` (inside a Slurm
# allocation); otherwise $GINGHAM_MPIEXEC (set by ctest to the mpiexec CMake found) or mpiexec.
set -u
if [ $# -lt 3 ]; then echo "usage: $0 <ranks> <seconds> <command> [args...]" >&2; exit 2; fi
ranks=$1 seconds=$2
shift 2
source "$(dirname "${BASH_SOURCE[0]}")/mpi-env.sh"
if [ "${GINGHAM_LAUNCHER:-mpirun}" = srun ]; then
  exec timeout --kill-after=10 "$seconds" srun --mpi=pmix --overcommit -n "$ranks" "$@"
fi
exec timeout --kill-after=10 "$seconds" "${GINGHAM_MPIEXEC:-mpiexec}" -n "$ranks" "$@"
