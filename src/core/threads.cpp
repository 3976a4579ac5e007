#include "gingham/core/threads.hpp"

#include <dlfcn.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace gingham {
namespace {

/// A positive integer from the environment variable `name` (its text up to the first comma), or 0.
int positive_from_environment(const char* name) noexcept {
  const char* text = std::getenv(name);
  if (text == nullptr) return 0;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (end == text || value < 1 || value > 4096) return 0;
  return static_cast<int>(value);
}

/// The CPUs of this process's affinity mask (0 when unknown).
int affinity_cpus() noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 0;
  return CPU_COUNT(&set);
}

int default_threads() noexcept {
  for (const char* name : {"GINGHAM_NUM_THREADS", "OMP_NUM_THREADS", "SLURM_CPUS_PER_TASK"}) {
    if (const int n = positive_from_environment(name)) return n;
  }
  const int mine = affinity_cpus();
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  if (mine <= 0 || online <= 0) return 1;
  if (mine < online) return mine;  // bound to these CPUs: they are this rank's
  int ranks = positive_from_environment("OMPI_COMM_WORLD_LOCAL_SIZE");
  if (ranks == 0) ranks = positive_from_environment("MPI_LOCALNRANKS");
  if (ranks == 0) ranks = 1;
  return mine / ranks > 1 ? mine / ranks : 1;
}

std::atomic<int> chosen{0};  // 0: not chosen yet

void set_blas_threads(int n) noexcept {
  using SetThreads = void (*)(int);
  const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set != nullptr) set(n);
}

}  // namespace

int num_threads() noexcept {
  int n = chosen.load(std::memory_order_relaxed);
  if (n == 0) {
    int expected = 0;
    chosen.compare_exchange_strong(expected, default_threads());
    n = chosen.load(std::memory_order_relaxed);
  }
  return n;
}

void set_num_threads(int n) {
  if (n < 1) {
    throw std::invalid_argument("gingham::set_num_threads: expected a thread count >= 1, got " + std::to_string(n));
  }
  chosen.store(n);
  set_blas_threads(n);
}

void follow_blas_threads() noexcept {
  if (std::getenv("OPENBLAS_NUM_THREADS") != nullptr) return;
  set_blas_threads(num_threads());
}

}  // namespace gingham
