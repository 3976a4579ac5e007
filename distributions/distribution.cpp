#include "gingham/distributions/distribution.hpp"

#include <stdexcept>

#include "gingham/core/format.hpp"

namespace gingham {

Distribution::Distribution(std::vector<std::int64_t> global_shape, std::vector<int> grid_dims)
    : global_shape_(std::move(global_shape)), grid_dims_(std::move(grid_dims)) {
  for (int extent : grid_dims_) {
    if (extent < 1) {
      throw std::invalid_argument("gingham::Distribution: expected grid extents >= 1, got grid " +
                                  format_shape(grid_dims_));
    }
  }
  for (std::int64_t extent : global_shape_) {
    if (extent < 0) {
      throw std::invalid_argument("gingham::Distribution: expected array extents >= 0, got shape " +
                                  format_shape(global_shape_));
    }
  }
  if (global_shape_.size() > grid_dims_.size()) {
    throw std::invalid_argument("gingham::Distribution: a " + std::to_string(global_shape_.size()) +
                                "-D array cannot be block-distributed over a " +
                                std::to_string(grid_dims_.size()) + "-D grid (one grid axis per array axis)");
  }
  for (std::size_t axis = 0; axis < global_shape_.size(); ++axis) {
    axis_maps_.emplace_back(global_shape_[axis], grid_dims_[axis]);
  }
}

std::int64_t Distribution::global_size() const noexcept {
  std::int64_t size = 1;
  for (std::int64_t extent : global_shape_) size *= extent;
  return size;
}

std::vector<std::int64_t> Distribution::local_shape(std::span<const int> grid_coords) const {
  if (grid_coords.size() != grid_dims_.size()) {
    throw std::invalid_argument("gingham::Distribution::local_shape: expected " +
                                std::to_string(grid_dims_.size()) + " grid coordinates, got " +
                                std::to_string(grid_coords.size()));
  }
  std::vector<std::int64_t> shape;
  for (std::size_t axis = 0; axis < axis_maps_.size(); ++axis) {
    shape.push_back(axis_maps_[axis].local_extent(grid_coords[axis]));
  }
  return shape;
}

std::int64_t Distribution::local_size(std::span<const int> grid_coords) const {
  std::int64_t size = 1;
  for (std::int64_t extent : local_shape(grid_coords)) size *= extent;
  return size;
}

bool Distribution::holds_primary_copy(std::span<const int> grid_coords) const noexcept {
  for (std::size_t axis = global_shape_.size(); axis < grid_coords.size(); ++axis) {
    if (grid_coords[axis] != 0) return false;
  }
  return true;
}

std::string Distribution::describe() const {
  std::string axes;
  for (std::size_t axis = 0; axis < axis_maps_.size(); ++axis) {
    axes += (axis ? ", " : "") + axis_maps_[axis].describe();
  }
  return "Distribution(shape=" + format_shape(global_shape_) + ", grid=" + format_shape(grid_dims_) +
         ", axes=[" + axes + "])";
}

}  // namespace gingham
