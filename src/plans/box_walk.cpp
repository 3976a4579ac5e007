#include "box_walk.hpp"

#include <algorithm>

namespace gingham::detail {

std::optional<std::int64_t> contiguous_range(const Box& box, std::int64_t first, std::int64_t last, const Side& side) {
  std::optional<std::int64_t> start;
  std::int64_t next = 0;
  bool contiguous = true;
  walk_segments(box, first, last, side, [&](std::int64_t, std::int64_t offset, std::int64_t step, std::int64_t count) {
    contiguous = (count == 1 || step == 1) && (!start || offset == next);
    if (!start) start = offset;
    next = offset + count;
    return contiguous;
  });
  return contiguous ? start : std::nullopt;
}

std::optional<std::vector<std::int64_t>> piece_ends(const Box& box, const Side& source, const Side& target,
                                                    std::size_t max_pieces, std::int64_t min_average) {
  const std::int64_t total = box.elements();
  std::vector<std::int64_t> ends;
  for (const Side* side : {&source, &target}) {
    std::int64_t next = 0;
    bool regular = true;
    walk_segments(box, 0, total, *side, [&](std::int64_t position, std::int64_t offset, std::int64_t step, std::int64_t count) {
      if (position > 0 && offset != next) ends.push_back(position);  // a gap: a new piece starts here
      regular = (count == 1 || step == 1) && ends.size() <= 2 * max_pieces;
      next = offset + count;
      return regular;
    });
    if (!regular) return std::nullopt;
  }
  ends.push_back(total);
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  if (ends.size() > max_pieces || total / static_cast<std::int64_t>(ends.size()) < min_average) return std::nullopt;
  return ends;
}

}  // namespace gingham::detail
