#include "vector_math.hpp"

#include "gingham/core/simd_level.hpp"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string_view>

// libmvec's vector variants (x86-64 vector function ABI): "e" = AVX-512 (8 doubles, 16 floats),
// "d" = AVX2 (4 doubles, 8 floats).
#define GINGHAM_LIBMVEC_UNARY(X) \
  X(exp, exp) X(expm1, expm1) X(log, log) X(log1p, log1p) X(log2, log2) X(log10, log10) X(sin, sin) X(cos, cos) \
  X(tan, tan) X(sinh, sinh) X(cosh, cosh) X(tanh, tanh) X(asin, asin) X(acos, acos) X(atan, atan)              \
  X(asinh, asinh) X(acosh, acosh) X(atanh, atanh)
#define GINGHAM_LIBMVEC_BINARY(X) X(atan2, atan2) X(hypot, hypot) X(pow, pow)

extern "C" {
#define GINGHAM_DECLARE_UNARY(op, fn)                                                                    \
  __m512d _ZGVeN8v_##fn(__m512d); __m256d _ZGVdN4v_##fn(__m256d);                                       \
  __m512 _ZGVeN16v_##fn##f(__m512); __m256 _ZGVdN8v_##fn##f(__m256);
#define GINGHAM_DECLARE_BINARY(op, fn)                                                                   \
  __m512d _ZGVeN8vv_##fn(__m512d, __m512d); __m256d _ZGVdN4vv_##fn(__m256d, __m256d);                   \
  __m512 _ZGVeN16vv_##fn##f(__m512, __m512); __m256 _ZGVdN8vv_##fn##f(__m256, __m256);
GINGHAM_LIBMVEC_UNARY(GINGHAM_DECLARE_UNARY)
GINGHAM_LIBMVEC_BINARY(GINGHAM_DECLARE_BINARY)
#undef GINGHAM_DECLARE_UNARY
#undef GINGHAM_DECLARE_BINARY
}

