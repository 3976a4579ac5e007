#pragma once
/// \file
/// AxisSelection (internal): the part of one axis of a shard that a basic key selects, as arithmetic runs
/// of (local index, index along the selection), one per owned block at most and merged where they
/// continue each other, so a slice of a Block or Cyclic axis is one run whatever its length. Pure
/// arithmetic, no MPI.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "gingham/distributions/axis_map.hpp"

namespace gingham::detail {

class AxisSelection {
 public:
  /// Local. The indices start + step * j (0 <= j < extent) that part `part` of `map` holds. Cost: one
  /// step per block `part` owns.
  static AxisSelection slice(const AxisMap& map, int part, std::int64_t start, std::int64_t step, std::int64_t extent);
  /// Local. The single index `index`, when part `part` of `map` holds it.
  static AxisSelection single(const AxisMap& map, int part, std::int64_t index);

  /// Local. The number of selected indices.
  std::int64_t size() const noexcept { return size_; }
  /// Local. The local index and the index along the selection of the i-th selected index (0 <= i <
  /// size()). Cost: a binary search over the runs.
  std::pair<std::int64_t, std::int64_t> at(std::int64_t i) const noexcept {  // inline: called per element
    const auto run = runs_.size() == 1 ? runs_.begin()
                                       : std::upper_bound(runs_.begin(), runs_.end(), i,
                                                          [](std::int64_t v, const Run& r) { return v < r.before; }) - 1;
    const std::int64_t k = i - run->before;
    return {run->local + k * run->local_step, run->region + k * run->region_step};
  }

 private:
  struct Run {
    std::int64_t before, local, region, count, local_step, region_step;
  };
  void add(std::int64_t local, std::int64_t region, std::int64_t count, std::int64_t local_step);

  std::vector<Run> runs_;
  std::int64_t size_ = 0;
};

}  // namespace gingham::detail
