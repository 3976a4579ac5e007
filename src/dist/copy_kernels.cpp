#include "copy_kernels.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

namespace gingham::detail {
namespace {

constexpr std::int64_t kBlock = 32;  // a 32 x 32 block of doubles: 8 KiB per side, in L1

void transpose_scalar(std::uint64_t* b, std::int64_t ldb, const std::uint64_t* a, std::int64_t lda, std::int64_t ni,
                      std::int64_t nj) {
  for (std::int64_t i0 = 0; i0 < ni; i0 += kBlock) {
    for (std::int64_t j0 = 0; j0 < nj; j0 += kBlock) {
      for (std::int64_t i = i0; i < std::min(ni, i0 + kBlock); ++i) {
        for (std::int64_t j = j0; j < std::min(nj, j0 + kBlock); ++j) b[i * ldb + j] = a[j * lda + i];
      }
    }
  }
}

[[gnu::target("avx2")]] void transpose_avx2(std::uint64_t* b, std::int64_t ldb, const std::uint64_t* a, std::int64_t lda,
                                            std::int64_t ni, std::int64_t nj) {
  auto* out = reinterpret_cast<double*>(b);
  const auto* in = reinterpret_cast<const double*>(a);  // moved as bit patterns: no arithmetic on them
  const std::int64_t ni4 = ni / 4 * 4, nj4 = nj / 4 * 4;
  for (std::int64_t i0 = 0; i0 < ni4; i0 += kBlock) {
    for (std::int64_t j0 = 0; j0 < nj4; j0 += kBlock) {
      for (std::int64_t i = i0; i < std::min(ni4, i0 + kBlock); i += 4) {
        for (std::int64_t j = j0; j < std::min(nj4, j0 + kBlock); j += 4) {
          const __m256d r0 = _mm256_loadu_pd(in + (j + 0) * lda + i), r1 = _mm256_loadu_pd(in + (j + 1) * lda + i);
          const __m256d r2 = _mm256_loadu_pd(in + (j + 2) * lda + i), r3 = _mm256_loadu_pd(in + (j + 3) * lda + i);
          const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
          const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
          _mm256_storeu_pd(out + (i + 0) * ldb + j, _mm256_permute2f128_pd(t0, t2, 0x20));
          _mm256_storeu_pd(out + (i + 1) * ldb + j, _mm256_permute2f128_pd(t1, t3, 0x20));
          _mm256_storeu_pd(out + (i + 2) * ldb + j, _mm256_permute2f128_pd(t0, t2, 0x31));
          _mm256_storeu_pd(out + (i + 3) * ldb + j, _mm256_permute2f128_pd(t1, t3, 0x31));
        }
      }
    }
  }
  // The edges that do not fill a 4 x 4 register tile.
  if (nj4 < nj) transpose_scalar(b + nj4, ldb, a + nj4 * lda, lda, ni, nj - nj4);
  if (ni4 < ni) transpose_scalar(b + ni4 * ldb, ldb, a + ni4, lda, ni - ni4, nj4);
}

bool has_avx2() {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
}

}  // namespace

void transpose_8byte(std::uint64_t* b, std::int64_t ldb, const std::uint64_t* a, std::int64_t lda, std::int64_t ni,
                     std::int64_t nj) {
  if (has_avx2()) transpose_avx2(b, ldb, a, lda, ni, nj);
  else transpose_scalar(b, ldb, a, lda, ni, nj);
}

}  // namespace gingham::detail
