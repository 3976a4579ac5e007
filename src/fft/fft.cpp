// The public transforms of gingham/fft/fft.hpp: argument rules of the Array API (checked on global metadata,
// so every rank raises alike), dtype handling, then one call of the distributed driver.
#include "gingham/fft/fft.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "distributed_transform.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/elementwise_functions.hpp"

namespace gingham {
namespace {

using fft_detail::TransformSpec;
using Kind = TransformSpec::Kind;

bool is_real_floating(DType t) { return t == DType::float32 || t == DType::float64; }
bool is_complex(DType t) { return t == DType::complex64 || t == DType::complex128; }

/// Throws TypeError unless x is floating (real_only: real floating), and std::invalid_argument for 0-D x.
void require_input(const Array& x, const std::string& function, bool real_only) {
  const DType t = x.dtype();
  if (real_only ? !is_real_floating(t) : !(is_real_floating(t) || is_complex(t))) {
    throw TypeError("gingham::fft::" + function + ": expected an array of a " +
                    (real_only ? std::string("real floating-point dtype (float32 or float64)")
                               : std::string("floating-point dtype (float32, float64, complex64 or complex128)")) +
                    ", got " + std::string(dtype_name(t)));
  }
  if (x.ndim() == 0) {
    throw std::invalid_argument("gingham::fft::" + function + ": expected an array of at least one dimension, got a 0-D array");
  }
}

/// x as a complex array of its precision (a real array is converted).
Array as_complex(const Array& x) {
  if (is_complex(x.dtype())) return x;
  return astype(x, x.dtype() == DType::float32 ? DType::complex64 : DType::complex128);
}

int normalized_axis(int axis, int ndim, const std::string& function) {
  if (axis < -ndim || axis >= ndim) {
    throw std::out_of_range("gingham::fft::" + function + ": axis " + std::to_string(axis) +
                            " is out of bounds for an array of dimension " + std::to_string(ndim));
  }
  return axis < 0 ? axis + ndim : axis;
}

/// The default length along an axis of extent m: 2 (m - 1) for the inverse real transforms, else m.
std::int64_t default_length(Kind kind, bool halved_axis, std::int64_t m) {
  return kind == Kind::real_backward && halved_axis ? 2 * (m - 1) : m;
}

void require_length(std::int64_t n, bool given, int axis, const std::string& function) {
  if (n >= 1) return;
  if (given) {
    throw std::invalid_argument("gingham::fft::" + function + ": expected a transform length n >= 1, got " + std::to_string(n));
  }
  throw std::invalid_argument("gingham::fft::" + function + ": the default length along axis " + std::to_string(axis) +
                              " is " + std::to_string(n) + " points (the input has extent 1): pass n >= 1");
}

TransformSpec one_axis_spec(const Array& x, std::optional<std::int64_t> n, int axis, Kind kind, FftOptions options,
                            const std::string& function) {
  const int a = normalized_axis(axis, x.ndim(), function);
  const std::int64_t length = n ? *n : default_length(kind, true, x.global_shape()[a]);
  require_length(length, n.has_value(), a, function);
  return TransformSpec{kind, {a}, {length}, options.norm, options.keep_layout};
}

TransformSpec many_axes_spec(const Array& x, const std::optional<std::vector<std::int64_t>>& s,
                             const std::optional<std::vector<int>>& axes, Kind kind, FftOptions options,
                             const std::string& function) {
  const int ndim = x.ndim();
  std::vector<int> chosen;
  if (axes) {
    for (int axis : *axes) chosen.push_back(normalized_axis(axis, ndim, function));
    std::vector<int> sorted = chosen;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      throw std::invalid_argument("gingham::fft::" + function + ": expected unique axes, got " + format_shape(*axes));
    }
  } else if (s) {
    if (static_cast<int>(s->size()) > ndim) {
      throw std::invalid_argument("gingham::fft::" + function + ": s " + format_shape(*s) + " has more entries than x has axes (" +
                                  std::to_string(ndim) + ")");
    }
    for (int a = ndim - static_cast<int>(s->size()); a < ndim; ++a) chosen.push_back(a);
  } else {
    for (int a = 0; a < ndim; ++a) chosen.push_back(a);
  }
  if (chosen.empty()) {
    throw std::invalid_argument("gingham::fft::" + function + ": expected at least one axis to transform, got none");
  }
  if (s && s->size() != chosen.size()) {
    throw std::invalid_argument("gingham::fft::" + function + ": s " + format_shape(*s) + " and axes " + format_shape(chosen) +
                                " have different lengths");
  }
  TransformSpec spec{kind, chosen, {}, options.norm, options.keep_layout};
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    const bool halved = k + 1 == chosen.size();
    const bool given = s && (*s)[k] != -1;
    const std::int64_t length = given ? (*s)[k] : default_length(kind, halved, x.global_shape()[chosen[k]]);
    require_length(length, given, chosen[k], function);
    spec.lengths.push_back(length);
  }
  return spec;
}

