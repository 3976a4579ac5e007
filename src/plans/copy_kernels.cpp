#include "copy_kernels.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace gingham::detail {
namespace {

/// An element of sizeof(T) bytes read and written at any alignment (alignof is 1). A struct, because
/// GCC drops alignment attributes of a type alias when it is passed as a template argument.
template <class T>
struct [[gnu::packed, gnu::may_alias]] Unaligned {
  T value;
};
static_assert(alignof(Unaligned<std::uint64_t>) == 1 && sizeof(Unaligned<std::uint64_t>) == 8);

/// Calls body.template operator()<Word>() with a word type of `item` bytes and alignment 1.
template <class Body>
void with_word(std::size_t item, Body&& body) {
  struct Bytes16 { std::uint64_t lo, hi; };
  switch (item) {
    case 1: return body.template operator()<Unaligned<std::uint8_t>>();
    case 2: return body.template operator()<Unaligned<std::uint16_t>>();
    case 4: return body.template operator()<Unaligned<std::uint32_t>>();
    case 8: return body.template operator()<Unaligned<std::uint64_t>>();
    case 16: return body.template operator()<Unaligned<Bytes16>>();
    default: throw std::logic_error("gingham: unsupported element size " + std::to_string(item));
  }
}

constexpr std::int64_t kBlock = 32;  // a 32 x 32 block of doubles: 8 KiB per side, in L1
constexpr std::int64_t kWord = 8;    // bytes per element of a transpose

/// Copies one 8-byte element at any alignment.
inline void copy_word(std::byte* to, const std::byte* from) { std::memcpy(to, from, kWord); }

void transpose_scalar(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda, std::int64_t ni,
                      std::int64_t nj) {
  for (std::int64_t i0 = 0; i0 < ni; i0 += kBlock) {
    for (std::int64_t j0 = 0; j0 < nj; j0 += kBlock) {
      for (std::int64_t i = i0; i < std::min(ni, i0 + kBlock); ++i) {
        for (std::int64_t j = j0; j < std::min(nj, j0 + kBlock); ++j) copy_word(b + (i * ldb + j) * kWord, a + (j * lda + i) * kWord);
      }
    }
  }
}

/// An unaligned 4-element load and store (the intrinsics take double pointers but read and write bytes;
/// the bit patterns are moved, never used in arithmetic).
[[gnu::target("avx2")]] inline __m256d load4(const std::byte* p) { return _mm256_loadu_pd(reinterpret_cast<const double*>(p)); }
[[gnu::target("avx2")]] inline void store4(std::byte* p, __m256d v) { _mm256_storeu_pd(reinterpret_cast<double*>(p), v); }

/// One 4 x 4 register transpose: b rows i..i+3 from a rows j..j+3.
[[gnu::target("avx2")]] inline void transpose_4x4(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda) {
  const __m256d r0 = load4(a), r1 = load4(a + lda * kWord), r2 = load4(a + 2 * lda * kWord), r3 = load4(a + 3 * lda * kWord);
  const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
  const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
  store4(b, _mm256_permute2f128_pd(t0, t2, 0x20));
  store4(b + ldb * kWord, _mm256_permute2f128_pd(t1, t3, 0x20));
  store4(b + 2 * ldb * kWord, _mm256_permute2f128_pd(t0, t2, 0x31));
  store4(b + 3 * ldb * kWord, _mm256_permute2f128_pd(t1, t3, 0x31));
}

/// One 8 x 8 block from four 4 x 4 register transposes: b rows i..i+7, columns j..j+7 (one whole 64-byte
/// line of each of 8 rows of b when b is aligned) from a rows j..j+7, columns i..i+7.
[[gnu::target("avx2")]] inline void transpose_8x8(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda) {
  transpose_4x4(b, ldb, a, lda);
  transpose_4x4(b + 4 * kWord, ldb, a + 4 * lda * kWord, lda);
  transpose_4x4(b + 4 * ldb * kWord, ldb, a + 4 * kWord, lda);
  transpose_4x4(b + (4 * ldb + 4) * kWord, ldb, a + (4 * lda + 4) * kWord, lda);
}

// Strips of 16 rows of b (two 64-byte lines of each row of a), each along all of its columns in 8 x 8
// blocks: every line of a is read whole once, and every line of b is written whole at once (a block's 8
// columns), as 16 sequential streams. Reading two lines of each row of a, not one, is what matters when
// a's rows lie a multiple of 4 KiB apart (8192 doubles: the lines of consecutive rows then compete for
// the same cache sets): measured in CPU time on this project's machine (AMD EPYC), 4096 x 4096 doubles
// between rows of 8192 take 15 ms, against 27 ms for strips of 8 rows written 4 columns at a time; other
// strides (4000, 6007, 7001) are as fast as before or a little faster (2.0, 7.5, 5.7 ms for 2000^2,
// 3500^2, 3000^2 blocks), and 32 x 32 tiles are slower everywhere.
[[gnu::target("avx2")]] void transpose_avx2(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda,
                                            std::int64_t ni, std::int64_t nj) {
  const std::int64_t ni8 = ni / 8 * 8, nj8 = nj / 8 * 8, ni4 = ni / 4 * 4, nj4 = nj / 4 * 4;
  for (std::int64_t i0 = 0; i0 < ni8; i0 += 16) {
    const bool two = i0 + 16 <= ni8;  // a strip of 16 rows, or of the last 8
    for (std::int64_t j = 0; j < nj8; j += 8) {
      transpose_8x8(b + (i0 * ldb + j) * kWord, ldb, a + (j * lda + i0) * kWord, lda);
      if (two) transpose_8x8(b + ((i0 + 8) * ldb + j) * kWord, ldb, a + (j * lda + i0 + 8) * kWord, lda);
    }
  }
  // The edges that do not fill an 8 x 8 block: 4 x 4 register tiles where they fit, then element by element.
  for (std::int64_t j = nj8; j < nj4; j += 4) {  // at most one column block of 4, along every row block of 4
    for (std::int64_t i = 0; i < ni4; i += 4) transpose_4x4(b + (i * ldb + j) * kWord, ldb, a + (j * lda + i) * kWord, lda);
  }
  for (std::int64_t i = ni8; i < ni4; i += 4) {  // at most one row block of 4, along the columns of the 8 x 8 blocks
    for (std::int64_t j = 0; j < nj8; j += 4) transpose_4x4(b + (i * ldb + j) * kWord, ldb, a + (j * lda + i) * kWord, lda);
  }
  if (nj4 < nj) transpose_scalar(b + nj4 * kWord, ldb, a + nj4 * lda * kWord, lda, ni, nj - nj4);
  if (ni4 < ni) transpose_scalar(b + ni4 * ldb * kWord, ldb, a + ni4 * kWord, lda, ni - ni4, nj4);
}

/// Reverses the elements of `item` bytes within a 32-byte register.
[[gnu::target("avx2")]] inline __m256i reversed_in_register(__m256i v, std::size_t item) {
  switch (item) {
    case 16: return _mm256_permute2x128_si256(v, v, 0x01);
    case 8: return _mm256_permute4x64_epi64(v, 0x1B);
    case 4: return _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0));
    case 2: {
      const __m256i in_lanes = _mm256_shuffle_epi8(v, _mm256_setr_epi8(14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1,
                                                                        14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1));
      return _mm256_permute2x128_si256(in_lanes, in_lanes, 0x01);
    }
    default: {  // 1 byte
      const __m256i in_lanes = _mm256_shuffle_epi8(v, _mm256_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
                                                                        15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
      return _mm256_permute2x128_si256(in_lanes, in_lanes, 0x01);
    }
  }
}

