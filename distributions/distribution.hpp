#pragma once
/// \file
/// Distribution: how an N-D array is laid out over an N-D process grid. Pure arithmetic: it holds no
/// data and calls no MPI; it knows the grid only by its shape. Grid rank r is the row-major index of
/// the grid coordinates, and the grid's ranks are the first grid_size() ranks of its communicator.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "gingham/distributions/axis_layout.hpp"
#include "gingham/distributions/axis_map.hpp"

namespace gingham {

/// The order of a rank's local storage: row-major (C: last axis fastest) or column-major (Fortran:
/// first axis fastest, as ScaLAPACK wants).
enum class StorageOrder { row_major, column_major };

/// An N-D layout: each array axis is either spread over one grid axis by an AxisMap or not distributed.
/// Grid axes that spread no array axis hold copies: the ranks along them hold the same data (so a
/// layout with no distributed axis is replicated on every grid rank). Every function is Local.
class Distribution {
 public:
  /// Local. `axes` gives one AxisLayout per array axis. By default the k-th distributed array axis is
  /// spread over grid axis k; `grid_axes` (one entry per array axis: a grid axis, or -1 for an axis
  /// that is not distributed) assigns them explicitly. Throws std::invalid_argument on a negative
  /// extent, an axes list of the wrong length, more distributed axes than grid axes, a grid axis used
  /// twice or out of range, a grid extent < 1, or an offset beyond its grid axis.
  Distribution(std::vector<std::int64_t> global_shape, std::vector<AxisLayout> axes, std::vector<int> grid_dims,
               StorageOrder order = StorageOrder::row_major, std::vector<int> grid_axes = {});

  /// Local. Every grid rank holds the whole array.
  static Distribution replicated(std::vector<std::int64_t> global_shape, std::vector<int> grid_dims,
                                 StorageOrder order = StorageOrder::row_major);

  /// Local. The global shape.
  const std::vector<std::int64_t>& global_shape() const noexcept { return global_shape_; }
  /// Local. The number of array axes.
  int ndim() const noexcept { return static_cast<int>(global_shape_.size()); }
  /// Local. The number of elements of the whole array.
  std::int64_t global_size() const noexcept { return global_size_; }
  /// Local. The shape of the grid.
  const std::vector<int>& grid_dims() const noexcept { return grid_dims_; }
  /// Local. The number of grid axes.
  int grid_ndim() const noexcept { return static_cast<int>(grid_dims_.size()); }
  /// Local. The number of grid ranks.
  int grid_size() const noexcept { return grid_size_; }
  /// Local. The layout requested for array axis `axis`.
  const AxisLayout& axis_layout(int axis) const { return axis_layouts_.at(axis); }
  /// Local. The resolved layout of array axis `axis` (one part when it is not distributed).
  const AxisMap& axis_map(int axis) const { return axis_maps_.at(axis); }
  /// Local. The grid axis spreading array axis `axis`, or -1.
  int grid_axis_of(int axis) const { return grid_axes_.at(axis); }
  /// Local. The array axis spread over grid axis `grid_axis`, or -1 when that grid axis holds copies.
  int array_axis_on(int grid_axis) const { return array_axis_on_.at(grid_axis); }
  /// Local. The local storage order.
  StorageOrder storage_order() const noexcept { return order_; }
  /// Local. Whether every grid rank holds the whole array.
  bool is_replicated() const noexcept;

  /// Local. The row-major grid coordinates of grid rank `grid_rank`.
  std::vector<int> grid_coords_of(int grid_rank) const;
  /// Local. The grid rank of `grid_coords`.
  int grid_rank_of(std::span<const int> grid_coords) const;

  /// Local. The coordinate, along grid axis `grid_axis`, that the shard of `grid_coords` takes its
  /// part of array axis `axis` from: grid_coords[grid_axis_of(axis)], or 0 when `axis` is not distributed.
  int part_of(int axis, std::span<const int> grid_coords) const noexcept {
    return grid_axes_[axis] < 0 ? 0 : grid_coords[grid_axes_[axis]];
  }
  /// Local. The shape of the shard held at `grid_coords`.
  std::vector<std::int64_t> local_shape(std::span<const int> grid_coords) const;
  /// Local. The number of elements held at `grid_coords`.
  std::int64_t local_size(std::span<const int> grid_coords) const;
  /// Local. The element strides of a dense shard of `local_shape` in this storage order.
  std::vector<std::int64_t> dense_strides(std::span<const std::int64_t> local_shape) const;
  /// Local. Whether `grid_coords` holds the primary copy of its shard: coordinate 0 along every grid
  /// axis that holds copies. Reductions count only primary copies, so each element counts once.
  bool holds_primary_copy(std::span<const int> grid_coords) const noexcept;

  /// Local. The owner of a global index: its coordinate along each grid axis, or -1 along grid axes
  /// that hold copies (every coordinate there has it).
  std::vector<int> owner_coords(std::span<const std::int64_t> global_index) const;
  /// Local. Where a global index is stored on its owners.
  std::vector<std::int64_t> to_local(std::span<const std::int64_t> global_index) const;
  /// Local. The global index stored at `local_index` of the shard at `grid_coords`.
  std::vector<std::int64_t> to_global(std::span<const int> grid_coords, std::span<const std::int64_t> local_index) const;
  /// Local. The global indices of array axis `axis` held at `grid_coords`, in local storage order.
  std::vector<std::int64_t> owned_indices(std::span<const int> grid_coords, int axis) const;

  /// Local. Why ScaLAPACK cannot read this layout in place, or "" (the one rule; linalg adds only shard-stride checks):
  /// 2-D, every grid axis of extent > 1 spreads one of its axes, extents fit int32. Any blocks, offsets, grid-axis
  /// assignment and storage order pass (column-major shard: S = X; row-major: the column-major shard of S = X^T).
  std::string scalapack_incompatibility() const;
  /// Local. Whether scalapack_incompatibility() is empty.
  bool is_scalapack_compatible() const { return scalapack_incompatibility().empty(); }

  /// Local. For example "Distribution(shape=(8, 6), axes=(BlockCyclic(2), Block()), grid=(2, 2))".
  std::string describe() const;

  /// Local. Equal when the same global index lands at the same place under both (same shape, grid
  /// shape, storage order, and per-axis maps and grid axes).
  friend bool operator==(const Distribution& a, const Distribution& b) noexcept;

 private:
  void check_coords(std::span<const int> grid_coords, const char* function) const;

  std::vector<std::int64_t> global_shape_;
  std::vector<AxisLayout> axis_layouts_;
  std::vector<int> grid_dims_;
  StorageOrder order_;
  std::vector<int> grid_axes_;       // per array axis: grid axis or -1
  std::vector<int> array_axis_on_;   // per grid axis: array axis or -1
  std::vector<AxisMap> axis_maps_;   // per array axis
  std::int64_t global_size_ = 1;
  int grid_size_ = 1;
};

}  // namespace gingham
