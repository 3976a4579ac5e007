#include "flag_positions.hpp"

#include <array>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "gingham/core/simd_level.hpp"

namespace gingham::detail {
namespace {

#if defined(__x86_64__)
/// For each 4-bit mask m, the 32-bit lanes for _mm256_permutevar8x32_epi32 that move the 64-bit lanes
/// selected by m to the front, in order.
struct PermutationTable {
  alignas(32) std::array<std::array<std::int32_t, 8>, 16> lanes{};
  constexpr PermutationTable() {
    for (int m = 0; m < 16; ++m) {
      int k = 0;
      for (int j = 0; j < 4; ++j) {
        if ((m >> j) & 1) lanes[m][2 * k] = 2 * j, lanes[m][2 * k + 1] = 2 * j + 1, ++k;
      }
      for (; k < 4; ++k) lanes[m][2 * k] = 0, lanes[m][2 * k + 1] = 1;
    }
  }
};
constexpr PermutationTable kPermutations;

/// Local. AVX2: 32 flags per block; each group of 4 positions is stored whole (4 slots) at the running
/// end c and c advances by the group's count, so a block stores up to out[c + 31]: blocks run while that
/// stays below `selected`. Sets *done to the flags handled and returns the positions written.
[[gnu::target("avx2")]] std::int64_t avx2_positions(const unsigned char* flag, std::int64_t n, std::int64_t first,
                                                     std::int64_t* out, std::int64_t selected, std::int64_t* done) {
  std::int64_t c = 0, l = 0;
  __m256i at = _mm256_setr_epi64x(first, first + 1, first + 2, first + 3);
  const __m256i four = _mm256_set1_epi64x(4), block = _mm256_set1_epi64x(32), zero = _mm256_setzero_si256();
  for (; l + 32 <= n && c + 32 <= selected; l += 32) {
    const __m256i f = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(flag + l));
    const auto set = ~static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(f, zero)));
    if (set == 0) {  // sparse masks skip whole blocks
      at = _mm256_add_epi64(at, block);
      continue;
    }
    for (int j = 0; j < 8; ++j) {
      const unsigned m = (set >> (4 * j)) & 15u;
      const __m256i p = _mm256_load_si256(reinterpret_cast<const __m256i*>(kPermutations.lanes[m].data()));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + c), _mm256_permutevar8x32_epi32(at, p));
      c += __builtin_popcount(m);
      at = _mm256_add_epi64(at, four);
    }
  }
  *done = l;
  return c;
}
#endif

}  // namespace

std::int64_t set_flag_positions(const unsigned char* flag, std::int64_t n, std::int64_t first, std::int64_t* out,
                                std::int64_t selected) {
  std::int64_t c = 0, l = 0;
#if defined(__x86_64__)
  if (simd_level() != SimdLevel::baseline) c = avx2_positions(flag, n, first, out, selected, &l);
#endif
  // Branch-free: slot c is written for every flag and kept when the flag is set; once every selected
  // position is written the remaining flags are all zero.
  for (; l < n && c < selected; ++l) {
    out[c] = first + l;
    c += flag[l] != 0 ? 1 : 0;
  }
  return c;
}

}  // namespace gingham::detail
