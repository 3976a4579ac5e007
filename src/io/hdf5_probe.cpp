#include "hdf5_probe.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "gingham/core/errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "hdf5_attributes.hpp"
#include "hdf5_handle.hpp"
#include "hdf5_types.hpp"
#include "path_text.hpp"

namespace gingham::io {
namespace {

/// Opens `path` read-only with HDF5's default (serial) driver, after the checks a missing, unreadable,
/// directory or non-HDF5 path fails.
Hdf5Handle open_alone(const std::string& path, const std::string& function) {
  silence_hdf5_errors();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw FileError(function + ": cannot read " + quoted_path(path) + ": " +
                        (errno == ENOENT ? std::string("no such file") : std::string(std::strerror(errno))),
                    errno);
  }
  if (S_ISDIR(info.st_mode)) {
    throw FileError(function + ": cannot read " + quoted_path(path) + ": it is a directory, expected an HDF5 file", EISDIR);
  }
  if (::access(path.c_str(), R_OK) != 0) throw FileError(function + ": cannot read " + quoted_path(path) + ": " + std::strerror(errno), errno);
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 == 0) {
    throw std::invalid_argument(function + ": " + quoted_path(path) + " is not an HDF5 file (no HDF5 signature; " +
                                std::to_string(info.st_size) + " bytes)");
  }
  const hid_t file = is_hdf5 < 0 ? -1 : H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) throw FileError(function + ": cannot open " + quoted_path(path) + ": " + hdf5_error_text(), ErrorKind::os);
  return Hdf5Handle(file, H5Fclose);
}

/// H5Lvisit's callback: the path of every dataset reached by a hard link.
herr_t collect_dataset(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  if (info->type != H5L_TYPE_HARD) return 0;
  Hdf5Handle object(H5Oopen(group, name, H5P_DEFAULT), H5Oclose);
  if (object && H5Iget_type(object.get()) == H5I_DATASET) static_cast<std::vector<std::string>*>(data)->push_back(name);
  H5Eclear2(H5E_DEFAULT);
  return 0;
}

std::vector<std::string> dataset_names(hid_t file) {
  std::vector<std::string> names;
  H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &names);
  H5Eclear2(H5E_DEFAULT);
  return names;
}

/// "it holds the datasets 'a', 'run1/u'" (or "it holds no datasets").
std::string holdings(hid_t file) {
  const std::vector<std::string> names = dataset_names(file);
  if (names.empty()) return "it holds no datasets";
  std::string text = "it holds the dataset" + std::string(names.size() > 1 ? "s " : " ");
  for (std::size_t k = 0; k < names.size() && k < 20; ++k) text += (k ? ", '" : "'") + names[k] + "'";
  return text + (names.size() > 20 ? ", ..." : "");
}

/// Throws unless every filter of the dataset's creation properties is available to this HDF5 library.
void require_filters(hid_t dataset, const std::string& what) {
  Hdf5Handle properties(H5Dget_create_plist(dataset), H5Pclose);
  const int filters = properties ? H5Pget_nfilters(properties.get()) : 0;
  for (int k = 0; k < filters; ++k) {
    unsigned flags = 0, config = 0;
    std::size_t values = 0;
    char name[128] = {};
    const H5Z_filter_t filter = H5Pget_filter2(properties.get(), static_cast<unsigned>(k), &flags, &values, nullptr,
                                               sizeof name, name, &config);
    if (filter >= 0 && H5Zfilter_avail(filter) <= 0) {
      throw std::invalid_argument(what + " is stored with the filter '" + name + "' (HDF5 filter id " +
                                  std::to_string(filter) + "), which this HDF5 library does not have");
    }
  }
}

// Byte strings for the broadcasts: 64-bit integers and length-prefixed texts.
void put(std::string& out, std::int64_t value) { out.append(reinterpret_cast<const char*>(&value), sizeof value); }
void put(std::string& out, const std::string& text) { put(out, static_cast<std::int64_t>(text.size())), out += text; }
std::int64_t take_integer(const std::string& in, std::size_t& at) {
  std::int64_t value = 0;
  std::memcpy(&value, in.data() + at, sizeof value);
  at += sizeof value;
  return value;
}
std::string take_text(const std::string& in, std::size_t& at) {
  const auto length = static_cast<std::size_t>(take_integer(in, at));
  std::string text = in.substr(at, length);
  at += length;
  return text;
}

/// Rank 0's `bytes` on every rank of `comm`.
void broadcast_bytes(const Comm& comm, std::string& bytes) {
  long length = static_cast<long>(bytes.size());
  GINGHAM_MPI(MPI_Bcast(&length, 1, MPI_LONG, 0, comm.get()));
  bytes.resize(static_cast<std::size_t>(length));
  GINGHAM_MPI(MPI_Bcast(bytes.data(), static_cast<int>(length), MPI_CHAR, 0, comm.get()));
}

}  // namespace

