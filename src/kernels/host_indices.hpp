#pragma once
// Host index lists that every rank passes alike (internal): one vectorisable pass gives their range (for
// the bounds check) and a digest, which the ranks compare through the call's arguments.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>

namespace gingham::detail {

/// The smallest and largest index, whether they never decrease, and a position-dependent digest of all.
struct IndexSummary {
  std::int64_t smallest = 0, largest = -1;
  std::uint64_t digest = 0;
  bool ascending = true;  // indices[k] <= indices[k + 1] for every k
};

/// Local. One pass over `indices` (host_indices.cpp: four 64-bit lanes in AVX2 or AVX-512 registers when the
/// CPU has them); the digest only when `with_digest` (it is compared across ranks, so a communicator of one
/// rank needs none: digest 0). The digest is the same at every SIMD level.
IndexSummary summarize(std::span<const std::int64_t> indices, bool with_digest = true);

/// Local. Host indices for messages: up to 8 of them, then their count and the digest of all.
inline std::string describe_indices(std::span<const std::int64_t> indices, const IndexSummary& summary) {
  std::string text = "[";
  for (std::size_t k = 0; k < indices.size() && k < 8; ++k) text += (k ? ", " : "") + std::to_string(indices[k]);
  if (indices.size() > 8) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(summary.digest));
    return text + ", ...] (" + std::to_string(indices.size()) + " indices, digest " + hex + ")";
  }
  return text + "]";
}

/// Local. Throws std::out_of_range naming `function`, the first index of `indices` outside [-n, n) and the
/// axis, when `summary` (of `indices`) says there is one.
inline void require_in_bounds(std::span<const std::int64_t> indices, const IndexSummary& summary, std::int64_t n,
                              int axis, const char* function) {
  if (summary.smallest >= -n && summary.largest < n) return;
  const std::int64_t bad = *std::find_if(indices.begin(), indices.end(), [&](std::int64_t i) { return i < -n || i >= n; });
  throw std::out_of_range(std::string(function) + ": index " + std::to_string(bad) + " is out of bounds for axis " +
                          std::to_string(axis) + " with size " + std::to_string(n));
}

}  // namespace gingham::detail
