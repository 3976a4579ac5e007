#!/usr/bin/env bash
# Usage: scripts/sanitize.sh [--no-build]
# Builds the library, the C++ tests and the Python module under AddressSanitizer + UBSan
# (-DGINGHAM_SANITIZE=ON, in $GINGHAM_SANITIZE_BUILD_DIR, default build-sanitize/; no examples or benchmarks)
# and runs the serial C++ tests, the MPI C++ suite and the Python suite at 1 and 2 ranks. Any sanitizer
# report fails the run: UBSan does not recover (-fno-sanitize-recover=undefined), ASan halts on its first
# error, and every log is also searched for reports. Python is not instrumented, so libasan is preloaded into
# it; leak detection is off (CPython and Open MPI keep their allocations until exit, by design).
# Not part of scripts/test.sh: the build alone takes as long as the normal one.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${GINGHAM_SANITIZE_BUILD_DIR:-$root/build-sanitize}
launch="$root/scripts/mpi-launch.sh"
timeout=${GINGHAM_SANITIZE_TIMEOUT:-1200}

if [ "${1:-}" != --no-build ]; then
  mkdir -p "$build"
  cmake -S "$root" -B "$build" -DGINGHAM_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" \
        -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=OFF \
        -DGINGHAM_BUILD_EXAMPLES=OFF -DGINGHAM_BUILD_BENCHMARKS=OFF \
        -DPython3_EXECUTABLE=/usr/bin/python3 >"$build/configure.log" 2>&1 \
    || { cat "$build/configure.log"; exit 1; }
  cmake --build "$build" --parallel "$(nproc)" \
        --target gingham_serial_tests gingham_copy_kernel_tests gingham_mpi_tests _core || exit 1
fi

libasan=$(g++ -print-file-name=libasan.so)
libubsan=$(g++ -print-file-name=libubsan.so)
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export GTEST_COLOR=no PYTHONDONTWRITEBYTECODE=1 OPENBLAS_NUM_THREADS=1
logs="$build/sanitize-logs"
mkdir -p "$logs"
failed=()

# run <name> <command...>: runs it with its output in $logs/<name>.log; a failure or any report fails it.
run() {
  local name=$1; shift
  echo "== $name"
  "$@" >"$logs/$name.log" 2>&1
  local status=$?
  tail -n 3 "$logs/$name.log"
  if grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer)' \
       "$logs/$name.log"; then
    echo "!! $name: sanitizer report (full log: $logs/$name.log)"
    grep -nE -A 30 'ERROR: AddressSanitizer|runtime error:' "$logs/$name.log" | head -n 80
    failed+=("$name")
  elif [ $status -ne 0 ]; then
    echo "!! $name: exit status $status (full log: $logs/$name.log)"
    failed+=("$name")
  fi
}

run cpp_serial timeout "$timeout" "$build/tests/cpp/gingham_serial_tests"
run cpp_copy_kernels timeout "$timeout" "$build/tests/cpp/gingham_copy_kernel_tests"
# ASan's operator new reports a request beyond its maximum size instead of throwing std::bad_alloc, so the one
# test of an impossible allocation cannot run under it.
impossible_allocation=CollectiveErrors.AllocationFailureOnOneRankIsAMemoryErrorEverywhere
for np in 1 2; do
  run cpp_mpi_np$np "$launch" "$np" "$timeout" "$build/tests/cpp/gingham_mpi_tests" --gtest_filter=-$impossible_allocation
done
cd "$root/tests/python" || exit 1  # as ctest runs pytest: short node ids
for np in 1 2; do
  run python_np$np "$launch" "$np" "$timeout" env LD_PRELOAD="$libasan $libubsan" PYTHONPATH="$build/python" \
      /usr/bin/python3 -m pytest -q -p no:cacheprovider --color=no "$root/tests/python"
done

if [ ${#failed[@]} -eq 0 ]; then
  echo "sanitize: clean (ASan + UBSan; C++ serial, C++ MPI and Python at np 1 and 2)"
  exit 0
fi
echo "sanitize: FAILED: ${failed[*]} (logs in $logs)"
exit 1
