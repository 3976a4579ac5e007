#pragma once
// The local kernel of integer matmul (private: not installed), in a header of its own so that a test can
// compile it with the signed-overflow sanitizer (tests/cpp/linalg/test_integer_product.cpp).

#include <cstdint>
#include <type_traits>

#include "gingham/core/local_view.hpp"

namespace gingham::linalg_detail {

/// Local. c += a @ b on this rank's shards (views with any strides), wrapping modulo 2^bits. The products are
/// computed in W, an unsigned type at least as wide as unsigned int: T's unsigned type alone would
/// promote to (signed) int for 8- and 16-bit T, and 65535 * 65535 overflows int (undefined behaviour).
/// Unsigned arithmetic wraps modulo 2^width, and the low bits of the sum are those NumPy's wrapping gives.
template <class T>
inline void add_integer_product(const RawView& c, const RawView& a, const RawView& b) {
  using U = std::make_unsigned_t<T>;
  using W = std::common_type_t<U, unsigned int>;
  if (c.size() == 0 || a.size() == 0) return;
  const std::int64_t rows = c.shape[0], cols = c.shape[1], inner = a.shape[1];
  const T* pa = reinterpret_cast<const T*>(a.data);
  const T* pb = reinterpret_cast<const T*>(b.data);
  T* pc = reinterpret_cast<T*>(c.data);
  for (std::int64_t i = 0; i < rows; ++i) {
    T* row = pc + i * c.strides[0];
    for (std::int64_t t = 0; t < inner; ++t) {
      const W x = static_cast<U>(pa[i * a.strides[0] + t * a.strides[1]]);
      const T* brow = pb + t * b.strides[0];
      for (std::int64_t j = 0; j < cols; ++j) {
        const W product = x * static_cast<W>(static_cast<U>(brow[j * b.strides[1]]));
        const W sum = static_cast<W>(static_cast<U>(row[j * c.strides[1]])) + product;
        row[j * c.strides[1]] = static_cast<T>(static_cast<U>(sum));
      }
    }
  }
}

}  // namespace gingham::linalg_detail
