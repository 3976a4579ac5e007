#pragma once
/// \file
/// AxisMap: the block-cyclic layout of one array axis over the processes of one grid axis.

#include <cstdint>
#include <string>

namespace gingham {

/// One owned block: `length` consecutive global indices from `global_begin`, stored from `local_begin`.
struct OwnedBlock {
  std::int64_t global_begin = 0;
  std::int64_t local_begin = 0;
  std::int64_t length = 0;
};

/// The block-cyclic layout of an axis of n elements over P processes with block size nb and first
/// process src (ScaLAPACK's RSRC/CSRC). Global block b = i / nb belongs to process (b + src) mod P;
/// each process stores its blocks one after another, in increasing global order. With d(p) =
/// (p - src) mod P (0-based ScaLAPACK arithmetic):
///
///   owner(i)        = (i / nb + src) mod P                          INDXG2P
///   local(i)        = (i / (nb P)) nb + i mod nb                    INDXG2L
///   global(p, l)    = ((l / nb) P + d(p)) nb + l mod nb             INDXL2G
///   local_extent(p) = NUMROC(n, nb, p, src, P)
///
/// Block, cyclic and non-distributed axes are the special cases nb = ceil(n / P), nb = 1 and P = 1.
/// All functions are Local (pure arithmetic, no MPI). Indices and extents are 64-bit.
class AxisMap {
 public:
  /// Local. Throws std::invalid_argument when extent < 0, parts < 1, block_size < 1, or first_part is
  /// not in [0, parts). A block size beyond the extent is stored as max(1, extent): the layout is the same.
  AxisMap(std::int64_t extent, int parts, std::int64_t block_size, int first_part = 0);

  /// Local. The block layout: nb = max(1, ceil(n / P)), so each process holds one contiguous range.
  static AxisMap block(std::int64_t extent, int parts, int first_part = 0);
  /// Local. One process holds the whole axis.
  static AxisMap whole(std::int64_t extent);

  /// Local. The number of elements along the axis (n).
  std::int64_t extent() const noexcept { return extent_; }
  /// Local. The number of processes (P).
  int parts() const noexcept { return parts_; }
  /// Local. The block size (nb).
  std::int64_t block_size() const noexcept { return block_size_; }
  /// Local. The process holding the first block (src).
  int first_part() const noexcept { return first_part_; }

  /// Local. The process owning `global_index`. Precondition: 0 <= global_index < extent().
  int owner(std::int64_t global_index) const noexcept {
    return static_cast<int>((global_index / block_size_ + first_part_) % parts_);
  }
  /// Local. Where `global_index` is stored on its owner.
  std::int64_t to_local(std::int64_t global_index) const noexcept {
    return global_index / block_size_ / parts_ * block_size_ + global_index % block_size_;  // no nb * P: it may overflow
  }
  /// Local. The global index stored at `local_index` on `part`.
  std::int64_t to_global(int part, std::int64_t local_index) const noexcept {
    return ((local_index / block_size_) * parts_ + distance_from_first(part)) * block_size_ +
           local_index % block_size_;
  }
  /// Local. The number of elements `part` holds (NUMROC).
  std::int64_t local_extent(int part) const noexcept;

  /// Local. The number of blocks `part` holds.
  std::int64_t owned_block_count(int part) const noexcept;
  /// Local. The k-th block held by `part`, in local (and global) order. Precondition: k < owned_block_count.
  OwnedBlock owned_block(int part, std::int64_t k) const noexcept;
  /// Local. Whether every process holds at most one block (its elements are contiguous globally).
  bool is_contiguous() const noexcept { return parts_ == 1 || (extent_ + block_size_ - 1) / block_size_ <= parts_; }

  /// Local. For example "AxisMap(n=10, P=4, nb=3, src=0)".
  std::string describe() const;

  /// Local. Equal when every global index has the same owner and local index under both maps
  /// (nb and src are ignored where they do not matter: one process, or a single block).
  friend bool operator==(const AxisMap& a, const AxisMap& b) noexcept;

 private:
  int distance_from_first(int part) const noexcept { return (part - first_part_ + parts_) % parts_; }

  std::int64_t extent_;
  int parts_;
  std::int64_t block_size_;
  int first_part_;
};

namespace detail {

/// Local. a / b rounded towards minus infinity (b != 0).
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
/// Local. a / b rounded towards plus infinity (b != 0).
inline std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return -floor_div(-a, b); }

}  // namespace detail

}  // namespace gingham
