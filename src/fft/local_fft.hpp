#pragma once
// The only code that calls FFTW (src/fft/local_fft.cpp): transforms of a rank's own memory along axes it
// holds whole. FFTW plans are made through the guru64 interface, which takes any strides, with the planner
// effort of gingham::set_fft_planner (FFTW_MEASURE by default, as FFTW's own default: candidate plans are timed
// on scratch buffers of the same geometry and alignment, so the arrays are never touched; FFTW_ESTIMATE makes a
// heuristic plan in microseconds without trial runs), and are cached per (kind, precision, dims and strides, batch
// dims and strides, in-place, alignment, effort); executing a cached plan uses FFTW's new-array execute
// functions. FFTW's planner is not thread-safe: gingham calls it from one thread.

#include <cstdint>
#include <vector>

#include "gingham/core/local_view.hpp"

namespace gingham::fft_detail {

/// The four local transforms: complex to complex (forward: exp(-2 pi i jk/n), backward: exp(+2 pi i jk/n)),
/// real to complex (forward, the n/2 + 1 non-negative frequencies) and complex to real (backward).
enum class LocalKind { complex_forward, complex_backward, real_forward, real_backward };

/// Local. Transforms `in` into `out` (both strided views of this rank's memory; they may be the same
/// view for the complex kinds, then in place) along `axes`, unnormalized; every other axis is a batch.
/// complex kinds: same shape, complex64 (single) or complex128. real_forward: `in` real, `out` complex
/// with extent n/2 + 1 along the one axis (n = in's extent). real_backward: `in` complex with extent
/// n/2 + 1, `out` real with extent n along the one axis; `in` is overwritten (FFTW's c2r destroys its
/// input). `single`: float32/complex64 (fftwf) instead of double. Views of no elements do nothing.
/// Cost: O(N log N) flops for N elements; the first call with a new geometry plans (see set_fft_planner).
void local_transform(LocalKind kind, bool single, const RawView& in, const RawView& out, const std::vector<int>& axes);

/// Local. The number of FFTW plans cached on this rank (both precisions).
std::size_t cached_fftw_plans();

}  // namespace gingham::fft_detail
