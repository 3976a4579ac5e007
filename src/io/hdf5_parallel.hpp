#pragma once
// The parallel side of HDF5 files: property lists for opening a file through MPI-IO on a communicator and
// for collective transfers, and the (collective) choice of moving an array through a row-major copy when
// some rank's shard cannot be addressed by an HDF5 memory dataspace (column-major or unusual strides).

#include <memory>

#include "gingham/array/array.hpp"
#include "gingham/core/comm.hpp"
#include "hdf5_handle.hpp"

namespace gingham::io {

/// Local. A file-access property list for the MPI-IO driver on `comm` (HDF5 duplicates it), with
/// collective metadata reads and writes (rank 0 reads metadata and broadcasts it).
Hdf5Handle parallel_file_access(const Comm& comm);

/// Local. A transfer property list for collective H5Dread/H5Dwrite (H5FD_MPIO_COLLECTIVE).
Hdf5Handle collective_transfer();

/// Local. The same layout as `d` with row-major shards.
std::shared_ptr<const Distribution> row_major_version(const Distribution& d);

/// Collective over x.grid().comm(). x itself when every rank's shard is row-major (hdf5_can_address),
/// else a row-major copy of it (the same layout with row-major shards: a local copy, no messages but
/// the plan's agreement). Cost: one MPI_Allreduce of one integer (plus the copy when needed).
Array addressable_by_hdf5(const Array& x);

}  // namespace gingham::io
