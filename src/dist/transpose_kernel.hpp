#pragma once
// The local kernel of transposing copies: b[i][j] = a[j][i] for 8-byte elements, with AVX2 4x4
// register transposes where the CPU has them (checked at run time; Debian builds for plain x86-64).

#include <cstdint>

namespace gingham::detail {

/// Local. b[i * ldb + j] = a[j * lda + i] for 0 <= i < ni, 0 <= j < nj; elements of 8 bytes.
void transpose_8byte(std::uint64_t* b, std::int64_t ldb, const std::uint64_t* a, std::int64_t lda, std::int64_t ni,
                     std::int64_t nj);

}  // namespace gingham::detail