/// The elements left after the whole registers, one at a time.
template <class Word>
void reversed_copy_scalar(std::byte* to, const std::byte* from, std::int64_t n) {
  for (std::int64_t e = 0; e < n; ++e) {
    std::memcpy(to + e * static_cast<std::int64_t>(sizeof(Word)), from - e * static_cast<std::int64_t>(sizeof(Word)), sizeof(Word));
  }
}

/// 32 bytes at a time: the register below the one just read, reversed, goes after the one just written.
/// `stream`: non-temporal stores, from the first element whose address is a multiple of 32 (if any is).
[[gnu::target("avx2")]] void reversed_copy_avx2(std::byte* to, const std::byte* from, std::int64_t n, std::size_t item,
                                                bool stream) {
  const std::int64_t isize = static_cast<std::int64_t>(item), per_register = 32 / isize;
  const std::int64_t to_boundary = static_cast<std::int64_t>((32 - reinterpret_cast<std::uintptr_t>(to) % 32) % 32);
  stream = stream && to_boundary % isize == 0;  // whole elements reach a 32-byte boundary
  std::int64_t e = stream ? std::min(n, to_boundary / isize) : 0;
  with_word(item, [&]<class Word>() { reversed_copy_scalar<Word>(to, from, e); });
  const std::byte* top = from + isize;  // one past the first element read
  for (; e + per_register <= n; e += per_register) {
    const __m256i v = reversed_in_register(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(top - (e + per_register) * isize)), item);
    if (stream) _mm256_stream_si256(reinterpret_cast<__m256i*>(to + e * isize), v);
    else _mm256_storeu_si256(reinterpret_cast<__m256i*>(to + e * isize), v);
  }
  with_word(item, [&]<class Word>() { reversed_copy_scalar<Word>(to + e * isize, from - e * isize, n - e); });
}

bool has_avx2() {
  static const bool avx2 = __builtin_cpu_supports("avx2");
  return avx2;
}

}  // namespace

void transpose_8byte(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda, std::int64_t ni,
                     std::int64_t nj) {
  if (has_avx2()) transpose_avx2(b, ldb, a, lda, ni, nj);
  else transpose_scalar(b, ldb, a, lda, ni, nj);
}

