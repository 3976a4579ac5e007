#include "gingham/core/environment.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>

#include "gingham/core/comm.hpp"  // the profile log at the end of the run
#include "gingham/core/profile.hpp"
#include "gingham/core/blas_kernel.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/core/threads.hpp"

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

/// The std::terminate handler under several ranks: the escaping exception's message with the rank, then
/// MPI_Abort of the world (which does not return).
[[noreturn]] void abort_the_job() {
  int rank = -1, size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::string what = "std::terminate was called without an active exception";
  if (const std::exception_ptr escaping = std::current_exception()) {
    try {
      std::rethrow_exception(escaping);
    } catch (const std::exception& error) {
      what = std::string("uncaught exception: ") + error.what();
    } catch (...) {
      what = "uncaught exception not derived from std::exception";
    }
  }
  std::fprintf(stderr,
               "[rank %d] gingham: %s\n[rank %d] gingham: calling MPI_Abort on rank %d of %d so that the other "
               "ranks do not wait for it (GINGHAM_ABORT_ON_EXCEPTION=0 turns this off)\n",
               rank, what.c_str(), rank, rank, size);
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, 1);
  std::abort();
}

void install_abort_on_exception() {
  if (abort_on_exception_enabled()) std::set_terminate(abort_the_job);
}

/// On world rank 0, once per process: the warning about generic OpenBLAS kernels, if it applies.
void warn_about_generic_blas() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) return;
  if (const std::string warning = take_generic_blas_warning(); !warning.empty()) {
    std::fprintf(stderr, "gingham: warning: %s\n", warning.c_str());
  }
}

}  // namespace

bool mpi_is_active() noexcept {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

bool abort_on_exception_enabled() {
  if (!mpi_is_active()) return false;
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const char* value = std::getenv("GINGHAM_ABORT_ON_EXCEPTION");
  std::string setting = value ? value : "1";
  std::transform(setting.begin(), setting.end(), setting.begin(), [](unsigned char c) { return std::tolower(c); });
  return size > 1 && setting != "0" && setting != "false" && setting != "no" && setting != "off";
}

void ensure_mpi_initialized(int requested_thread_level) {
  if (initialize_if_needed(nullptr, nullptr, requested_thread_level)) std::atexit(finalize_at_exit);
}

Environment::Environment(int& argc, char**& argv, int requested_thread_level)
    : owns_mpi_(initialize_if_needed(&argc, &argv, requested_thread_level)),
      thread_level_(query_thread_level()) {
  install_abort_on_exception();
  warn_about_generic_blas();
  follow_blas_threads();
}

Environment::Environment(int requested_thread_level)
    : owns_mpi_(initialize_if_needed(nullptr, nullptr, requested_thread_level)),
      thread_level_(query_thread_level()) {
  install_abort_on_exception();
  warn_about_generic_blas();
  follow_blas_threads();
}

Environment::~Environment() {
  // GINGHAM_PROFILE=1: the run's profile log, on rank 0 (collective: every rank ends its Environment),
  // unless an exception is unwinding the stack (the other ranks may not be here).
  if (profiling_requested_by_environment() && mpi_is_active() && std::uncaught_exceptions() == 0) {
    try {
      const std::string text = profile_report(Comm::world());
      if (!text.empty()) std::fputs(text.c_str(), stdout), std::fflush(stdout);
    } catch (...) {  // a destructor does not throw
    }
  }
  if (owns_mpi_ && mpi_is_active()) MPI_Finalize();
}

}  // namespace gingham
