#pragma once
// Runs: the elements one message moves along one target axis, as compressed arithmetic progressions of
// (source local index, target local index) pairs, in message order. Pure arithmetic, no MPI.
//
// Two levels of compression, both found as the runs are appended:
// - a Run is `reps` repetitions of a progression (one block-cyclic block after another);
// - a Group is `cycles` repetitions of a sequence of runs, each cycle shifted by the same (source,
//   target) offsets. Block-cyclic to block-cyclic layouts with unrelated block sizes cut an axis into
//   pieces whose pattern repeats every lcm(nb_src P_src, nb_dst P_dst) global indices (often sooner),
//   so a message's runs take O(period) memory instead of O(n).

#include <algorithm>
#include <cstddef>
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
  friend bool operator==(const Run&, const Run&) = default;
};

/// One arithmetic progression of `count` elements, as a caller of AxisRuns::for_each_segment sees it.
struct Segment {
  std::int64_t src, src_stride, dst, dst_stride, count;
};

/// The runs of one axis of one message, in message order, compressed as they are appended.
class AxisRuns {
 public:
  /// `cycles` repetitions of the runs [first_run, first_run + run_count) of runs(); cycle c is shifted
  /// by c * src_shift and c * dst_shift. Its first element is at message position `offset`.
  struct Group {
    std::size_t first_run = 0, run_count = 1;
    std::int64_t cycles = 1;
    std::int64_t src_shift = 0, dst_shift = 0;
    std::int64_t offset = 0, cycle_elements = 0;
    friend bool operator==(const Group&, const Group&) = default;
  };

  /// The most runs one cycle of a group may hold (longer patterns stay as separate runs).
  static constexpr std::size_t kMaxCycleRuns = 128;

  /// Appends `count` elements that follow the ones already here in message order.
  void append(std::int64_t count, std::int64_t src, std::int64_t src_stride, std::int64_t dst, std::int64_t dst_stride);

  /// The number of elements (the message extent along this axis).
  std::int64_t elements() const noexcept { return elements_; }
  /// The distinct runs (one cycle of each group).
  const std::vector<Run>& runs() const noexcept { return runs_; }
  /// The groups, in message order.
  const std::vector<Group>& groups() const noexcept { return groups_; }
  /// The only run, when all elements are one run (no cycles); nullptr otherwise.
  const Run* single_run() const noexcept {
    return groups_.size() == 1 && groups_[0].run_count == 1 && groups_[0].cycles == 1 ? &runs_[0] : nullptr;
  }
  /// The (source, target) local indices of message position m (0 <= m < elements()), and how many
  /// positions from m on continue its progression.
  Segment at(std::int64_t m) const noexcept;
  /// Calls f(Segment) for the progressions covering message positions [first, last), in order.
  template <class F>
  void for_each_segment(std::int64_t first, std::int64_t last, F&& f) const;
  /// Bytes of metadata held.
  std::size_t metadata_bytes() const noexcept {
    return runs_.capacity() * sizeof(Run) + run_offsets_.capacity() * sizeof(std::int64_t) + groups_.capacity() * sizeof(Group);
  }

  friend bool operator==(const AxisRuns&, const AxisRuns&) = default;

 private:
  std::size_t group_containing(std::int64_t m) const noexcept;
  /// The run of `group` whose cycle-relative positions contain `within`.
  std::size_t run_containing(const Group& group, std::int64_t within) const noexcept;
  void fold();
  void push_single(const Run& run, std::int64_t offset);
  void drop_tail_runs(std::size_t count);
  void unfold_open_group();

  std::vector<Run> runs_;
  std::vector<std::int64_t> run_offsets_;  // per run: position of its first element within its group's cycle
  std::vector<Group> groups_;
  std::int64_t elements_ = 0;
  std::size_t tail_begin_ = 0;  // runs from here on are single-run groups that may still form a group
  bool extending_ = false;      // the group before the tail may take the tail as its next cycle
  std::size_t open_tail_begin_ = 0;  // tail_begin_ before that group formed
};

template <class F>
void AxisRuns::for_each_segment(std::int64_t first, std::int64_t last, F&& f) const {
  if (first >= last) return;
  for (std::size_t g = group_containing(first); g < groups_.size() && groups_[g].offset < last; ++g) {
    const Group& group = groups_[g];
    const std::int64_t begin = std::max(first, group.offset) - group.offset;
    const std::int64_t end = std::min(last, group.offset + group.cycles * group.cycle_elements) - group.offset;
    for (std::int64_t cycle = begin / group.cycle_elements; cycle * group.cycle_elements < end; ++cycle) {
      const std::int64_t cycle_begin = cycle * group.cycle_elements;
      const std::size_t first_run = begin > cycle_begin ? run_containing(group, begin - cycle_begin) : group.first_run;
      for (std::size_t r = first_run; r < group.first_run + group.run_count && cycle_begin + run_offsets_[r] < end; ++r) {
        const Run& run = runs_[r];
        const std::int64_t run_begin = std::max(begin - cycle_begin - run_offsets_[r], std::int64_t{0});
        const std::int64_t run_end = std::min(end - cycle_begin - run_offsets_[r], run.elements());
        const std::int64_t src = run.src + cycle * group.src_shift, dst = run.dst + cycle * group.dst_shift;
        for (std::int64_t rep = run_begin / run.count; rep * run.count < run_end; ++rep) {
          const std::int64_t i0 = std::max(run_begin - rep * run.count, std::int64_t{0});
          const std::int64_t i1 = std::min(run_end - rep * run.count, run.count);
          f(Segment{src + rep * run.src_shift + i0 * run.src_stride, run.src_stride,
                    dst + rep * run.dst_shift + i0 * run.dst_stride, run.dst_stride, i1 - i0});
        }
      }
    }
  }
}

}  // namespace gingham::detail
