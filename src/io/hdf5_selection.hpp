#pragma once
// Hyperslab selections: which elements of an HDF5 dataset a rank reads or writes, and where they lie in
// its shard, as a pair of HDF5 dataspaces with matching selections. Made from the same per-axis owned
// runs as the MPI-IO file views (file_view.hpp: regular blocks plus a shorter last one), so one mechanism
// serves every layout. Per axis the owned indices are at most two regular pieces (start, stride, count,
// block): the full blocks and the tail; an N-D selection is the union, over the combinations of pieces,
// of the per-axis products, each one H5Sselect_hyperslab (the first SET, the others OR). HDF5 moves the
// elements of both selections in increasing position order, which is the same order on both sides because
// owned global indices and their local positions increase together along every axis.

#include <cstdint>
#include <vector>

#include "gingham/array/array.hpp"
#include "file_view.hpp"
#include "hdf5_handle.hpp"

namespace gingham::io {

/// How one axis of the array being moved reads the dataset: element j of the array's axis is the dataset's
/// element `start + j * step` along dataset axis `dataset_axis`. Dataset axes the array does not have
/// (an integer in a key) are held at a fixed index.
struct DatasetAxis {
  std::int64_t start = 0, step = 1;
};

/// Which dataset elements an array moves: one DatasetAxis per array axis, and the fixed index of each
/// dataset axis that the array drops (-1 for the axes it reads). identity(shape): the whole dataset.
struct DatasetWindow {
  std::vector<std::int64_t> dataset_shape;
  std::vector<DatasetAxis> array_axes;    // one per array axis
  std::vector<std::int64_t> fixed_index;  // one per dataset axis: the index of a dropped axis, or -1
  /// Local. The whole dataset of `shape`, axis for axis.
  static DatasetWindow identity(const std::vector<std::int64_t>& shape);
};

/// A rank's share of a transfer: the file dataspace (the dataset's shape) and the memory dataspace (over the
/// shard's storage from its first element) with selections listing the same number of elements.
struct ShardSelection {
  Hdf5Handle file_space, memory_space;
  std::int64_t elements = 0;
};

/// Local. Whether the shard's element strides can be described as an HDF5 memory dataspace: positive,
/// each a multiple of the next (row-major, possibly padded by ghost cells or rows). Shards stored in
/// column-major order cannot (HDF5 lists memory in row-major order); they are moved through a row-major copy.
bool hdf5_can_address(const RawView& shard);

/// Local. The selection of x's shard (x.local(), which hdf5_can_address) in the window of a dataset. Ranks
/// off the grid, with empty shards, or (Copies::primary_only) holding a non-primary copy select nothing.
/// Axes with a negative step are selected mirrored in memory: after a read, flip_axes() puts them in order.
/// Cost: O(product over axes of 2, or of the blocks per axis when a step > 1 meets blocks > 1) hyperslab calls.
ShardSelection shard_selection(const Array& x, const DatasetWindow& window, Copies copies);

/// Local. Reverses this rank's shard of x along every axis whose window step is negative (see shard_selection).
void flip_mirrored_axes(const Array& x, const DatasetWindow& window);

}  // namespace gingham::io
