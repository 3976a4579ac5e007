#include "gingham/distributions/derived.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "gingham/core/format.hpp"

namespace gingham::derived {

Distribution with_axis(const Distribution& d, int axis, std::int64_t extent, AxisLayout layout) {
  return with_axis(d, axis, extent, layout, d.grid_axis_of(axis));
}

Distribution with_axis(const Distribution& d, int axis, std::int64_t extent, AxisLayout layout, int grid_axis) {
  std::vector<std::int64_t> shape = d.global_shape();
  std::vector<AxisLayout> axes;
  std::vector<int> grid_axes;
  for (int a = 0; a < d.ndim(); ++a) {
    axes.push_back(a == axis ? layout : d.axis_layout(a));
    grid_axes.push_back(a == axis ? grid_axis : d.grid_axis_of(a));
  }
  shape.at(static_cast<std::size_t>(axis)) = extent;
  return Distribution(std::move(shape), std::move(axes), d.grid_dims(), d.storage_order(), std::move(grid_axes));
}

Distribution local_along(const Distribution& d, int axis) {
  return with_axis(d, axis, d.global_shape().at(static_cast<std::size_t>(axis)), AxisLayout::not_distributed(), -1);
}

Distribution in_order(const Distribution& d, StorageOrder order) {
  std::vector<AxisLayout> layouts;
  std::vector<int> grid_axes;
  for (int a = 0; a < d.ndim(); ++a) {
    layouts.push_back(d.axis_layout(a));
    grid_axes.push_back(d.grid_axis_of(a));
  }
  return Distribution(d.global_shape(), std::move(layouts), d.grid_dims(), order, std::move(grid_axes));
}

Distribution spread_along(std::vector<std::int64_t> shape, std::vector<int> grid_dims, int axis, AxisLayout layout,
                          int grid_axis) {
  std::vector<AxisLayout> layouts(shape.size(), AxisLayout::not_distributed());
  std::vector<int> grid_axes(shape.size(), -1);
  layouts.at(static_cast<std::size_t>(axis)) = grid_axis < 0 ? AxisLayout::not_distributed() : layout;
  grid_axes.at(static_cast<std::size_t>(axis)) = grid_axis;
  return Distribution(std::move(shape), std::move(layouts), std::move(grid_dims), StorageOrder::row_major,
                      std::move(grid_axes));
}

Distribution merged(const Distribution& d, int axis) {
  if (axis < 0 || axis + 1 >= d.ndim() || d.grid_axis_of(axis + 1) >= 0) {
    throw std::invalid_argument("gingham::derived::merged: expected axis in [0, " + std::to_string(d.ndim() - 1) +
                                ") followed by an axis that is not distributed, got axis " + std::to_string(axis) +
                                " of " + d.describe());
  }
  const std::int64_t inner = d.global_shape()[axis + 1];
  std::vector<std::int64_t> shape;
  std::vector<AxisLayout> layouts;
  std::vector<int> grid_axes;
  for (int a = 0; a < d.ndim(); ++a) {
    if (a == axis + 1) continue;
    shape.push_back(d.global_shape()[a] * (a == axis ? inner : 1));
    grid_axes.push_back(d.grid_axis_of(a));
    if (a == axis && d.grid_axis_of(a) >= 0) {
      const AxisMap& map = d.axis_map(a);
      layouts.push_back(AxisLayout::block_cyclic(std::max<std::int64_t>(1, map.block_size() * std::max<std::int64_t>(inner, 1)),
                                                 map.first_part()));
    } else {
      layouts.push_back(d.axis_layout(a));
    }
  }
  return Distribution(std::move(shape), std::move(layouts), d.grid_dims(), StorageOrder::row_major, std::move(grid_axes));
}

Distribution resized(const Distribution& d, int axis, std::int64_t extent) {
  return with_axis(d, axis, extent, d.axis_layout(axis));
}

Distribution permuted(const Distribution& d, std::span<const int> axes) {
  std::vector<std::int64_t> shape;
  std::vector<AxisLayout> layouts;
  std::vector<int> grid_axes;
  for (int axis : axes) {
    shape.push_back(d.global_shape().at(static_cast<std::size_t>(axis)));
    layouts.push_back(d.axis_layout(axis));
    grid_axes.push_back(d.grid_axis_of(axis));
  }
  return Distribution(std::move(shape), std::move(layouts), d.grid_dims(), d.storage_order(), std::move(grid_axes));
}

Distribution expanded(const Distribution& d, std::span<const int> positions) {
  const int ndim = d.ndim() + static_cast<int>(positions.size());
  std::vector<std::int64_t> shape;
  std::vector<AxisLayout> layouts;
  std::vector<int> grid_axes;
  std::size_t next_new = 0;
  for (int axis = 0, old = 0; axis < ndim; ++axis) {
    if (next_new < positions.size() && positions[next_new] == axis) {
      ++next_new;
      shape.push_back(1);
      layouts.push_back(AxisLayout::not_distributed());
      grid_axes.push_back(-1);
    } else {
      shape.push_back(d.global_shape().at(static_cast<std::size_t>(old)));
      layouts.push_back(d.axis_layout(old));
      grid_axes.push_back(d.grid_axis_of(old));
      ++old;
    }
  }
  return Distribution(std::move(shape), std::move(layouts), d.grid_dims(), d.storage_order(), std::move(grid_axes));
}

Distribution reduced(const Distribution& d, std::span<const char> reduced_axes, bool keepdims) {
  std::vector<std::int64_t> shape;
  std::vector<AxisLayout> layouts;
  std::vector<int> grid_axes;
  for (int a = 0; a < d.ndim(); ++a) {
    if (reduced_axes[a]) {
      if (!keepdims) continue;
      shape.push_back(1);
      layouts.push_back(AxisLayout::not_distributed());
      grid_axes.push_back(-1);
    } else {
      shape.push_back(d.global_shape()[a]);
      layouts.push_back(d.axis_layout(a));
      grid_axes.push_back(d.grid_axis_of(a));
    }
  }
  return Distribution(std::move(shape), std::move(layouts), d.grid_dims(), d.storage_order(), std::move(grid_axes));
}

Distribution default_layout(std::vector<std::int64_t> shape, std::vector<int> grid_dims) {
  std::vector<AxisLayout> axes;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    axes.push_back(k < grid_dims.size() ? AxisLayout::block() : AxisLayout::not_distributed());
  }
  return Distribution(std::move(shape), std::move(axes), std::move(grid_dims));
}

