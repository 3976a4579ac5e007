#pragma once
// Copying slabs (every element at one index along an axis) of one shard into another shard or into a
// packed buffer (internal): the local work of take along an axis. Elements move as fixed-width words
// (1, 2, 4, 8 or 16 bytes: one load and one store each), never through a per-element memcpy call.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "gingham/array/array.hpp"

namespace gingham::detail {

/// Calls f.template operator()<N>() with N the item's width when it is 1, 2, 4, 8 or 16 bytes, else with 0.
template <class F>
decltype(auto) with_item_width(std::size_t item, F&& f) {
  switch (item) {
    case 1: return f.template operator()<1>();
    case 2: return f.template operator()<2>();
    case 4: return f.template operator()<4>();
    case 8: return f.template operator()<8>();
    case 16: return f.template operator()<16>();
    default: return f.template operator()<0>();
  }
}

/// Copies one item of N bytes (N = 0: `item` bytes).
template <std::size_t N>
inline void move_item(std::byte* to, const std::byte* from, std::size_t item) noexcept {
  if constexpr (N == 0) {
    std::memcpy(to, from, item);
  } else {
    std::memcpy(to, from, N);
  }
}

/// The slabs of `from` and `to` along `axis` (two views of one shape off that axis). All members Local.
class SlabCopy {
 public:
  SlabCopy(const RawView& from, const RawView& to, int axis)
      : from_(from.data), to_(to.data), item_(from.item_size) {
    const int nd = static_cast<int>(from.shape.size());
    from_step_ = from.strides[axis];
    to_step_ = to.strides[axis];
    for (int a = 0; a < nd; ++a) {
      if (a == axis) continue;
      extents_.push_back(from.shape[a]);
      from_strides_.push_back(from.strides[a]);
      to_strides_.push_back(to.strides[a]);
      elements_ *= from.shape[a];
    }
    packed_strides_.assign(extents_.size(), 1);
    for (std::size_t a = extents_.size(); a-- > 1;) packed_strides_[a - 1] = packed_strides_[a] * extents_[a];
  }

  /// The elements of one slab; empty() when there are none.
  std::int64_t elements() const noexcept { return elements_; }
  bool empty() const noexcept { return elements_ == 0; }

  /// to's slab at local index `at_to` = from's slab at local index `at_from`.
  void copy(std::int64_t at_from, std::int64_t at_to) const noexcept {
    with_item_width(item_, [&]<std::size_t N>() {
      walk<N>(from_, at_from * from_step_, from_strides_, to_, at_to * to_step_, to_strides_);
    });
  }
  /// to's slabs first_to .. first_to + n - 1 = from's slabs at local indices at_from[0 .. n).
  void copy_many(const std::int64_t* at_from, std::int64_t first_to, std::int64_t n) const noexcept {
    with_item_width(item_, [&]<std::size_t N>() {
      if (elements_ == 1) {  // slabs of one element (1-D arrays): one move each
        const std::size_t item = N == 0 ? item_ : N;
        for (std::int64_t k = 0; k < n; ++k) {
          move_item<N>(to_ + (first_to + k) * to_step_ * static_cast<std::int64_t>(item),
                       from_ + at_from[k] * from_step_ * static_cast<std::int64_t>(item), item);
        }
        return;
      }
      for (std::int64_t k = 0; k < n; ++k) {
        walk<N>(from_, at_from[k] * from_step_, from_strides_, to_, (first_to + k) * to_step_, to_strides_);
      }
    });
  }
  /// Packs from's slab at local index `at_from` into slot `slot` of `buffer` (slabs of elements() items,
  /// each in row-major order of the other axes).
  void pack(std::int64_t at_from, std::byte* buffer, std::int64_t slot) const noexcept {
    with_item_width(item_, [&]<std::size_t N>() {
      walk<N>(from_, at_from * from_step_, from_strides_, buffer, slot * elements_, packed_strides_);
    });
  }
  /// to's slab at local index `at_to` = slot `slot` of `buffer` (packed as pack writes).
  void unpack(const std::byte* buffer, std::int64_t slot, std::int64_t at_to) const noexcept {
    with_item_width(item_, [&]<std::size_t N>() {
      walk<N>(buffer, slot * elements_, packed_strides_, to_, at_to * to_step_, to_strides_);
    });
  }

 private:
  /// Copies every element of one slab: a's element at a_base + sum(index * a_strides) (in items) to b's likewise.
  template <std::size_t N>
  void walk(const std::byte* a, std::int64_t a_base, const std::vector<std::int64_t>& a_strides, std::byte* b,
            std::int64_t b_base, const std::vector<std::int64_t>& b_strides) const noexcept {
    const std::int64_t item = N == 0 ? static_cast<std::int64_t>(item_) : static_cast<std::int64_t>(N);
    const std::size_t nd = extents_.size();
    if (elements_ == 0) return;
    if (nd == 0) return move_item<N>(b + b_base * item, a + a_base * item, item_);
    // The last axis is the inner loop; an odometer runs over the others.
    const std::int64_t inner = extents_[nd - 1], a_inner = a_strides[nd - 1] * item, b_inner = b_strides[nd - 1] * item;
    std::vector<std::int64_t> index(nd - 1, 0);
    while (true) {
      std::int64_t a_at = a_base, b_at = b_base;
      for (std::size_t d = 0; d + 1 < nd; ++d) a_at += index[d] * a_strides[d], b_at += index[d] * b_strides[d];
      const std::byte* in = a + a_at * item;
      std::byte* out = b + b_at * item;
      for (std::int64_t i = 0; i < inner; ++i) move_item<N>(out + i * b_inner, in + i * a_inner, item_);
      std::size_t d = nd - 1;
      for (; d-- > 0;) {
        if (++index[d] < extents_[d]) break;
        index[d] = 0;
      }
      if (d == static_cast<std::size_t>(-1)) return;
    }
  }

  const std::byte* from_;
  std::byte* to_;
  std::size_t item_;
  std::int64_t from_step_ = 0, to_step_ = 0, elements_ = 1;
  std::vector<std::int64_t> extents_, from_strides_, to_strides_, packed_strides_;
};

}  // namespace gingham::detail
