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

std::optional<SqueezedBox> without_single_axes(const Box& box, const Side& from, const Side& to) {
  const std::size_t ndim = box.axes.size();
  std::vector<char> dropped(ndim, 0);
  for (std::size_t k = 0; k < ndim; ++k) dropped[k] = box.axes[k].elements() == 1;
  if (std::all_of(dropped.begin(), dropped.end(), [](char d) { return d != 0; }) && ndim > 0) dropped.back() = 0;
  if (ndim < 2 || std::none_of(dropped.begin(), dropped.end(), [](char d) { return d != 0; })) return std::nullopt;
  SqueezedBox squeezed{Box{{}, box.fixed}, from, to};
  for (Side* side : {&squeezed.from, &squeezed.to}) side->stride.clear();
  for (std::size_t k = 0; k < ndim; ++k) {
    if (!dropped[k]) {
      squeezed.box.axes.push_back(box.axes[k]);
      if (!from.linear) squeezed.from.stride.push_back(from.stride[k]);
      if (!to.linear) squeezed.to.stride.push_back(to.stride[k]);
      continue;
    }
    const Segment s = box.axes[k].at(0);
    if (!from.linear) squeezed.from.offset += (from.source_indices ? s.src : s.dst) * from.stride[k];
    if (!to.linear) squeezed.to.offset += (to.source_indices ? s.src : s.dst) * to.stride[k];
  }
  return squeezed;
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