Distribution on_one_rank(std::vector<std::int64_t> shape, int ranks, int root) {
  if (shape.empty() || ranks < 1) {
    throw std::invalid_argument("gingham: the layout on one rank needs at least one axis and one rank, got shape " +
                                format_shape(shape) + " and " + std::to_string(ranks) + " ranks");
  }
  if (root < 0 || root >= ranks) {
    throw std::out_of_range("gingham: expected a root rank in [0, " + std::to_string(ranks) + "), got " +
                            std::to_string(root));
  }
  std::vector<AxisLayout> axes(shape.size(), AxisLayout::not_distributed());
  axes[0] = AxisLayout::block_cyclic(std::max<std::int64_t>(1, shape[0]), root);
  return Distribution(std::move(shape), std::move(axes), {ranks});
}

std::vector<std::int64_t> broadcast_shapes(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  std::vector<std::int64_t> shape(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::int64_t ea = k < n - a.size() ? 1 : a[k - (n - a.size())];
    const std::int64_t eb = k < n - b.size() ? 1 : b[k - (n - b.size())];
    if (ea != eb && ea != 1 && eb != 1) {
      throw std::invalid_argument("gingham: shapes " + format_shape(a) + " and " + format_shape(b) +
                                  " do not broadcast (axis " + std::to_string(k) + ": " + std::to_string(ea) +
                                  " against " + std::to_string(eb) + ")");
    }
    shape[k] = ea == 1 ? eb : ea;
  }
  return shape;
}

