#pragma once
/// \file
/// ProcessGrid: an N-D Cartesian arrangement of (some of) a communicator's ranks.

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gingham/core/comm.hpp"

namespace gingham {

/// An N-D Cartesian grid over the first `size()` ranks of a communicator, with one sub-communicator per
/// grid axis. Grid ranks are numbered row-major (the last grid coordinate varies fastest), which is
/// also ScaLAPACK's default "Row" ordering. Ranks of the communicator beyond `size()` are not in the
/// grid: for them `contains_this_rank()` is false and the grid communicators are null. Copies share
/// one grid; a grid is the "device" of the arrays that live on it.
class ProcessGrid {
 public:
  /// Collective over `comm`. A grid of shape `dims`: each extent >= 1, or 0 to let MPI_Dims_create
  /// choose a balanced extent. Throws std::invalid_argument on every rank when an extent is negative, when
  /// the grid needs more ranks than `comm` has, when the fixed extents do not divide `comm.size()`
  /// where zeros must be filled in, or when the ranks ask for different `dims` (naming a differing rank).
  /// Cost: one MPI_Allreduce of three 64-bit integers, MPI_Cart_create and one MPI_Cart_sub per axis.
  ProcessGrid(const Comm& comm, std::vector<int> dims);

  /// Collective over `comm`. A 1-D grid over all ranks of `comm`.
  explicit ProcessGrid(const Comm& comm);

  /// Local. The number of grid axes.
  int ndim() const noexcept;
  /// Local. The grid's shape.
  const std::vector<int>& dims() const noexcept;
  /// Local. The number of ranks in the grid (the product of dims()).
  int size() const noexcept;
  /// Local. The communicator the grid was built on.
  const Comm& comm() const noexcept;
  /// Local. Whether this rank is one of the grid's ranks.
  bool contains_this_rank() const noexcept;
  /// Local. The grid's own communicator: rank = row-major index of the coordinates. Null off the grid.
  const Comm& grid_comm() const noexcept;
  /// Local. This rank's grid coordinates. Throws std::logic_error off the grid.
  const std::vector<int>& coords() const;
  /// Local. The ranks that differ from this one only in coordinate `axis`, ranked by that coordinate
  /// (MPI_Cart_sub). Throws std::logic_error off the grid, std::out_of_range for a bad axis.
  const Comm& axis_comm(int axis) const;
  /// Collective over grid_comm() the first time a set of axes is asked for (one MPI_Cart_sub; every grid
  /// rank must ask for the same sets in the same order), then Local (cached). The ranks that differ from
  /// this one only in the coordinates of the grid axes `axes` (any order, no repeats), ranked row-major
  /// by those coordinates in increasing axis order. An empty set gives a communicator of this rank alone.
  /// Throws std::logic_error off the grid, std::out_of_range for a bad or repeated axis.
  const Comm& axes_comm(std::span<const int> axes) const;
  /// Local. The grid rank (rank in grid_comm()) of the given coordinates.
  int grid_rank_of(std::span<const int> coords) const;
  /// Local. The coordinates of a grid rank.
  std::vector<int> coords_of(int grid_rank) const;
  /// Local. The grid's shape and its ranks as MPI_COMM_WORLD ranks, for example
  /// "ProcessGrid(dims=(2, 3), ranks=[0, 1, 2, 3, 4, 5])" (long lists are shortened).
  std::string describe() const;

  /// Local. True when both are the same grid object (copies of one another).
  friend bool operator==(const ProcessGrid& a, const ProcessGrid& b) noexcept { return a.impl_ == b.impl_; }

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

/// Local. Throws std::invalid_argument unless `a` and `b` are the same grid (arrays mix only on one
/// device). The message starts with `function`, names both grids by their dims and ranks, and says so
/// when they are two grid objects with the same dims and ranks.
void require_same_device(const std::string& function, const ProcessGrid& a, const ProcessGrid& b);

}  // namespace gingham
