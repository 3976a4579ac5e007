#pragma once
// Timing helpers shared by the C++ benchmarks: gingham and its baseline alternate, medians reported.

#include <mpi.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gingham/gingham.hpp"

namespace gingham::bench {

/// `count` doubles in memory allocated as gingham allocates shards (huge pages), pages touched, so that
/// the baselines and gingham run on equally good memory.
inline std::shared_ptr<double> doubles(std::size_t count) {
  std::shared_ptr<std::byte> memory = allocate_memory(count * sizeof(double));
  auto* data = reinterpret_cast<double*>(memory.get());
  std::fill(data, data + count, 1.0);
  return std::shared_ptr<double>(memory, data);
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

/// Medians and best (least) seconds of `a` and of `b` over `repeats` alternating rounds.
struct PairTimes {
  double median_a, median_b, best_a, best_b;
};

/// As time_pair, with the best times too: on a shared machine whose load changes within a run, the ratio of
/// the best times (each side's least disturbed round) is the steadier estimate of the intrinsic ratio.
inline PairTimes time_pair_stats(const Comm& comm, int repeats, const std::function<void()>& a,
                                 const std::function<void()>& b) {
  std::vector<double> ta, tb;
  a(), b();  // warm-up: first touch of buffers
  for (int r = 0; r < repeats; ++r) {
    for (int which = 0; which < 2; ++which) {
      comm.barrier();
      const double start = MPI_Wtime();
      (which == 0 ? a : b)();
      double elapsed = MPI_Wtime() - start;
      MPI_Allreduce(MPI_IN_PLACE, &elapsed, 1, MPI_DOUBLE, MPI_MAX, comm.get());  // the slowest rank
      (which == 0 ? ta : tb).push_back(elapsed);
    }
  }
  return {median(ta), median(tb), *std::min_element(ta.begin(), ta.end()), *std::min_element(tb.begin(), tb.end())};
}

/// Median seconds of `a` and of `b` over `repeats` alternating rounds (all ranks start together).
inline std::pair<double, double> time_pair(const Comm& comm, int repeats, const std::function<void()>& a,
                                           const std::function<void()>& b) {
  const PairTimes t = time_pair_stats(comm, repeats, a, b);
  return {t.median_a, t.median_b};
}

/// Local. One line naming this machine's CPU (/proc/cpuinfo's model name) and its widest SIMD level, as
/// timing.py's machine() does for the Python benchmarks.
inline std::string machine() {
  std::string model = "unknown CPU", line;
  std::ifstream info("/proc/cpuinfo");
  while (std::getline(info, line)) {
    if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  return model + ", " + cpu_simd_level();
}

/// Medians and best (least) seconds of each of `bodies` over `repeats` rounds in which they take turns
/// (all ranks start each one together; a body's time is the slowest rank's).
struct RoundTimes {
  std::vector<double> median, best;
};
inline RoundTimes time_rounds(const Comm& comm, int repeats, const std::vector<std::function<void()>>& bodies) {
  std::vector<std::vector<double>> t(bodies.size());
  for (const auto& body : bodies) body();  // warm-up: first touch of buffers
  for (int r = 0; r < repeats; ++r) {
    for (std::size_t which = 0; which < bodies.size(); ++which) {
      comm.barrier();
      const double start = MPI_Wtime();
      bodies[which]();
      double elapsed = MPI_Wtime() - start;
      MPI_Allreduce(MPI_IN_PLACE, &elapsed, 1, MPI_DOUBLE, MPI_MAX, comm.get());
      t[which].push_back(elapsed);
    }
  }
  RoundTimes times;
  for (const auto& series : t) {
    times.median.push_back(median(series));
    times.best.push_back(*std::min_element(series.begin(), series.end()));
  }
  return times;
}

}  // namespace gingham::bench
