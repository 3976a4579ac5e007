#pragma once
// Local sorts of one run (internal): keys, or (key, index) pairs for argsort. Real and integer keys go
// through Highway's vqsort (a vectorised quicksort that picks AVX2/AVX-512 at run time), in NumPy's order:
// NaNs last when ascending and first when descending; a stable sort keeps keys that compare equal in input
// order (for numbers only -0.0 and 0.0, and NaNs, can tell). Pairs sort as 128-bit numbers (an
// order-preserving code of the key, the position), so they come out stable. Complex keys use std::sort.

#include <hwy/contrib/sort/vqsort.h>

#include "gingham/core/memory.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace gingham::detail {

/// Whether vqsort sorts keys of S (as themselves, or widened to 16 bits).
template <class S>
inline constexpr bool vqsort_keys = std::is_floating_point_v<S> || (std::is_integral_v<S> && sizeof(S) >= 2);
/// Whether (key, index) pairs of S sort as 128-bit codes.
template <class S>
inline constexpr bool vqsort_pairs = std::is_floating_point_v<S> || std::is_integral_v<S>;

/// An unsigned code of v whose order is NumPy's ascending order of the keys: -0.0 and 0.0 equal, NaNs
/// (of any payload) after everything.
template <class S>
std::uint64_t order_code(S v) {
  if constexpr (std::is_floating_point_v<S>) {
    if (std::isnan(v)) return ~std::uint64_t(0);
    if (v == S(0)) v = S(0);  // -0.0 sorts with 0.0
    using Bits = std::conditional_t<sizeof(S) == 8, std::uint64_t, std::uint32_t>;
    Bits bits;
    std::memcpy(&bits, &v, sizeof bits);
    const Bits sign = Bits(1) << (8 * sizeof(Bits) - 1);
    bits = (bits & sign) ? Bits(~bits) : Bits(bits | sign);
    return bits;  // NaN's all-ones is above every finite or infinite code of a float32 (32-bit codes)
  } else if constexpr (std::is_signed_v<S>) {
    return static_cast<std::uint64_t>(static_cast<std::int64_t>(v)) ^ (std::uint64_t(1) << 63);
  } else {
    return static_cast<std::uint64_t>(v);
  }
}

/// Local. How keys[0, n) (any object with order_code(key(i))) stand in the order asked for: 1 when already in
/// it (equal keys in input order), -1 when strictly in the reverse order, 0 otherwise. Stops at the first
/// element that decides, so unordered input costs a few comparisons.
template <class Key>
int presorted(std::int64_t n, bool descending, const Key& key) {
  if (n < 2) return 1;
  auto before = [&](std::uint64_t a, std::uint64_t b) { return descending ? a > b : a < b; };
  std::uint64_t previous = order_code(key(0));
  const std::uint64_t second = order_code(key(1));
  const bool forward = !before(second, previous);
  for (std::int64_t i = 1; i < n; ++i) {
    const std::uint64_t code = order_code(key(i));
    if (forward ? before(code, previous) : !before(code, previous)) return 0;
    previous = code;
  }
  return forward ? 1 : -1;
}

