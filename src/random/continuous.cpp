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

/// Box-Muller on the words (w1, w2): sqrt(-2 ln u1) (cos, sin)(2 pi u2), u1 in (0, 1], u2 in [0, 1).
inline void box_muller(std::uint64_t w1, std::uint64_t w2, double& first, double& second) noexcept {
  const double r = std::sqrt(-2.0 * std::log(unit_open_closed(w1)));
  const double angle = 2.0 * std::numbers::pi * unit_closed_open(w2);
  first = r * std::cos(angle);
  second = r * std::sin(angle);
}

Array fill_normal(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                  const PhiloxKey& key, std::uint64_t position, double loc, double scale) {
  Array y = Array::allocate(dtype, grid, std::move(layout), {}, /*zero=*/false);
  auto transform = [&](std::uint64_t w1, std::uint64_t w2, double& first, double& second) {
    box_muller(w1, w2, first, second);
    first = loc + scale * first;
    second = loc + scale * second;
  };
  if (dtype == DType::float64) detail::fill_by_pairs<double>(y, key, position, transform);
  else detail::fill_by_pairs<float>(y, key, position, transform);
  return y;
}

Array fill_exponential(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                       const PhiloxKey& key, std::uint64_t position, double scale) {
  Array y = Array::allocate(dtype, grid, std::move(layout), {}, /*zero=*/false);
  auto value = [scale](const std::uint64_t* w) { return -scale * std::log(unit_open_closed(*w)); };
  if (dtype == DType::float64) detail::fill_by_element<double, 1>(y, key, position, value);
  else detail::fill_by_element<float, 1>(y, key, position, [&](const std::uint64_t* w) {
    return static_cast<float>(value(w));
  });
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
