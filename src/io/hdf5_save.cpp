#include <stdexcept>

#include "gingham/array/call_arguments.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/io/atomic_file.hpp"
#include "gingham/io/hdf5.hpp"
#include "hdf5_attributes.hpp"
#include "hdf5_parallel.hpp"
#include "hdf5_selection.hpp"
#include "hdf5_types.hpp"
#include "path_text.hpp"

namespace gingham {
namespace {

constexpr const char* kFunction = "gingham::save_hdf5";

/// The keys of a map, in order.
template <class Value>
std::vector<std::string> keys_of(const std::map<std::string, Value>& map) {
  std::vector<std::string> keys;
  for (const auto& entry : map) keys.push_back(entry.first);
  return keys;
}

/// The values of a map, in the order of its keys.
template <class Value>
std::vector<Value> values_of(const std::map<std::string, Value>& map) {
  std::vector<Value> values;
  for (const auto& entry : map) values.push_back(entry.second);
  return values;
}

/// Throws std::invalid_argument unless every array lives on `comm` (or a congruent communicator) and
/// every name is a usable dataset path.
void check_entries(const Comm& comm, const std::map<std::string, Array>& datasets) {
  for (const auto& [name, x] : datasets) {
    int same = MPI_UNEQUAL;
    GINGHAM_MPI(MPI_Comm_compare(x.grid().comm().get(), comm.get(), &same));
    if (same != MPI_IDENT && same != MPI_CONGRUENT) {
      throw std::invalid_argument(std::string(kFunction) + ": every array must live on one communicator, but '" + name +
                                  "' lives on another one than '" + datasets.begin()->first + "'");
    }
    if (name.empty() || name == "/" || name.back() == '/') {
      throw std::invalid_argument(std::string(kFunction) + ": expected dataset names such as 'u' or 'run1/u', got '" + name + "'");
    }
  }
}

/// Creates the dataset `name` (and the groups on its path) for x and writes x's elements into it: one
/// collective H5Dwrite in which each primary copy selects its own elements.
void write_dataset(hid_t file, const std::string& name, const Array& x, const std::string& where) {
  const std::string what = std::string(kFunction) + ": cannot write the dataset '" + name + "' of " + where;
  const io::ShardSelection selection = io::shard_selection(x, io::DatasetWindow::identity(x.global_shape()), io::Copies::primary_only);
  io::Hdf5Handle file_type = io::hdf5_file_type(x.dtype()), memory_type = io::hdf5_memory_type(x.dtype());
  io::Hdf5Handle links(H5Pcreate(H5P_LINK_CREATE), H5Pclose), creation(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(links.get(), 1);
  H5Pset_layout(creation.get(), H5D_CONTIGUOUS);
  H5Pset_fill_time(creation.get(), H5D_FILL_TIME_NEVER);
  H5Pset_alloc_time(creation.get(), H5D_ALLOC_TIME_EARLY);
  io::Hdf5Handle dataset(io::checked_id<std::invalid_argument>(H5Dcreate2(file, name.c_str(), file_type.get(), selection.file_space.get(),
                                                                           links.get(), creation.get(), H5P_DEFAULT),
                                                                what),
                         H5Dclose);
  io::Hdf5Handle transfer = io::collective_transfer();
  static std::byte nothing[16];
  const void* data = x.holds_shard() && x.local().data != nullptr ? x.local().data : nothing;
  if (x.global_size() == 0) return;  // no storage to write to (HDF5 refuses a write at no address)
  if (H5Dwrite(dataset.get(), memory_type.get(), selection.memory_space.get(), selection.file_space.get(), transfer.get(), data) < 0) {
    throw FileError(what + ": " + io::hdf5_error_text(), ErrorKind::os);
  }
}

}  // namespace

void save_hdf5(const std::string& path, const std::map<std::string, Array>& datasets,
               const std::map<std::string, Hdf5Attribute>& attributes) {
  const auto checked = check_call(datasets.empty() ? nullptr : &datasets.begin()->second.grid().comm(), "save_hdf5",
                                  arg("path", path), arg("names", keys_of(datasets)), arg("arrays", values_of(datasets)),
                                  arg("attribute_names", keys_of(attributes)), arg("attribute_values", values_of(attributes)));
  if (datasets.empty()) throw std::invalid_argument(std::string(kFunction) + ": expected at least one array to save, got none");
  const Comm& comm = datasets.begin()->second.grid().comm();
  const std::vector<std::string> names = keys_of(datasets);
  std::vector<Array> arrays = values_of(datasets);
  check_entries(comm, datasets);
  // Row-major copies first (collective per array), for shards HDF5 cannot address in place.
  for (Array& x : arrays) x = io::addressable_by_hdf5(x);
  io::AtomicFile target(comm, path, kFunction);
  const std::string where = io::quoted_path(path) + " (through " + io::quoted_path(target.temporary()) + ")";
  std::optional<CapturedError> error;
  {
    io::Hdf5Handle access = io::parallel_file_access(comm);
    io::Hdf5Handle file(agree_on_errors(comm, [&] {
                          const hid_t id = H5Fcreate(target.temporary().c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get());
                          if (id < 0) throw FileError(std::string(kFunction) + ": cannot create " + where + ": " + io::hdf5_error_text(), ErrorKind::os);
                          return id;
                        }),
                        H5Fclose);
    // A file whose writes failed is not closed: HDF5 1.10.8 leaves a half-destroyed file behind a failed
    // H5Fclose, on which its shutdown at MPI_Finalize crashes. HDF5 closes it at its shutdown; `target`
    // removes the temporary file.
    try {
      for (std::size_t k = 0; k < names.size(); ++k) agree_on_errors(comm, [&] { write_dataset(file.get(), names[k], arrays[k], where); });
      agree_on_errors(comm, [&] {
        for (const auto& [name, value] : attributes) io::write_hdf5_attribute(file.get(), name, value);
      });
    } catch (...) {
      file.release();
      throw;
    }
    // H5Fflush makes the MPI-IO driver sync the file (MPI_File_sync); H5Fclose closes it on every rank, so
    // the ranks agree on the flush first (a rank that would skip the collective close would hang the others).
    if (H5Fflush(file.get(), H5F_SCOPE_GLOBAL) < 0) {
      error = CapturedError{ErrorKind::os, std::string(kFunction) + ": cannot write " + where + ": " + io::hdf5_error_text()};
    }
    if (agree_on_error(comm, error)) {
      file.release();
    } else if (!file.reset()) {
      error = CapturedError{ErrorKind::os, std::string(kFunction) + ": cannot close " + where + ": " + io::hdf5_error_text()};
    }
  }
  target.commit(error);
}

}  // namespace gingham
