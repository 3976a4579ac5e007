#pragma once
/// \file
/// gingham::fft — the Array API's fft extension on distributed arrays (FFTW3 for the local transforms,
/// called only from src/fft/; the redistribution engine between them).
///
/// How a distributed transform runs: the array is moved to a slab layout on a 1-D grid over its ranks (its
/// own grid when that is 1-D) in which one axis that is not transformed (or, when every axis is, one
/// transformed axis at a time) is Block over the ranks and every transformed axis is whole on each rank;
/// FFTW transforms those axes in one batched call per rank; when every axis is transformed a second move
/// puts another axis on the ranks and the remaining axis is transformed. Cropping and zero padding (n, s)
/// happen in the local copy that feeds FFTW. The result is then moved back to the input's layout (resized
/// to the output's extents), unless FftOptions::keep_layout is false: then it stays in the last slab layout
/// (on the work grid), saving one move, as FFTW-MPI's FFTW_MPI_TRANSPOSED_OUT does. No rank ever holds more
/// than its share of the slabs: nothing is gathered.
///
/// Cost of an N-D transform over axes of which one or more are distributed: one redistribution in (none
/// when x is already in the first slab layout: the fast path is an array Block along a non-transformed
/// axis, or along its first axis, on a 1-D grid, with row-major shards), one between the two phases when
/// every axis is transformed, one out (none without keep_layout); each sends about the shard's bytes.
/// Peak extra memory per rank: about two shards of the result plus the engine's chunk buffers. FFTW plans
/// (FFTW_MEASURE by default, see set_fft_planner) and the engine's plans are cached, so repeated transforms of
/// one geometry plan once.
/// 1-D arrays spread over several ranks take the four-step algorithm (n = n1 n2, transforms of the
/// (n1, n2) matrix along both axes with a twiddle between, and a transpose), and lengths with no factor
/// pair (primes) Bluestein's algorithm on a power-of-two four-step.

#include <complex>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/array/dtype.hpp"
#include "gingham/kernels/elementwise_functions.hpp"

