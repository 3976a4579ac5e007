#pragma once
// Runs: the elements one message moves along one target axis, as compressed arithmetic progressions of
// (source local index, target local index) pairs, in message order. Pure arithmetic, no MPI.

#include <cstdint>
#include <vector>

namespace gingham::detail {

/// `reps` repetitions of an arithmetic progression of `count` elements. Element (r, i) of the run is
/// at source local index src + r * src_shift + i * src_stride, and likewise on the target side.
struct Run {
  std::int64_t count = 0;
  std::int64_t src = 0, src_stride = 0;
  std::int64_t dst = 0, dst_stride = 0;
  std::int64_t reps = 1;
  std::int64_t src_shift = 0, dst_shift = 0;

  std::int64_t elements() const noexcept { return count * reps; }
};

/// One arithmetic progression of `count` elements, as a caller of AxisRuns::for_each_segment sees it.
struct Segment {
  std::int64_t src, src_stride, dst, dst_stride, count;
};

/// The runs of one axis of one message, in message order, merged as they are appended.
class AxisRuns {
 public:
  /// Appends `count` elements that follow the ones already here in message order.
  void append(std::int64_t count, std::int64_t src, std::int64_t src_stride, std::int64_t dst, std::int64_t dst_stride);

  /// The number of elements (the message extent along this axis).
  std::int64_t elements() const noexcept { return elements_; }
  const std::vector<Run>& runs() const noexcept { return runs_; }
  /// The (source, target) local indices of message position m (0 <= m < elements()).
  Segment at(std::int64_t m) const noexcept;
  /// Calls f(Segment) for the progressions covering message positions [first, last), in order.
  template <class F>
  void for_each_segment(std::int64_t first, std::int64_t last, F&& f) const;
  /// Bytes of metadata held.
  std::size_t metadata_bytes() const noexcept { return runs_.capacity() * sizeof(Run) + offsets_.capacity() * 8; }

 private:
  std::size_t run_containing(std::int64_t m) const noexcept;

  std::vector<Run> runs_;
  std::vector<std::int64_t> offsets_;  // message position of each run's first element
  std::int64_t elements_ = 0;
};

template <class F>
void AxisRuns::for_each_segment(std::int64_t first, std::int64_t last, F&& f) const {
  if (first >= last) return;
  for (std::size_t r = run_containing(first); r < runs_.size() && offsets_[r] < last; ++r) {
    const Run& run = runs_[r];
    const std::int64_t begin = std::max(first, offsets_[r]) - offsets_[r];
    const std::int64_t end = std::min(last, offsets_[r] + run.elements()) - offsets_[r];
    for (std::int64_t rep = begin / run.count; rep * run.count < end; ++rep) {
      const std::int64_t i0 = std::max(begin - rep * run.count, std::int64_t{0});
      const std::int64_t i1 = std::min(end - rep * run.count, run.count);
      f(Segment{run.src + rep * run.src_shift + i0 * run.src_stride, run.src_stride,
                run.dst + rep * run.dst_shift + i0 * run.dst_stride, run.dst_stride, i1 - i0});
    }
  }
}

}  // namespace gingham::detail
