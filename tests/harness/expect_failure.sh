#!/usr/bin/env bash
# Usage: expect_failure.sh <expected exit status: nonzero|timeout> <pattern> [<pattern>...] -- <command...>
# Passes when <command> fails in the expected way and its output contains every <pattern> (grep -E).
# "nonzero": a non-zero exit other than the launcher's time limit (124); srun itself exits 137 when it
# kills the remaining tasks of a failed step, so 137 counts as an ordinary failure.
# "timeout": ended by the launcher's time limit (124).
set -u
expected=$1; shift
patterns=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do patterns+=("$1"); shift; done
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" >"$log" 2>&1; status=$?
output=$(tr -d '\000' <"$log")  # a killed rank may leave NUL bytes behind
echo "$output"
echo "== harness: exit status $status"
case "$expected" in
  nonzero) if [ "$status" -eq 0 ] || [ "$status" -eq 124 ]; then
             echo "== harness: FAIL: expected a non-zero exit that is not a timeout"; exit 1; fi ;;
  timeout) if [ "$status" -ne 124 ]; then echo "== harness: FAIL: expected the time limit (124) to end the run"; exit 1; fi ;;
  *) echo "== harness: unknown expectation '$expected'"; exit 2 ;;
esac
for pattern in "${patterns[@]}"; do
  if ! grep -Eq -- "$pattern" <<<"$output"; then echo "== harness: FAIL: output lacks /$pattern/"; exit 1; fi
done
echo "== harness: failed as expected"
