#!/usr/bin/env bash
# Configures (first time, or when CMakeLists change) and builds gingham in $GINGHAM_BUILD_DIR (default: build/).
# GINGHAM_PREFIX (default /usr/local) is where `cmake --install` puts it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GINGHAM_BUILD_DIR:-$root/build}
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
      -DPython3_EXECUTABLE=/usr/bin/python3 \
      -DCMAKE_INSTALL_PREFIX="${GINGHAM_PREFIX:-/usr/local}" >"$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" --parallel "$(nproc)"