FftNorm swapped(FftNorm norm) {
  if (norm == FftNorm::backward) return FftNorm::forward;
  if (norm == FftNorm::forward) return FftNorm::backward;
  return norm;
}

/// Runs `spec` on x with the check_call of `function` (x, the lengths, axes and options described).
Array transform(const Array& x, const TransformSpec& spec, const std::string& function) {
  const auto checked = check_call(x.grid().comm(), "fft." + function, arg("x", x), arg("axes", spec.axes),
                                  arg("lengths", spec.lengths), arg("norm", static_cast<int>(spec.norm)),
                                  arg("keep_layout", spec.keep_layout));
  return fft_detail::distributed_transform(x, spec);
}

}  // namespace

FftNorm fft_norm_from_name(std::string_view name) {
  if (name == "backward") return FftNorm::backward;
  if (name == "ortho") return FftNorm::ortho;
  if (name == "forward") return FftNorm::forward;
  throw std::invalid_argument("gingham::fft: expected norm 'backward', 'ortho' or 'forward', got '" + std::string(name) + "'");
}

Array fft(const Array& x, std::optional<std::int64_t> n, int axis, FftOptions options) {
  require_input(x, "fft", false);
  return transform(as_complex(x), one_axis_spec(x, n, axis, Kind::complex_forward, options, "fft"), "fft");
}

Array ifft(const Array& x, std::optional<std::int64_t> n, int axis, FftOptions options) {
  require_input(x, "ifft", false);
  return transform(as_complex(x), one_axis_spec(x, n, axis, Kind::complex_backward, options, "ifft"), "ifft");
}

Array rfft(const Array& x, std::optional<std::int64_t> n, int axis, FftOptions options) {
  require_input(x, "rfft", true);
  return transform(x, one_axis_spec(x, n, axis, Kind::real_forward, options, "rfft"), "rfft");
}

Array irfft(const Array& x, std::optional<std::int64_t> n, int axis, FftOptions options) {
  require_input(x, "irfft", false);
  return transform(as_complex(x), one_axis_spec(x, n, axis, Kind::real_backward, options, "irfft"), "irfft");
}

Array hfft(const Array& x, std::optional<std::int64_t> n, int axis, FftOptions options) {
  require_input(x, "hfft", false);
  options.norm = swapped(options.norm);
  const Array input = is_complex(x.dtype()) ? conj(x) : as_complex(x);
  return transform(input, one_axis_spec(x, n, axis, Kind::real_backward, options, "hfft"), "hfft");
}

Array ihfft(const Array& x, std::optional<std::int64_t> n, int axis, FftOptions options) {
  require_input(x, "ihfft", true);
  options.norm = swapped(options.norm);
  return conj(transform(x, one_axis_spec(x, n, axis, Kind::real_forward, options, "ihfft"), "ihfft"));
}

Array fftn(const Array& x, std::optional<std::vector<std::int64_t>> s, std::optional<std::vector<int>> axes,
           FftOptions options) {
  require_input(x, "fftn", false);
  return transform(as_complex(x), many_axes_spec(x, s, axes, Kind::complex_forward, options, "fftn"), "fftn");
}

Array ifftn(const Array& x, std::optional<std::vector<std::int64_t>> s, std::optional<std::vector<int>> axes,
            FftOptions options) {
  require_input(x, "ifftn", false);
  return transform(as_complex(x), many_axes_spec(x, s, axes, Kind::complex_backward, options, "ifftn"), "ifftn");
}

Array rfftn(const Array& x, std::optional<std::vector<std::int64_t>> s, std::optional<std::vector<int>> axes,
            FftOptions options) {
  require_input(x, "rfftn", true);
  return transform(x, many_axes_spec(x, s, axes, Kind::real_forward, options, "rfftn"), "rfftn");
}

Array irfftn(const Array& x, std::optional<std::vector<std::int64_t>> s, std::optional<std::vector<int>> axes,
             FftOptions options) {
  require_input(x, "irfftn", false);
  return transform(as_complex(x), many_axes_spec(x, s, axes, Kind::real_backward, options, "irfftn"), "irfftn");
}

}  // namespace gingham
