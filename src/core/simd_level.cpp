#include "gingham/core/simd_level.hpp"

#include <atomic>
#include <cstdlib>
#include <string_view>

namespace gingham {
namespace {

/// The widest level this CPU has (AVX2 counts with FMA, as libmvec's AVX2 variants need it).
SimdLevel cpu_level() noexcept {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")) {
    return SimdLevel::avx512;
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SimdLevel::avx2;
#endif
  return SimdLevel::baseline;
}

/// GINGHAM_SIMD's cap; the widest level when unset or not understood.
SimdLevel environment_cap() noexcept {
  const char* text = std::getenv("GINGHAM_SIMD");
  if (text == nullptr) return SimdLevel::avx512;
  const std::string_view cap(text);
  if (cap == "none" || cap == "baseline") return SimdLevel::baseline;
  if (cap == "avx2") return SimdLevel::avx2;
  return SimdLevel::avx512;
}

SimdLevel narrower(SimdLevel a, SimdLevel b) noexcept { return static_cast<int>(a) < static_cast<int>(b) ? a : b; }

std::atomic<SimdLevel> cap{SimdLevel::avx512};

}  // namespace

SimdLevel simd_level() noexcept {
  static const SimdLevel detected = narrower(cpu_level(), environment_cap());
  return narrower(detected, cap.load(std::memory_order_relaxed));
}

SimdLevel set_simd_level_cap(SimdLevel level) noexcept { return cap.exchange(level); }

std::string_view simd_level_name(SimdLevel level) noexcept {
  switch (level) {
    case SimdLevel::avx512: return "avx512";
    case SimdLevel::avx2: return "avx2";
    default: return "baseline";
  }
}

}  // namespace gingham
