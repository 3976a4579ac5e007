# Source this file: Open MPI settings for running gingham on one machine (tests, demos, laptops).
# Values already set in the environment are kept. See ../shared/ENVIRONMENT.md for the measurements.
if [ "$(id -u)" = 0 ]; then                      # mpirun refuses to run as root without these
  export OMPI_ALLOW_RUN_AS_ROOT="${OMPI_ALLOW_RUN_AS_ROOT:-1}"
  export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}"
fi
export OMPI_MCA_rmaps_base_oversubscribe="${OMPI_MCA_rmaps_base_oversubscribe:-1}"  # more ranks than cores
export OMPI_MCA_mpi_yield_when_idle="${OMPI_MCA_mpi_yield_when_idle:-1}"  # idle ranks yield: 1000x faster when oversubscribed
export OMPI_MCA_btl="${OMPI_MCA_btl:-self,vader}"  # one node: shared memory only, starts 2x faster
export OMPI_MCA_pml="${OMPI_MCA_pml:-ob1}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"  # one BLAS thread per rank
