#pragma once
/// \file
/// BlockMap: the block layout of one array axis over the processes of one grid axis.

#include <cstdint>
#include <string>

namespace gingham {

/// The block layout of an axis of `global_extent` elements over `parts` processes. The block size is
/// b = max(1, ceil(n / parts)); part p owns the contiguous global indices [p*b, min((p+1)*b, n)), so
/// trailing parts may be short or empty. This is block-cyclic with block size b (hence usable by
/// ScaLAPACK as is), and its largest part, ceil(n / parts), is as small as any split can make it.
///
///   owner(i)       = i / b
///   local(i)       = i - owner(i) * b
///   global(p, l)   = p * b + l
///   local_extent(p) = clamp(n - p * b, 0, b)
///
/// All functions are Local (pure arithmetic, no MPI). Indices and extents are 64-bit.
class BlockMap {
 public:
  /// Local. Throws std::invalid_argument when global_extent < 0 or parts < 1.
  BlockMap(std::int64_t global_extent, int parts);

  /// Local. The number of elements along the axis.
  std::int64_t global_extent() const noexcept { return global_extent_; }
  /// Local. The number of processes the axis is split over.
  int parts() const noexcept { return parts_; }
  /// Local. The block size b.
  std::int64_t block_size() const noexcept { return block_size_; }

  /// Local. The part owning `global_index`. Precondition: 0 <= global_index < global_extent().
  int owner(std::int64_t global_index) const noexcept { return static_cast<int>(global_index / block_size_); }
  /// Local. The position of `global_index` within its owner's part.
  std::int64_t to_local(std::int64_t global_index) const noexcept { return global_index % block_size_; }
  /// Local. The global index of position `local_index` of part `part`.
  std::int64_t to_global(int part, std::int64_t local_index) const noexcept {
    return part * block_size_ + local_index;
  }
  /// Local. The first global index of `part` (global_extent() when the part is empty).
  std::int64_t global_begin(int part) const noexcept;
  /// Local. The number of elements `part` owns.
  std::int64_t local_extent(int part) const noexcept;

  /// Local. For example "Block(n=10, parts=4, b=3)".
  std::string describe() const;

  friend bool operator==(const BlockMap&, const BlockMap&) = default;

 private:
  std::int64_t global_extent_;
  int parts_;
  std::int64_t block_size_;
};

}  // namespace gingham
