#!/usr/bin/env bash
# Runs gingham's benchmarks on 2 ranks (this machine has 2 cores). Build first (scripts/build.sh).
#   benchmarks/run.sh [build-dir]
#   GINGHAM_BENCHMARKS=linalg benchmarks/run.sh   # only some parts: a list of redistribution, namespace,
#                                                 # manipulation, linalg, io, element, random, fft, sweep,
#                                                 # transpose, threads (default: all)
# 1. redistribution and halo exchange (C++) against raw MPI_Alltoall / MPI_Sendrecv;
# 2. the Array API namespace (Python) against NumPy, dask.array (threads) and a STREAM-like loop;
# 3. sorting, slices and selection (Python) against NumPy, a transpose against raw MPI_Alltoall, and the
#    peak memory per rank of each issue-5 operation;
# 4. matmul, cholesky and solve n = 4000, qr and eigh n = 2000 (C++ against PDGEMM / PDPOTRF / PDGESV /
#    PDGEQRF+PDORGQR / PDSYEVD called directly on the same layout; Python against NumPy, 2 threads).
# 5. io: gg.save / gg.load of a 2 GiB array to .npy and .h5 (block and block-cyclic(64) 2-D) against raw
#    MPI-IO (raw_mpiio_npy.c, darray views), h5py's mpio driver (same hyperslabs) and np.save / np.load on
#    one process, with the disk's own bandwidth (dd) and gingham's peak memory per rank; drops the page
#    cache before reads when run as root (bench_io.py). bench_io_hdf5.py: gingham's HDF5 against h5py's
#    MPI-IO driver on a 256 MiB array, in one MPI job.
# 6. element: x[i], float(x.sum()) of 100 elements, list(x) of 200 and repr of 10^8 elements against NumPy
#    and raw mpi4py (comm.bcast, comm.Bcast of 8 bytes, comm.allreduce).
# 7. random: gg.random's random() and standard_normal(), 10^8 float64, against NumPy's PCG64 and Philox on one
#    process and a plain write of the same bytes (bench_random.py).
# 8. fft: gg.fft.fftn + ifftn of 256^3 complex128 and rfftn of 8192^2 float64 against FFTW-MPI called from C
#    (fftw_mpi_baseline.c, same slabs), mpi4py-fft and numpy.fft on one process, with peak memory (bench_fft.py).
# 10. threads: x + y, sum, exp, sort of 10^8 float64 and matmul n = 4000 as 2 ranks x 1 thread against 1 rank x 2
#    threads (separate MPI jobs in alternating rounds), the STREAM-like floors, NumPy's @ with 2 threads, and the
#    local loops at baseline x86-64 against the CPU's widest SIMD level (bench_threads.py).
# 9. sweep: every operation family of the namespace at 10^7 elements, gingham on 1 and 2 ranks against NumPy
#    on one process, in alternating rounds, as a table of ratios (sweep.py, operations in sweep_operations.py).
# 10. transpose: the 1xP-grid move (block rows <-> block columns) and the distributed transpose of 8192^2 and
#    6007 x 7001 float64 against pack + MPI_Alltoall + unpack, MPI_Alltoallw with derived datatypes and FFTW-MPI's
#    fftw_mpi_plan_transpose, in alternating rounds (bench_transpose.cpp; built when libfftw3-mpi-dev is there).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-${GINGHAM_BUILD_DIR:-$root/build}}
source "$root/scripts/mpi-env.sh"
parts=" ${GINGHAM_BENCHMARKS:-redistribution namespace manipulation linalg io element random fft sweep transpose threads} "
wanted() { [[ "$parts" == *" $1 "* ]]; }
if wanted redistribution; then
  "$root/scripts/mpi-launch.sh" 2 1200 "$build/benchmarks/bench_redistribution" 4000 10
fi
if wanted namespace && ! /usr/bin/python3 -c "import dask.array" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-dask >/dev/null
  else
    echo "benchmarks: python3-dask is not installed (apt-get install python3-dask); dask columns show n/a" >&2
  fi
fi
if wanted namespace; then
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 1800 /usr/bin/python3 "$root/benchmarks/bench_namespace.py"
fi
if wanted manipulation; then
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 1800 /usr/bin/python3 "$root/benchmarks/bench_manipulation.py"
fi
if wanted linalg; then
  "$root/scripts/mpi-launch.sh" 2 1200 "$build/benchmarks/bench_linalg" 4000 3 2000
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 1200 /usr/bin/python3 "$root/benchmarks/bench_linalg.py"
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 600 /usr/bin/python3 "$root/benchmarks/bench_linalg_batched.py"
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 1800 /usr/bin/python3 "$root/benchmarks/bench_linalg_layouts.py"
fi
if wanted io; then
  PYTHONPATH="$build/python" /usr/bin/python3 "$root/benchmarks/bench_io.py"
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 1800 /usr/bin/python3 "$root/benchmarks/bench_io_hdf5.py"
fi
if wanted element; then
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 900 /usr/bin/python3 "$root/benchmarks/bench_element_access.py"
fi
if wanted random; then
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 1200 /usr/bin/python3 "$root/benchmarks/bench_random.py"
fi
if wanted fft; then
  PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 1800 /usr/bin/python3 "$root/benchmarks/bench_fft.py"
fi
if wanted threads; then
  PYTHONPATH="$build/python" /usr/bin/python3 "$root/benchmarks/bench_threads.py"
fi
if wanted sweep; then
  (cd "$root/benchmarks" && PYTHONPATH="$build/python" "$root/scripts/mpi-launch.sh" 2 3600 /usr/bin/python3 sweep.py)
fi
if wanted transpose; then
  "$root/scripts/mpi-launch.sh" 2 1800 "$build/benchmarks/bench_transpose" 10
fi
