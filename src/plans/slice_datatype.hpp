#pragma once
// Slice datatypes: an MPI derived datatype that addresses a slice of a message where it lies in a
// shard, so that MPI reads or writes it there instead of the executor packing it into a buffer or
// unpacking it from one. Open MPI's shared-memory transport then streams the pieces through its own
// cache-sized fragments (the sender gathers into them, the receiver scatters out of them), which saves
// a whole pass over memory: on 2 ranks, a message of 512-byte pieces moved this way took 3.7 ms against
// 7.1 ms packed (32 MB). Element-by-element patterns (transposes) stay packed: MPI's datatype engine is
// slow per tiny piece, and the executor's tiled kernels are not.

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "box_walk.hpp"

namespace gingham::detail {

/// A committed MPI datatype, freed with its owner (unless MPI has been finalized). Move-only.
class OwnedDatatype {
 public:
  OwnedDatatype() = default;
  explicit OwnedDatatype(MPI_Datatype type) noexcept : type_(type) {}
  OwnedDatatype(OwnedDatatype&& other) noexcept : type_(other.type_) { other.type_ = MPI_DATATYPE_NULL; }
  OwnedDatatype& operator=(OwnedDatatype&& other) noexcept;
  OwnedDatatype(const OwnedDatatype&) = delete;
  OwnedDatatype& operator=(const OwnedDatatype&) = delete;
  ~OwnedDatatype();

  MPI_Datatype get() const noexcept { return type_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

/// One box's share of a message slice: positions [first, last) of `box`, addressed through `side` (a
/// strided view side, not a linear buffer).
struct SlicePart {
  const Box* box = nullptr;
  Side side;
  std::int64_t first = 0, last = 0;
};

/// Local (no communication). A datatype of bytes that addresses the parts' elements in message order,
/// with displacements from the side's base pointer, when the runs of elements contiguous on this side
/// average at least `min_run_bytes` (elements not contiguous with their neighbours are runs of one, and
/// refused outright unless one element is min_run_bytes long), and the description stays small
/// (at most 2^16 runs per row pattern or partial row, 2^16 unevenly spaced rows, and `entries_left`
/// listed runs and rows, which it decreases: a budget for all the slices of an exchange); nothing
/// otherwise, and the caller packs the slice. Elements are `item` bytes.
std::optional<OwnedDatatype> slice_datatype(const std::vector<SlicePart>& parts, std::size_t item,
                                            std::size_t min_run_bytes, std::size_t& entries_left);

}  // namespace gingham::detail
