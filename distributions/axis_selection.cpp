#include "gingham/distributions/axis_selection.hpp"

#include <algorithm>

namespace gingham::detail {

AxisSelection AxisSelection::slice(const AxisMap& map, int part, std::int64_t start, std::int64_t step,
                                   std::int64_t extent) {
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

AxisSelection AxisSelection::single(const AxisMap& map, int part, std::int64_t index) {
  AxisSelection s;
  if (map.owner(index) == part) s.add(map.to_local(index), 0, 1, 1);
  return s;
}

void AxisSelection::add(std::int64_t local, std::int64_t region, std::int64_t count, std::int64_t local_step) {
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

}  // namespace gingham::detail
