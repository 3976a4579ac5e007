#pragma once
// Copying slabs (every element at one index along an axis) of one shard into another shard or into a
// packed buffer (internal): the local work of take along an axis. Elements move as fixed-width words
// (1, 2, 4, 8 or 16 bytes: one load and one store each), never through a per-element memcpy call.

#include <algorithm>
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

  /// Calls body(move) with `move` a SlabMover for this item width: copy(at_from, at_to), pack(at_from,
  /// buffer, slot) and unpack(buffer, slot, at_to), inlined into the caller's loop.
  template <class Body>
  void visit(Body&& body) const {
    with_item_width(item_, [&]<std::size_t N>() { body(Mover<N>(*this)); });
  }

  /// to's slab at local index `at_to` = from's slab at local index `at_from`.
  void copy(std::int64_t at_from, std::int64_t at_to) const noexcept {
    visit([&](const auto& move) { move.copy(at_from, at_to); });
  }
  /// to's slabs first_to .. first_to + n - 1 = from's slabs at local indices at_from[0 .. n), each source
  /// slab's first element prefetched kPrefetchAhead slabs before its copy.
  void copy_many(const std::int64_t* at_from, std::int64_t first_to, std::int64_t n) const noexcept {
    visit([&](const auto& move) {
      const std::int64_t ahead = std::min(n, kPrefetchAhead);
      for (std::int64_t k = 0; k < ahead; ++k) move.prefetch(at_from[k]);
      for (std::int64_t k = 0; k < n - ahead; ++k) {
        move.prefetch(at_from[k + ahead]);
        move.copy(at_from[k], first_to + k);
      }
      for (std::int64_t k = std::max<std::int64_t>(0, n - ahead); k < n; ++k) move.copy(at_from[k], first_to + k);
    });
  }

  /// Slabs read ahead of the one being moved in loops over random source slabs: enough independent
  /// cache misses in flight to cover memory latency, few enough to stay in the first-level cache.
  static constexpr std::int64_t kPrefetchAhead = 16;

  /// The moves of one item width N (0: any width). Packed slabs hold elements() items each, in row-major
  /// order of the other axes.
  template <std::size_t N>
  struct Mover {
    /// The fields every move reads, held by value: the moves store bytes, which may alias anything, so
    /// fields read through the SlabCopy would be loaded again after every store.
    explicit Mover(const SlabCopy& copy) noexcept
        : s(copy), from(copy.from_), to(copy.to_), item(copy.item_),
          width(N == 0 ? static_cast<std::int64_t>(copy.item_) : static_cast<std::int64_t>(N)),
          from_step(copy.from_step_ * width), to_step(copy.to_step_ * width), one(copy.elements_ == 1) {}
    const SlabCopy& s;
    const std::byte* from;
    std::byte* to;
    std::size_t item;
    std::int64_t width, from_step, to_step;  // steps in bytes
    bool one;  // slabs of one element (1-D arrays): one move each
    /// to's slab at local index `at_to` = from's slab at local index `at_from`.
    void copy(std::int64_t at_from, std::int64_t at_to) const noexcept {
      if (one) return move_item<N>(to + at_to * to_step, from + at_from * from_step, item);
      s.walk<N>(s.from_, at_from * s.from_step_, s.from_strides_, s.to_, at_to * s.to_step_, s.to_strides_);
    }
    /// Asks for the first element of from's slab at local index `at_from` to be brought into the cache (a hint).
    void prefetch(std::int64_t at_from) const noexcept { __builtin_prefetch(from + at_from * from_step); }
    /// Slot `slot` of `buffer` = from's slab at local index `at_from`.
    void pack(std::int64_t at_from, std::byte* buffer, std::int64_t slot) const noexcept {
      if (one) return move_item<N>(buffer + slot * width, from + at_from * from_step, item);
      s.walk<N>(s.from_, at_from * s.from_step_, s.from_strides_, buffer, slot * s.elements_, s.packed_strides_);
    }
    /// to's slab at local index `at_to` = slot `slot` of `buffer`.
    void unpack(const std::byte* buffer, std::int64_t slot, std::int64_t at_to) const noexcept {
      if (one) return move_item<N>(to + at_to * to_step, buffer + slot * width, item);
      s.walk<N>(buffer, slot * s.elements_, s.packed_strides_, s.to_, at_to * s.to_step_, s.to_strides_);
    }
  };

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