namespace gingham::detail {
namespace {

std::atomic<bool> enabled{true};

enum class Level { none, avx2, avx512 };

/// The level of simd_level() (gingham/core/simd_level.hpp: the CPU, capped by GINGHAM_SIMD), or none when
/// set_vector_math(false) turned the SIMD functions off.
Level level() {
  if (!enabled.load(std::memory_order_relaxed)) return Level::none;
  switch (simd_level()) {
    case SimdLevel::avx512: return Level::avx512;
    case SimdLevel::avx2: return Level::avx2;
    default: return Level::none;
  }
}

// One loop per vector width and element type; the tail goes through a padded vector. (Written out
// by macro: lambdas would not inherit the functions' target attributes.) The unary function is a
// template argument: a direct call, inlined where it can be (the square roots below).
#define GINGHAM_UNARY_RUNNER(name, isa, V, T, W, load, store)                                            \
  template <V (*f)(V)>                                                                                     \
  [[gnu::target(isa)]] void name(const T* in, T* out, std::int64_t n) {                                  \
    std::int64_t i = 0;                                                                                    \
    for (; i + W <= n; i += W) store(out + i, f(load(in + i)));                                           \
    if (i < n) {                                                                                           \
      alignas(64) T tail[W] = {};                                                                          \
      std::copy(in + i, in + n, tail);                                                                     \
      store(tail, f(load(tail)));                                                                          \
      std::copy(tail, tail + (n - i), out + i);                                                            \
    }                                                                                                      \
  }
#define GINGHAM_BINARY_RUNNER(name, isa, V, T, W, load, store)                                           \
  [[gnu::target(isa)]] void name(V (*f)(V, V), const T* a, const T* b, T* out, std::int64_t n) {        \
    std::int64_t i = 0;                                                                                    \
    for (; i + W <= n; i += W) store(out + i, f(load(a + i), load(b + i)));                              \
    if (i < n) {                                                                                           \
      alignas(64) T ta[W] = {}, tb[W] = {};                                                                \
      std::copy(a + i, a + n, ta);                                                                         \
      std::copy(b + i, b + n, tb);                                                                         \
      store(ta, f(load(ta), load(tb)));                                                                    \
      std::copy(ta, ta + (n - i), out + i);                                                                \
    }                                                                                                      \
  }
GINGHAM_UNARY_RUNNER(run512, "avx512f", __m512d, double, 8, _mm512_loadu_pd, _mm512_storeu_pd)
GINGHAM_UNARY_RUNNER(run512, "avx512f", __m512, float, 16, _mm512_loadu_ps, _mm512_storeu_ps)
GINGHAM_UNARY_RUNNER(run256, "avx2,fma", __m256d, double, 4, _mm256_loadu_pd, _mm256_storeu_pd)
GINGHAM_UNARY_RUNNER(run256, "avx2,fma", __m256, float, 8, _mm256_loadu_ps, _mm256_storeu_ps)
GINGHAM_BINARY_RUNNER(run512, "avx512f", __m512d, double, 8, _mm512_loadu_pd, _mm512_storeu_pd)
GINGHAM_BINARY_RUNNER(run512, "avx512f", __m512, float, 16, _mm512_loadu_ps, _mm512_storeu_ps)
GINGHAM_BINARY_RUNNER(run256, "avx2,fma", __m256d, double, 4, _mm256_loadu_pd, _mm256_storeu_pd)
GINGHAM_BINARY_RUNNER(run256, "avx2,fma", __m256, float, 8, _mm256_loadu_ps, _mm256_storeu_ps)

// Square roots by the hardware instruction (vsqrtpd, vsqrtps: correctly rounded, the bits of std::sqrt,
// including the default NaN of a negative input). The AVX-512 ones are the merge-masked forms with every
// lane set: GCC 12 warns on the plain ones' undefined source register.
[[gnu::target("avx512f")]] inline __m512d sqrt8d(__m512d v) { return _mm512_mask_sqrt_pd(v, __mmask8(0xFF), v); }
[[gnu::target("avx512f")]] inline __m512 sqrt16f(__m512 v) { return _mm512_mask_sqrt_ps(v, __mmask16(0xFFFF), v); }
[[gnu::target("avx2,fma")]] inline __m256d sqrt4d(__m256d v) { return _mm256_sqrt_pd(v); }
[[gnu::target("avx2,fma")]] inline __m256 sqrt8f(__m256 v) { return _mm256_sqrt_ps(v); }
#undef GINGHAM_UNARY_RUNNER
#undef GINGHAM_BINARY_RUNNER

}  // namespace

void set_vector_math(bool on) noexcept { enabled.store(on); }

bool vector_unary(UnaryOp op, const double* in, double* out, std::int64_t n) {
  const Level l = level();
  if (l == Level::none) return false;
  switch (op) {
    case UnaryOp::sqrt: l == Level::avx512 ? run512<sqrt8d>(in, out, n) : run256<sqrt4d>(in, out, n); return true;
#define GINGHAM_CASE(name, fn) \
  case UnaryOp::name: l == Level::avx512 ? run512<_ZGVeN8v_##fn>(in, out, n) : run256<_ZGVdN4v_##fn>(in, out, n); return true;
    GINGHAM_LIBMVEC_UNARY(GINGHAM_CASE)
#undef GINGHAM_CASE
    default: return false;
  }
}

bool vector_unary(UnaryOp op, const float* in, float* out, std::int64_t n) {
  const Level l = level();
  if (l == Level::none) return false;
  switch (op) {
    case UnaryOp::sqrt: l == Level::avx512 ? run512<sqrt16f>(in, out, n) : run256<sqrt8f>(in, out, n); return true;
#define GINGHAM_CASE(name, fn) \
  case UnaryOp::name: l == Level::avx512 ? run512<_ZGVeN16v_##fn##f>(in, out, n) : run256<_ZGVdN8v_##fn##f>(in, out, n); return true;
    GINGHAM_LIBMVEC_UNARY(GINGHAM_CASE)
#undef GINGHAM_CASE
    default: return false;
  }
}

bool vector_binary(BinaryOp op, const double* a, const double* b, double* out, std::int64_t n) {
  const Level l = level();
  if (l == Level::none) return false;
  switch (op) {
#define GINGHAM_CASE(name, fn) \
  case BinaryOp::name: l == Level::avx512 ? run512(_ZGVeN8vv_##fn, a, b, out, n) : run256(_ZGVdN4vv_##fn, a, b, out, n); return true;
    GINGHAM_LIBMVEC_BINARY(GINGHAM_CASE)
#undef GINGHAM_CASE
    default: return false;
  }
}

bool vector_binary(BinaryOp op, const float* a, const float* b, float* out, std::int64_t n) {
  const Level l = level();
  if (l == Level::none) return false;
  switch (op) {
#define GINGHAM_CASE(name, fn) \
  case BinaryOp::name: l == Level::avx512 ? run512(_ZGVeN16vv_##fn##f, a, b, out, n) : run256(_ZGVdN8vv_##fn##f, a, b, out, n); return true;
    GINGHAM_LIBMVEC_BINARY(GINGHAM_CASE)
#undef GINGHAM_CASE
    default: return false;
  }
}

}  // namespace gingham::detail
