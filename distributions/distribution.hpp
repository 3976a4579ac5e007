#pragma once
/// \file
/// Distribution: how an N-D array is laid out over an N-D process grid. Pure arithmetic: it holds
/// no data and calls no MPI; it knows the grid only by its shape.
///
/// Foundation scope: every array axis k is block-distributed (BlockMap) over grid axis k; grid axes
/// beyond the array's axes hold copies, so a 0-D array is replicated on every grid rank. The N-D
/// block-cyclic algebra (cyclic, block-cyclic, offsets, non-distributed axes) replaces this class.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gingham/distributions/block.hpp"

namespace gingham {

class Distribution {
 public:
  /// Local. Array axis k is block-distributed over grid axis k. Throws std::invalid_argument when an
  /// extent is negative, a grid extent is < 1, or the array has more axes than the grid.
  Distribution(std::vector<std::int64_t> global_shape, std::vector<int> grid_dims);

  /// Local. The global shape of the array.
  const std::vector<std::int64_t>& global_shape() const noexcept { return global_shape_; }
  /// Local. The number of array axes.
  int ndim() const noexcept { return static_cast<int>(global_shape_.size()); }
  /// Local. The number of elements of the whole array.
  std::int64_t global_size() const noexcept;
  /// Local. The shape of the grid the layout is defined on.
  const std::vector<int>& grid_dims() const noexcept { return grid_dims_; }
  /// Local. The layout of array axis `axis`.
  const BlockMap& axis_map(int axis) const { return axis_maps_.at(axis); }

  /// Local. The shape of the shard held by the grid rank at `grid_coords`.
  std::vector<std::int64_t> local_shape(std::span<const int> grid_coords) const;
  /// Local. The number of elements held by the grid rank at `grid_coords`.
  std::int64_t local_size(std::span<const int> grid_coords) const;

  /// Local. Whether the grid rank at `grid_coords` holds the primary copy of its shard: its coordinate is
  /// 0 along every grid axis that holds copies (the axes beyond the array's). Reductions count only
  /// primary copies, so each element counts once.
  bool holds_primary_copy(std::span<const int> grid_coords) const noexcept;

  /// Local. For example "Distribution(shape=(10,), grid=(4,), axes=[Block(n=10, parts=4, b=3)])".
  std::string describe() const;

  friend bool operator==(const Distribution&, const Distribution&) = default;

 private:
  std::vector<std::int64_t> global_shape_;
  std::vector<int> grid_dims_;
  std::vector<BlockMap> axis_maps_;
};

}  // namespace gingham
