#include "hdf5_selection.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace gingham::io {
namespace {

/// A regular set of indices along one axis: `count` blocks of `block` indices, `stride` apart, from `start`.
struct Piece {
  std::int64_t start = 0, stride = 1, count = 0, block = 0;
};

/// The owned indices of one axis as at most two pieces (the full blocks, the tail): global or local positions.
std::vector<Piece> pieces_of(const OwnedRuns& runs, bool global) {
  std::vector<Piece> pieces;
  if (runs.full_blocks > 0 && runs.block_length > 0) {
    pieces.push_back({global ? runs.global_first : runs.local_first, global ? runs.global_step : runs.local_step,
                      runs.full_blocks, runs.block_length});
  }
  if (runs.tail_length > 0) pieces.push_back({global ? runs.tail_global : runs.tail_local, 1, 1, runs.tail_length});
  return pieces;
}

/// The pieces mirrored in an axis of `extent` indices (index i becomes extent - 1 - i).
std::vector<Piece> mirrored(std::vector<Piece> pieces, std::int64_t extent) {
  for (Piece& p : pieces) p.start = extent - (p.start + (p.count - 1) * p.stride + p.block);
  return pieces;
}

/// Pieces of array indices j as pieces of dataset indices first + j * k (k >= 1). A block of consecutive
/// j is a strided run in the dataset when k > 1: the result lists, for each piece, either each block or
/// each position within the blocks, whichever is fewer.
std::vector<Piece> in_dataset(const std::vector<Piece>& pieces, std::int64_t first, std::int64_t k) {
  std::vector<Piece> out;
  for (const Piece& p : pieces) {
    if (k == 1) {
      out.push_back({first + p.start, p.stride, p.count, p.block});
    } else if (p.block == 1) {
      out.push_back({first + p.start * k, p.stride * k, p.count, 1});
    } else if (p.count <= p.block) {
      for (std::int64_t m = 0; m < p.count; ++m) out.push_back({first + (p.start + m * p.stride) * k, k, p.block, 1});
    } else {
      for (std::int64_t i = 0; i < p.block; ++i) out.push_back({first + (p.start + i) * k, p.stride * k, p.count, 1});
    }
  }
  return out;
}

/// Selects in `space` the union over every combination of one piece per axis of the product of those pieces.
void select_union(hid_t space, const std::vector<std::vector<Piece>>& per_axis) {
  const std::size_t rank = per_axis.size();
  for (const auto& pieces : per_axis) {
    if (pieces.empty()) {
      check_status<std::runtime_error>(H5Sselect_none(space), "gingham: cannot select nothing in a dataspace");
      return;
    }
  }
  std::vector<std::size_t> which(rank, 0);
  std::vector<hsize_t> start(rank), stride(rank), count(rank), block(rank);
  for (bool first = true;; first = false) {
    for (std::size_t a = 0; a < rank; ++a) {
      const Piece& p = per_axis[a][which[a]];
      start[a] = static_cast<hsize_t>(p.start), count[a] = static_cast<hsize_t>(p.count);
      block[a] = static_cast<hsize_t>(p.block);
      stride[a] = static_cast<hsize_t>(p.count > 1 ? p.stride : std::max<std::int64_t>(p.block, 1));
    }
    check_status<std::runtime_error>(H5Sselect_hyperslab(space, first ? H5S_SELECT_SET : H5S_SELECT_OR, start.data(),
                                                         stride.data(), count.data(), block.data()),
                                     "gingham: cannot select a hyperslab");
    std::size_t a = rank;
    while (a > 0 && ++which[a - 1] == per_axis[a - 1].size()) which[--a] = 0;
    if (a == 0) return;
  }
}

/// A dataspace of `shape` (scalar when 0-D).
Hdf5Handle dataspace(const std::vector<hsize_t>& shape) {
  const hid_t id = shape.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr);
  return Hdf5Handle(checked_id<std::runtime_error>(id, "gingham: cannot create an HDF5 dataspace"), H5Sclose);
}

/// The file dataspace of the window's dataset with, when `per_array_axis` is given, the selection of those
/// dataset pieces; else nothing selected.
Hdf5Handle file_space(const DatasetWindow& window, const std::vector<std::vector<Piece>>* per_array_axis) {
  std::vector<hsize_t> shape(window.dataset_shape.begin(), window.dataset_shape.end());
  Hdf5Handle space = dataspace(shape);
  if (per_array_axis == nullptr) {
    check_status<std::runtime_error>(H5Sselect_none(space.get()), "gingham: cannot select nothing in a dataspace");
  } else if (!shape.empty()) {
    std::vector<std::vector<Piece>> per_axis;
    std::size_t next = 0;
    for (std::int64_t fixed : window.fixed_index) {
      per_axis.push_back(fixed >= 0 ? std::vector<Piece>{{fixed, 1, 1, 1}} : (*per_array_axis)[next++]);
    }
    select_union(space.get(), per_axis);
  }
  return space;
}

}  // namespace

