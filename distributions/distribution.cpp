#include "gingham/distributions/distribution.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "gingham/core/format.hpp"

namespace gingham {
namespace {

std::invalid_argument bad(const std::string& what) { return std::invalid_argument("gingham::Distribution: " + what); }

}  // namespace

Distribution::Distribution(std::vector<std::int64_t> global_shape, std::vector<AxisLayout> axes,
                           std::vector<int> grid_dims, StorageOrder order, std::vector<int> grid_axes)
    : global_shape_(std::move(global_shape)),
      axis_layouts_(std::move(axes)),
      grid_dims_(std::move(grid_dims)),
      order_(order),
      grid_axes_(std::move(grid_axes)) {
  const int ndim = static_cast<int>(global_shape_.size());
  for (std::int64_t extent : global_shape_) {
    if (extent < 0) throw bad("expected array extents >= 0, got shape " + format_shape(global_shape_));
    if (__builtin_mul_overflow(global_size_, extent, &global_size_)) {
      throw bad("the shape " + format_shape(global_shape_) + " has more than 2^63 elements");
    }
  }
  if (grid_dims_.empty()) throw bad("expected a grid with at least one axis, got none");
  for (int extent : grid_dims_) {
    if (extent < 1) throw bad("expected grid extents >= 1, got grid " + format_shape(grid_dims_));
    if (__builtin_mul_overflow(grid_size_, extent, &grid_size_)) {
      throw bad("the grid " + format_shape(grid_dims_) + " has more than 2^31 ranks");
    }
  }
  if (static_cast<int>(axis_layouts_.size()) != ndim) {
    throw bad("expected one axis layout per array axis (" + std::to_string(ndim) + "), got " +
              std::to_string(axis_layouts_.size()));
  }
  // Assign grid axes: explicitly, or the k-th distributed array axis to grid axis k.
  if (grid_axes_.empty()) {
    int next = 0;
    for (const AxisLayout& layout : axis_layouts_) grid_axes_.push_back(layout.is_distributed() ? next++ : -1);
    if (next > grid_ndim()) {
      throw bad(std::to_string(next) + " distributed axes need " + std::to_string(next) +
                " grid axes, but the grid " + format_shape(grid_dims_) + " has " + std::to_string(grid_ndim()));
    }
  } else if (static_cast<int>(grid_axes_.size()) != ndim) {
    throw bad("expected one grid axis per array axis (" + std::to_string(ndim) + "), got grid_axes " +
              format_shape(grid_axes_));
  }
  array_axis_on_.assign(grid_dims_.size(), -1);
  for (int axis = 0; axis < ndim; ++axis) {
    const int g = grid_axes_[axis];
    const bool distributed = axis_layouts_[axis].is_distributed();
    if (distributed != (g >= 0) || g < -1 || g >= grid_ndim() || (g >= 0 && array_axis_on_[g] >= 0)) {
      throw bad("grid_axes " + format_shape(grid_axes_) + " must give each distributed axis its own grid axis in [0, " +
                std::to_string(grid_ndim()) + ") and -1 to each axis that is not distributed");
    }
    if (g >= 0) array_axis_on_[g] = axis;
    axis_maps_.push_back(axis_layouts_[axis].resolve(global_shape_[axis], g >= 0 ? grid_dims_[g] : 1));
  }
}

Distribution Distribution::replicated(std::vector<std::int64_t> global_shape, std::vector<int> grid_dims,
                                      StorageOrder order) {
  std::vector<AxisLayout> axes(global_shape.size(), AxisLayout::not_distributed());
  return Distribution(std::move(global_shape), std::move(axes), std::move(grid_dims), order);
}

bool Distribution::is_replicated() const noexcept {
  for (int g : grid_axes_) {
    if (g >= 0 && grid_dims_[g] > 1) return false;
  }
  return true;
}

void Distribution::check_coords(std::span<const int> grid_coords, const char* function) const {
  bool ok = grid_coords.size() == grid_dims_.size();
  for (std::size_t g = 0; ok && g < grid_coords.size(); ++g) ok = grid_coords[g] >= 0 && grid_coords[g] < grid_dims_[g];
  if (!ok) {
    throw std::out_of_range(std::string("gingham::Distribution::") + function + ": grid coordinates " +
                            format_shape(grid_coords) + " are not in the grid " + format_shape(grid_dims_));
  }
}

std::vector<int> Distribution::grid_coords_of(int grid_rank) const {
  if (grid_rank < 0 || grid_rank >= grid_size_) {
    throw std::out_of_range("gingham::Distribution::grid_coords_of: grid rank " + std::to_string(grid_rank) +
                            " is not in a grid of " + std::to_string(grid_size_) + " ranks");
  }
  std::vector<int> coords(grid_dims_.size());
  for (int g = grid_ndim() - 1; g >= 0; --g) {
    coords[g] = grid_rank % grid_dims_[g];
    grid_rank /= grid_dims_[g];
  }
  return coords;
}

int Distribution::grid_rank_of(std::span<const int> grid_coords) const {
  check_coords(grid_coords, "grid_rank_of");
  int rank = 0;
  for (int g = 0; g < grid_ndim(); ++g) rank = rank * grid_dims_[g] + grid_coords[g];
  return rank;
}

std::vector<std::int64_t> Distribution::local_shape(std::span<const int> grid_coords) const {
  check_coords(grid_coords, "local_shape");
  std::vector<std::int64_t> shape(global_shape_.size());
  for (int axis = 0; axis < ndim(); ++axis) shape[axis] = axis_maps_[axis].local_extent(part_of(axis, grid_coords));
  return shape;
}

std::int64_t Distribution::local_size(std::span<const int> grid_coords) const {
  std::int64_t size = 1;
  for (std::int64_t extent : local_shape(grid_coords)) size *= extent;
  return size;
}

std::vector<std::int64_t> Distribution::dense_strides(std::span<const std::int64_t> local_shape) const {
  std::vector<std::int64_t> strides(local_shape.size());
  std::int64_t stride = 1;
  for (int k = 0; k < static_cast<int>(local_shape.size()); ++k) {
    const int axis = order_ == StorageOrder::row_major ? static_cast<int>(local_shape.size()) - 1 - k : k;
    strides[axis] = stride;
    stride *= std::max<std::int64_t>(1, local_shape[axis]);
  }
  return strides;
}

bool Distribution::holds_primary_copy(std::span<const int> grid_coords) const noexcept {
  for (int g = 0; g < grid_ndim(); ++g) {
    if (array_axis_on_[g] < 0 && grid_coords[g] != 0) return false;
  }
  return true;
}

std::vector<int> Distribution::owner_coords(std::span<const std::int64_t> global_index) const {
  if (static_cast<int>(global_index.size()) != ndim()) {
    throw std::invalid_argument("gingham::Distribution::owner_coords: expected " + std::to_string(ndim()) +
                                " indices, got " + std::to_string(global_index.size()));
  }
  std::vector<int> coords(grid_dims_.size(), -1);
  for (int axis = 0; axis < ndim(); ++axis) {
    if (global_index[axis] < 0 || global_index[axis] >= global_shape_[axis]) {
      throw std::out_of_range("gingham::Distribution::owner_coords: index " + format_shape(global_index) +
                              " is out of bounds for shape " + format_shape(global_shape_));
    }
    if (grid_axes_[axis] >= 0) coords[grid_axes_[axis]] = axis_maps_[axis].owner(global_index[axis]);
  }
  return coords;
}

std::vector<std::int64_t> Distribution::to_local(std::span<const std::int64_t> global_index) const {
  owner_coords(global_index);  // validates
  std::vector<std::int64_t> local(global_index.size());
  for (int axis = 0; axis < ndim(); ++axis) local[axis] = axis_maps_[axis].to_local(global_index[axis]);
  return local;
}

std::vector<std::int64_t> Distribution::to_global(std::span<const int> grid_coords,
                                                  std::span<const std::int64_t> local_index) const {
  const std::vector<std::int64_t> shape = local_shape(grid_coords);
  std::vector<std::int64_t> global(local_index.size());
  if (static_cast<int>(local_index.size()) != ndim()) {
    throw std::invalid_argument("gingham::Distribution::to_global: expected " + std::to_string(ndim()) +
                                " indices, got " + std::to_string(local_index.size()));
  }
  for (int axis = 0; axis < ndim(); ++axis) {
    if (local_index[axis] < 0 || local_index[axis] >= shape[axis]) {
      throw std::out_of_range("gingham::Distribution::to_global: local index " + format_shape(local_index) +
                              " is out of bounds for the local shape " + format_shape(shape));
    }
    global[axis] = axis_maps_[axis].to_global(part_of(axis, grid_coords), local_index[axis]);
  }
  return global;
}

std::vector<std::int64_t> Distribution::owned_indices(std::span<const int> grid_coords, int axis) const {
  check_coords(grid_coords, "owned_indices");
  if (axis < 0 || axis >= ndim()) {
    throw std::out_of_range("gingham::Distribution::owned_indices: axis " + std::to_string(axis) +
                            " is out of range for " + std::to_string(ndim()) + " axes");
  }
  const AxisMap& map = axis_maps_[axis];
  const int part = part_of(axis, grid_coords);
  std::vector<std::int64_t> indices;
  indices.reserve(static_cast<std::size_t>(map.local_extent(part)));
  for (std::int64_t k = 0; k < map.owned_block_count(part); ++k) {
    const OwnedBlock block = map.owned_block(part, k);
    for (std::int64_t i = 0; i < block.length; ++i) indices.push_back(block.global_begin + i);
  }
  return indices;
}

std::string Distribution::scalapack_incompatibility() const {
  if (ndim() != 2) return "ScaLAPACK takes 2-D arrays, this one is " + std::to_string(ndim()) + "-D";
  for (int grid_axis = 0; grid_axis < grid_ndim(); ++grid_axis) {
    if (grid_dims_[grid_axis] > 1 && array_axis_on_[grid_axis] < 0) {
      return "grid axis " + std::to_string(grid_axis) + " (extent " + std::to_string(grid_dims_[grid_axis]) +
             ") holds copies of the array instead of spreading one of its axes";
    }
  }
  for (int axis = 0; axis < 2; ++axis) {
    if (global_shape_[axis] > std::numeric_limits<int>::max()) {
      return "extent " + std::to_string(global_shape_[axis]) + " of axis " + std::to_string(axis) +
             " does not fit ScaLAPACK's 32-bit integers";
    }
  }
  return "";
}

std::string Distribution::describe() const {
  std::string axes = "(";
  for (int axis = 0; axis < ndim(); ++axis) axes += (axis ? ", " : "") + axis_layouts_[axis].describe();
  axes += ndim() == 1 ? ",)" : ")";
  std::string text = "Distribution(shape=" + format_shape(global_shape_) + ", axes=" + axes +
                     ", grid=" + format_shape(grid_dims_);
  int next = 0;
  bool default_grid_axes = true;
  for (int axis = 0; axis < ndim(); ++axis) {
    if (grid_axes_[axis] >= 0) default_grid_axes = default_grid_axes && grid_axes_[axis] == next++;
  }
  if (!default_grid_axes) text += ", grid_axes=" + format_shape(grid_axes_);
  if (order_ == StorageOrder::column_major) text += ", local_order='F'";
  return text + ")";
}

bool operator==(const Distribution& a, const Distribution& b) noexcept {
  return a.global_shape_ == b.global_shape_ && a.grid_dims_ == b.grid_dims_ && a.order_ == b.order_ &&
         a.grid_axes_ == b.grid_axes_ && a.axis_maps_ == b.axis_maps_;
}

}  // namespace gingham
