#pragma once
// The threads of one rank: how many threads gingham's local kernels (elementwise loops, reductions) use
// inside each rank, and the BLAS thread count that follows it. Run one rank per core with 1 thread, or one
// rank per node or socket with several: see docs on `mpirun --bind-to none` / `--map-by slot:PE=n` and
// Slurm's `--cpus-per-task`.

namespace gingham {

/// Local. The threads each local kernel of this rank uses. The first of: set_num_threads's value;
/// GINGHAM_NUM_THREADS; OMP_NUM_THREADS (its first entry); SLURM_CPUS_PER_TASK; else the CPUs this
/// process may run on (its affinity mask) when the rank is bound to them, or those CPUs shared among the
/// node's ranks (OMPI_COMM_WORLD_LOCAL_SIZE or MPI_LOCALNRANKS) when it is not. At least 1. Costs one
/// relaxed atomic load after the first call.
int num_threads() noexcept;

/// Local. Sets num_threads() to n (n >= 1, else std::invalid_argument) and OpenBLAS's thread count to n.
void set_num_threads(int n);

/// Local. Gives OpenBLAS num_threads() threads, unless OPENBLAS_NUM_THREADS is set in the environment
/// (then the user's choice stands) or the BLAS is not OpenBLAS. Called by Environment and at Python import.
void follow_blas_threads() noexcept;

}  // namespace gingham
