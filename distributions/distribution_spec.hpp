#pragma once
/// \file
/// DistributionSpec: a Distribution's arguments by name (C++20 designated initializers), the C++ face of
/// Python's ``gg.Distribution(shape, axes, grid=, grid_axes=, local_order=)``:
///
///     auto layout = gingham::make_distribution({.shape = {4096, 4096}, .grid_dims = grid.dims(),
///                                               .axes = {AxisLayout::block_cyclic(64), AxisLayout::block_cyclic(64)},
///                                               .local_order = StorageOrder::column_major});
///
/// Fields left out take Python's defaults: no axes is the default layout (derived::default_layout), no grid_axes
/// spreads the k-th distributed axis over grid axis k, row-major shards.

#include <cstdint>
#include <vector>

#include "gingham/distributions/axis_layout.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham {

/// The arguments of a Distribution, by name; designated initializers must keep this order.
struct DistributionSpec {
  /// The global shape (required; {} is a 0-D array).
  std::vector<std::int64_t> shape;
  /// The process grid's shape (required): grid.dims() of the ProcessGrid the arrays will live on.
  std::vector<int> grid_dims;
  /// One AxisLayout per array axis; empty: the default layout (Block on the first min(ndim, grid ndim) axes).
  std::vector<AxisLayout> axes = {};
  /// The grid axis spreading each array axis (-1: none); empty: the k-th distributed axis on grid axis k.
  std::vector<int> grid_axes = {};
  /// The storage order of each shard (column_major for ScaLAPACK).
  StorageOrder local_order = StorageOrder::row_major;
};

/// Local (layout arithmetic, no message). The Distribution `spec` names. Throws std::invalid_argument
/// when grid_dims is empty, when grid_axes is given without axes, and for every reason the Distribution
/// constructor gives (an axes list of the wrong length, a grid axis used twice, ...).
Distribution make_distribution(const DistributionSpec& spec);

}  // namespace gingham
