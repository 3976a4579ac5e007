#include "runs.hpp"

#include <algorithm>

namespace gingham::detail {
namespace {

/// Extends `run` (one progression) by the progression `next` if together they are one progression.
bool extend_progression(Run& run, const Run& next) {
  if (run.reps != 1) return false;
  if (run.count == 1 && next.count == 1) {
    run.src_stride = next.src - run.src, run.dst_stride = next.dst - run.dst, run.count = 2;
    return true;
  }
  const std::int64_t src_stride = run.count >= 2 ? run.src_stride : next.src_stride;
  const std::int64_t dst_stride = run.count >= 2 ? run.dst_stride : next.dst_stride;
  if (next.count >= 2 && (next.src_stride != src_stride || next.dst_stride != dst_stride)) return false;
  if (next.src != run.src + src_stride * run.count || next.dst != run.dst + dst_stride * run.count) return false;
  run.src_stride = src_stride, run.dst_stride = dst_stride, run.count += next.count;
  return true;
}

/// Extends `run` by one more repetition `next` (same count and strides, shifted by the run's shifts).
bool extend_repetition(Run& run, const Run& next) {
  if (next.count != run.count || run.count < 2 || next.src_stride != run.src_stride ||
      next.dst_stride != run.dst_stride) {
    return false;
  }
  if (run.reps == 1) {
    run.src_shift = next.src - run.src, run.dst_shift = next.dst - run.dst, run.reps = 2;
    return true;
  }
  if (next.src != run.src + run.reps * run.src_shift || next.dst != run.dst + run.reps * run.dst_shift) return false;
  ++run.reps;
  return true;
}

/// Whether `b` is `a` moved by (src_shift, dst_shift): the same shape at shifted indices.
bool is_shifted(const Run& a, const Run& b, std::int64_t src_shift, std::int64_t dst_shift) {
  return a.count == b.count && a.src_stride == b.src_stride && a.dst_stride == b.dst_stride && a.reps == b.reps &&
         a.src_shift == b.src_shift && a.dst_shift == b.dst_shift && b.src - a.src == src_shift && b.dst - a.dst == dst_shift;
}

}  // namespace

void AxisRuns::append(std::int64_t count, std::int64_t src, std::int64_t src_stride, std::int64_t dst,
                      std::int64_t dst_stride) {
  if (count <= 0) return;
  const Run next{count, src, count > 1 ? src_stride : 0, dst, count > 1 ? dst_stride : 0};
  elements_ += count;
  if (!runs_.empty()) {
    // The last run is always a group of its own (fold() runs only before a new run starts).
    if (extend_progression(runs_.back(), next) || extend_repetition(runs_.back(), next)) {
      groups_.back().cycle_elements = runs_.back().elements();
      return;
    }
    fold();  // the last run is complete: it may continue a repeating pattern or complete a new one
  }
  push_single(next, elements_ - count);
}

void AxisRuns::push_single(const Run& run, std::int64_t offset) {
  groups_.push_back(Group{runs_.size(), 1, 1, 0, 0, offset, run.elements()});
  run_offsets_.push_back(0);
  runs_.push_back(run);
}

void AxisRuns::drop_tail_runs(std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) runs_.pop_back(), run_offsets_.pop_back(), groups_.pop_back();
}

void AxisRuns::unfold_open_group() {
  // Back to single runs: the group's cycles, then the tail after it; the tail starts where it did
  // before the group formed, so that a longer pattern containing it can still be found.
  const std::size_t tail = runs_.size() - tail_begin_;
  const std::vector<Run> after(runs_.end() - static_cast<std::ptrdiff_t>(tail), runs_.end());
  drop_tail_runs(tail);
  const Group group = groups_.back();
  groups_.pop_back();
  const std::vector<Run> base(runs_.begin() + static_cast<std::ptrdiff_t>(group.first_run), runs_.end());
  runs_.resize(group.first_run), run_offsets_.resize(group.first_run);
  std::int64_t offset = group.offset;
  for (std::int64_t cycle = 0; cycle < group.cycles; ++cycle) {
    for (Run run : base) {
      run.src += cycle * group.src_shift, run.dst += cycle * group.dst_shift;
      push_single(run, offset);
      offset += run.elements();
    }
  }
  for (const Run& run : after) push_single(run, offset), offset += run.elements();
  tail_begin_ = open_tail_begin_;
  extending_ = false;
}

