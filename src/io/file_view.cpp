#include "file_view.hpp"

#include <climits>
#include <utility>

#include "gingham/core/mpi_check.hpp"

namespace gingham::io {
namespace {

using detail::OwnedDatatype;

constexpr std::int64_t kChunk = std::int64_t{1} << 30;  // counts above INT_MAX are split into chunks of this many

/// `count` copies of `inner`, `stride` bytes apart (count may exceed INT_MAX).
OwnedDatatype repeated(std::int64_t count, MPI_Aint stride, MPI_Datatype inner) {
  MPI_Datatype type = MPI_DATATYPE_NULL;
  if (count <= INT_MAX) {
    GINGHAM_MPI(MPI_Type_create_hvector(static_cast<int>(count), 1, stride, inner, &type));
    return OwnedDatatype(type);
  }
  const OwnedDatatype chunk = repeated(kChunk, stride, inner);
  const OwnedDatatype chunks = repeated(count / kChunk, stride * kChunk, chunk.get());
  const OwnedDatatype rest = repeated(count % kChunk, stride, inner);
  MPI_Datatype parts[] = {chunks.get(), rest.get()};
  int ones[] = {1, 1};
  MPI_Aint at[] = {0, stride * (count / kChunk) * kChunk};
  GINGHAM_MPI(MPI_Type_create_struct(2, ones, at, parts, &type));
  return OwnedDatatype(type);
}

/// The owned indices of one axis: full blocks and the tail, of `inner` (the faster axes) each, with
/// index strides of `stride` bytes; `global` picks the file side, else the memory side.
OwnedDatatype axis_type(const OwnedRuns& runs, bool global, MPI_Aint stride, MPI_Datatype inner) {
  std::vector<OwnedDatatype> parts;
  std::vector<MPI_Aint> at;
  if (runs.full_blocks > 0) {
    const OwnedDatatype block = repeated(runs.block_length, stride, inner);
    parts.push_back(repeated(runs.full_blocks, stride * (global ? runs.global_step : runs.local_step), block.get()));
    at.push_back(stride * (global ? runs.global_first : runs.local_first));
  }
  if (runs.tail_length > 0) {
    parts.push_back(repeated(runs.tail_length, stride, inner));
    at.push_back(stride * (global ? runs.tail_global : runs.tail_local));
  }
  std::vector<MPI_Datatype> types;
  for (const OwnedDatatype& part : parts) types.push_back(part.get());
  const std::vector<int> ones(types.size(), 1);
  MPI_Datatype type = MPI_DATATYPE_NULL;
  GINGHAM_MPI(MPI_Type_create_struct(static_cast<int>(types.size()), ones.data(), at.data(), types.data(), &type));
  return OwnedDatatype(type);
}

/// The nested type over all axes, the file's slowest axis outermost; `strides` in bytes per axis.
OwnedDatatype nested_type(const std::vector<OwnedRuns>& runs, const std::vector<int>& fast_to_slow, bool global,
                          const std::vector<MPI_Aint>& strides, std::size_t item) {
  MPI_Datatype element = MPI_DATATYPE_NULL;
  GINGHAM_MPI(MPI_Type_contiguous(static_cast<int>(item), MPI_BYTE, &element));
  OwnedDatatype type(element);
  for (int axis : fast_to_slow) type = axis_type(runs[axis], global, strides[axis], type.get());
  MPI_Datatype committed = type.get();
  GINGHAM_MPI(MPI_Type_commit(&committed));
  return type;
}

}  // namespace

OwnedRuns owned_runs(const AxisMap& map, int part) {
  OwnedRuns runs;
  const std::int64_t blocks = map.owned_block_count(part);
  if (blocks == 0) return runs;
  const OwnedBlock first = map.owned_block(part, 0), last = map.owned_block(part, blocks - 1);
  runs.block_length = blocks == 1 ? first.length : map.block_size();
  runs.global_first = first.global_begin, runs.local_first = first.local_begin;
  runs.global_step = blocks == 1 ? 0 : map.owned_block(part, 1).global_begin - first.global_begin;
  runs.local_step = blocks == 1 ? 0 : map.owned_block(part, 1).local_begin - first.local_begin;
  runs.full_blocks = last.length == runs.block_length ? blocks : blocks - 1;
  if (runs.full_blocks < blocks) runs.tail_length = last.length, runs.tail_global = last.global_begin, runs.tail_local = last.local_begin;
  if (blocks > 1 && runs.global_step == runs.block_length && runs.local_step == runs.block_length) {
    // Blocks that follow one another (one part): one run, which MPI moves as one piece.
    runs = OwnedRuns{1, map.local_extent(part), first.global_begin, 0, first.local_begin, 0, 0, 0, 0};
  }
  return runs;
}

FileView file_view(const Array& x, FileOrder order, Copies copies) {
  FileView view;
  if (!x.holds_shard()) return view;
  const Distribution& d = x.distribution();
  const std::vector<int>& coords = x.grid().coords();
  if (copies == Copies::primary_only && !d.holds_primary_copy(coords)) return view;
  const int ndim = d.ndim();
  std::vector<OwnedRuns> runs;
  std::int64_t elements = 1;
  for (int axis = 0; axis < ndim; ++axis) {
    runs.push_back(owned_runs(d.axis_map(axis), d.part_of(axis, coords)));
    elements *= runs.back().count();
  }
  if (elements == 0) return view;
  const std::size_t item = item_size(x.dtype());
  const RawView shard = x.local();
  // Byte strides per axis: in the file, of the global array in `order`; in memory, the shard's own.
  std::vector<MPI_Aint> file_strides(ndim), memory_strides(ndim);
  std::vector<int> fast_to_slow(ndim);
  MPI_Aint stride = static_cast<MPI_Aint>(item);
  for (int k = 0; k < ndim; ++k) {
    const int axis = order == FileOrder::c ? ndim - 1 - k : k;
    fast_to_slow[k] = axis;
    file_strides[axis] = stride;
    stride *= d.global_shape()[axis];
    memory_strides[axis] = static_cast<MPI_Aint>(shard.strides[axis] * static_cast<std::int64_t>(item));
  }
  view.file_type = nested_type(runs, fast_to_slow, true, file_strides, item);
  view.memory_type = nested_type(runs, fast_to_slow, false, memory_strides, item);
  view.elements = elements;
  return view;
}

}  // namespace gingham::io
