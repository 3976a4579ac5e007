#pragma once
/// \file
/// MPI start-up and shut-down that works under mpirun, under srun (PMIx), and in a plain single-process
/// program, Python interpreter or notebook (MPI's singleton initialisation).

#include <mpi.h>

namespace gingham {

/// Local. True between MPI_Init and MPI_Finalize.
bool mpi_is_active() noexcept;

/// Collective over MPI_COMM_WORLD when it initialises MPI, otherwise local.
/// Makes sure MPI is initialised. If nobody has initialised it yet, initialises it with
/// `requested_thread_level` and finalises it at program exit (std::atexit), unless somebody else
/// finalises it first. Throws std::logic_error if MPI was already finalised.
void ensure_mpi_initialized(int requested_thread_level = MPI_THREAD_FUNNELED);

/// Local. Whether an exception that escapes main on one rank aborts the job (see Environment): more than
/// one rank in MPI_COMM_WORLD and the environment variable GINGHAM_ABORT_ON_EXCEPTION not 0/false/no/off.
bool abort_on_exception_enabled();

/// RAII guard for a C++ main: `gingham::Environment env(argc, argv);`.
///
/// Under more than one rank it also installs a std::terminate handler (unless GINGHAM_ABORT_ON_EXCEPTION
/// is 0/false/no/off): an exception that escapes main (or any other call of std::terminate) on one rank
/// prints its type's message headed by the rank and calls MPI_Abort on MPI_COMM_WORLD, so the job ends in
/// seconds instead of the other ranks waiting in their next collective until the wall time.
class Environment {
 public:
  /// Collective over MPI_COMM_WORLD. Initialises MPI if nobody has, asking for `requested_thread_level`.
  Environment(int& argc, char**& argv, int requested_thread_level = MPI_THREAD_FUNNELED);
  /// Collective over MPI_COMM_WORLD. As above, without command-line arguments.
  explicit Environment(int requested_thread_level = MPI_THREAD_FUNNELED);
  /// Collective over MPI_COMM_WORLD. Finalises MPI if this guard initialised it.
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  /// Local. The thread level MPI provides.
  int thread_level() const noexcept { return thread_level_; }

 private:
  bool owns_mpi_ = false;
  int thread_level_ = MPI_THREAD_SINGLE;
};

}  // namespace gingham
