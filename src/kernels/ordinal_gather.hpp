#pragma once
// Reading and placing elements of a shard by row-major ordinal (internal): the local moves of element
// access (read_elements), with fixed-width copies for gingham's item sizes and the random reads of a dense
// shard prefetched as many requests ahead as take's slabs (SlabCopy::kPrefetchAhead). Pure local work.

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "gingham/core/local_view.hpp"
#include "shard_walk.hpp"
#include "slab_copy.hpp"

namespace gingham::detail {

/// Local. to[slot(k)] = the element of `shard` at row-major ordinal at[k], for k < n; `slot` maps a
/// request to its place in `to` (items of the shard's item size).
template <class Position, class Slot>
void gather_ordinals_to(const RawView& shard, const Position* at, std::int64_t n, std::byte* to, Slot&& slot) {
  const std::size_t item = shard.item_size;
  if (!dense_row_major(shard)) {
    const OrdinalAddress address(shard);
    for (std::int64_t k = 0; k < n; ++k) {
      std::memcpy(to + static_cast<std::int64_t>(slot(k)) * static_cast<std::int64_t>(item),
                  address(static_cast<std::int64_t>(at[k])), item);
    }
    return;
  }
  with_item_width(item, [&]<std::size_t N>() {
    const std::int64_t width = N == 0 ? static_cast<std::int64_t>(item) : static_cast<std::int64_t>(N);
    const std::byte* from = shard.data;
    const std::int64_t ahead = n - SlabCopy::kPrefetchAhead;
    std::int64_t k = 0;
    for (; k < ahead; ++k) {
      __builtin_prefetch(from + static_cast<std::int64_t>(at[k + SlabCopy::kPrefetchAhead]) * width);
      move_item<N>(to + static_cast<std::int64_t>(slot(k)) * width, from + static_cast<std::int64_t>(at[k]) * width, item);
    }
    for (; k < n; ++k) {
      move_item<N>(to + static_cast<std::int64_t>(slot(k)) * width, from + static_cast<std::int64_t>(at[k]) * width, item);
    }
  });
}

/// Local. to[k] = the element of `shard` at row-major ordinal at[k], for k < n.
template <class Position>
void gather_ordinals(const RawView& shard, const Position* at, std::int64_t n, std::byte* to) {
  gather_ordinals_to(shard, at, n, to, [](std::int64_t k) { return k; });
}

/// Local. to[slot[k]] = from[k] for k < n, items of `item` bytes.
template <class Slot>
void place_items(const std::byte* from, const Slot* slot, std::int64_t n, std::size_t item, std::byte* to) {
  with_item_width(item, [&]<std::size_t N>() {
    const std::int64_t width = N == 0 ? static_cast<std::int64_t>(item) : static_cast<std::int64_t>(N);
    for (std::int64_t k = 0; k < n; ++k) move_item<N>(to + static_cast<std::int64_t>(slot[k]) * width, from + k * width, item);
  });
}

}  // namespace gingham::detail
