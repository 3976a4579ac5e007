// The one pass over a host index list (host_indices.hpp): range, order and digest.

#include "host_indices.hpp"

#include <algorithm>

#include "gingham/core/simd_level.hpp"
#include "simd_dispatch.hpp"

namespace gingham::detail {
namespace {

/// The digest of a list from its length and its four lanes' sums: s1 (element 0, in lane 0, then the
/// elements of the lane: lane l holds elements 1 + l, 5 + l, 9 + l, ...) and s2 (the sum of s1 after each
/// element of the lane): a change of any element or of the order changes it (but for collisions).
std::uint64_t mix_digest(std::size_t n, const std::uint64_t (&s1)[4], const std::uint64_t (&s2)[4]) {
  std::uint64_t h = n * 0x9E3779B97F4A7C15ULL;
  for (int l = 0; l < 4; ++l) {
    h = (h ^ s1[l]) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ s2[l]) * 0x94D049BB133111EBULL;
  }
  return h ^ (h >> 31);
}

/// A summary under way: the range so far, whether a descent was met, and the four lanes' sums.
struct Running {
  IndexSummary summary;
  std::uint64_t s1[4], s2[4];
  bool descended = false;

  /// Continues over elements k .. n - 1 of p, one by one.
  void add_each(const std::int64_t* p, std::size_t k, std::size_t n) {
    for (; k < n; ++k) {
      const std::int64_t i = p[k];
      summary.smallest = std::min(summary.smallest, i);
      summary.largest = std::max(summary.largest, i);
      descended |= i < p[k - 1];
      s1[(k - 1) % 4] += static_cast<std::uint64_t>(i), s2[(k - 1) % 4] += s1[(k - 1) % 4];
    }
  }
  /// The summary of the n elements seen.
  IndexSummary finished(std::size_t n, bool with_digest) {
    summary.digest = with_digest ? mix_digest(n, s1, s2) : 0;
    summary.ascending = !descended;
    return summary;
  }
};

/// The summary in four 64-bit lanes (GCC vector types: one AVX2 register), for the AVX2 and AVX-512 runners
/// of with_simd; the same digest as summarize_scalar.
template <bool Digest>
[[gnu::always_inline]] inline IndexSummary summarize_lanes(std::span<const std::int64_t> indices) {
  typedef std::int64_t Lanes __attribute__((vector_size(32)));
  typedef std::uint64_t Sums __attribute__((vector_size(32)));
  const std::int64_t* p = indices.data();
  const std::size_t n = indices.size();
  Lanes smallest = {p[0], p[0], p[0], p[0]}, largest = smallest, descents = {0, 0, 0, 0};
  Sums s1 = {static_cast<std::uint64_t>(p[0]), 0, 0, 0}, s2 = s1;  // element 0 is lane 0's first
  std::size_t k = 1;
  for (; k + 4 <= n; k += 4) {
    Lanes i, before;
    __builtin_memcpy(&i, p + k, sizeof i);
    __builtin_memcpy(&before, p + k - 1, sizeof before);
    smallest = i < smallest ? i : smallest;
    largest = i > largest ? i : largest;
    descents -= i < before;  // a true comparison is -1
    if constexpr (Digest) s1 += (Sums)i, s2 += s1;
  }
  Running running{{p[0], p[0], 0, true}, {}, {}};
  for (int l = 0; l < 4; ++l) {
    running.summary.smallest = std::min(running.summary.smallest, smallest[l]);
    running.summary.largest = std::max(running.summary.largest, largest[l]);
    running.descended |= descents[l] != 0;
    running.s1[l] = s1[l], running.s2[l] = s2[l];
  }
  running.add_each(p, k, n);
  return running.finished(n, Digest);
}

/// The same summary element by element (baseline x86-64 has no 64-bit vector comparison).
IndexSummary summarize_scalar(std::span<const std::int64_t> indices, bool with_digest) {
  const std::int64_t* p = indices.data();
  const auto first = static_cast<std::uint64_t>(p[0]);
  Running running{{p[0], p[0], 0, true}, {first, 0, 0, 0}, {first, 0, 0, 0}};
  running.add_each(p, 1, indices.size());
  return running.finished(indices.size(), with_digest);
}

}  // namespace

IndexSummary summarize(std::span<const std::int64_t> indices, bool with_digest) {
  if (indices.empty()) return {};
  if (simd_level() == SimdLevel::baseline) return summarize_scalar(indices, with_digest);
  IndexSummary summary;
  with_simd([&] { summary = with_digest ? summarize_lanes<true>(indices) : summarize_lanes<false>(indices); });
  return summary;
}

}  // namespace gingham::detail
