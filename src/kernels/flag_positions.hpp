#pragma once
// The positions of the set flags of a run of byte flags (internal): the write pass of nonzero, compacted
// with AVX2 shuffles where the CPU has them (simd_level()), else with a branch-free scalar loop. Pure
// local work.

#include <cstdint>

namespace gingham::detail {

/// Local. Writes first + l for every l in [0, n) with flag[l] != 0, in increasing order, to out[0 ..
/// selected), where `selected` is how many flags are set (the caller counted them); nothing is written
/// past out[selected - 1]. Returns the number written (selected, unless the flags changed).
std::int64_t set_flag_positions(const unsigned char* flag, std::int64_t n, std::int64_t first, std::int64_t* out,
                                std::int64_t selected);

}  // namespace gingham::detail
