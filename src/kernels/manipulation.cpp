#include "gingham/kernels/manipulation.hpp"

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

}  // namespace gingham
