// The continuous distributions of gingham::random::Generator (gingham/random/generator.hpp): random,
// uniform, standard_normal (Box-Muller on fixed pairs), normal, standard_exponential (inverse CDF),
// exponential. Each element comes from the words at its global index: no messages but the allocation's.
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

#include "fill.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/random/generator.hpp"
#include "../kernels/vector_math.hpp"

namespace gingham::random {
namespace {

constexpr double kTwoPow53Inverse = 0x1.0p-53;

/// u in [0, 1): NumPy's next_double.
inline double unit_closed_open(std::uint64_t w) noexcept { return static_cast<double>(w >> 11) * kTwoPow53Inverse; }
/// u in (0, 1]: for logarithms.
inline double unit_open_closed(std::uint64_t w) noexcept {
  return static_cast<double>((w >> 11) + 1) * kTwoPow53Inverse;
}

void require_finite(double value, const char* method, const char* name) {
  if (!std::isfinite(value)) {
    throw std::invalid_argument(std::string("Generator.") + method + ": expected a finite " + name + ", got " +
                                describe_floating(value));
  }
}

void require_scale(double scale, const char* method) {
  require_finite(scale, method, "scale");
  if (scale < 0) {
    throw std::invalid_argument(std::string("Generator.") + method + ": expected scale >= 0, got " +
                                describe_floating(scale));
  }
}

/// A new array of `layout` whose element i is transform(u_i) with u_i the [0, 1) double of word i (float32:
/// 24 bits).
template <class Transform>
Array fill_unit(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                const PhiloxKey& key, std::uint64_t position, Transform&& transform) {
  Array y = Array::allocate(dtype, grid, std::move(layout), {}, /*zero=*/false);
  if (dtype == DType::float64) {
    detail::fill_by_element<double, 1>(y, key, position, [&](const std::uint64_t* w) {
      return transform(unit_closed_open(*w));
    });
  } else {
    detail::fill_by_element<float, 1>(y, key, position, [&](const std::uint64_t* w) {
      return static_cast<float>(transform(static_cast<float>(*w >> 40) * 0x1.0p-24f));
    });
  }
  return y;
}

/// out[i] = log(in[i]) for i < n: glibc's libmvec SIMD log when the CPU has AVX2 or AVX-512 (the same
/// path for every element, a padded vector for the tail: so an element's bits never depend on where a
/// chunk starts), std::log otherwise. The same for sin and cos.
void log_of(const double* in, double* out, std::int64_t n) {
  if (!gingham::detail::vector_unary(UnaryOp::log, in, out, n)) {
    for (std::int64_t k = 0; k < n; ++k) out[k] = std::log(in[k]);
  }
}
void sin_of(const double* in, double* out, std::int64_t n) {
  if (!gingham::detail::vector_unary(UnaryOp::sin, in, out, n)) {
    for (std::int64_t k = 0; k < n; ++k) out[k] = std::sin(in[k]);
  }
}
void cos_of(const double* in, double* out, std::int64_t n) {
  if (!gingham::detail::vector_unary(UnaryOp::cos, in, out, n)) {
    for (std::int64_t k = 0; k < n; ++k) out[k] = std::cos(in[k]);
  }
}

/// Box-Muller on a chunk of n words (n even): the pair (w1, w2) = (words[2k], words[2k + 1]) gives
/// values[2k] = loc + scale r cos(a), values[2k + 1] = loc + scale r sin(a), r = sqrt(-2 ln u1),
/// a = 2 pi u2, u1 in (0, 1], u2 in [0, 1).
void box_muller(const std::uint64_t* words, std::int64_t n, double* values, double loc, double scale) {
  constexpr std::int64_t kPairs = detail::kChunkElements / 2;
  double radius[kPairs] = {}, angle[kPairs] = {}, cosine[kPairs], sine[kPairs];
  const std::int64_t pairs = n / 2;
  for (std::int64_t k = 0; k < pairs; ++k) {
    radius[k] = unit_open_closed(words[2 * k]);
    angle[k] = 2.0 * std::numbers::pi * unit_closed_open(words[2 * k + 1]);
  }
  log_of(radius, radius, pairs);
  cos_of(angle, cosine, pairs);
  sin_of(angle, sine, pairs);
  for (std::int64_t k = 0; k < pairs; ++k) {
    const double r = std::sqrt(-2.0 * radius[k]);
    values[2 * k] = loc + scale * (r * cosine[k]);
    values[2 * k + 1] = loc + scale * (r * sine[k]);
  }
}

Array fill_normal(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                  const PhiloxKey& key, std::uint64_t position, double loc, double scale) {
  Array y = Array::allocate(dtype, grid, std::move(layout), {}, /*zero=*/false);
  auto transform = [&](const std::uint64_t* words, std::int64_t n, double* values) {
    box_muller(words, n, values, loc, scale);
  };
  if (dtype == DType::float64) detail::fill_by_pairs<double>(y, key, position, transform);
  else detail::fill_by_pairs<float>(y, key, position, transform);
  return y;
}

/// -scale ln(u), u = ((w >> 11) + 1) 2^-53 in (0, 1], on a chunk of n words (n even).
Array fill_exponential(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                       const PhiloxKey& key, std::uint64_t position, double scale) {
  Array y = Array::allocate(dtype, grid, std::move(layout), {}, /*zero=*/false);
  auto transform = [scale](const std::uint64_t* words, std::int64_t n, double* values) {
    for (std::int64_t k = 0; k < n; ++k) values[k] = unit_open_closed(words[k]);
    log_of(values, values, n);
    for (std::int64_t k = 0; k < n; ++k) values[k] = -scale * values[k];
  };
  if (dtype == DType::float64) detail::fill_by_pairs<double>(y, key, position, transform);
  else detail::fill_by_pairs<float>(y, key, position, transform);
  return y;
}

}  // namespace

Array Generator::random(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  const auto checked = check_call(grid.comm(), "Generator.random", arg("generator", *this),
                                  arg("dtype", dtype), arg("grid", grid), arg("layout", layout));
  detail::require_real_floating(dtype, "random");
  const std::uint64_t start = position_;
  Array y = fill_unit(dtype, grid, layout, key_, start, [](auto u) { return u; });
  position_ += detail::element_count(*layout);
  return y;
}

Array Generator::uniform(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                         double low, double high) {
  const auto checked = check_call(grid.comm(), "Generator.uniform", arg("generator", *this),
                                  arg("dtype", dtype), arg("grid", grid), arg("layout", layout), arg("low", low),
                                  arg("high", high));
  detail::require_real_floating(dtype, "uniform");
  require_finite(low, "uniform", "low");
  require_finite(high, "uniform", "high");
  const double range = high - low;
  if (!std::isfinite(range)) {
    throw std::invalid_argument("Generator.uniform: expected high - low to be finite, got high = " +
                                describe_floating(high) + ", low = " + describe_floating(low));
  }
  Array y = fill_unit(dtype, grid, layout, key_, position_,
                      [low, range](auto u) { return low + range * static_cast<double>(u); });
  position_ += detail::element_count(*layout);
  return y;
}

Array Generator::standard_normal(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  const auto checked = check_call(grid.comm(), "Generator.standard_normal", arg("generator", *this), arg("dtype", dtype), arg("grid", grid),
                                  arg("layout", layout));
  detail::require_real_floating(dtype, "standard_normal");
  Array y = fill_normal(dtype, grid, layout, key_, position_, 0.0, 1.0);
  position_ += (detail::element_count(*layout) + 1) & ~std::uint64_t{1};
  return y;
}

Array Generator::normal(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, double loc,
                        double scale) {
  const auto checked = check_call(grid.comm(), "Generator.normal", arg("generator", *this),
                                  arg("dtype", dtype), arg("grid", grid), arg("layout", layout), arg("loc", loc),
                                  arg("scale", scale));
  detail::require_real_floating(dtype, "normal");
  require_finite(loc, "normal", "loc");
  require_scale(scale, "normal");
  Array y = fill_normal(dtype, grid, layout, key_, position_, loc, scale);
  position_ += (detail::element_count(*layout) + 1) & ~std::uint64_t{1};
  return y;
}

Array Generator::standard_exponential(DType dtype, const ProcessGrid& grid,
                                      std::shared_ptr<const Distribution> layout) {
  const auto checked = check_call(grid.comm(), "Generator.standard_exponential", arg("generator", *this), arg("dtype", dtype), arg("grid", grid),
                                  arg("layout", layout));
  detail::require_real_floating(dtype, "standard_exponential");
  Array y = fill_exponential(dtype, grid, layout, key_, position_, 1.0);
  position_ += detail::element_count(*layout);
  return y;
}

Array Generator::exponential(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                             double scale) {
  const auto checked = check_call(grid.comm(), "Generator.exponential", arg("generator", *this),
                                  arg("dtype", dtype), arg("grid", grid), arg("layout", layout),
                                  arg("scale", scale));
  detail::require_real_floating(dtype, "exponential");
  require_scale(scale, "exponential");
  Array y = fill_exponential(dtype, grid, layout, key_, position_, scale);
  position_ += detail::element_count(*layout);
  return y;
}

}  // namespace gingham::random
