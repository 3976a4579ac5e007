#include "gingham/core/blas_kernel.hpp"

#include <dlfcn.h>

#include <array>
#include <atomic>

namespace gingham {

std::string cpu_simd_level() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return "AVX-512";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "AVX2";
  if (__builtin_cpu_supports("sse4.2")) return "SSE4.2";
  return "SSE2";
}

std::string openblas_kernel() {
  using CoreName = char* (*)();
  // The BLAS is loaded already (gingham links it); RTLD_NOLOAD finds it without loading anything, also
  // where it was loaded with local symbols (a Python extension's dependencies).
  for (const char* name : {"libblas.so.3", "libopenblas.so.0", "libopenblas.so"}) {
    void* handle = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
    if (handle == nullptr) continue;
    const auto core_name = reinterpret_cast<CoreName>(dlsym(handle, "openblas_get_corename"));
    const std::string kernel = core_name ? core_name() : "";
    dlclose(handle);
    if (!kernel.empty()) return kernel;
  }
  const auto core_name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  return core_name ? core_name() : "";
}

std::string generic_blas_warning(const std::string& kernel, const std::string& simd) {
  constexpr std::array<const char*, 5> fast{"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"};
  if (kernel.empty() || (simd != "AVX2" && simd != "AVX-512")) return "";
  for (const char* name : fast) {
    if (kernel == name) return "";
  }
  const std::string remedy = simd == "AVX-512" ? "SkylakeX" : "Haswell";
  return "OpenBLAS runs its " + kernel + " kernels on a CPU with " + simd +
         " (it does not recognise this CPU): matmul and the factorizations run several times slower than they "
         "can, for gingham and NumPy alike. Set OPENBLAS_CORETYPE=" + remedy +
         " in the environment before the program starts (export it in the job script, or pass -x "
         "OPENBLAS_CORETYPE to mpirun).";
}

std::string take_generic_blas_warning() {
  static std::atomic<bool> given{false};
  if (given.exchange(true)) return "";
  return generic_blas_warning(openblas_kernel(), cpu_simd_level());
}

}  // namespace gingham
