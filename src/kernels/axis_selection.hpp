#pragma once
// The part of one axis of a shard that a basic key selects (internal): arithmetic runs of (local index,
// index along the selection), one per owned block at most and merged where they continue each other, so
// a slice of a Block or Cyclic axis is one run whatever its length. Pure arithmetic, no MPI.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "gingham/distributions/axis_map.hpp"

namespace gingham::detail {

class AxisSelection {
 public:
  /// The indices start + step * j (0 <= j < extent) that part `part` of `map` holds.
  static AxisSelection slice(const AxisMap& map, int part, std::int64_t start, std::int64_t step, std::int64_t extent) {
    AxisSelection s;
    for (std::int64_t b = 0; b < map.owned_block_count(part); ++b) {
      const OwnedBlock block = map.owned_block(part, b);
      const std::int64_t lo = block.global_begin - start, hi = block.global_begin + block.length - 1 - start;
      std::int64_t j0 = step > 0 ? ceil_div(lo, step) : ceil_div(hi, step);
      std::int64_t j1 = step > 0 ? floor_div(hi, step) : floor_div(lo, step);
      j0 = std::max<std::int64_t>(j0, 0), j1 = std::min(j1, extent - 1);
      if (j0 > j1) continue;
      s.add(block.local_begin + (start + step * j0 - block.global_begin), j0, j1 - j0 + 1, step);
    }
    return s;
  }
  /// The single index `index`, when part `part` of `map` holds it.
  static AxisSelection single(const AxisMap& map, int part, std::int64_t index) {
    AxisSelection s;
    if (map.owner(index) == part) s.add(map.to_local(index), 0, 1, 1);
    return s;
  }

  /// The number of selected indices.
  std::int64_t size() const noexcept { return size_; }
  /// The local index and the index along the selection of the i-th selected index (0 <= i < size()).
  std::pair<std::int64_t, std::int64_t> at(std::int64_t i) const noexcept {
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
  static std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
  static std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return -floor_div(-a, b); }

  void add(std::int64_t local, std::int64_t region, std::int64_t count, std::int64_t local_step) {
    if (!runs_.empty()) {
      Run& last = runs_.back();
      if (last.count == 1 && count == 1) {  // two single indices: one progression of two
        last.local_step = local - last.local, last.region_step = region - last.region, last.count = 2;
        size_ += 1;
        return;
      }
      if (last.local + last.count * last.local_step == local && last.region + last.count * last.region_step == region &&
          (count == 1 || (local_step == last.local_step && last.region_step == 1))) {
        last.count += count;
        size_ += count;
        return;
      }
    }
    runs_.push_back(Run{size_, local, region, count, local_step, 1});
    size_ += count;
  }

  std::vector<Run> runs_;
  std::int64_t size_ = 0;
};

}  // namespace gingham::detail
