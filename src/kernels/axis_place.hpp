#pragma once
// The owner and local index of global indices along one block-cyclic axis (AxisMap's owner and to_local),
// computed without hardware divisions (internal): the arithmetic of every element of a gather.

#include <cstdint>

#include "gingham/distributions/axis_map.hpp"
#include "fixed_divisor.hpp"

namespace gingham::detail {

/// Where one global index of an axis lives: its owning part and its index in that part's storage.
struct AxisPlaceOf {
  int owner = 0;
  std::int64_t local = 0;
};

/// AxisMap::owner and AxisMap::to_local of global indices of one map, for loops over many indices.
class AxisPlace {
 public:
  /// Local. Precomputes the map's divisors.
  explicit AxisPlace(const AxisMap& map) noexcept
      : parts_(map.parts()), first_(map.first_part()), one_round_(map.is_contiguous()), block_(map.block_size()),
        by_block_(map.block_size()), by_parts_(map.parts()) {}

  /// Local. The owner and local index of 0 <= global < extent (as AxisMap::owner and to_local).
  AxisPlaceOf operator()(std::int64_t global) const noexcept {
    if (parts_ == 1) return {0, global};
    if (one_round_) {
      const std::int64_t b = block_of(global);
      return {wrapped(b), global - b * block_};
    }
    const std::int64_t b = by_block_.quotient(global);  // the global block
    const std::int64_t round = by_parts_.quotient(b);   // the owner's local block
    return {static_cast<int>(by_parts_.remainder(b + first_)), round * block_ + (global - b * block_)};
  }
  /// Local. The owner of 0 <= global < extent.
  int owner(std::int64_t global) const noexcept {
    if (parts_ == 1) return 0;
    if (one_round_) return wrapped(block_of(global));
    return static_cast<int>(by_parts_.remainder(by_block_.quotient(global) + first_));
  }
  /// Local. owner[i] = base + stride * (the owner of global[i]) and local[i] = its local index, for i < n
  /// (0 <= global[i] < extent). A Block layout of few parts is located by comparisons with its boundaries.
  void place_all(const std::int64_t* global, std::int64_t n, int stride, int base, int* owner,
                 std::int64_t* local) const noexcept {
    if (!one_round_ || parts_ == 1 || parts_ > kComparedParts) {
      for (std::int64_t i = 0; i < n; ++i) {
        const AxisPlaceOf at = (*this)(global[i]);
        owner[i] = at.owner * stride + base, local[i] = at.local;
      }
      return;
    }
    const int parts = parts_, first = first_;  // in registers: the loop's stores cannot change them
    const std::int64_t block = block_;
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t g = global[i];
      std::int64_t b = 0;
      for (int k = 1; k < parts; ++k) b += g >= k * block ? 1 : 0;
      const int o = static_cast<int>(b) + first;
      owner[i] = (o - (o >= parts ? parts : 0)) * stride + base, local[i] = g - b * block;
    }
  }
  /// Local. The local index of 0 <= global < extent on its owner.
  std::int64_t local(std::int64_t global) const noexcept { return (*this)(global).local; }
  int parts() const noexcept { return parts_; }

 private:
  /// Parts up to this many find a Block layout's block by comparisons with its boundaries, more by division.
  static constexpr int kComparedParts = 8;

  /// The block of a global index when every part holds at most one block: the number of block boundaries at
  /// or below it (no dependent arithmetic for few parts), else the quotient.
  std::int64_t block_of(std::int64_t global) const noexcept {
    if (parts_ > kComparedParts) return by_block_.quotient(global);
    std::int64_t b = 0;
    for (int k = 1; k < parts_; ++k) b += global >= k * block_ ? 1 : 0;
    return b;
  }

  /// (b + first) mod parts for a block b < parts (Block layouts: one block per part), without a division.
  int wrapped(std::int64_t b) const noexcept {
    const int o = static_cast<int>(b) + first_;
    return o - (o >= parts_ ? parts_ : 0);
  }

  int parts_, first_;
  bool one_round_;  // every part holds at most one block: blocks b < parts, local = global - b * block
  std::int64_t block_;
  FixedDivisor by_block_, by_parts_;
};

/// Whether global indices of one map belong to one part: a range test when every part holds at most one
/// block (Block layouts: no arithmetic at all), else AxisPlace::owner.
class OwnedBy {
 public:
  /// Local. `part` in [0, map.parts()).
  OwnedBy(const AxisMap& map, int part) noexcept : place_(map), part_(part), contiguous_(map.is_contiguous()) {
    const std::int64_t extent = map.local_extent(part);
    begin_ = extent == 0 ? 0 : map.to_global(part, 0);
    end_ = begin_ + extent;
  }
  /// Local. Whether 0 <= global < extent is held by the part.
  bool operator()(std::int64_t global) const noexcept {
    // One unsigned comparison for a range (no branch between the two bounds).
    return contiguous_ ? static_cast<std::uint64_t>(global - begin_) < static_cast<std::uint64_t>(end_ - begin_)
                       : place_.owner(global) == part_;
  }
  /// Local. The part's local index of a global index it holds.
  std::int64_t local(std::int64_t global) const noexcept { return contiguous_ ? global - begin_ : place_.local(global); }

 private:
  AxisPlace place_;
  int part_;
  bool contiguous_;
  std::int64_t begin_ = 0, end_ = 0;
};

}  // namespace gingham::detail
