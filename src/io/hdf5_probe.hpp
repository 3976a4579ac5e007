#pragma once
// What rank 0 learns from an HDF5 file before any collective HDF5 call, so that every rank decides alike
// (never some ranks in H5Dread while others throw): whether the file and the dataset exist, the dataset's
// shape and dtype, the filters it needs; or the file's datasets and root attributes. Rank 0 opens the file
// alone (HDF5's default driver) and closes it again; the result is broadcast.

#include <cstdint>
#include <string>
#include <vector>

#include "gingham/array/dtype.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/io/hdf5.hpp"

namespace gingham::io {

/// A dataset's shape (empty: 0-D) and dtype.
struct DatasetProbe {
  std::vector<std::int64_t> shape;
  DType dtype = DType::float64;
};

/// Local. Opens `path` alone and describes `dataset`. Throws what load_hdf5 documents (FileError for the
/// path, invalid_argument for a non-HDF5 file, a missing dataset or a group, a filter HDF5 lacks, TypeError
/// for its element type), each message starting with `function`.
DatasetProbe probe_hdf5_dataset(const std::string& path, const std::string& dataset, const std::string& function);

/// Local. Opens `path` alone and lists its datasets and root attributes (see hdf5_contents).
Hdf5Contents read_hdf5_contents(const std::string& path, const std::string& function);

/// Collective over `comm`. Rank 0's value on every rank (two MPI_Bcast).
void broadcast_from_rank0(const Comm& comm, DatasetProbe& probe);
/// Collective over `comm`. Rank 0's value on every rank (two MPI_Bcast).
void broadcast_from_rank0(const Comm& comm, Hdf5Contents& contents);

}  // namespace gingham::io