void AxisRuns::fold() {
  // The tail continues the group before it: its newest run is the matching run of the next cycle.
  if (extending_) {
    const std::size_t tail = runs_.size() - tail_begin_;  // the tail: one group per run
    Group& group = groups_[groups_.size() - 1 - tail];
    if (tail <= group.run_count && is_shifted(runs_[group.first_run + tail - 1], runs_.back(),
                                              group.cycles * group.src_shift, group.cycles * group.dst_shift)) {
      if (tail == group.run_count) {  // a whole cycle more
        drop_tail_runs(tail);
        ++group.cycles;
        tail_begin_ = runs_.size();
      }
      return;
    }
    // The pattern ended here. After only two cycles it was likely part of a longer one (lengths 1, 3
    // inside 3, 2, 1, 3, 1, 3, 2, 1, 3, 1): undo it, so that the longer pattern can form.
    if (group.cycles == 2) unfold_open_group();
    extending_ = false;
  }
  const std::size_t end = runs_.size(), tail = end - tail_begin_;
  // The tail ends with two equal cycles of R runs, the second shifted: they become a group of 2 cycles.
  for (std::size_t R = 1; R <= std::min(kMaxCycleRuns, tail / 2); ++R) {
    const std::size_t second = end - R, first = end - 2 * R;
    const std::int64_t src_shift = runs_[second].src - runs_[first].src, dst_shift = runs_[second].dst - runs_[first].dst;
    bool equal = true;
    for (std::size_t i = R; i-- > 0 && equal;) equal = is_shifted(runs_[first + i], runs_[second + i], src_shift, dst_shift);
    if (!equal) continue;
    Group group{first, R, 2, src_shift, dst_shift, groups_[groups_.size() - 2 * R].offset, 0};
    for (std::size_t r = first; r < second; ++r) run_offsets_[r] = group.cycle_elements, group.cycle_elements += runs_[r].elements();
    drop_tail_runs(R);                          // the second cycle's runs
    groups_.resize(groups_.size() - R);         // the first cycle's single-run groups ...
    groups_.push_back(group);                   // ... become one group
    open_tail_begin_ = tail_begin_;
    tail_begin_ = runs_.size();
    extending_ = true;
    return;
  }
}

std::size_t AxisRuns::group_containing(std::int64_t m) const noexcept {
  const auto it = std::upper_bound(groups_.begin(), groups_.end(), m, [](std::int64_t v, const Group& g) { return v < g.offset; });
  return static_cast<std::size_t>(it - groups_.begin()) - 1;
}

std::size_t AxisRuns::run_containing(const Group& group, std::int64_t within) const noexcept {
  const auto begin = run_offsets_.begin() + static_cast<std::ptrdiff_t>(group.first_run);
  const auto it = std::upper_bound(begin, begin + static_cast<std::ptrdiff_t>(group.run_count), within);
  return group.first_run + static_cast<std::size_t>(it - begin) - 1;
}

Segment AxisRuns::at(std::int64_t m) const noexcept {
  const Group& group = groups_[group_containing(m)];
  const std::int64_t cycle = (m - group.offset) / group.cycle_elements, within = (m - group.offset) % group.cycle_elements;
  const std::size_t r = run_containing(group, within);
  const Run& run = runs_[r];
  const std::int64_t offset = within - run_offsets_[r];
  const std::int64_t rep = offset / run.count, i = offset % run.count;
  return {run.src + cycle * group.src_shift + rep * run.src_shift + i * run.src_stride, run.src_stride,
          run.dst + cycle * group.dst_shift + rep * run.dst_shift + i * run.dst_stride, run.dst_stride, run.count - i};
}

}  // namespace gingham::detail
