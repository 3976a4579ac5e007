#include "gingham/core/environment.hpp"

#include <cstdlib>
#include <stdexcept>

#include "gingham/core/mpi_check.hpp"

namespace gingham {
namespace {

int query_thread_level() {
  int level = MPI_THREAD_SINGLE;
  GINGHAM_MPI(MPI_Query_thread(&level));
  return level;
}

/// Initialises MPI if it is not active; returns true when this call did it.
bool initialize_if_needed(int* argc, char*** argv, int requested_thread_level) {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized) {
    throw std::logic_error("gingham: MPI has already been finalized; it cannot be used again in this process");
  }
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) return false;
  int provided = MPI_THREAD_SINGLE;
  GINGHAM_MPI(MPI_Init_thread(argc, argv, requested_thread_level, &provided));
  return true;
}

void finalize_at_exit() {
  if (mpi_is_active()) MPI_Finalize();
}

}  // namespace

bool mpi_is_active() noexcept {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

void ensure_mpi_initialized(int requested_thread_level) {
  if (initialize_if_needed(nullptr, nullptr, requested_thread_level)) std::atexit(finalize_at_exit);
}

Environment::Environment(int& argc, char**& argv, int requested_thread_level)
    : owns_mpi_(initialize_if_needed(&argc, &argv, requested_thread_level)),
      thread_level_(query_thread_level()) {}

Environment::Environment(int requested_thread_level)
    : owns_mpi_(initialize_if_needed(nullptr, nullptr, requested_thread_level)),
      thread_level_(query_thread_level()) {}

Environment::~Environment() {
  if (owns_mpi_ && mpi_is_active()) MPI_Finalize();
}

}  // namespace gingham