void transpose_8byte_portable(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda, std::int64_t ni,
                              std::int64_t nj) {
  transpose_scalar(b, ldb, a, lda, ni, nj);
}

void reversed_copy(std::byte* to, const std::byte* from, std::int64_t n, std::size_t item, bool stream) {
  if (has_avx2() && (item == 1 || item == 2 || item == 4 || item == 8 || item == 16)) reversed_copy_avx2(to, from, n, item, stream);
  else reversed_copy_portable(to, from, n, item);
}

void reversed_copy_portable(std::byte* to, const std::byte* from, std::int64_t n, std::size_t item) {
  with_word(item, [&]<class Word>() { reversed_copy_scalar<Word>(to, from, n); });
}

void strided_copy(std::byte* to, std::int64_t to_step, const std::byte* from, std::int64_t from_step, std::int64_t n,
                  std::size_t item) {
  if (to_step == 1 && from_step == 1) {
    std::memcpy(to, from, static_cast<std::size_t>(n) * item);
    return;
  }
  if (n > 0 && to_step == 1 && from_step == -1) return reversed_copy(to, from, n, item);
  if (n > 0 && to_step == -1 && from_step == 1) {  // the same pairs, written upwards
    const std::int64_t last = (n - 1) * static_cast<std::int64_t>(item);
    return reversed_copy(to - last, from + last, n, item);
  }
  with_word(item, [&]<class Word>() {
    for (std::int64_t e = 0; e < n; ++e) {
      std::memcpy(to + e * to_step * sizeof(Word), from + e * from_step * sizeof(Word), sizeof(Word));
    }
  });
}

void stream_copy(std::byte* to, const std::byte* from, std::size_t bytes) {
  // A head up to a 16-byte boundary of the target, 16-byte non-temporal stores (SSE2: every x86-64 CPU),
  // then the tail.
  const std::size_t head = std::min(bytes, (16 - reinterpret_cast<std::uintptr_t>(to) % 16) % 16);
  std::memcpy(to, from, head);
  std::size_t i = head;
  for (; i + 16 <= bytes; i += 16) {
    _mm_stream_si128(reinterpret_cast<__m128i*>(to + i), _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + i)));
  }
  std::memcpy(to + i, from + i, bytes - i);
}

void stream_fence() { _mm_sfence(); }

void tiled_copy(std::byte* to, const std::int64_t* to_row, std::int64_t to_step, const std::byte* from,
                const std::int64_t* from_row, std::int64_t from_step, int rows, std::int64_t cols, std::size_t item) {
  with_word(item, [&]<class Word>() {
    using Element = Word;  // alignment 1: complex64 is 4-byte aligned, and slices start anywhere
    Element* out = reinterpret_cast<Element*>(to);
    const Element* in = reinterpret_cast<const Element*>(from);
    bool even = true;
    for (int r = 2; r < rows && even; ++r) {
      even = to_row[r] - to_row[r - 1] == to_row[1] - to_row[0] && from_row[r] - from_row[r - 1] == from_row[1] - from_row[0];
    }
    if (even && rows > 1) {
      const std::int64_t to_rows = to_row[1] - to_row[0], from_rows = from_row[1] - from_row[0];
      Element* out0 = out + to_row[0];
      const Element* in0 = in + from_row[0];
      if constexpr (sizeof(Word) == 8) {  // a transpose: one side steps by 1 along rows, the other along columns
        auto* out8 = reinterpret_cast<std::byte*>(out0);
        const auto* in8 = reinterpret_cast<const std::byte*>(in0);
        if (to_step == 1 && from_rows == 1) return transpose_8byte(out8, to_rows, in8, from_step, rows, cols);
        if (to_rows == 1 && from_step == 1) return transpose_8byte(out8, to_step, in8, from_rows, cols, rows);
      }
      for (std::int64_t c0 = 0; c0 < cols; c0 += kCopyTile) {
        const std::int64_t c1 = std::min<std::int64_t>(cols, c0 + kCopyTile);
        if (to_step == 1) {  // write along rows: each tile row is one contiguous run
          for (int r = 0; r < rows; ++r) {
            for (std::int64_t c = c0; c < c1; ++c) out0[r * to_rows + c] = in0[r * from_rows + c * from_step];
          }
        } else {  // write down columns
          for (std::int64_t c = c0; c < c1; ++c) {
            for (int r = 0; r < rows; ++r) out0[r * to_rows + c * to_step] = in0[r * from_rows + c * from_step];
          }
        }
      }
      return;
    }
    for (std::int64_t c0 = 0; c0 < cols; c0 += kCopyTile) {
      const std::int64_t c1 = std::min<std::int64_t>(cols, c0 + kCopyTile);
      for (std::int64_t c = c0; c < c1; ++c) {
        for (int r = 0; r < rows; ++r) out[to_row[r] + c * to_step] = in[from_row[r] + c * from_step];
      }
    }
  });
}

}  // namespace gingham::detail
