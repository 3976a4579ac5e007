#pragma once
// Local copy kernels of the executor, with AVX2 code where the CPU has it (checked at run time; Debian
// builds for plain x86-64): strided copies, reversing copies (flips), tiled copies and transposing copies
// of 8-byte elements (4x4 register transposes). Non-temporal stores (stream_copy, reversed_copy's stream)
// are for final targets larger than a cache; packing keeps cached stores (measured slower streamed: the
// peer reads the buffer at once from cache).
//
// No kernel assumes any alignment of the elements it reads or writes: a complex64 element is 8 bytes
// with 4-byte alignment, and a shard or slice of one may start at any byte. Every access is an
// unaligned load or store (memcpy, or the AVX2 loadu/storeu intrinsics).

#include <cstddef>
#include <cstdint>

namespace gingham::detail {

/// Rows x columns of one tile of a tiled copy: 32 x 32 elements (8 KiB of doubles per side, in L1).
inline constexpr int kCopyTile = 32;

/// Local. b[i * ldb + j] = a[j * lda + i] for 0 <= i < ni, 0 <= j < nj, on elements of 8 bytes at any
/// alignment; `b` and `a` are the addresses of elements (0, 0), strides are in elements. Uses AVX2 when
/// the CPU has it.
void transpose_8byte(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda, std::int64_t ni,
                     std::int64_t nj);
/// Local. transpose_8byte without SIMD (what a CPU without AVX2 runs).
void transpose_8byte_portable(std::byte* b, std::int64_t ldb, const std::byte* a, std::int64_t lda, std::int64_t ni,
                              std::int64_t nj);

/// Local. Copies n elements of `item` bytes (1, 2, 4, 8 or 16; any alignment) from `from` to `to`;
/// steps are in elements. Throws std::logic_error for another element size.
void strided_copy(std::byte* to, std::int64_t to_step, const std::byte* from, std::int64_t from_step, std::int64_t n,
                  std::size_t item);

/// Local. Reverses while copying: element e of `to` (ascending) from the element e places below `from`
/// (descending), for 0 <= e < n elements of `item` bytes (1, 2, 4, 8 or 16; any alignment; no overlap). Uses
/// AVX2 (32 bytes at a time, reversed in registers) when the CPU has it; strided_copy takes it for steps 1
/// and -1. `stream`: with AVX2, non-temporal stores (as stream_copy's, for a final target larger than a
/// cache; stream_fence() orders them). Throws std::logic_error for another element size.
void reversed_copy(std::byte* to, const std::byte* from, std::int64_t n, std::size_t item, bool stream = false);
/// Local. reversed_copy without SIMD (what a CPU without AVX2 runs).
void reversed_copy_portable(std::byte* to, const std::byte* from, std::int64_t n, std::size_t item);

/// Local. Copies `bytes` bytes from `from` to `to` (any alignment; no overlap) with non-temporal stores,
/// which bypass the cache: for the final target of a copy too large for it, where a cached store would
/// first read each line it writes. Stores are weakly ordered until stream_fence().
void stream_copy(std::byte* to, const std::byte* from, std::size_t bytes);
/// Local. Orders the stores of earlier stream_copy calls before later stores (an SFENCE).
void stream_fence();

/// Local. Copies `rows` (<= kCopyTile) rows of `cols` elements of `item` bytes (1, 2, 4, 8 or 16; any
/// alignment): element c of row r goes from from_row[r] + c * from_step to to_row[r] + c * to_step
/// (element offsets from the bases), tile by tile, so that a transposing copy reads and writes whole
/// cache lines. Rows evenly spaced on both sides (the usual case) take a constant-stride loop, and
/// transposes of 8-byte elements take transpose_8byte. Throws std::logic_error for another element size.
void tiled_copy(std::byte* to, const std::int64_t* to_row, std::int64_t to_step, const std::byte* from,
                const std::int64_t* from_row, std::int64_t from_step, int rows, std::int64_t cols, std::size_t item);

}  // namespace gingham::detail
