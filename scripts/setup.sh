#!/usr/bin/env bash
# README command (1): installs the Debian packages, builds, installs gingham (C++ library, CMake package,
# Python package) under $GINGHAM_PREFIX (default /usr/local), and runs the demo on 4 MPI ranks.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${GINGHAM_PREFIX:-/usr/local}
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
cmake --install "${GINGHAM_BUILD_DIR:-$root/build}" >/dev/null
echo "setup: installed gingham into $prefix"

cd /tmp  # the installed package must import from any directory
/usr/bin/python3 -c "import gingham; print('setup: python3 imports gingham', gingham.__version__, 'from', gingham.__file__)"
echo "== demo (C++): mpirun -np 4 $prefix/bin/gingham_hello_sum"
"$root/scripts/mpi-launch.sh" 4 120 "$prefix/bin/gingham_hello_sum"
echo "== demo (Python): mpirun -np 4 /usr/bin/python3 examples/hello_sum.py"
"$root/scripts/mpi-launch.sh" 4 120 /usr/bin/python3 "$root/examples/hello_sum.py"
