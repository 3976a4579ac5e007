#!/usr/bin/env bash
# pip_install.sh <source> <build> <launcher>: `pip install .` into a fresh venv made with
# --system-site-packages (numpy, mpi4py from Debian; --no-build-isolation: there is no PyPI), reusing the
# CMake build <build>; then, from outside the source tree and without PYTHONPATH, imports gingham from the
# venv on 1 and 2 MPI ranks and checks importlib.metadata.version("gingham") against the VERSION file.
set -euo pipefail
source_dir=$1 build=$2 launch=$3
work=$build/pip-test
rm -rf "$work" && mkdir -p "$work"
/usr/bin/python3 -m venv --system-site-packages "$work/venv"
unset PYTHONPATH
GINGHAM_BUILD_DIR=$build "$work/venv/bin/pip" install --no-build-isolation --no-index --no-deps -q "$source_dir"
version=$(head -n 1 "$source_dir/VERSION")
cd "$work"  # not the source tree: the import must come from the venv
check="
import importlib.metadata, pathlib, sys
import gingham as gg
from mpi4py import MPI
where = pathlib.Path(gg.__file__).resolve()
assert str(where).startswith('$work/venv/'), f'gingham imported from {where}, not from the venv'
assert importlib.metadata.version('gingham') == '$version' == gg.__version__, (importlib.metadata.version('gingham'), gg.__version__)
total = float(gg.arange(10).sum())
print(f'pip-installed gingham {gg.__version__}: rank {MPI.COMM_WORLD.rank}: sum = {total}')
"
for ranks in 1 2; do
  output=$("$launch" "$ranks" 120 "$work/venv/bin/python" -c "$check")
  echo "$output"
  count=$(grep -o "sum = 45.0" <<<"$output" | wc -l)  # ranks' lines may share a line of the launcher's output
  if [ "$count" -ne "$ranks" ]; then
    echo "pip install test: expected $ranks ranks to print 'sum = 45.0', got $count" >&2
    exit 1
  fi
done
"$work/venv/bin/pip" show gingham >"$work/show.txt" && head -n 3 "$work/show.txt"
echo "pip install test: gingham $version installed into a venv and imported on 1 and 2 ranks"
