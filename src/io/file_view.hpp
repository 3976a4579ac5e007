#pragma once
// File views: which elements of an array's global file image a rank reads or writes, and where they lie
// in its shard, as a pair of MPI derived datatypes (one over the file, one over the shard's memory) that
// list the same elements in the same order. Made from the layout arithmetic of distributions/ (each
// axis's owned blocks), so one mechanism serves every layout: block, cyclic, block-cyclic, N-D grids,
// sub-grids, replicated axes. Sizes stay 64-bit: counts above 2^31 are split into nested vectors.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/distributions/distribution.hpp"
#include "../plans/slice_datatype.hpp"

namespace gingham::io {

/// The element order of the global array in the file: row-major ('C') or column-major ('F', a .npy
/// file with fortran_order True).
enum class FileOrder { c, fortran };

/// Which ranks holding copies of a shard take part: for a write only the primary copy (coordinate 0 on
/// grid axes that hold copies) so that each element is written once; for a read every copy.
enum class Copies { primary_only, every_copy };

/// Along one axis, the global indices a part owns, as regular blocks plus a shorter last one: blocks k <
/// full_blocks hold [global_first + k global_step, + block_length) stored from local_first + k
/// local_step; then `tail_length` indices from tail_global, stored from tail_local. Local.
struct OwnedRuns {
  std::int64_t full_blocks = 0, block_length = 0;
  std::int64_t global_first = 0, global_step = 0, local_first = 0, local_step = 0;
  std::int64_t tail_length = 0, tail_global = 0, tail_local = 0;
  /// Local. The number of indices owned.
  std::int64_t count() const noexcept { return full_blocks * block_length + tail_length; }
};

/// Local. The indices part `part` owns along an axis laid out by `map` (from AxisMap's owned blocks);
/// blocks that follow one another globally and locally are merged into one.
OwnedRuns owned_runs(const AxisMap& map, int part);

/// A rank's share of a file transfer: `file_type` over the file (displacements in bytes from the start
/// of the data, increasing, as MPI file views require) and `memory_type` over the shard (displacements
/// from its first element), both listing `elements` elements in the file's order. With no elements the
/// types are null (use MPI_BYTE and a count of 0).
struct FileView {
  detail::OwnedDatatype file_type, memory_type;
  std::int64_t elements = 0;
};

/// Local. The file view of this rank's shard of `x` in a file holding the global array in `order`
/// (elements of item_size(x.dtype()) bytes). Ranks off the grid, ranks whose shard is empty, and (with
/// Copies::primary_only) ranks holding a non-primary copy get no elements. Cost: O(ndim) datatypes.
FileView file_view(const Array& x, FileOrder order, Copies copies);

}  // namespace gingham::io
