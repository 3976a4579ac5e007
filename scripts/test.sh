#!/usr/bin/env bash
# README command (2): installs what is missing, builds, and runs the whole test suite through ctest:
# C++ tests at 1-4 ranks, pytest at 1-4 ranks, harness self-tests, examples, the find_package consumer.
# Ends with each run's closing lines (gtest and pytest) and ctest's summary. Exits non-zero on failure.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GINGHAM_BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh" || exit 1
"$root/scripts/build.sh" || exit 1
cd "$build" || exit 1
ctest --output-on-failure --parallel "$(nproc)" "$@"
status=$?
echo
echo "== Closing lines of each gtest and pytest run (harness runs, which fail on purpose, left out)"
awk '/^[0-9]+\/[0-9]+ Test: / { name = $3 }
     name !~ /^harness_/ && (/^\[  (PASSED|FAILED)  \] [0-9]+ tests?[ ,.]/ || /^=+ .*[0-9.]+s.* =+$/) {
       printf "%-32s %s\n", name, $0 }' Testing/Temporary/LastTest.log | sort
ctest -N | tail -1
if [ $status -eq 0 ]; then echo "gingham test suite: PASSED"; else echo "gingham test suite: FAILED (ctest exit status $status)"; fi
exit $status
