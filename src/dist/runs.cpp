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

}  // namespace

void AxisRuns::append(std::int64_t count, std::int64_t src, std::int64_t src_stride, std::int64_t dst,
                      std::int64_t dst_stride) {
  if (count <= 0) return;
  const Run next{count, src, count > 1 ? src_stride : 0, dst, count > 1 ? dst_stride : 0};
  elements_ += count;
  if (!runs_.empty() && (extend_progression(runs_.back(), next) || extend_repetition(runs_.back(), next))) return;
  offsets_.push_back(elements_ - count);
  runs_.push_back(next);
}

std::size_t AxisRuns::run_containing(std::int64_t m) const noexcept {
  return static_cast<std::size_t>(std::upper_bound(offsets_.begin(), offsets_.end(), m) - offsets_.begin()) - 1;
}

Segment AxisRuns::at(std::int64_t m) const noexcept {
  const Run& run = runs_[run_containing(m)];
  const std::int64_t offset = m - offsets_[run_containing(m)];
  const std::int64_t rep = offset / run.count, i = offset % run.count;
  return {run.src + rep * run.src_shift + i * run.src_stride, run.src_stride,
          run.dst + rep * run.dst_shift + i * run.dst_stride, run.dst_stride, run.count - i};
}

}  // namespace gingham::detail
