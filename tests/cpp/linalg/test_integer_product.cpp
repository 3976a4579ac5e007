// The local kernel of integer matmul on extreme values, against products computed in 64-bit unsigned
// arithmetic and reduced modulo 2^bits (what NumPy's wrapping integer matmul gives). This binary is built
// with -fsanitize=signed-integer-overflow and no recovery: 8- and 16-bit operands promote to int, and a
// product such as 65535 * 65535 computed in int overflows (undefined behaviour), which aborts the run.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "src/linalg/integer_product.hpp"

namespace gingham::linalg_detail {
namespace {

RawView view_of(void* data, std::int64_t rows, std::int64_t cols, std::size_t item) {
  RawView v;
  v.data = static_cast<std::byte*>(data);
  v.item_size = item;
  v.shape = {rows, cols};
  v.strides = {cols, 1};
  return v;
}

template <class T>
void check_extremes() {
  using U = std::make_unsigned_t<T>;
  constexpr std::int64_t m = 5, k = 7, n = 4;
  std::mt19937_64 rng(42 + sizeof(T));
  // Mostly the extremes (max, min, -1, max - 1), some random values.
  const std::vector<T> extremes = {std::numeric_limits<T>::max(), std::numeric_limits<T>::min(), static_cast<T>(-1),
                                   static_cast<T>(std::numeric_limits<T>::max() - 1)};
  auto draw = [&] {
    return rng() % 3 ? extremes[rng() % extremes.size()] : static_cast<T>(rng());
  };
  std::vector<T> a(m * k), b(k * n), c(m * n, T{});
  for (T& v : a) v = draw();
  for (T& v : b) v = draw();
  add_integer_product<T>(view_of(c.data(), m, n, sizeof(T)), view_of(a.data(), m, k, sizeof(T)),
                         view_of(b.data(), k, n, sizeof(T)));
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      std::uint64_t sum = 0;  // wraps modulo 2^64, whose low bits are those modulo 2^bits
      for (std::int64_t t = 0; t < k; ++t) {
        sum += static_cast<std::uint64_t>(static_cast<U>(a[i * k + t])) * static_cast<std::uint64_t>(static_cast<U>(b[t * n + j]));
      }
      EXPECT_EQ(static_cast<U>(c[i * n + j]), static_cast<U>(sum)) << "element (" << i << ", " << j << ")";
    }
  }
}

TEST(IntegerProduct, Uint16WrapsWithoutOverflow) { check_extremes<std::uint16_t>(); }
TEST(IntegerProduct, Int16WrapsWithoutOverflow) { check_extremes<std::int16_t>(); }
TEST(IntegerProduct, Uint8WrapsWithoutOverflow) { check_extremes<std::uint8_t>(); }
TEST(IntegerProduct, Int8WrapsWithoutOverflow) { check_extremes<std::int8_t>(); }
TEST(IntegerProduct, WiderTypesWrap) {
  check_extremes<std::uint32_t>();
  check_extremes<std::int32_t>();
  check_extremes<std::uint64_t>();
  check_extremes<std::int64_t>();
}

}  // namespace
}  // namespace gingham::linalg_detail