DatasetProbe probe_hdf5_dataset(const std::string& path, const std::string& dataset, const std::string& function) {
  if (dataset.empty()) throw std::invalid_argument(function + ": expected a dataset name, got an empty string");
  Hdf5Handle file = open_alone(path, function);
  const std::string what = "dataset '" + dataset + "' of " + quoted_path(path);
  // Each group on the way must exist (H5Lexists fails on a missing intermediate group).
  for (std::size_t slash = dataset.find('/', 1);; slash = dataset.find('/', slash + 1)) {
    const std::string prefix = dataset.substr(0, slash);
    if (H5Lexists(file.get(), prefix.c_str(), H5P_DEFAULT) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      throw std::invalid_argument(function + ": there is no " + what + " (" + holdings(file.get()) + ")");
    }
    if (slash == std::string::npos) break;
  }
  Hdf5Handle object(H5Oopen(file.get(), dataset.c_str(), H5P_DEFAULT), H5Oclose);
  if (!object) throw std::invalid_argument(function + ": cannot open the " + what + ": " + hdf5_error_text());
  if (H5Iget_type(object.get()) != H5I_DATASET) {
    throw std::invalid_argument(function + ": '" + dataset + "' in " + quoted_path(path) + " is a group, not a dataset (" +
                                holdings(file.get()) + ")");
  }
  Hdf5Handle data(checked_id<std::invalid_argument>(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT), function + ": cannot open the " + what),
                  H5Dclose);
  Hdf5Handle space(H5Dget_space(data.get()), H5Sclose);
  Hdf5Handle type(H5Dget_type(data.get()), H5Tclose);
  DatasetProbe probe;
  probe.dtype = dtype_of_hdf5_type(type.get(), function + ": the " + what);
  const H5S_class_t kind = H5Sget_simple_extent_type(space.get());
  if (kind == H5S_NULL) throw std::invalid_argument(function + ": the " + what + " has a null dataspace: it holds no array");
  if (kind == H5S_SIMPLE) {
    std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.get())));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    probe.shape.assign(dims.begin(), dims.end());
  }
  require_filters(data.get(), function + ": the " + what);
  return probe;
}

Hdf5Contents read_hdf5_contents(const std::string& path, const std::string& function) {
  Hdf5Handle file = open_alone(path, function);
  Hdf5Handle root(checked_id<std::runtime_error>(H5Gopen2(file.get(), "/", H5P_DEFAULT), function + ": cannot open the root group of " + quoted_path(path)),
                  H5Gclose);
  return Hdf5Contents{dataset_names(file.get()), read_hdf5_attributes(root.get(), function + ": " + quoted_path(path))};
}

void broadcast_from_rank0(const Comm& comm, DatasetProbe& probe) {
  std::string bytes;
  if (comm.rank() == 0) {
    put(bytes, static_cast<std::int64_t>(probe.dtype)), put(bytes, static_cast<std::int64_t>(probe.shape.size()));
    for (std::int64_t extent : probe.shape) put(bytes, extent);
  }
  broadcast_bytes(comm, bytes);
  std::size_t at = 0;
  probe.dtype = static_cast<DType>(take_integer(bytes, at));
  probe.shape.resize(static_cast<std::size_t>(take_integer(bytes, at)));
  for (std::int64_t& extent : probe.shape) extent = take_integer(bytes, at);
}

void broadcast_from_rank0(const Comm& comm, Hdf5Contents& contents) {
  std::string bytes;
  if (comm.rank() == 0) {
    put(bytes, static_cast<std::int64_t>(contents.datasets.size()));
    for (const std::string& name : contents.datasets) put(bytes, name);
    put(bytes, static_cast<std::int64_t>(contents.attributes.size()));
    for (const auto& [name, value] : contents.attributes) {
      put(bytes, name), put(bytes, static_cast<std::int64_t>(value.index()));
      std::visit([&]<class T>(const T& held) {
        if constexpr (std::is_same_v<T, std::string>) put(bytes, held);
        else put(bytes, std::string(reinterpret_cast<const char*>(&held), sizeof held));
      }, value);
    }
  }
  broadcast_bytes(comm, bytes);
  std::size_t at = 0;
  contents.datasets.resize(static_cast<std::size_t>(take_integer(bytes, at)));
  for (std::string& name : contents.datasets) name = take_text(bytes, at);
  contents.attributes.clear();
  for (std::int64_t k = 0, n = take_integer(bytes, at); k < n; ++k) {
    std::string name = take_text(bytes, at);
    const std::int64_t index = take_integer(bytes, at);
    const std::string held = take_text(bytes, at);
    auto decode = [&]<class T>() -> Hdf5Attribute {
      if constexpr (std::is_same_v<T, std::string>) {
        return held;
      } else {
        T value{};
        std::memcpy(&value, held.data(), sizeof value);
        return value;
      }
    };
    switch (index) {
      case 0: contents.attributes.emplace(name, decode.template operator()<bool>()); break;
      case 1: contents.attributes.emplace(name, decode.template operator()<std::int64_t>()); break;
      case 2: contents.attributes.emplace(name, decode.template operator()<double>()); break;
      case 3: contents.attributes.emplace(name, decode.template operator()<std::complex<double>>()); break;
      default: contents.attributes.emplace(name, decode.template operator()<std::string>()); break;
    }
  }
}

}  // namespace gingham::io
