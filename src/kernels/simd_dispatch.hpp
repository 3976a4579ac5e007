#pragma once
// Run-time SIMD dispatch of local loops (internal). with_simd(body) runs `body` (a lambda holding a hot
// loop) compiled three times: for baseline x86-64, for AVX2 and for AVX-512, picking the copy for
// simd_level(). Each runner is `flatten`: everything the body calls is inlined into it and compiled for
// the runner's instruction set, so the loops the compiler vectorises use the wide registers. Calls that
// cannot be inlined (out-of-line functions) stay baseline code. Keep bodies small: each is compiled
// three times. The library builds with -ffp-contract=off, so the three copies give the same bits.

#include "gingham/core/simd_level.hpp"

namespace gingham::detail {

template <class Body>
[[gnu::flatten, gnu::noinline]] void run_baseline(const Body& body) {
  body();
}

#if defined(__x86_64__)
template <class Body>
[[gnu::target("avx2"), gnu::flatten, gnu::noinline]] void run_avx2(const Body& body) {
  body();
}

template <class Body>
[[gnu::target("avx512f,avx512bw,avx512dq,avx512vl"), gnu::flatten, gnu::noinline]] void run_avx512(const Body& body) {
  body();
}
#endif

/// Local. Runs body() compiled for the widest instruction set simd_level() allows.
template <class Body>
void with_simd(const Body& body) {
#if defined(__x86_64__)
  switch (simd_level()) {
    case SimdLevel::avx512: return run_avx512(body);
    case SimdLevel::avx2: return run_avx2(body);
    default: break;
  }
#endif
  run_baseline(body);
}

}  // namespace gingham::detail
