#pragma once
// Walking a box's message positions in memory: how one side of a message (a strided view, or a
// contiguous buffer) addresses them, row by row (a row = the runs of the last target axis). Shared by
// the copy routines, the contiguity tests and the piece splitting. Pure arithmetic, no MPI.

#include <cstdint>
#include <optional>
#include <vector>

#include "runs.hpp"
#include "gingham/plans/target_combine.hpp"

namespace gingham::detail {

/// A rectangular part of a message: the product over target axes of their runs (message order:
/// row-major over the target axes), plus source axes held at a fixed local index.
struct Box {
  std::vector<AxisRuns> axes;
  std::vector<std::pair<int, std::int64_t>> fixed;  // (source view axis, source local index)

  std::int64_t elements() const noexcept {
    std::int64_t n = 1;
    for (const AxisRuns& axis : axes) n *= axis.elements();
    return n;
  }
};

/// How one side of a copy addresses message positions: a strided view (per target axis element stride,
/// plus a fixed element offset; indices from the runs' source or target side), or a contiguous buffer
/// in message order (`linear`).
struct Side {
  std::byte* base = nullptr;
  std::vector<std::int64_t> stride;
  std::int64_t offset = 0;
  bool linear = false;
  bool source_indices = true;
  bool stream = false;  // a final target too large for the cache: long contiguous runs bypass it (stream_copy)
  const TargetCombine* combine = nullptr;  // a target side whose values go to a combine instead of its memory

  /// The element step between consecutive elements of segment `s` on this side.
  std::int64_t step(const Segment& s, std::int64_t inner_stride) const noexcept {
    return linear ? 1 : (source_indices ? s.src_stride : s.dst_stride) * inner_stride;
  }
  /// The element offset of segment `s`'s first element in a row starting at `row_offset`.
  std::int64_t start(const Segment& s, std::int64_t row_offset, std::int64_t inner_stride) const noexcept {
    return row_offset + (source_indices ? s.src : s.dst) * inner_stride;
  }
};

/// The rows of a box from the one holding message position `first` on: the message index along each
/// outer axis (mixed radix), and each side's element offset of the row's start.
class RowCursor {
 public:
  RowCursor(const Box& box, std::int64_t first)
      : box_(box), width_(box.axes.back().elements()), row_(first / width_), outer_(box.axes.size() - 1) {
    for (std::int64_t k = static_cast<std::int64_t>(outer_.size()) - 1, rest = row_; k >= 0; --k) {
      outer_[k] = rest % box.axes[k].elements();
      rest /= box.axes[k].elements();
    }
  }
  /// The number of positions in a row (the last axis's message extent).
  std::int64_t width() const noexcept { return width_; }
  /// The current row number.
  std::int64_t row() const noexcept { return row_; }
  /// The element offset of the current row's start on `side` (not meaningful for linear sides).
  std::int64_t offset(const Side& side) const noexcept {
    std::int64_t offset = side.offset;
    if (side.linear) return 0;
    for (std::size_t k = 0; k < outer_.size(); ++k) {
      const Segment s = box_.axes[k].at(outer_[k]);
      offset += (side.source_indices ? s.src : s.dst) * side.stride[k];
    }
    return offset;
  }
  /// Moves to the next row.
  void next() noexcept {
    ++row_;
    for (std::int64_t k = static_cast<std::int64_t>(outer_.size()) - 1; k >= 0 && ++outer_[k] == box_.axes[k].elements(); --k) {
      outer_[k] = 0;
    }
  }

 private:
  const Box& box_;
  std::int64_t width_;
  std::int64_t row_;
  std::vector<std::int64_t> outer_;
};

/// Calls visit(position, element_offset, step, count) for each progression of message positions
/// [first, last) of `box` on a view side, in message order, until visit returns false.
template <class Visit>
void walk_segments(const Box& box, std::int64_t first, std::int64_t last, const Side& side, Visit&& visit) {
  if (first >= last) return;
  if (box.axes.empty()) {
    visit(first, side.offset, std::int64_t{1}, std::int64_t{1});
    return;
  }
  const std::int64_t inner_stride = side.stride.back();
  const AxisRuns& inner = box.axes.back();
  bool going = true;
  for (RowCursor rows(box, first); going && first < last; rows.next()) {
    const std::int64_t row_begin = rows.row() * rows.width(), row_offset = rows.offset(side);
    const std::int64_t a = first - row_begin, b = std::min(rows.width(), last - row_begin);
    if (a == 0 && b == rows.width() && inner.single_run() != nullptr) {
      // A whole row of one run: its repetitions are one progression on this side when the shift
      // continues the stride (as for blocks that lie side by side here and apart on the other side).
      const Run& run = *inner.single_run();
      const std::int64_t stride = (side.source_indices ? run.src_stride : run.dst_stride) * inner_stride;
      const std::int64_t shift = (side.source_indices ? run.src_shift : run.dst_shift) * inner_stride;
      const std::int64_t step = run.count > 1 ? stride : shift;
      if (run.reps == 1 || shift == run.count * step) {
        going = visit(first, row_offset + (side.source_indices ? run.src : run.dst) * inner_stride,
                      run.elements() > 1 ? step : 1, run.elements());
        first = row_begin + rows.width();
        continue;
      }
    }
    std::int64_t position = first;
    inner.for_each_segment(a, b, [&](const Segment& s) {
      if (going) going = visit(position, side.start(s, row_offset, inner_stride), s.count > 1 ? side.step(s, inner_stride) : 1, s.count);
      position += s.count;
    });
    first = row_begin + rows.width();
  }
}

/// A box with fewer axes that addresses the same positions in the same order on two sides.
struct SqueezedBox {
  Box box;
  Side from, to;
};

/// `box` without its axes of one message position (a stack's or repeat's new axis), each side's stride of
/// those axes dropped and their single index folded into its offset, so that rows are as long as the box
/// allows (one row of n elements rather than n rows of one); nothing when the box has no such axis beside
/// another (its last axis is kept when all have one position).
std::optional<SqueezedBox> without_single_axes(const Box& box, const Side& from, const Side& to);

/// The element offset of position `first` when positions [first, last) of `box` are one ascending
/// contiguous range on a view side (so MPI can move them in place); nothing otherwise.
std::optional<std::int64_t> contiguous_range(const Box& box, std::int64_t first, std::int64_t last, const Side& side);

/// The ends of the pieces of `box` that are each contiguous on both sides (the dense shards that
/// `source` and `target` address), the last end being box.elements(); nothing when there would be more
/// than `max_pieces` pieces or their average is below `min_average` elements.
std::optional<std::vector<std::int64_t>> piece_ends(const Box& box, const Side& source, const Side& target,
                                                    std::size_t max_pieces, std::int64_t min_average);

}  // namespace gingham::detail
