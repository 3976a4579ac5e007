// The warning about generic OpenBLAS kernels: when it applies, what it advises, and that it is given once.
#include <gtest/gtest.h>

#include "gingham/core/blas_kernel.hpp"

namespace gingham {
namespace {

TEST(BlasKernel, GenericKernelsOnAnAvx2CpuAreWarnedAboutWithTheRemedy) {
  const std::string avx2 = generic_blas_warning("Prescott", "AVX2");
  EXPECT_NE(avx2.find("OpenBLAS runs its Prescott kernels on a CPU with AVX2"), std::string::npos) << avx2;
  EXPECT_NE(avx2.find("OPENBLAS_CORETYPE=Haswell"), std::string::npos) << avx2;
  EXPECT_NE(generic_blas_warning("Sandybridge", "AVX-512").find("OPENBLAS_CORETYPE=SkylakeX"), std::string::npos);
  EXPECT_FALSE(generic_blas_warning("Nehalem", "AVX2").empty());
}

TEST(BlasKernel, FastKernelsOlderCpusAndOtherBlasGiveNoWarning) {
  for (const char* kernel : {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"}) {
    EXPECT_EQ(generic_blas_warning(kernel, "AVX-512"), "") << kernel;
    EXPECT_EQ(generic_blas_warning(kernel, "AVX2"), "") << kernel;
  }
  EXPECT_EQ(generic_blas_warning("Prescott", "SSE4.2"), "");  // the CPU has nothing faster
  EXPECT_EQ(generic_blas_warning("", "AVX2"), "");            // not OpenBLAS
}

TEST(BlasKernel, TheProcessIsWarnedOnce) {
  const std::string first = take_generic_blas_warning();
  EXPECT_EQ(first, generic_blas_warning(openblas_kernel(), cpu_simd_level()));
  EXPECT_EQ(take_generic_blas_warning(), "");
  const std::string simd = cpu_simd_level();
  EXPECT_TRUE(simd == "AVX-512" || simd == "AVX2" || simd == "SSE4.2" || simd == "SSE2") << simd;
  EXPECT_FALSE(openblas_kernel().empty()) << "gingham's build links Debian's OpenBLAS";
}

}  // namespace
}  // namespace gingham
