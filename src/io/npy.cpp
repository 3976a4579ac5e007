#include "gingham/io/npy.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "gingham/array/call_arguments.hpp"
#include "file_view.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/io/atomic_file.hpp"
#include "gingham/io/npy_header.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "mpi_file.hpp"
#include "path_text.hpp"

namespace gingham {
namespace {

using io::quoted_path;

/// What rank 0 learns from the file before anyone reads data: the header bytes and the file's size.
struct Probe {
  std::string header;
  std::int64_t file_size = 0;
};

/// Rank 0: reads the whole header of the .npy file at `path` and its size.
Probe probe_file(const std::string& path) {
  const std::string function = "gingham::load_npy";
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw FileError(function + ": cannot read " + quoted_path(path) + ": " +
                        (errno == ENOENT ? std::string("no such file") : std::string(std::strerror(errno))),
                    errno);
  }
  if (S_ISDIR(info.st_mode)) throw FileError(function + ": cannot read " + quoted_path(path) + ": it is a directory, expected a .npy file", EISDIR);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FileError(function + ": cannot open " + quoted_path(path) + ": " + std::strerror(errno), errno);
  Probe probe;
  probe.file_size = static_cast<std::int64_t>(info.st_size);
  probe.header.resize(io::npy_preamble_size);
  in.read(probe.header.data(), static_cast<std::streamsize>(probe.header.size()));
  probe.header.resize(static_cast<std::size_t>(in.gcount()));
  const std::size_t length = io::npy_header_length(probe.header, quoted_path(path));
  if (static_cast<std::int64_t>(length) > probe.file_size) return probe;  // parse_npy_header says it is cut short
  probe.header.resize(length);
  in.clear();
  in.seekg(0);
  in.read(probe.header.data(), static_cast<std::streamsize>(length));
  if (!in) throw FileError(function + ": cannot read the header of " + quoted_path(path) + ": " + std::strerror(errno), errno);
  return probe;
}

/// Broadcasts rank 0's probe to every rank of `comm`.
void broadcast(const Comm& comm, Probe& probe) {
  long sizes[2] = {static_cast<long>(probe.header.size()), static_cast<long>(probe.file_size)};
  GINGHAM_MPI(MPI_Bcast(sizes, 2, MPI_LONG, 0, comm.get()));
  probe.header.resize(static_cast<std::size_t>(sizes[0]));
  probe.file_size = sizes[1];
  GINGHAM_MPI(MPI_Bcast(probe.header.data(), static_cast<int>(sizes[0]), MPI_CHAR, 0, comm.get()));
}

/// Reverses the bytes of each element of `count` elements of `item` bytes (complex: of each part).
void swap_bytes(std::byte* data, std::int64_t count, std::size_t item, bool complex) {
  const std::size_t part = complex ? item / 2 : item;
  const std::int64_t parts = count * static_cast<std::int64_t>(item / part);
  for (std::int64_t k = 0; k < parts; ++k) std::reverse(data + k * part, data + (k + 1) * part);
}

/// The number of data bytes of x's whole array.
std::int64_t data_bytes(const Array& x) { return x.global_size() * static_cast<std::int64_t>(item_size(x.dtype())); }

/// An error unless the file at `written` (the temporary of a save to `path`) has `expected` bytes.
std::optional<CapturedError> complete_size_error(const std::string& written, const std::string& path, std::int64_t expected) {
  struct stat info {};
  if (::stat(written.c_str(), &info) == 0 && static_cast<std::int64_t>(info.st_size) == expected) return std::nullopt;
  return CapturedError{ErrorKind::os, "gingham::save_npy: cannot write " + quoted_path(path) + ": the file written (" +
                                               quoted_path(written) + ") has " + std::to_string(info.st_size) + " of its " +
                                               std::to_string(expected) + " bytes (disk full or a file size limit?)"};
}

}  // namespace

void save_npy(const std::string& path, const Array& x) {
  const auto checked = check_call(x.grid().comm(), "save_npy", arg("path", path), arg("x", x));
  const Comm& comm = x.grid().comm();
  io::AtomicFile file(comm, path, "gingham::save_npy");
  const std::string header = io::format_npy_header(x.dtype(), x.global_shape());
  const io::FileView view = io::file_view(x, io::FileOrder::c, io::Copies::primary_only);
  std::optional<CapturedError> error;
  {
    io::MpiFile out(comm, file.temporary(), MPI_MODE_WRONLY,
                    "gingham::save_npy: cannot write " + quoted_path(path) + " (through " + quoted_path(file.temporary()) + ")");
    if (comm.rank() == 0) out.write_at(0, header);
    out.write_all(static_cast<MPI_Offset>(header.size()), view, item_size(x.dtype()), x.local().data);
    out.sync_and_close();
    error = out.error();
  }
  // A collective write can drop an aggregator's short write (Open MPI's ompio did at 3 ranks under a
  // file-size limit), so rank 0 also checks that the file has every byte before it may replace the target.
  if (!error && comm.rank() == 0) error = complete_size_error(file.temporary(), path, header.size() + data_bytes(x));
  file.commit(error);
}

Array load_npy(const std::string& path, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
               std::optional<DType> dtype) {
  const auto checked = check_call(grid.comm(), "load_npy", arg("path", path), arg("grid", grid), arg("layout", layout),
                                  arg("dtype", dtype));
  const Comm& comm = grid.comm();
  Probe probe = agree_on_errors(comm, [&] { return comm.rank() == 0 ? probe_file(path) : Probe{}; });
  broadcast(comm, probe);
  // From here every rank decides alike: the same bytes give the same header and the same errors.
  const io::NpyHeader header = io::parse_npy_header(probe.header, quoted_path(path));
  const std::int64_t needed = static_cast<std::int64_t>(header.data_offset) + header.data_bytes();
  if (probe.file_size < needed) {
    throw std::invalid_argument("gingham::load_npy: " + quoted_path(path) + " is truncated: its header describes " +
                                std::to_string(header.data_bytes()) + " bytes of data (shape " +
                                format_shape(header.shape) + ", " + std::string(dtype_name(header.dtype)) +
                                ") after " + std::to_string(header.data_offset) + " header bytes, but the file has " +
                                std::to_string(probe.file_size) + " bytes");
  }
  if (layout == nullptr) {
    layout = std::make_shared<const Distribution>(derived::default_layout(header.shape, grid.dims()));
  } else if (layout->global_shape() != header.shape) {
    throw std::invalid_argument("gingham::load_npy: the distribution is for shape " + format_shape(layout->global_shape()) +
                                ", but " + quoted_path(path) + " holds an array of shape " + format_shape(header.shape));
  }
  Array x = Array::allocate(header.dtype, grid, layout, {}, MemoryFill::none);
  const io::FileView view = io::file_view(x, header.fortran_order ? io::FileOrder::fortran : io::FileOrder::c,
                                          io::Copies::every_copy);
  std::optional<CapturedError> error;
  {
    io::MpiFile in(comm, path, MPI_MODE_RDONLY, "gingham::load_npy: cannot read " + quoted_path(path));
    in.read_all(static_cast<MPI_Offset>(header.data_offset), view, item_size(header.dtype), x.local().data);
    in.close();
    error = in.error();
  }
  raise_if_any_rank_failed(comm, error);
  if (header.big_endian && x.holds_shard()) {
    const RawView shard = x.local();
    swap_bytes(shard.data, shard.size(), shard.item_size, header.dtype == DType::complex64 || header.dtype == DType::complex128);
  }
  return dtype && *dtype != header.dtype ? astype(x, *dtype) : x;
}

}  // namespace gingham
