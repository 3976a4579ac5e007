#pragma once
/// \file
/// Which OpenBLAS kernel runs, and a warning when it is a generic one on a CPU that has AVX2: Debian's
/// OpenBLAS 0.3.21 does not recognise newer CPUs and silently falls back to pre-AVX2 kernels (several
/// times slower matmul and factorizations, for gingham and NumPy alike). Only queries: no BLAS call.

#include <string>

namespace gingham {

/// Local. The widest SIMD level this CPU offers: "AVX-512", "AVX2", "SSE4.2" or "SSE2".
std::string cpu_simd_level();

/// Local. The OpenBLAS kernel in use in this process ("Haswell", "SkylakeX", "Zen", "Prescott", ...), or
/// "" when the process's BLAS is not OpenBLAS. Cost: a dlopen of an already loaded library.
std::string openblas_kernel();

/// Local. The warning for OpenBLAS kernel `kernel` on a CPU of SIMD level `simd`: non-empty when the CPU has
/// AVX2 but the kernel is none of OpenBLAS's AVX2 or AVX-512 kernels, naming the remedy (OPENBLAS_CORETYPE).
std::string generic_blas_warning(const std::string& kernel, const std::string& simd);

/// Local. generic_blas_warning() for this process on the first call, "" on later calls (warn once: the C++
/// Environment prints it on world rank 0, and `import gingham` gives it as a RuntimeWarning there).
std::string take_generic_blas_warning();

}  // namespace gingham
