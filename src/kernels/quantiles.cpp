// NumPy's median and quantiles by a distributed selection (gingham/kernels/quantiles.hpp): sort, take
// the order statistics, interpolate elementwise.
#include "gingham/kernels/quantiles.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/sorting.hpp"

namespace gingham {
namespace {

using Shape = std::vector<std::int64_t>;

/// x prepared for a selection along one axis: flattened for axis none, the axis normalized, and the
/// result's kept shape.
struct Lines {
  Array x;
  int axis;
  std::int64_t n;
  Shape kept;
};

Lines lines_of(const Array& x, std::optional<int> axis, bool keepdims, const char* function) {
  if (x.dtype() == DType::bool_ || is_complex_floating(x.dtype())) {
    throw TypeError(std::string(function) + ": expected a real integer or floating-point array, got dtype " +
                    std::string(dtype_name(x.dtype())));
  }
  const int nd = x.ndim();
  if (axis && (*axis < -nd || *axis >= nd)) {
    throw std::out_of_range(std::string(function) + ": axis " + std::to_string(*axis) +
                            " is out of bounds for an array of " + std::to_string(nd) + " dimensions");
  }
  Lines l{!axis && nd != 1 ? reshape(x, {x.global_size()}) : x, !axis ? 0 : (*axis < 0 ? *axis + nd : *axis), 0, {}};
  if (!axis) {
    l.kept = keepdims ? Shape(static_cast<std::size_t>(nd), 1) : Shape{};
  } else {
    l.kept = x.global_shape();
    if (keepdims) {
      l.kept[static_cast<std::size_t>(l.axis)] = 1;
    } else {
      l.kept.erase(l.kept.begin() + l.axis);
    }
  }
  l.n = l.x.global_shape()[static_cast<std::size_t>(l.axis)];
  return l;
}

/// x sorted along `axis`; an N-D x spread over more than one rank along every axis is moved first to a
/// 1-D grid over the same ranks, the axis whole on each rank and another axis Block.
Array sorted_lines(const Array& x, int axis, bool indices = false) {
  const auto sorted = [indices](const Array& y, int a) { return indices ? argsort(y, a) : sort(y, a); };
  bool every_axis_spread = x.ndim() >= 2;
  for (int k = 0; k < x.ndim() && every_axis_spread; ++k) {
    const int g = x.distribution().grid_axis_of(k);
    every_axis_spread = g >= 0 && x.grid().dims()[static_cast<std::size_t>(g)] > 1;
  }
  if (!every_axis_spread) return sorted(x, axis);
  const ProcessGrid line(x.grid().comm(), {x.grid().size()});
  std::vector<AxisLayout> axes(static_cast<std::size_t>(x.ndim()), AxisLayout::not_distributed());
  axes[axis == 0 ? 1 : 0] = AxisLayout::block();
  return sorted(redistribute(x, line, std::make_shared<const Distribution>(x.global_shape(), axes, line.dims())), axis);
}

/// result itself on `grid`, else moved there in the default layout.
Array on_grid(const Array& result, const ProcessGrid& grid) {
  return result.grid() == grid ? result : redistribute(result, grid, default_layout(result.global_shape(), grid));
}

/// A replicated float64 array of `values` shaped (k, 1, ..., 1) with `trailing` ones, on `grid`.
Array column_on(const ProcessGrid& grid, std::vector<double> values, int trailing) {
  Shape shape{static_cast<std::int64_t>(values.size())};
  shape.resize(static_cast<std::size_t>(trailing) + 1, 1);
  const Shape strides(shape.size(), 1);
  return from_whole(DType::float64, grid, std::make_shared<const Distribution>(Distribution::replicated(shape, grid.dims())),
                    LocalView<double>(values.data(), shape, strides).raw());
}

DType interpolated_dtype(DType d) { return is_real_floating(d) ? d : DType::float64; }

Array converted(const Array& x, DType d) { return x.dtype() == d ? x : astype(x, d); }

/// result with NaN on the lines whose last sorted element (`last`, extent 1 along the axis) is NaN.
Array with_nans(const Array& result, const Array& last) {
  if (!is_real_floating(result.dtype())) return result;
  return where(apply(UnaryOp::isnan, last), Scalar(std::numeric_limits<double>::quiet_NaN()), result);
}

/// The selection axis moved to the front, shaped (leading,) + kept (or kept alone when !leading), on `grid`.
Array finished(Array result, int axis, std::optional<std::int64_t> leading, const Shape& kept, const ProcessGrid& grid) {
  if (axis != 0) result = moveaxis(result, {axis}, {0});
  Shape target = kept;
  if (leading) target.insert(target.begin(), *leading);
  if (result.global_shape() != target) {
    Shape without_first(result.global_shape().begin() + 1, result.global_shape().end());
    result = without_first == target ? squeeze(result, {0}) : reshape(result, target);
  }
  return on_grid(result, grid);
}

}  // namespace

Array sort_in_any_layout(const Array& x, int axis, bool indices) {
  const auto checked = check_call(x.grid().comm(), "sort_in_any_layout", arg("x", x), arg("axis", axis),
                                  arg("indices", indices));
  if (axis < -x.ndim() || axis >= x.ndim()) return indices ? argsort(x, axis) : sort(x, axis);  // sort's error
  return on_grid(sorted_lines(x, axis < 0 ? axis + x.ndim() : axis, indices), x.grid());
}

std::optional<QuantileMethod> quantile_method_named(std::string_view name) noexcept {
  if (name == "linear") return QuantileMethod::linear;
  if (name == "lower") return QuantileMethod::lower;
  if (name == "higher") return QuantileMethod::higher;
  if (name == "nearest") return QuantileMethod::nearest;
  if (name == "midpoint") return QuantileMethod::midpoint;
  return std::nullopt;
}

Array quantile(const Array& x, const std::vector<double>& q, std::optional<int> axis, QuantileMethod method,
               bool keepdims) {
  const auto checked = check_call(x.grid().comm(), "quantile", arg("x", x), arg("q", q), arg("axis", axis),
                                  arg("method", method), arg("keepdims", keepdims));
  for (double p : q) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw std::invalid_argument("quantile: expected quantiles in the range [0, 1], got " + std::to_string(p));
    }
  }
  const Lines l = lines_of(x, axis, keepdims, "quantile");
  if (l.n == 0) {
    throw std::out_of_range("quantile: cannot take a quantile of an empty axis (axis " + std::to_string(l.axis) +
                            " of extent 0)");
  }
  const auto k = static_cast<std::int64_t>(q.size());
  std::vector<std::int64_t> previous(q.size()), next(q.size());
  std::vector<double> gamma(q.size()), upper(q.size()), rest(q.size());
  for (std::size_t i = 0; i < q.size(); ++i) {
    const double v = q[i] * static_cast<double>(l.n - 1);
    switch (method) {
      case QuantileMethod::lower: previous[i] = static_cast<std::int64_t>(std::floor(v)); break;
      case QuantileMethod::higher: previous[i] = static_cast<std::int64_t>(std::ceil(v)); break;
      case QuantileMethod::nearest: previous[i] = static_cast<std::int64_t>(std::nearbyint(v)); break;  // half to even
      case QuantileMethod::linear:
      case QuantileMethod::midpoint: {
        const double virtual_index = method == QuantileMethod::midpoint ? 0.5 * (std::floor(v) + std::ceil(v)) : v;
        previous[i] = static_cast<std::int64_t>(std::floor(virtual_index));
        gamma[i] = method == QuantileMethod::midpoint ? (std::floor(v) == std::ceil(v) ? 0.0 : 0.5)
                                                      : virtual_index - std::floor(virtual_index);
        break;
      }
    }
    next[i] = std::min(previous[i] + 1, l.n - 1);
    upper[i] = gamma[i] >= 0.5 ? 1.0 : 0.0;
    rest[i] = 1.0 - gamma[i];
  }
  const Array s = sorted_lines(l.x, l.axis);
  const Array last = take(s, {l.n - 1}, l.axis);
  Array result = take(s, previous, l.axis);
  if (method == QuantileMethod::linear || method == QuantileMethod::midpoint) {
    const DType d = interpolated_dtype(x.dtype());
    const int trailing = s.ndim() - 1 - l.axis;
    const Array low = converted(result, d);
    const Array high = converted(take(s, next, l.axis), d);
    const Array difference = apply(BinaryOp::subtract, high, low);
    const Array from_low = apply(BinaryOp::add, low,
                                 apply(BinaryOp::multiply, difference, converted(column_on(s.grid(), gamma, trailing), d)));
    const Array from_high = apply(BinaryOp::subtract, high,
                                  apply(BinaryOp::multiply, difference, converted(column_on(s.grid(), rest, trailing), d)));
    result = where(astype(column_on(s.grid(), upper, trailing), DType::bool_), from_high, from_low);
  }
  return finished(with_nans(result, last), l.axis, k, l.kept, x.grid());
}

Array median(const Array& x, std::optional<int> axis, bool keepdims) {
  const auto checked = check_call(x.grid().comm(), "median", arg("x", x), arg("axis", axis), arg("keepdims", keepdims));
  const Lines l = lines_of(x, axis, keepdims, "median");
  const DType d = interpolated_dtype(x.dtype());
  if (l.n == 0) {
    return full(d, x.grid(), default_layout(l.kept, x.grid()), Scalar(std::numeric_limits<double>::quiet_NaN()));
  }
  const Array s = sorted_lines(l.x, l.axis);
  const std::int64_t middle = l.n / 2;
  Array result = converted(take(s, {l.n % 2 == 0 ? middle - 1 : middle}, l.axis), d);
  if (l.n % 2 == 0) {  // NumPy's mean of the two: their sum divided by 2
    result = apply(BinaryOp::divide, apply(BinaryOp::add, result, converted(take(s, {middle}, l.axis), d)), Scalar(2.0));
  }
  return finished(with_nans(result, take(s, {l.n - 1}, l.axis)), l.axis, std::nullopt, l.kept, x.grid());
}

}  // namespace gingham
