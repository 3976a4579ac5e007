#!/usr/bin/env bash
# Installs the Debian 12 packages gingham needs (as root). Does nothing when they are all installed.
set -euo pipefail
packages=(
  cmake make g++ pkg-config                      # build tools
  openmpi-bin libopenmpi-dev                     # MPI
  libopenblas-dev libscalapack-openmpi-dev       # BLAS/LAPACK (OpenBLAS) and ScaLAPACK (+ BLACS)
  libdlpack-dev libgtest-dev pybind11-dev        # DLPack header, GoogleTest, pybind11
  python3-dev python3-numpy python3-mpi4py       # the Python package (/usr/bin/python3)
  python3-pytest python3-pytest-timeout          # the Python test suite
  python3-venv python3-pip                       # pip install . into a venv (packaging_pip_install test)
  python3-hypothesis python3-torch               # property-based tests; DLPack interchange tests with PyTorch
  libhdf5-openmpi-dev                            # parallel HDF5 (gingham/io/hdf5: save_hdf5, load_hdf5)
  python3-h5py-mpi                               # h5py with MPI: HDF5 interop tests only (gingham does not import it)
  librandom123-dev                               # Philox4x64 counter-based generator (gingham/random, header-only)
  libfftw3-dev libfftw3-mpi-dev                  # FFTW3 local transforms (gingham/fft); FFTW-MPI for the FFT benchmark only
  python3-mpi4py-fft                             # mpi4py-fft: the FFT benchmark's peer only
  libhwy-dev                                     # Highway: vqsort for local sorts (gingham/kernels/sorting)
  python3-sphinx python3-myst-parser             # the documentation (docs/, ctest docs_sphinx)
  python3-ipyparallel python3-nbclient python3-ipykernel python3-nbformat   # the MPI notebook (ctest notebook_mpi)
  python3-xarray                                 # xarray interop tests and examples/xarray_simulation.py (issue 20)
)
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages are installed"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run this script as root (or with sudo)" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