namespace gingham {

/// The scaling convention (Array API `norm`): "backward" scales the inverse transforms by 1/n, "ortho"
/// both directions by 1/sqrt(n), "forward" the forward transforms by 1/n.
enum class FftNorm { backward, ortho, forward };

/// Local. The FftNorm named "backward", "ortho" or "forward"; std::invalid_argument otherwise.
FftNorm fft_norm_from_name(std::string_view name);

/// FFTW's planner effort for new local plans (plans are cached per geometry and effort). measure (the default,
/// as FFTW's own): FFTW_MEASURE times candidate plans on scratch memory, so the first transform of a geometry
/// takes from milliseconds to seconds (2.9 s for a 256^3 complex128 fftn on 2 ranks, 0.15 s afterwards) and a
/// scratch copy of the shard while it plans; the plan chosen may differ between runs and ranks, and with it the
/// last bits of results. estimate: FFTW_ESTIMATE, a heuristic plan made in microseconds without running anything,
/// deterministic, often 2-5x slower transforms (0.8 s for the same fftn). patient: FFTW_PATIENT, more trials still.
/// The environment variable GINGHAM_FFT_PLANNER (estimate, measure, patient) sets the effort at start-up.
/// Measuring stops after 1 s per plan with the best plan found so far (fftw_set_timelimit; the environment
/// variable GINGHAM_FFT_PLAN_SECONDS changes it), so a large 1-D transform does not plan for minutes.
enum class FftPlanner { estimate, measure, patient };

/// Local. Sets the planner effort for plans made from now on (every rank should set the same, so that the
/// ranks' local transforms take alike times; results do not depend on it beyond rounding).
void set_fft_planner(FftPlanner effort) noexcept;
/// Local. The planner effort in use.
FftPlanner fft_planner() noexcept;

/// Options of the transforms.
struct FftOptions {
  /// The scaling convention.
  FftNorm norm = FftNorm::backward;
  /// true: the result has x's layout (its extents resized to the output's). false: the result stays in the
  /// driver's last slab layout, on a 1-D grid over x's ranks (x's grid when it is 1-D): one redistribution
  /// (about the result's bytes per rank) less.
  bool keep_layout = true;
};

// ---- One axis. n: the transform length (crop or zero-pad the input to it), default the input's extent
// (irfft and hfft: 2 (m - 1) for an input extent m). axis: in [-ndim, ndim). Each is Collective over
// x.grid().comm() and costs what the file comment says. Errors, raised on every rank alike: TypeError for
// a dtype the function does not take, std::invalid_argument for a 0-D array or n < 1, std::out_of_range for
// an axis out of range.

/// Collective over x.grid().comm(). The discrete Fourier transform along `axis` (floating x; complex64 or
/// complex128 result of x's precision).
Array fft(const Array& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1, FftOptions options = {});
/// Collective over x.grid().comm(). The inverse of fft.
Array ifft(const Array& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1, FftOptions options = {});
/// Collective over x.grid().comm(). The transform of real x (float32/float64): the n/2 + 1 non-negative
/// frequencies.
Array rfft(const Array& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1, FftOptions options = {});
/// Collective over x.grid().comm(). The inverse of rfft: a real result of n points (default 2 (m - 1)).
Array irfft(const Array& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1, FftOptions options = {});
/// Collective over x.grid().comm(). The transform of a signal with Hermitian symmetry given by its
/// non-negative frequencies: irfft(conj(x)) with the norm's direction swapped; real result.
Array hfft(const Array& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1, FftOptions options = {});
/// Collective over x.grid().comm(). The inverse of hfft: conj(rfft(x)) with the norm's direction swapped.
Array ihfft(const Array& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1, FftOptions options = {});

// ---- Several axes. s: the transform lengths (-1: the input's extent), default the input's extents (irfftn:
// 2 (m - 1) along the last axis). axes: default all axes, or the last len(s) axes when s is given; unique.
// Errors as above, and std::invalid_argument for empty axes, repeated axes, or s and axes of different lengths.

/// Collective over x.grid().comm(). The N-D discrete Fourier transform over `axes`.
Array fftn(const Array& x, std::optional<std::vector<std::int64_t>> s = std::nullopt,
           std::optional<std::vector<int>> axes = std::nullopt, FftOptions options = {});
/// Collective over x.grid().comm(). The inverse of fftn.
Array ifftn(const Array& x, std::optional<std::vector<std::int64_t>> s = std::nullopt,
            std::optional<std::vector<int>> axes = std::nullopt, FftOptions options = {});
/// Collective over x.grid().comm(). The N-D transform of real x: the last axis of `axes` halved to n/2 + 1
/// (transformed first, locally), the others complex.
Array rfftn(const Array& x, std::optional<std::vector<std::int64_t>> s = std::nullopt,
            std::optional<std::vector<int>> axes = std::nullopt, FftOptions options = {});
/// Collective over x.grid().comm(). The inverse of rfftn: real result, the last axis of `axes` of s[-1]
/// points (default 2 (m - 1)).
Array irfftn(const Array& x, std::optional<std::vector<std::int64_t>> s = std::nullopt,
             std::optional<std::vector<int>> axes = std::nullopt, FftOptions options = {});

// ---- Frequencies and shifts.

/// Collective over grid.comm(). The n sample frequencies [0, 1, ..., ceil(n/2) - 1, -floor(n/2), ..., -1] /
/// (d n) of a transform of n points, in `dtype` (float32 or float64), laid out as `layout` (a 1-D layout of
/// extent n; null: the default layout). Each rank computes its own elements; no messages beyond the
/// allocation's agreement. std::invalid_argument for n < 1 or a layout of another shape, TypeError for a
/// dtype that is not real floating.
Array fftfreq(std::int64_t n, double d, DType dtype, const ProcessGrid& grid,
              std::shared_ptr<const Distribution> layout = nullptr);
/// Collective over grid.comm(). The n/2 + 1 non-negative frequencies [0, 1, ..., n/2] / (d n) of rfft.
Array rfftfreq(std::int64_t n, double d, DType dtype, const ProcessGrid& grid,
               std::shared_ptr<const Distribution> layout = nullptr);
/// Collective over x.grid().comm(). x rolled by floor(n/2) along each of `axes` (default: all), so the zero
/// frequency is in the middle: a roll (gingham/kernels/manipulation.hpp), in x's layout.
Array fftshift(const Array& x, std::optional<std::vector<int>> axes = std::nullopt);
/// Collective over x.grid().comm(). The inverse of fftshift: a roll by -floor(n/2).
Array ifftshift(const Array& x, std::optional<std::vector<int>> axes = std::nullopt);

// ---- The typed versions on DistArray<T>: the same functions, the result typed (detail::real_t: the real type of
// T's precision, gingham/kernels/elementwise_functions.hpp).
namespace detail {
template <class T>
using fft_complex_t = std::complex<real_t<T>>;
}  // namespace detail

/// Collective over x.grid().comm(). fft on a typed array (T float, double or std::complex of them).
template <class T>
DistArray<detail::fft_complex_t<T>> fft(const DistArray<T>& x, std::optional<std::int64_t> n = std::nullopt,
                                                   int axis = -1, FftOptions options = {}) {
  return DistArray<detail::fft_complex_t<T>>(fft(x.array(), n, axis, options));
}
/// Collective over x.grid().comm(). ifft on a typed array.
template <class T>
DistArray<detail::fft_complex_t<T>> ifft(const DistArray<T>& x, std::optional<std::int64_t> n = std::nullopt,
                                                    int axis = -1, FftOptions options = {}) {
  return DistArray<detail::fft_complex_t<T>>(ifft(x.array(), n, axis, options));
}
/// Collective over x.grid().comm(). fftn on a typed array.
template <class T>
DistArray<detail::fft_complex_t<T>> fftn(const DistArray<T>& x,
                                                    std::optional<std::vector<std::int64_t>> s = std::nullopt,
                                                    std::optional<std::vector<int>> axes = std::nullopt,
                                                    FftOptions options = {}) {
  return DistArray<detail::fft_complex_t<T>>(fftn(x.array(), std::move(s), std::move(axes), options));
}
/// Collective over x.grid().comm(). ifftn on a typed array.
template <class T>
DistArray<detail::fft_complex_t<T>> ifftn(const DistArray<T>& x,
                                                     std::optional<std::vector<std::int64_t>> s = std::nullopt,
                                                     std::optional<std::vector<int>> axes = std::nullopt,
                                                     FftOptions options = {}) {
  return DistArray<detail::fft_complex_t<T>>(ifftn(x.array(), std::move(s), std::move(axes), options));
}
/// Collective over x.grid().comm(). rfftn on a typed real array.
template <class T>
DistArray<std::complex<T>> rfftn(const DistArray<T>& x, std::optional<std::vector<std::int64_t>> s = std::nullopt,
                                 std::optional<std::vector<int>> axes = std::nullopt, FftOptions options = {}) {
  return DistArray<std::complex<T>>(rfftn(x.array(), std::move(s), std::move(axes), options));
}
/// Collective over x.grid().comm(). irfftn on a typed complex array.
template <class T>
DistArray<detail::real_t<T>> irfftn(const DistArray<T>& x,
                                                     std::optional<std::vector<std::int64_t>> s = std::nullopt,
                                                     std::optional<std::vector<int>> axes = std::nullopt,
                                                     FftOptions options = {}) {
  return DistArray<detail::real_t<T>>(irfftn(x.array(), std::move(s), std::move(axes), options));
}

/// Collective over x.grid().comm(). rfft on a typed real array.
template <class T>
DistArray<std::complex<T>> rfft(const DistArray<T>& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1,
                                FftOptions options = {}) {
  return DistArray<std::complex<T>>(rfft(x.array(), n, axis, options));
}
/// Collective over x.grid().comm(). irfft on a typed array.
template <class T>
DistArray<detail::real_t<T>> irfft(const DistArray<T>& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1,
                                   FftOptions options = {}) {
  return DistArray<detail::real_t<T>>(irfft(x.array(), n, axis, options));
}
/// Collective over x.grid().comm(). hfft on a typed array.
template <class T>
DistArray<detail::real_t<T>> hfft(const DistArray<T>& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1,
                                  FftOptions options = {}) {
  return DistArray<detail::real_t<T>>(hfft(x.array(), n, axis, options));
}
/// Collective over x.grid().comm(). ihfft on a typed real array.
template <class T>
DistArray<std::complex<T>> ihfft(const DistArray<T>& x, std::optional<std::int64_t> n = std::nullopt, int axis = -1,
                                 FftOptions options = {}) {
  return DistArray<std::complex<T>>(ihfft(x.array(), n, axis, options));
}
/// Collective over x.grid().comm(). fftshift on a typed array.
template <class T>
DistArray<T> fftshift(const DistArray<T>& x, std::optional<std::vector<int>> axes = std::nullopt) {
  return DistArray<T>(fftshift(x.array(), std::move(axes)));
}
/// Collective over x.grid().comm(). ifftshift on a typed array.
template <class T>
DistArray<T> ifftshift(const DistArray<T>& x, std::optional<std::vector<int>> axes = std::nullopt) {
  return DistArray<T>(ifftshift(x.array(), std::move(axes)));
}

}  // namespace gingham