DatasetWindow DatasetWindow::identity(const std::vector<std::int64_t>& shape) {
  return DatasetWindow{shape, std::vector<DatasetAxis>(shape.size()), std::vector<std::int64_t>(shape.size(), -1)};
}

bool hdf5_can_address(const RawView& shard) {
  const std::size_t n = shard.shape.size();
  for (std::size_t a = 0; a < n; ++a) {
    if (shard.strides[a] <= 0) return false;
    if (a > 0 && (shard.strides[a - 1] % shard.strides[a] != 0 || shard.strides[a - 1] / shard.strides[a] < shard.shape[a])) {
      return false;
    }
  }
  return true;
}

ShardSelection shard_selection(const Array& x, const DatasetWindow& window, Copies copies) {
  ShardSelection selection;
  const Distribution& d = x.distribution();
  bool takes_part = x.holds_shard() && (copies == Copies::every_copy || d.holds_primary_copy(x.grid().coords()));
  std::vector<OwnedRuns> runs;
  std::int64_t elements = 1;
  for (int axis = 0; takes_part && axis < d.ndim(); ++axis) {
    runs.push_back(owned_runs(d.axis_map(axis), d.part_of(axis, x.grid().coords())));
    elements *= runs.back().count();
  }
  if (!takes_part || elements == 0) {
    selection.file_space = file_space(window, nullptr);
    selection.memory_space = dataspace({1});
    check_status<std::runtime_error>(H5Sselect_none(selection.memory_space.get()), "gingham: cannot select nothing");
    return selection;
  }
  const RawView shard = x.local();
  if (!hdf5_can_address(shard)) throw std::logic_error("gingham::io::shard_selection: the shard is not row-major");
  // Per array axis: the dataset pieces and the memory pieces (mirrored together when the step is negative).
  std::vector<std::vector<Piece>> dataset_pieces, memory_pieces;
  std::vector<hsize_t> memory_shape;
  for (int axis = 0; axis < d.ndim(); ++axis) {
    const DatasetAxis& along = window.array_axes[axis];
    const std::int64_t extent = d.global_shape()[axis], local_extent = shard.shape[axis];
    std::vector<Piece> global = pieces_of(runs[axis], true), local = pieces_of(runs[axis], false);
    std::int64_t first = along.start, k = along.step;
    if (along.step < 0) {
      global = mirrored(global, extent), local = mirrored(local, local_extent);
      first = along.start + (extent - 1) * along.step, k = -along.step;
    }
    dataset_pieces.push_back(in_dataset(global, first, k));
    memory_pieces.push_back(local);
    // Memory extents: the shard's own extent on axis 0, then the ratio of consecutive strides; a last
    // axis of the innermost stride's extent (element 0 of it is the element) lets that stride exceed 1.
    memory_shape.push_back(static_cast<hsize_t>(axis == 0 ? local_extent : shard.strides[axis - 1] / shard.strides[axis]));
  }
  if (d.ndim() > 0) {
    memory_shape.push_back(static_cast<hsize_t>(shard.strides.back()));
    memory_pieces.push_back({{0, 1, 1, 1}});
  }
  selection.file_space = file_space(window, &dataset_pieces);
  selection.memory_space = dataspace(memory_shape);
  if (d.ndim() > 0) select_union(selection.memory_space.get(), memory_pieces);
  if (window.dataset_shape.empty() || d.ndim() == 0) {
    // Scalar dataspaces: everything is the one element.
    if (window.dataset_shape.empty()) H5Sselect_all(selection.file_space.get());
    if (d.ndim() == 0) H5Sselect_all(selection.memory_space.get());
  }
  selection.elements = elements;
  return selection;
}

void flip_mirrored_axes(const Array& x, const DatasetWindow& window) {
  if (!x.holds_shard()) return;
  const RawView shard = x.local();
  if (shard.size() == 0) return;
  const int n = static_cast<int>(shard.shape.size());
  for (int axis = 0; axis < n; ++axis) {
    if (window.array_axes[axis].step >= 0 || shard.shape[axis] < 2) continue;
    // Every index with index[axis] in the first half swaps with its mirror along `axis`.
    std::vector<std::int64_t> extent = shard.shape, index(n, 0);
    extent[axis] = shard.shape[axis] / 2;
    std::vector<std::byte> scratch(shard.item_size);
    for (;;) {
      std::int64_t offset = 0;
      for (int a = 0; a < n; ++a) offset += index[a] * shard.strides[a];
      std::byte* here = shard.data + offset * static_cast<std::int64_t>(shard.item_size);
      std::byte* there = here + (shard.shape[axis] - 1 - 2 * index[axis]) * shard.strides[axis] * static_cast<std::int64_t>(shard.item_size);
      std::memcpy(scratch.data(), here, shard.item_size);
      std::memcpy(here, there, shard.item_size);
      std::memcpy(there, scratch.data(), shard.item_size);
      int a = n;
      while (a > 0 && ++index[a - 1] == extent[a - 1]) index[--a] = 0;
      if (a == 0) break;
    }
  }
}

}  // namespace gingham::io
