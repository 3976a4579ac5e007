#pragma once
// Host index lists that every rank passes alike (internal): one vectorisable pass gives their range (for
// the bounds check) and a digest, which the ranks compare through the call's arguments.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

namespace gingham::detail {

/// The smallest and largest index, whether they never decrease, and a position-dependent digest of all (no
/// chain from element to element).
struct IndexSummary {
  std::int64_t smallest = 0, largest = -1;
  std::uint64_t digest = 0;
  bool ascending = true;  // indices[k] <= indices[k + 1] for every k
};

/// Local. One pass over `indices` (a second, stopping at the first descent, only when the first and
/// last are the smallest and largest); the digest only when `with_digest` (it is compared across ranks,
/// so a communicator of one rank needs none: digest 0).
inline IndexSummary summarize(std::span<const std::int64_t> indices, bool with_digest = true) {
  if (indices.empty()) return {};
  std::int64_t smallest = indices[0], largest = indices[0];
  std::uint64_t digest = 0;
  if (!with_digest) {
    for (const std::int64_t i : indices) smallest = std::min(smallest, i), largest = std::max(largest, i);
  } else {
    for (std::size_t k = 0; k < indices.size(); ++k) {
      const std::int64_t i = indices[k];
      smallest = std::min(smallest, i);
      largest = std::max(largest, i);
      digest += (static_cast<std::uint64_t>(i) ^ (k * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
    }
  }
  const bool ascending = smallest == indices.front() && largest == indices.back() &&
                         std::is_sorted(indices.begin(), indices.end());
  return {smallest, largest, digest, ascending};
}

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
