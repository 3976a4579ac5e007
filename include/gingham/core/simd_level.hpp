#pragma once
// The SIMD instruction sets gingham's local loops run with, chosen at run time for the CPU: the library is
// built for baseline x86-64 (portable), and its hot loops are compiled a second and third time for AVX2 and
// AVX-512 (src/kernels/simd_dispatch.hpp). GINGHAM_SIMD=baseline (or none), avx2 or avx512 in the
// environment caps the choice; every level gives bitwise the same results (no contraction into FMA).

#include <string_view>

namespace gingham {

/// The instruction sets local loops can run with, narrowest first.
enum class SimdLevel { baseline, avx2, avx512 };

/// Local. The level local loops run with now: the widest this CPU has, capped by GINGHAM_SIMD (read once)
/// and by set_simd_level_cap. Costs one relaxed atomic load after the first call.
SimdLevel simd_level() noexcept;

/// Local. Caps the level of this process's loops at `cap` (tests compare the levels; benchmarks time them)
/// and returns the previous cap. Not for use while other threads run gingham kernels.
SimdLevel set_simd_level_cap(SimdLevel cap) noexcept;

/// Local. "baseline", "avx2" or "avx512".
std::string_view simd_level_name(SimdLevel level) noexcept;

}  // namespace gingham
