#!/usr/bin/env bash
# Usage: expect_output.sh <count> <pattern> -- <command...>
# Passes when <command> succeeds and its output holds exactly <count> matches of <pattern> (grep -Eo).
# Matches are counted, not lines: mpirun may interleave the ranks' output within a line.
set -u
count=$1 pattern=$2
shift 2
[ "${1:-}" = "--" ] && shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" >"$log" 2>&1; status=$?
output=$(tr -d '\000' <"$log")  # a killed rank may leave NUL bytes behind
echo "$output"
matches=$(grep -Eo -- "$pattern" <<<"$output" | wc -l)
echo "== expect_output: exit status $status, $matches match(es) of /$pattern/ (expected $count)"
[ "$status" -eq 0 ] && [ "$matches" -eq "$count" ]