/// Local. Sorts keys[0, n) with vqsort (see the file comment). Allocates only when NaNs, or (stable) -0.0,
/// are present. Input already in order costs one pass; strictly reversed input one pass and a reversal.
template <class S>
void vq_sort_keys(S* keys, std::int64_t n, bool descending, bool stable) {
  static_assert(vqsort_keys<S>);
  thread_local const hwy::Sorter sorter;  // its scratch space is per thread
  if (n < 2) return;
  if (const int state = presorted(n, descending, [&](std::int64_t i) { return keys[i]; }); state != 0) {
    if (state < 0) std::reverse(keys, keys + n);  // strictly reversed: no equal keys to keep in order
    return;
  }
  if constexpr (std::is_floating_point_v<S>) {
    // NaNs aside (in input order), numbers to the front.
    std::vector<S> nans;
    std::int64_t m = 0;
    bool negative_zero = false;
    for (std::int64_t i = 0; i < n; ++i) {
      const S v = keys[i];
      if (v != v) {
        nans.push_back(v);
      } else {
        negative_zero |= v == S(0) && std::signbit(v);
        keys[m++] = v;
      }
    }
    std::vector<unsigned char> zero_signs;  // stable: the signs of the zeros, in input order
    if (stable && negative_zero) {
      for (std::int64_t i = 0; i < m; ++i) {
        if (keys[i] == S(0)) zero_signs.push_back(std::signbit(keys[i]) ? 1 : 0);
      }
    }
    // Sorted as unsigned integers of the same order (a bijection of the bits: nothing is lost; vqsort's
    // own float sort turns infinities into the largest finite numbers in Highway 1.0.3).
    using Bits = std::conditional_t<sizeof(S) == 8, std::uint64_t, std::uint32_t>;
    constexpr Bits sign = Bits(1) << (8 * sizeof(Bits) - 1);
    Bits* codes = reinterpret_cast<Bits*>(keys);
    for (std::int64_t i = 0; i < m; ++i) {
      Bits b;
      std::memcpy(&b, keys + i, sizeof b);
      b = (b & sign) ? Bits(~b) : Bits(b | sign);
      std::memcpy(codes + i, &b, sizeof b);
    }
    if (descending) sorter(codes, static_cast<std::size_t>(m), hwy::SortDescending());
    else sorter(codes, static_cast<std::size_t>(m), hwy::SortAscending());
    for (std::int64_t i = 0; i < m; ++i) {
      Bits b;
      std::memcpy(&b, codes + i, sizeof b);
      b = (b & sign) ? Bits(b & ~sign) : Bits(~b);
      std::memcpy(keys + i, &b, sizeof b);
    }
    if (!zero_signs.empty()) {
      S* first = descending ? std::lower_bound(keys, keys + m, S(0), std::greater<S>()) : std::lower_bound(keys, keys + m, S(0));
      for (unsigned char negative : zero_signs) *first++ = negative ? -S(0) : S(0);
    }
    if (!nans.empty()) {
      if (descending) {
        std::move_backward(keys, keys + m, keys + n);
        std::copy(nans.begin(), nans.end(), keys);
      } else {
        std::copy(nans.begin(), nans.end(), keys + m);
      }
    }
  } else {
    if (descending) sorter(keys, static_cast<std::size_t>(n), hwy::SortDescending());
    else sorter(keys, static_cast<std::size_t>(n), hwy::SortAscending());
  }
}

/// Local. Sorts pairs[0, n) (each with .key and .index) stably by key with vqsort: 128-bit codes (key code,
/// position), then the pairs gathered in that order. Needs 16 bytes per pair besides the pairs (the
/// codes; the gathered pairs overwrite them).
template <class Pair, class Allocator>
void vq_sort_pairs(std::vector<Pair, Allocator>& pairs, bool descending) {
  thread_local const hwy::Sorter sorter;  // its scratch space is per thread
  const std::size_t n = pairs.size();
  if (n < 2) return;
  const auto count = static_cast<std::int64_t>(n);
  if (const int state = presorted(count, descending, [&](std::int64_t i) { return pairs[i].key; }); state != 0) {
    if (state < 0) std::reverse(pairs.begin(), pairs.end());
    return;
  }
  scratch_vector<hwy::uint128_t> codes(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t code = order_code(pairs[i].key);
    codes[i].hi = descending ? ~code : code;  // descending: reversed keys, positions still ascending
    codes[i].lo = i;
  }
  sorter(codes.data(), n, hwy::SortAscending());
  // The pairs in sorted order, written over the codes already read (a pair is 16 bytes too), then back.
  static_assert(sizeof(Pair) == sizeof(hwy::uint128_t) && std::is_trivially_copyable_v<Pair>);
  for (std::size_t i = 0; i < n; ++i) {
    const Pair p = pairs[codes[i].lo];
    std::memcpy(static_cast<void*>(&codes[i]), &p, sizeof p);
  }
  std::memcpy(static_cast<void*>(pairs.data()), codes.data(), n * sizeof(Pair));
}

}  // namespace gingham::detail
