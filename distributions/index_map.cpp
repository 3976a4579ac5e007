#include "gingham/distributions/index_map.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "gingham/core/format.hpp"

namespace gingham {
namespace {

std::invalid_argument bad(const std::string& what) { return std::invalid_argument("gingham::IndexMap: " + what); }

}  // namespace

IndexMap::IndexMap(std::vector<std::int64_t> source_shape, std::vector<TargetAxis> target_axes,
                   std::vector<FixedIndex> fixed)
    : source_shape_(std::move(source_shape)), target_axes_(std::move(target_axes)), fixed_(std::move(fixed)) {
  const int source_ndim = static_cast<int>(source_shape_.size());
  std::vector<int> uses(source_shape_.size(), 0);
  auto use = [&](int axis) {
    if (axis < 0 || axis >= source_ndim) {
      throw bad("source axis " + std::to_string(axis) + " is out of range for a " + std::to_string(source_ndim) + "-D source");
    }
    if (++uses[axis] > 1) throw bad("source axis " + std::to_string(axis) + " is read more than once");
  };
  for (TargetAxis& axis : target_axes_) {
    if (axis.extent < 0) throw bad("expected target extents >= 0, got " + std::to_string(axis.extent));
    if (axis.source_axis < 0) {
      axis = TargetAxis{-1, 0, 1, axis.extent};
      continue;
    }
    use(axis.source_axis);
    if (axis.step == 0) throw bad("a step must not be 0");
    if (axis.extent <= 1) axis.step = 1;  // the step reads nothing more; normalised so that then() stays small
    if (axis.extent == 0) {
      axis.start = 0;
      continue;
    }
    const std::int64_t n = source_shape_[axis.source_axis];
    std::int64_t span = 0, last = 0;  // checked: a huge step must not wrap back into range
    const bool overflows = __builtin_mul_overflow(axis.step, axis.extent - 1, &span) ||
                           __builtin_add_overflow(axis.start, span, &last);
    if (overflows || axis.start < 0 || axis.start >= n || last < 0 || last >= n) {
      throw std::out_of_range("gingham::IndexMap: reading " + std::to_string(axis.extent) + " elements from " +
                              std::to_string(axis.start) + " by " + std::to_string(axis.step) +
                              " leaves source axis " + std::to_string(axis.source_axis) + " of extent " +
                              std::to_string(n));
    }
  }
  for (const FixedIndex& f : fixed_) {
    use(f.source_axis);
    if (f.index < 0 || f.index >= source_shape_[f.source_axis]) {
      throw std::out_of_range("gingham::IndexMap: index " + std::to_string(f.index) + " is out of bounds for axis " +
                              std::to_string(f.source_axis) + " with size " +
                              std::to_string(source_shape_[f.source_axis]));
    }
  }
  for (int axis = 0; axis < source_ndim; ++axis) {
    if (uses[axis] == 0) throw bad("source axis " + std::to_string(axis) + " is neither read nor fixed");
  }
}

IndexMap IndexMap::identity(std::vector<std::int64_t> source_shape) {
  std::vector<TargetAxis> axes;
  for (std::size_t axis = 0; axis < source_shape.size(); ++axis) {
    axes.push_back({static_cast<int>(axis), 0, 1, source_shape[axis]});
  }
  return IndexMap(std::move(source_shape), std::move(axes));
}

IndexMap IndexMap::slices(std::vector<std::int64_t> source_shape, const std::vector<Slice>& slices) {
  if (slices.size() > source_shape.size()) {
    throw std::out_of_range("gingham::IndexMap::slices: too many indices for an array of dimension " +
                            std::to_string(source_shape.size()) + ": got " + std::to_string(slices.size()));
  }
  std::vector<TargetAxis> axes;
  for (std::size_t axis = 0; axis < source_shape.size(); ++axis) {
    const Slice s = axis < slices.size() ? slices[axis] : Slice{};
    if (s.step == 0) throw std::invalid_argument("gingham::IndexMap::slices: slice step cannot be zero");
    axes.push_back(read_of(static_cast<int>(axis), source_shape[axis], s));
  }
  return IndexMap(std::move(source_shape), std::move(axes));
}

IndexMap::TargetAxis IndexMap::read_of(int source_axis, std::int64_t n, const Slice& s) {
  if (s.step == 0) throw std::invalid_argument("gingham::IndexMap::read_of: slice step cannot be zero");
  // Python's slice.indices(n).
  auto clamp = [&](std::optional<std::int64_t> value, std::int64_t fallback) {
    if (!value) return fallback;
    std::int64_t v = *value < 0 ? *value + n : *value;
    return s.step > 0 ? std::clamp<std::int64_t>(v, 0, n) : std::clamp<std::int64_t>(v, -1, n - 1);
  };
  const std::int64_t start = clamp(s.start, s.step > 0 ? 0 : n - 1);
  const std::int64_t stop = clamp(s.stop, s.step > 0 ? n : -1);
  const std::int64_t span = s.step > 0 ? stop - start : start - stop;
  // |step| (saturated: -INT64_MIN does not exist, and any stride >= span reads one element), and
  // ceil(span / stride) without forming span + stride - 1, which may exceed 2^63 - 1.
  const std::int64_t stride = s.step > 0 ? s.step : s.step == INT64_MIN ? INT64_MAX : -s.step;
  const std::int64_t extent = span > 0 ? (span - 1) / stride + 1 : 0;
  return {source_axis, extent > 0 ? start : 0, s.step, extent};
}

IndexMap IndexMap::permutation(std::vector<std::int64_t> source_shape, const std::vector<int>& axes) {
  std::vector<int> sorted = axes;
  std::sort(sorted.begin(), sorted.end());
  bool permutation = sorted.size() == source_shape.size();
  for (std::size_t k = 0; permutation && k < sorted.size(); ++k) permutation = sorted[k] == static_cast<int>(k);
  if (!permutation) {
    throw std::invalid_argument("gingham::IndexMap::permutation: " + format_shape(axes) +
                                " is not a permutation of the axes of a " + std::to_string(source_shape.size()) +
                                "-D array");
  }
  std::vector<TargetAxis> target;
  for (int axis : axes) target.push_back({axis, 0, 1, source_shape[axis]});
  return IndexMap(std::move(source_shape), std::move(target));
}

IndexMap IndexMap::then(const IndexMap& next) const {
  if (next.source_shape_ != target_shape()) {
    throw std::invalid_argument("gingham::IndexMap::then: the next map reads shape " +
                                format_shape(next.source_shape_) + ", this map gives " + format_shape(target_shape()));
  }
  std::vector<TargetAxis> axes;
  for (const TargetAxis& outer : next.target_axes_) {
    if (outer.source_axis < 0 || target_axes_[outer.source_axis].source_axis < 0) {
      axes.push_back({-1, 0, 1, outer.extent});
      continue;
    }
    const TargetAxis& inner = target_axes_[outer.source_axis];
    axes.push_back({inner.source_axis, inner.start + inner.step * outer.start, inner.step * outer.step, outer.extent});
  }
  std::vector<FixedIndex> fixed = fixed_;
  for (const FixedIndex& f : next.fixed_) {
    const TargetAxis& inner = target_axes_[f.source_axis];
    if (inner.source_axis >= 0) fixed.push_back({inner.source_axis, inner.start + inner.step * f.index});
  }
  return IndexMap(source_shape_, std::move(axes), std::move(fixed));
}

std::vector<std::int64_t> IndexMap::target_shape() const {
  std::vector<std::int64_t> shape;
  for (const TargetAxis& axis : target_axes_) shape.push_back(axis.extent);
  return shape;
}

std::string IndexMap::describe() const {
  std::string text = "IndexMap(source=" + format_shape(source_shape_) + ":";
  for (std::size_t k = 0; k < target_axes_.size(); ++k) {
    const TargetAxis& axis = target_axes_[k];
    text += (k ? ", " : " ") + std::string("target axis ") + std::to_string(k);
    if (axis.source_axis < 0) {
      text += " broadcast x" + std::to_string(axis.extent);
    } else {
      text += " <- source axis " + std::to_string(axis.source_axis) + " [" + std::to_string(axis.start) + " + " +
              std::to_string(axis.step) + "j, " + std::to_string(axis.extent) + "]";
    }
  }
  for (const FixedIndex& f : fixed_) {
    text += ", source axis " + std::to_string(f.source_axis) + " = " + std::to_string(f.index);
  }
  return text + ")";
}

}  // namespace gingham
