#include "gingham/kernels/manipulation.hpp"

#include "gingham/array/redistribute.hpp"
#include "gingham/core/format.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

namespace gingham {
namespace {

/// The axes as non-negative indices of an ndim-D array, each once.
std::vector<int> normalized_axes(std::vector<int> axes, int ndim, const char* function) {
  std::vector<bool> seen(ndim, false);
  for (int& axis : axes) {
    if (axis < -ndim || axis >= ndim) {
      throw std::out_of_range(std::string(function) + ": axis " + std::to_string(axis) + " is out of bounds for an "
                              "array of dimension " + std::to_string(ndim));
    }
    if (axis < 0) axis += ndim;
    if (seen[axis]) throw std::invalid_argument(std::string(function) + ": repeated axis " + std::to_string(axis));
    seen[axis] = true;
  }
  return axes;
}

/// x's layout restricted to (and ordered as) `axes`, with `shape`.
std::shared_ptr<const Distribution> layout_of_axes(const Array& x, const std::vector<int>& axes,
                                                   std::vector<std::int64_t> shape) {
  const Distribution& from = x.distribution();
  std::vector<AxisLayout> layouts;
  std::vector<int> grid_axes;
  for (int axis : axes) {
    layouts.push_back(from.axis_layout(axis));
    grid_axes.push_back(from.grid_axis_of(axis));
  }
  return std::make_shared<const Distribution>(std::move(shape), std::move(layouts), from.grid_dims(),
                                              from.storage_order(), std::move(grid_axes));
}

}  // namespace

Array permute_dims(const Array& x, const std::vector<int>& axes) {
  if (static_cast<int>(axes.size()) != x.ndim()) {
    throw std::invalid_argument("permute_dims: expected a permutation of " + std::to_string(x.ndim()) + " axes, got " +
                                std::to_string(axes.size()));
  }
  const std::vector<int> order = normalized_axes(axes, x.ndim(), "permute_dims");
  std::vector<std::int64_t> shape;
  std::vector<IndexMap::TargetAxis> targets;
  for (int axis : order) {
    shape.push_back(x.global_shape()[axis]);
    targets.push_back({axis, 0, 1, x.global_shape()[axis]});
  }
  auto layout = layout_of_axes(x, order, std::move(shape));
  return redistribute(x, x.grid(), std::move(layout), IndexMap(x.global_shape(), std::move(targets), {}));
}

Array flip(const Array& x, std::vector<int> axes) {
  const std::vector<int> flipped = normalized_axes(std::move(axes), x.ndim(), "flip");
  std::vector<IndexMap::TargetAxis> targets;
  for (int axis = 0; axis < x.ndim(); ++axis) {
    const std::int64_t n = x.global_shape()[axis];
    const bool reverse = std::find(flipped.begin(), flipped.end(), axis) != flipped.end() && n > 0;
    targets.push_back(reverse ? IndexMap::TargetAxis{axis, n - 1, -1, n} : IndexMap::TargetAxis{axis, 0, 1, n});
  }
  return redistribute(x, x.grid(), x.layout(), IndexMap(x.global_shape(), std::move(targets), {}));
}

Array squeeze(const Array& x, std::vector<int> axes) {
  const std::vector<int> removed = normalized_axes(std::move(axes), x.ndim(), "squeeze");
  std::vector<int> kept;
  std::vector<std::int64_t> shape;
  std::vector<IndexMap::TargetAxis> targets;
  std::vector<IndexMap::FixedIndex> fixed;
  for (int axis = 0; axis < x.ndim(); ++axis) {
    const std::int64_t n = x.global_shape()[axis];
    if (std::find(removed.begin(), removed.end(), axis) != removed.end()) {
      if (n != 1) {
        throw std::invalid_argument("squeeze: axis " + std::to_string(axis) + " has extent " + std::to_string(n) +
                                    ", not 1 (shape " + format_shape(x.global_shape()) + ")");
      }
      fixed.push_back({axis, 0});
    } else {
      kept.push_back(axis);
      shape.push_back(n);
      targets.push_back({axis, 0, 1, n});
    }
  }
  auto layout = layout_of_axes(x, kept, shape);
  return redistribute(x, x.grid(), std::move(layout), IndexMap(x.global_shape(), std::move(targets), std::move(fixed)));
}

Array expand_dims(const Array& x, std::vector<int> axes) {
  const int ndim = x.ndim() + static_cast<int>(axes.size());
  std::vector<bool> is_new(ndim, false);
  for (int axis : normalized_axes(std::move(axes), ndim, "expand_dims")) is_new[axis] = true;
  const Distribution& from = x.distribution();
  const RawView view = x.local();
  std::vector<std::int64_t> shape, strides;
  std::vector<AxisLayout> layouts;
  std::vector<int> grid_axes;
  for (int axis = 0, old = 0; axis < ndim; ++axis) {
    if (is_new[axis]) {
      shape.push_back(1);
      layouts.push_back(AxisLayout::not_distributed());
      grid_axes.push_back(-1);
      strides.push_back(0);
    } else {
      shape.push_back(from.global_shape()[old]);
      layouts.push_back(from.axis_layout(old));
      grid_axes.push_back(from.grid_axis_of(old));
      strides.push_back(view.strides.empty() ? 0 : view.strides[old]);
      ++old;
    }
  }
  auto layout = std::make_shared<const Distribution>(std::move(shape), std::move(layouts), from.grid_dims(),
                                                     from.storage_order(), std::move(grid_axes));
  std::byte* data = x.holds_shard() ? view.data : nullptr;
  return Array::wrap(x.dtype(), x.grid(), std::move(layout), data, std::move(strides), std::make_shared<Array>(x));
}

namespace {

/// The index map that broadcasts an array of `from` shape to `to` shape (trailing axes aligned): target
/// axes of extent-1 or missing source axes read source index 0.
IndexMap broadcast_map(const std::vector<std::int64_t>& from, const std::vector<std::int64_t>& to) {
  const bool fits = from.size() <= to.size() && [&] {
    for (std::size_t k = 0; k < from.size(); ++k) {
      const std::int64_t e = from[from.size() - 1 - k];
      if (e != 1 && e != to[to.size() - 1 - k]) return false;
    }
    return true;
  }();
  if (!fits) {
    throw std::invalid_argument("broadcast_to: shape " + format_shape(from) + " does not broadcast to " + format_shape(to));
  }
  const std::size_t offset = to.size() - from.size();
  std::vector<IndexMap::TargetAxis> axes;
  std::vector<IndexMap::FixedIndex> fixed;
  for (std::size_t k = 0; k < to.size(); ++k) {
    const int source = k < offset ? -1 : static_cast<int>(k - offset);
    if (source >= 0 && from[source] == to[k]) {
      axes.push_back({source, 0, 1, to[k]});
    } else {
      axes.push_back({-1, 0, 1, to[k]});
      if (source >= 0) fixed.push_back({source, 0});  // an axis of extent 1, read at 0
    }
  }
  return IndexMap(from, std::move(axes), std::move(fixed));
}

}  // namespace

Array broadcast_to(const Array& x, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  IndexMap map = broadcast_map(x.global_shape(), layout->global_shape());
  return redistribute(x, grid, std::move(layout), std::move(map));
}

}  // namespace gingham
