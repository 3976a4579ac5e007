#!/usr/bin/env bash
# Runs gingham's benchmarks on 2 ranks (this machine has 2 cores). Build first (scripts/build.sh).
#   benchmarks/run.sh [build-dir]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${GINGHAM_BUILD_DIR:-$root/build}}
"$root/scripts/mpi-launch.sh" 2 1200 "$build/benchmarks/bench_redistribution" 4000 10