Distribution sliced(const Distribution& d, const BasicKey& key) {
  if (key.source_shape() != d.global_shape()) {
    throw std::invalid_argument("gingham::derived::sliced: the key is for shape " + format_shape(key.source_shape()) +
                                ", the layout for shape " + format_shape(d.global_shape()));
  }
  std::vector<std::int64_t> shape;
  std::vector<AxisLayout> layouts;
  std::vector<int> grid_axes;
  for (const IndexMap::TargetAxis& read : key.reads()) {
    shape.push_back(read.extent);
    layouts.push_back(d.axis_layout(read.source_axis));
    grid_axes.push_back(d.grid_axis_of(read.source_axis));
  }
  const Distribution kept(std::move(shape), std::move(layouts), d.grid_dims(), d.storage_order(), std::move(grid_axes));
  return key.new_axes().empty() ? kept : expanded(kept, key.new_axes());
}

Distribution batch_layout(const std::vector<std::int64_t>& shape, int batch_ndim, std::vector<int> grid_dims) {
  const int grid_axis = static_cast<int>(std::max_element(grid_dims.begin(), grid_dims.end()) - grid_dims.begin());
  const int spread = static_cast<int>(std::max_element(shape.begin(), shape.begin() + batch_ndim) - shape.begin());
  std::vector<AxisLayout> axes(shape.size(), AxisLayout::not_distributed());
  std::vector<int> grid_axes(shape.size(), -1);
  axes[spread] = AxisLayout::block();
  grid_axes[spread] = grid_axis;
  return Distribution(shape, std::move(axes), std::move(grid_dims), StorageOrder::row_major, std::move(grid_axes));
}

Distribution scalapack_layout(const std::vector<std::int64_t>& shape, std::vector<int> grid_dims, int s_row_grid_axis,
                              int s_col_grid_axis, StorageOrder order, std::int64_t block) {
  const bool row_major = order == StorageOrder::row_major;
  const int axis0 = row_major ? s_col_grid_axis : s_row_grid_axis;
  const int axis1 = row_major ? s_row_grid_axis : s_col_grid_axis;
  auto layout_on = [&](int grid_axis) {
    return grid_axis < 0 ? AxisLayout::not_distributed() : AxisLayout::block_cyclic(block);
  };
  return Distribution(shape, {layout_on(axis0), layout_on(axis1)}, std::move(grid_dims), order, {axis0, axis1});
}

int effective_grid_axis(const Distribution& d, int axis) {
  const int grid_axis = d.grid_axis_of(axis);
  return grid_axis >= 0 && d.grid_dims()[grid_axis] > 1 ? grid_axis : -1;
}

namespace {

/// One axis of a product's layout: `operand`'s axis `operand_axis` when it lies on `grid_axis` and not on
/// `taken` (the grid axis the other result axis already uses), else BlockCyclic(block) on `grid_axis`.
std::pair<AxisLayout, int> product_axis(const Distribution& operand, int operand_axis, int grid_axis, int taken,
                                        std::int64_t block) {
  const int own = operand.grid_axis_of(operand_axis);
  if (effective_grid_axis(operand, operand_axis) == grid_axis && (own < 0 || own != taken)) {
    return {operand.axis_layout(operand_axis), own};
  }
  if (grid_axis < 0) return {AxisLayout::not_distributed(), -1};
  return {AxisLayout::block_cyclic(block), grid_axis};
}

}  // namespace

Distribution product_layout(const Distribution& a, const Distribution& b, int rows_grid_axis, int cols_grid_axis,
                            StorageOrder order, std::int64_t block) {
  const auto [rows, rows_on] = product_axis(a, 0, rows_grid_axis, -1, block);
  const auto [cols, cols_on] = product_axis(b, 1, cols_grid_axis, rows_on, block);
  return Distribution({a.global_shape().at(0), b.global_shape().at(1)}, {rows, cols}, a.grid_dims(), order,
                      {rows_on, cols_on});
}

}  // namespace gingham::derived
