#pragma once
// Walking chosen elements of a shard (internal): the product of per-axis lists of local positions, in
// row-major order of the lists. Shared by the indexing and assignment kernels. Pure local work.

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include "gingham/core/local_view.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham::detail {

/// Per axis, the positions 0 .. extent - 1 of `view` (every element).
inline std::vector<std::vector<std::int64_t>> every_position(const RawView& view) {
  std::vector<std::vector<std::int64_t>> positions(view.shape.size());
  for (std::size_t a = 0; a < view.shape.size(); ++a) {
    positions[a].resize(static_cast<std::size_t>(view.shape[a]));
    std::iota(positions[a].begin(), positions[a].end(), std::int64_t{0});
  }
  return positions;
}

/// Per axis, the global indices of the shard this rank holds of `d` (empty lists off the grid).
inline std::vector<std::vector<std::int64_t>> owned_global_indices(const Distribution& d, bool holds_shard,
                                                                   const std::vector<int>& coords) {
  std::vector<std::vector<std::int64_t>> owned(d.ndim());
  if (!holds_shard) return owned;
  for (int a = 0; a < d.ndim(); ++a) owned[a] = d.owned_indices(coords, a);
  return owned;
}

/// Calls f(counters) for each combination of the per-axis lists (counters[a] indexes positions[a]), in
/// row-major order: nothing when a list is empty, once when there are no axes.
template <class F>
void for_each_index(const std::vector<std::vector<std::int64_t>>& positions, F&& f) {
  const std::size_t nd = positions.size();
  for (const auto& list : positions) {
    if (list.empty()) return;
  }
  std::vector<std::int64_t> counters(nd, 0);
  while (true) {
    f(static_cast<const std::vector<std::int64_t>&>(counters));
    std::size_t a = nd;
    while (true) {
      if (a == 0) return;
      --a;
      if (++counters[a] < static_cast<std::int64_t>(positions[a].size())) break;
      counters[a] = 0;
    }
  }
}

/// Calls f(counters, element) for each element of `view` at the product of `positions` (positions[a]
/// lists local indices along axis a), in row-major order of the lists. Nothing for a view without data.
template <class F>
void for_each_position(const RawView& view, const std::vector<std::vector<std::int64_t>>& positions, F&& f) {
  if (view.data == nullptr) return;
  const auto item = static_cast<std::int64_t>(view.item_size);
  for_each_index(positions, [&](const std::vector<std::int64_t>& at) {
    std::int64_t offset = 0;
    for (std::size_t a = 0; a < at.size(); ++a) offset += positions[a][at[a]] * view.strides[a];
    f(at, view.data + offset * item);
  });
}

}  // namespace gingham::detail
