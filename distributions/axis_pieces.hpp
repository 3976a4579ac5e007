#pragma once
// Per-axis pieces of a redistribution: along one target axis that reads source indices
// i = start + step * j, the target indices j split into maximal pieces that lie in one target block
// and one source block. Within a piece both local indices are progressions (target stride 1, source
// stride `step`). Pure arithmetic, no MPI.

#include <algorithm>
#include <cstdint>

#include "gingham/distributions/axis_map.hpp"

namespace gingham::detail {

/// One piece: `count` target indices from `j`, owned by target part `target_part` from target local
/// index `dst`, reading source part `source_part` from source local index `src` by `step`.
struct Piece {
  std::int64_t j, count;
  int target_part, source_part;
  std::int64_t src, dst;
};

/// The affine read of one target axis: i = start + step * j for first <= j < extent (first > 0 when a plan
/// writes a window of the target, as concat does).
struct AxisRead {
  std::int64_t start, step, extent;
  std::int64_t first = 0;
};

/// The pieces of the target indices held by `target_part`, in increasing j (what a receiver gets).
template <class Emit>
void pieces_received_by(const AxisMap& target, int target_part, const AxisMap& source, const AxisRead& read,
                        Emit&& emit) {
  const std::int64_t nb = source.block_size();
  for (std::int64_t k = 0; k < target.owned_block_count(target_part); ++k) {
    const OwnedBlock block = target.owned_block(target_part, k);
    const std::int64_t end = std::min(block.global_begin + block.length, read.extent);
    for (std::int64_t j = std::max(block.global_begin, read.first); j < end;) {
      const std::int64_t i = read.start + read.step * j;
      const std::int64_t b = i / nb;
      const std::int64_t room = read.step > 0 ? (std::min((b + 1) * nb, source.extent()) - 1 - i) / read.step
                                              : (i - b * nb) / -read.step;
      const std::int64_t count = std::min(end - j, room + 1);
      emit(Piece{j, count, target_part, source.owner(i), source.to_local(i), block.local_begin + (j - block.global_begin)});
      j += count;
    }
  }
}

/// The pieces of the target indices whose source index `source_part` holds, in increasing j (what a
/// sender sends).
template <class Emit>
void pieces_sent_by(const AxisMap& target, const AxisMap& source, int source_part, const AxisRead& read,
                    Emit&& emit) {
  const std::int64_t nb = target.block_size();
  const std::int64_t blocks = source.owned_block_count(source_part);
  for (std::int64_t n = 0; n < blocks; ++n) {
    // Visit source blocks in the order that makes j increase.
    const OwnedBlock block = source.owned_block(source_part, read.step > 0 ? n : blocks - 1 - n);
    const std::int64_t first = block.global_begin, last = block.global_begin + block.length - 1;
    std::int64_t j_low = read.step > 0 ? ceil_div(first - read.start, read.step) : ceil_div(last - read.start, read.step);
    std::int64_t j_high = read.step > 0 ? floor_div(last - read.start, read.step) : floor_div(first - read.start, read.step);
    j_low = std::max(j_low, read.first);
    j_high = std::min(j_high, read.extent - 1);
    for (std::int64_t j = j_low; j <= j_high;) {
      const std::int64_t count = std::min(j_high - j + 1, (j / nb + 1) * nb - j);
      const std::int64_t i = read.start + read.step * j;
      emit(Piece{j, count, target.owner(j), source_part, block.local_begin + (i - first), target.to_local(j)});
      j += count;
    }
  }
}

}  // namespace gingham::detail
