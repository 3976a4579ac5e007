#include <stdexcept>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/distributions/basic_key.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/io/hdf5.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "hdf5_parallel.hpp"
#include "hdf5_probe.hpp"
#include "hdf5_selection.hpp"
#include "hdf5_types.hpp"
#include "path_text.hpp"

namespace gingham {
namespace {

constexpr const char* kFunction = "gingham::load_hdf5";

/// The window of a dataset of `shape` that `key` selects (every rank resolves it alike: BasicKey's
/// NumPy rules) and, through `selected_shape`, its shape.
io::DatasetWindow window_of(const Hdf5Key& key, const std::vector<std::int64_t>& shape, std::vector<std::int64_t>& selected_shape) {
  for (const BasicIndex& entry : key) {
    if (std::holds_alternative<NewAxis>(entry)) {
      throw std::invalid_argument(std::string(kFunction) + ": a key selects a hyperslab of ints, slices and one ellipsis; "
                                  "it cannot add a new axis (None)");
    }
  }
  const BasicKey resolved(key, shape, kFunction);
  io::DatasetWindow window{shape, {}, std::vector<std::int64_t>(shape.size(), -1)};
  for (const IndexMap::TargetAxis& read : resolved.reads()) {
    window.array_axes.push_back({read.start, read.step});
    selected_shape.push_back(read.extent);
  }
  for (const IndexMap::FixedIndex& fixed : resolved.fixed()) window.fixed_index[fixed.source_axis] = fixed.index;
  return window;
}

}  // namespace

Array load_hdf5(const std::string& path, const std::string& dataset, const ProcessGrid& grid,
                std::shared_ptr<const Distribution> layout, const Hdf5Key& key, std::optional<DType> dtype) {
  const auto checked = check_call(grid.comm(), "load_hdf5", arg("path", path), arg("dataset", dataset), arg("grid", grid),
                                  arg("layout", layout), arg("key", key), arg("dtype", dtype));
  const Comm& comm = grid.comm();
  io::DatasetProbe probe = agree_on_errors(comm, [&] {
    return comm.rank() == 0 ? io::probe_hdf5_dataset(path, dataset, kFunction) : io::DatasetProbe{};
  });
  io::broadcast_from_rank0(comm, probe);
  // From here every rank decides alike.
  std::vector<std::int64_t> shape;
  const io::DatasetWindow window = window_of(key, probe.shape, shape);
  if (layout == nullptr) {
    layout = std::make_shared<const Distribution>(derived::default_layout(shape, grid.dims()));
  } else if (layout->global_shape() != shape) {
    throw std::invalid_argument(std::string(kFunction) + ": the distribution is for shape " + format_shape(layout->global_shape()) +
                                ", but the " + (key.empty() ? "dataset" : "selection") + " '" + dataset + "' of " +
                                io::quoted_path(path) + " has shape " + format_shape(shape));
  }
  // HDF5 lists memory in row-major order: column-major layouts are read row-major, then copied.
  const auto read_layout = layout->storage_order() == StorageOrder::row_major ? layout : io::row_major_version(*layout);
  Array x = Array::allocate(probe.dtype, grid, read_layout, {}, MemoryFill::none);
  const io::ShardSelection selection = io::shard_selection(x, window, io::Copies::every_copy);
  agree_on_errors(comm, [&] {
    const std::string what = std::string(kFunction) + ": cannot read the dataset '" + dataset + "' of " + io::quoted_path(path);
    io::Hdf5Handle access = io::parallel_file_access(comm);
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, access.get());
    if (id < 0) throw FileError(what + ": " + io::hdf5_error_text(), ErrorKind::os);
    io::Hdf5Handle file(id, H5Fclose);
    io::Hdf5Handle data(io::checked_id<std::invalid_argument>(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT), what), H5Dclose);
    if (x.global_size() == 0) return;  // nothing to read (a dataset of no elements may have no storage)
    io::Hdf5Handle memory_type = io::hdf5_memory_type(probe.dtype), transfer = io::collective_transfer();
    static std::byte nothing[16];
    void* buffer = x.holds_shard() && x.local().data != nullptr ? x.local().data : nothing;
    if (H5Dread(data.get(), memory_type.get(), selection.memory_space.get(), selection.file_space.get(), transfer.get(), buffer) < 0) {
      throw FileError(what + ": " + io::hdf5_error_text(), ErrorKind::os);
    }
  });
  io::flip_mirrored_axes(x, window);
  if (read_layout != layout) x = redistribute(x, layout);
  return dtype && *dtype != probe.dtype ? astype(x, *dtype) : x;
}

Hdf5Contents hdf5_contents(const std::string& path, const Comm& comm) {
  const auto checked = check_call(comm, "hdf5_contents", arg("path", path));
  Hdf5Contents contents = agree_on_errors(comm, [&] {
    return comm.rank() == 0 ? io::read_hdf5_contents(path, "gingham::hdf5_contents") : Hdf5Contents{};
  });
  io::broadcast_from_rank0(comm, contents);
  return contents;
}

}  // namespace gingham
