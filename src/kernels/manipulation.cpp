#include "gingham/kernels/manipulation.hpp"

#include "gingham/array/redistribute.hpp"
#include "gingham/core/format.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

namespace gingham {

Array expand_dims(const Array& x, std::vector<int> axes) {
  const int ndim = x.ndim() + static_cast<int>(axes.size());
  std::vector<bool> is_new(ndim, false);
  for (int& axis : axes) {
    if (axis < -ndim || axis >= ndim) {
      throw std::out_of_range("expand_dims: axis " + std::to_string(axis) + " is out of bounds for the " +
                              std::to_string(ndim) + "-D result");
    }
    if (axis < 0) axis += ndim;
    if (is_new[axis]) throw std::invalid_argument("expand_dims: repeated axis " + std::to_string(axis));
    is_new[axis] = true;
  }
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
