// libmvec's SIMD functions against <cmath>: the same special values (NaN, infinities, signed zeros, domain
// edges), and at most a few ULP apart elsewhere, for float64 and float32 (no MPI).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "src/kernels/elementwise_ops.hpp"  // internal: the operations and their scalar versions
#include "src/kernels/vector_math.hpp"
#include "gingham/core/simd_level.hpp"

namespace gingham::detail {
namespace {

template <class T>
std::vector<T> inputs() {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  std::vector<T> v{nan, inf, -inf, T(0), -T(0), T(1), T(-1), T(0.5), T(-0.5), T(2), T(-2), T(1e-30), T(-1e-30),
                   std::numeric_limits<T>::denorm_min(), std::numeric_limits<T>::max(), -std::numeric_limits<T>::max(),
                   std::numeric_limits<T>::min(), T(700), T(-700), T(88), T(-88), T(1e10), T(-1e10), T(3.14159265)};
  std::mt19937 random(5);
  std::uniform_real_distribution<double> wide(-30, 30), narrow(-1, 1);
  for (int k = 0; k < 500; ++k) v.push_back(T(k % 2 ? wide(random) : narrow(random)));
  return v;
}

template <class T>
double ulps(T a, T b) {
  if (a == b) return 0;
  return std::abs(double(a) - double(b)) / double(std::abs(std::nextafter(b, std::numeric_limits<T>::infinity()) - b));
}

/// The SIMD result `got` is the <cmath> result `expected`: the same special value, or within 4 ULP.
template <class T>
void expect_close(T got, T expected, const std::string& what) {
  SCOPED_TRACE(what);
  if (std::isnan(expected)) {
    EXPECT_TRUE(std::isnan(got)) << got;
  } else if (std::isinf(expected) || expected == 0) {
    EXPECT_EQ(got, expected);
    EXPECT_EQ(std::signbit(got), std::signbit(expected));
  } else {
    EXPECT_LE(ulps(got, expected), 4.0) << got << " vs " << expected;
  }
}

template <class T, class Op>
void expect_same(const char* name, const std::vector<T>& got, const std::vector<T>& x) {
  for (std::size_t i = 0; i < x.size(); ++i) {
    expect_close(got[i], Op::apply(x[i]), std::string(name) + "(" + std::to_string(double(x[i])) + ")");
  }
}

template <class T>
void check_all() {
  const std::vector<T> x = inputs<T>();
#define GINGHAM_CHECK(name)                                                                  \
  {                                                                                          \
    std::vector<T> out(x.size());                                                            \
    if (vector_unary(UnaryOp::name, x.data(), out.data(), static_cast<std::int64_t>(x.size()))) { \
      expect_same<T, ops::name>(#name, out, x);                                              \
    }                                                                                        \
  }
  GINGHAM_CHECK(exp) GINGHAM_CHECK(expm1) GINGHAM_CHECK(log) GINGHAM_CHECK(log1p) GINGHAM_CHECK(log2)
  GINGHAM_CHECK(log10) GINGHAM_CHECK(sin) GINGHAM_CHECK(cos) GINGHAM_CHECK(tan) GINGHAM_CHECK(sinh)
  GINGHAM_CHECK(cosh) GINGHAM_CHECK(tanh) GINGHAM_CHECK(asin) GINGHAM_CHECK(acos) GINGHAM_CHECK(atan)
  GINGHAM_CHECK(asinh) GINGHAM_CHECK(acosh) GINGHAM_CHECK(atanh)
#undef GINGHAM_CHECK
  // Binary: every pair of a smaller set.
  std::vector<T> a, b;
  for (std::size_t i = 0; i < 30; ++i) for (std::size_t j = 0; j < 30; ++j) a.push_back(x[i]), b.push_back(x[j]);
  for (BinaryOp op : {BinaryOp::atan2, BinaryOp::hypot, BinaryOp::pow}) {
    std::vector<T> out(a.size());
    if (!vector_binary(op, a.data(), b.data(), out.data(), static_cast<std::int64_t>(a.size()))) continue;
    visit_op(op, [&]<class F>() {
      if constexpr (std::is_same_v<F, ops::atan2> || std::is_same_v<F, ops::hypot> || std::is_same_v<F, ops::pow>) {
        for (std::size_t i = 0; i < a.size(); ++i) {
          expect_close(out[i], F::apply(a[i], b[i]),
                       std::string(op_name(op)) + "(" + std::to_string(double(a[i])) + ", " + std::to_string(double(b[i])) + ")");
        }
      }
    });
  }
}

/// Each special value in every lane position of otherwise ordinary vectors (and of the padded tail): the
/// vector functions must treat a special lane as <cmath> does whatever its neighbours are.
template <class T>
void check_lanes() {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const std::vector<T> special{nan, -nan, inf, -inf, T(0), -T(0), T(1), T(-1), T(2), T(-2), T(0.5)};
  constexpr std::size_t length = 64 / sizeof(T) + 3;  // one AVX-512 vector and a tail
  for (T s : special) {
    for (std::size_t at = 0; at < length; ++at) {
      std::vector<T> x(length, T(0.375)), y(length, T(0.625)), out(length);
      x[at] = s;
      const auto n = static_cast<std::int64_t>(length);
      for (UnaryOp op : {UnaryOp::exp, UnaryOp::expm1, UnaryOp::log, UnaryOp::log1p, UnaryOp::log2, UnaryOp::log10,
                         UnaryOp::sin, UnaryOp::cos, UnaryOp::tan, UnaryOp::sinh, UnaryOp::cosh, UnaryOp::tanh,
                         UnaryOp::asin, UnaryOp::acos, UnaryOp::atan, UnaryOp::asinh, UnaryOp::acosh, UnaryOp::atanh}) {
        if (!vector_unary(op, x.data(), out.data(), n)) continue;
        visit_op(op, [&]<class F>() {
          if constexpr (accepts_v<F, T> && std::is_same_v<decltype(F::apply(T())), T>) {
            for (std::size_t i = 0; i < length; ++i) {
              expect_close(out[i], F::apply(x[i]), std::string(op_name(op)) + " lane " + std::to_string(i));
            }
          }
        });
      }
      for (BinaryOp op : {BinaryOp::atan2, BinaryOp::hypot, BinaryOp::pow}) {
        for (bool first : {true, false}) {
          std::vector<T> a = first ? x : y, b = first ? y : x;
          if (!vector_binary(op, a.data(), b.data(), out.data(), n)) continue;
          visit_op(op, [&]<class F>() {
            if constexpr (std::is_same_v<F, ops::atan2> || std::is_same_v<F, ops::hypot> || std::is_same_v<F, ops::pow>) {
              for (std::size_t i = 0; i < length; ++i) {
                expect_close(out[i], F::apply(a[i], b[i]), std::string(op_name(op)) + " lane " + std::to_string(i));
              }
            }
          });
        }
      }
    }
  }
}

/// sqrt is correctly rounded both ways: the SIMD result has std::sqrt's bits exactly (NaN payloads and
/// signs, -0.0, denormals), at every lane position and length (full vectors and padded tails), and the
/// run-time dispatch offers it wherever the CPU has AVX2.
template <class T>
void check_sqrt_bits() {
  std::vector<T> x = inputs<T>();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  for (T v : {-nan, T(-0.0), -std::numeric_limits<T>::denorm_min(), T(1e-300), T(4), T(1e300)}) x.push_back(v);
  for (std::size_t length = 0; length <= x.size(); length += length < 40 ? 1 : 97) {
    std::vector<T> out(length, T(7));
    const bool simd = vector_unary(UnaryOp::sqrt, x.data(), out.data(), static_cast<std::int64_t>(length));
    EXPECT_EQ(simd, simd_level() != SimdLevel::baseline);
    if (!simd) return;
    for (std::size_t i = 0; i < length; ++i) {
      const T expected = std::sqrt(x[i]);
      EXPECT_EQ(std::memcmp(&out[i], &expected, sizeof(T)), 0) << "sqrt(" << x[i] << ") at " << i << " of " << length;
    }
  }
}

TEST(VectorMath, Float64SqrtBitsOfCmath) { check_sqrt_bits<double>(); }
TEST(VectorMath, Float32SqrtBitsOfCmath) { check_sqrt_bits<float>(); }
TEST(VectorMath, Float64MatchesCmath) { check_all<double>(); }
TEST(VectorMath, Float32MatchesCmath) { check_all<float>(); }
TEST(VectorMath, Float64SpecialLanes) { check_lanes<double>(); }
TEST(VectorMath, Float32SpecialLanes) { check_lanes<float>(); }

}  // namespace
}  // namespace gingham::detail
