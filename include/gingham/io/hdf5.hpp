#pragma once
/// \file
/// HDF5 files through parallel HDF5 (MPI-IO driver): save_hdf5 writes several arrays and scalar attributes
/// into one file, load_hdf5 reads one dataset (or a hyperslab of it) into any layout, hdf5_contents lists a
/// file's datasets and root attributes. Each rank writes and reads only its own elements, with one
/// collective H5Dwrite/H5Dread per dataset whose hyperslab selections are made from the layout's per-axis
/// owned runs (the same ones as the .npy file views); no rank ever holds more than its shard. Types are
/// h5py's (bool as an enum {FALSE, TRUE}, complex as a compound {r, i}), so h5py reads gingham's files as
/// NumPy arrays of the same dtype, and files h5py or other tools write load: contiguous, chunked or
/// compressed (deflate) datasets, either byte order, any integer/float width that is one of the 13 dtypes.

#include <complex>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dtype.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/distributions/distribution.hpp"
#include "gingham/distributions/basic_key.hpp"

namespace gingham {

/// A scalar attribute value: bool, int, float, complex or str (as h5py writes Python scalars).
using Hdf5Attribute = std::variant<bool, std::int64_t, double, std::complex<double>, std::string>;

/// A hyperslab key with NumPy's basic-indexing meaning (gingham/distributions/basic_key.hpp): integers (the
/// axis is dropped; negative counts from the end), slices (any nonzero step), at most one ellipsis; axes
/// after the last entry are read whole. New axes (NewAxis) are refused.
using Hdf5Key = std::vector<BasicIndex>;

/// What an HDF5 file holds: the path of every dataset ("u", "run1/u"; groups walked, sorted by name) and
/// the scalar attributes of its root group.
struct Hdf5Contents {
  std::vector<std::string> datasets;
  std::map<std::string, Hdf5Attribute> attributes;
};

/// Collective over the arrays' communicator (every array must live on grids of one communicator). Writes
/// the file `path` holding each array of `datasets` as the dataset of that name (a name with slashes,
/// "run1/u", creates the groups on its way) and `attributes` as scalar attributes of the root group,
/// atomically (gingham/io/atomic_file.hpp): a temporary file beside `path`, created through MPI-IO
/// (H5Fcreate with H5Pset_fapl_mpio), is renamed over `path` only once every rank's part is written and
/// the file is closed on every rank. Datasets are contiguous (parallel HDF5 cannot write filtered ones);
/// each is written by one collective H5Dwrite in which every primary copy selects its own elements (other
/// copies select none). Shards stored column-major are copied to row-major first (HDF5 lists memory in
/// row-major order). Throws, on every rank alike: std::invalid_argument for no arrays, arrays on different
/// communicators, or a name HDF5 refuses (empty, or a dataset where a group is needed); gingham::FileError
/// as save_npy does for the path (missing directory, not writable, a directory) and for failed writes.
/// Cost: the data once through MPI-IO, plus per dataset one MPI_Allreduce of three 64-bit integers
/// (agreement) and HDF5's collective metadata writes.
void save_hdf5(const std::string& path, const std::map<std::string, Array>& datasets,
               const std::map<std::string, Hdf5Attribute>& attributes = {});

/// Collective over grid.comm(). The dataset `dataset` of the HDF5 file `path` ("run1/u" inside groups),
/// or the hyperslab `key` of it, laid out as `layout` (its shape must be the selection's shape and its grid
/// shape grid.dims()), or by default in the library's default layout for that shape on `grid`; converted
/// to `dtype` when given (as astype). Rank 0 opens the file alone first and decides, for every rank, whether
/// the dataset exists and its shape and type; then every rank opens the file through MPI-IO and reads its
/// own shard (every copy of replicated axes) with one collective H5Dread of the key composed with its owned
/// runs (HDF5 converts byte order and width, and decompresses chunks). Throws, on every rank alike:
/// gingham::FileError for a missing, unreadable or directory `path`; std::invalid_argument for a file
/// that is not HDF5, a dataset that is missing (naming the datasets the file holds) or a group, a `layout`
/// of the wrong shape, a key with a zero step or a new axis; std::out_of_range for a key with more entries
/// than axes, two ellipses, or an integer out of bounds; gingham::TypeError for an element type that is none of the 13 dtypes (the
/// message names the HDF5 type). Cost: the selection once through MPI-IO; two MPI_Bcast (the dataset's
/// description) and three MPI_Allreduce of three 64-bit integers (agreements), plus HDF5's metadata reads.
Array load_hdf5(const std::string& path, const std::string& dataset, const ProcessGrid& grid,
                std::shared_ptr<const Distribution> layout = nullptr, const Hdf5Key& key = {},
                std::optional<DType> dtype = std::nullopt);

/// Collective over `comm`. The datasets and root attributes of the HDF5 file `path` (rank 0 reads them and
/// broadcasts them). Throws, on every rank alike: gingham::FileError as load_hdf5 does; std::invalid_argument
/// for a file that is not HDF5; gingham::TypeError for a root attribute that is not a scalar int, float,
/// bool, complex or string. Cost: two MPI_Bcast and one MPI_Allreduce of three 64-bit integers.
Hdf5Contents hdf5_contents(const std::string& path, const Comm& comm);

}  // namespace gingham
