#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [ranks (default 3)] [trials, or seconds as 600s (default 1000)] [first seed (default 0)]
# The long run of the differential fuzzer (scripts/fuzz.py, tests/python/fuzzer.py) on <ranks> MPI ranks,
# against NumPy. Trials run in batches of $GINGHAM_FUZZ_BATCH (default 500), each launched through
# scripts/mpi-launch.sh with a limit of $GINGHAM_FUZZ_TIMEOUT seconds (default 600): a hang fails the run
# and is reported with its batch's seed range and the seed of the trial that was running. A failing trial
# prints its replay command: `scripts/fuzz.sh <ranks> 1 <seed>`. Extra fuzz.py options go in
# $GINGHAM_FUZZ_ARGS (e.g. "--verbose", or "--exclude NAME" of fuzzer.FIXED for a build without that fix).
# Uses the gingham package on PYTHONPATH (default: build/python of this checkout).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ranks=${1:-3} amount=${2:-1000} seed=${3:-0}
batch=${GINGHAM_FUZZ_BATCH:-500} limit=${GINGHAM_FUZZ_TIMEOUT:-600}
export PYTHONPATH=${PYTHONPATH:-$root/build/python} PYTHONDONTWRITEBYTECODE=1 OPENBLAS_NUM_THREADS=1
progress=$(mktemp)
trap 'rm -f "$progress"' EXIT
if [[ $amount == *s ]]; then deadline=$((SECONDS + ${amount%s})); trials=-1; else deadline=-1; trials=$amount; fi
status=0 done=0 failed_batches=()
while :; do
  if [ "$trials" -ge 0 ]; then
    [ "$done" -ge "$trials" ] && break
    count=$((trials - done < batch ? trials - done : batch))
    what=(--trials "$count")
  else
    left=$((deadline - SECONDS))
    [ "$left" -le 0 ] && break
    what=(--seconds "$left")
    count=-1
  fi
  first=$((seed + done))
  "$root/scripts/mpi-launch.sh" "$ranks" "$limit" /usr/bin/python3 "$root/scripts/fuzz.py" --start "$first" \
      "${what[@]}" --progress "$progress" ${GINGHAM_FUZZ_ARGS:-} 2>&1 | tee "$progress.log" \
      | grep -vE '^(-{10,}|Primary job|a non-zero exit|mpiexec detected|the job to be|  Process name|  Exit code|$)'
  rc=${PIPESTATUS[0]}
  ran=$(sed -n 's/^fuzz: \([0-9]*\) trials.*/\1/p' "$progress.log" | tail -1)
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] || [ -z "$ran" ]; then
    echo "fuzz: HANG or crash (exit $rc) at np $ranks in seeds $first.. (trial running: seed $(cat "$progress"));" \
         "replay: scripts/fuzz.sh $ranks 1 $(cat "$progress")"
    status=1
    failed_batches+=("$first")
    # go on after the trial that hung
    ran=$(( $(cat "$progress" 2>/dev/null || echo "$first") - first + 1 ))
  elif [ "$rc" -ne 0 ]; then
    status=1
    failed_batches+=("$first")
  fi
  done=$((done + ran))
  [ "$count" -lt 0 ] && [ "$rc" -eq 0 ] && break
done
rm -f "$progress.log"
echo "fuzz.sh: $done trials at np $ranks from seed $seed: $([ $status -eq 0 ] && echo passed || echo "FAILED (batches starting at ${failed_batches[*]})")"
exit $status
