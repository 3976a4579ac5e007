#pragma once
// The local sort of one long run of real or integer keys on this rank's threads (internal): each thread
// sorts a contiguous chunk with vq_sort_keys (local_sort.hpp), then chunks are merged in pairs, every merge
// shared by all threads (each writes one range of the output, found by a binary search on the two inputs,
// the "merge path"). Merges are stable and chunks are in input order, so a stable sort's result is the same
// for any number of threads; an unstable sort may order -0.0 and 0.0 differently (unspecified, as between
// rank counts).

#include <algorithm>
#include <cstdint>
#include <vector>

#include <omp.h>

#include "gingham/core/memory.hpp"
#include "gingham/core/threads.hpp"
#include "local_sort.hpp"

namespace gingham::detail {

/// Keys per thread below which one thread sorts the whole run (threads would not pay for the merge).
inline constexpr std::int64_t kThreadedSortMinKeys = std::int64_t(1) << 18;

/// NumPy's order of keys as a comparison: by value, -0.0 equal to 0.0, NaNs equal to each other and beyond
/// every number (so first when descending).
template <class S>
struct RunOrder {
  bool descending;
  bool operator()(S a, S b) const noexcept {
    const std::uint64_t x = order_code(a), y = order_code(b);
    return descending ? x > y : x < y;
  }
};

/// Local. Merges the sorted runs a[0, na) and b[0, nb) into out (stable: a's element first on ties), the
/// work shared by `threads` threads of the enclosing OpenMP team (this is called by each of them, `t` its
/// number): thread t writes out[k0, k1) for k = t (na + nb) / threads, its inputs found by binary search.
template <class S, class Less>
void merge_share(const S* a, std::int64_t na, const S* b, std::int64_t nb, S* out, int t, int threads,
                 const Less& less) {
  const std::int64_t n = na + nb;
  // co_rank(k): how many of the first k outputs come from a.
  const auto co_rank = [&](std::int64_t k) {
    std::int64_t lo = std::max<std::int64_t>(0, k - nb), hi = std::min(k, na);
    while (lo < hi) {
      const std::int64_t i = lo + (hi - lo) / 2, j = k - i;
      if (j > 0 && !less(b[j - 1], a[i])) lo = i + 1;  // a[i] comes before b[j - 1]: more of a
      else hi = i;
    }
    return lo;
  };
  const std::int64_t k0 = n * t / threads, k1 = n * (t + 1) / threads;
  const std::int64_t i0 = co_rank(k0), i1 = co_rank(k1);
  std::merge(a + i0, a + i1, b + (k0 - i0), b + (k1 - i1), out + k0, less);
}

/// Local. Sorts run[0, n) as vq_sort_keys(run, n, descending, stable) does, on num_threads() threads when
/// each gets at least kThreadedSortMinKeys keys (then with a second buffer of n keys).
template <class S>
void threaded_sort_keys(scratch_vector<S>& run, bool descending, bool stable) {
  const std::int64_t n = static_cast<std::int64_t>(run.size());
  const int threads = static_cast<int>(std::min<std::int64_t>(num_threads(), n / kThreadedSortMinKeys));
  if (threads <= 1) {
    vq_sort_keys(run.data(), n, descending, stable);
    return;
  }
  if (const int state = presorted(n, descending, [&](std::int64_t i) { return run[i]; }); state != 0) {
    if (state < 0) std::reverse(run.begin(), run.end());  // strictly reversed: no equal keys to keep in order
    return;
  }
  // Chunk c is run[bounds[c], bounds[c + 1]).
  std::vector<std::int64_t> bounds(static_cast<std::size_t>(threads) + 1);
  for (int c = 0; c <= threads; ++c) bounds[c] = n * c / threads;
  scratch_vector<S> other(static_cast<std::size_t>(n));  // before the team: an allocation may throw
  const RunOrder<S> less{descending};
  S* from = run.data();
  S* to = other.data();
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    vq_sort_keys(from + bounds[t], bounds[t + 1] - bounds[t], descending, stable);
    // Merge levels: chunks (c, c + 1) of each pair become one; an odd last chunk is copied along.
    std::vector<std::int64_t> level = bounds;
    S* src = from;
    S* dst = to;
    while (level.size() > 2) {
#pragma omp barrier
      std::vector<std::int64_t> next(1, 0);
      for (std::size_t c = 0; c + 1 < level.size(); c += 2) {
        const std::int64_t begin = level[c];
        if (c + 2 < level.size()) {
          merge_share(src + begin, level[c + 1] - begin, src + level[c + 1], level[c + 2] - level[c + 1], dst + begin,
                      t, threads, less);
          next.push_back(level[c + 2]);
        } else {
          const std::int64_t length = level[c + 1] - begin;
          std::copy(src + begin + length * t / threads, src + begin + length * (t + 1) / threads,
                    dst + begin + length * t / threads);
          next.push_back(level[c + 1]);
        }
      }
      level.swap(next);
      std::swap(src, dst);
    }
  }
  // After L merge levels the keys are in `other` when L is odd.
  int levels = 0;
  for (int chunks = threads; chunks > 1; chunks = (chunks + 1) / 2) ++levels;
  if (levels % 2 == 1) run.swap(other);
}

}  // namespace gingham::detail
