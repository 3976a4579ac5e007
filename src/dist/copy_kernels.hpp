#pragma once
// Local copy kernels of the executor, with AVX2 code where the CPU has it (checked at run time; Debian
// builds for plain x86-64): transposing copies of 8-byte elements (4x4 register transposes). (Streaming
// stores were measured for packing and were slower: the peer reads the buffer at once from cache.)

#include <cstddef>
#include <cstdint>

namespace gingham::detail {

/// Local. b[i * ldb + j] = a[j * lda + i] for 0 <= i < ni, 0 <= j < nj; elements of 8 bytes.
void transpose_8byte(std::uint64_t* b, std::int64_t ldb, const std::uint64_t* a, std::int64_t lda, std::int64_t ni,
                     std::int64_t nj);

}  // namespace gingham::detail
