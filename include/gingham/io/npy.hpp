#pragma once
/// \file
/// Parallel .npy files: save_npy and load_npy move each rank's own elements straight between its shard
/// and the file with collective MPI-IO through a file view made from the array's layout; no rank ever
/// holds more than its shard. Files are NumPy's format (gingham/io/npy_header.hpp): a file gingham
/// writes is byte for byte what numpy.save writes for the same array, and any file numpy.save writes
/// of one of the 13 dtypes loads (C or Fortran order, either byte order, format 1.0, 2.0 or 3.0).

#include <memory>
#include <optional>
#include <string>

#include "gingham/array/array.hpp"
#include "gingham/array/dtype.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham {

/// Collective over x.grid().comm(). Writes x to the .npy file `path` (format 1.0, C order, little-endian,
/// numpy.save's header), atomically (gingham/io/atomic_file.hpp): a temporary file in the same directory
/// is renamed over `path` only when every rank's part is written and flushed. Rank 0 writes the header;
/// every rank holding a primary copy writes its elements (MPI_File_write_at_all of one derived datatype);
/// ranks holding other copies or no shard write nothing but take part. Throws gingham::FileError on every
/// rank when `path` is a directory, its directory is missing or not writable, or a write fails (the
/// previous file at `path`, if any, is left as it was). Cost: the data once through MPI-IO (plus
/// MPI_File_sync), four MPI_Allreduce of three 64-bit integers (agreements: temporary created, file
/// opened, parts written, renamed) and two MPI_Bcast (the temporary's name).
void save_npy(const std::string& path, const Array& x);

/// Collective over grid.comm(). The array in the .npy file `path`, laid out as `layout` (its grid shape
/// must be grid.dims()), or by default the library's default layout for the file's shape on `grid`
/// (gingham/distributions/derived.hpp default_layout); converted to `dtype` afterwards when given (as
/// astype). Every rank reads its own shard (every copy of replicated axes) with MPI_File_read_at_all of
/// one derived datatype; big-endian files are byte-swapped locally afterwards; Fortran-order files are
/// read through a column-major file view. Rank 0 reads the header and broadcasts it. Throws, on every
/// rank alike: gingham::FileError when `path` is missing, a directory or unreadable;
/// std::invalid_argument for a file that is not a .npy file or is shorter than its header says, or a
/// `layout` whose shape differs from the file's; gingham::TypeError for an element type gingham has no
/// dtype for (object, structured, strings, float16, ...). Cost: the data once through MPI-IO, two
/// MPI_Bcast (the header's bytes and the file size) and four MPI_Allreduce of three 64-bit integers
/// (agreements: header read, allocation, file opened, parts read).
Array load_npy(const std::string& path, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout = nullptr,
               std::optional<DType> dtype = std::nullopt);

}  // namespace gingham
