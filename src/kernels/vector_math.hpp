#pragma once
// SIMD versions of transcendental functions on contiguous float32/float64 data, from glibc's libmvec
// (the variants GCC calls when it vectorises <cmath> calls), and sqrt from the hardware instruction (GCC
// does not vectorise std::sqrt while math-errno is on), chosen at run time: AVX-512, AVX2, or none
// (GINGHAM_SIMD=avx2 or GINGHAM_SIMD=none in the environment caps the choice).
// libmvec handles special inputs (NaN, infinities, signed zeros, out-of-range) by falling back to the
// scalar libm per lane; tests/cpp/kernels/test_vector_math.cpp checks each function against <cmath>.

#include <cstdint>

#include "gingham/kernels/elementwise.hpp"

namespace gingham::detail {

/// Local. out[i] = op(in[i]) for i < n with libmvec (or vsqrtpd/vsqrtps for sqrt, bit for bit std::sqrt),
/// when it has `op` and the CPU has AVX2 or AVX-512;
/// returns false (writing nothing) otherwise. in and out may be the same array.
bool vector_unary(UnaryOp op, const double* in, double* out, std::int64_t n);
bool vector_unary(UnaryOp op, const float* in, float* out, std::int64_t n);

/// Local. The same for the binary functions libmvec has (atan2, hypot, pow).
bool vector_binary(BinaryOp op, const double* a, const double* b, double* out, std::int64_t n);
bool vector_binary(BinaryOp op, const float* a, const float* b, float* out, std::int64_t n);

/// Local. Turns the SIMD versions off (tests compare them with <cmath>), or back on.
void set_vector_math(bool enabled) noexcept;

}  // namespace gingham::detail
