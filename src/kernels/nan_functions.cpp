// NumPy's NaN-aware functions (gingham/kernels/nan_functions.hpp): a NaN-masking elementwise transform
// feeding the reduction engine, the scans and the distributed selection. Nothing here reduces or sorts
// by itself.
#include "gingham/kernels/nan_functions.hpp"

#include <mpi.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"

namespace gingham {
namespace {

using Shape = std::vector<std::int64_t>;

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr const char* all_nan = "All-NaN slice encountered";

constexpr std::string_view names[] = {"nansum",  "nanprod", "nanmin",    "nanmax",   "nanmean",
                                      "nanvar",  "nanstd",  "nanargmin", "nanargmax"};

Reduction plain_of(NanReduction op) {
  constexpr Reduction plain[] = {Reduction::sum, Reduction::prod, Reduction::min,    Reduction::max,   Reduction::mean,
                                 Reduction::var, Reduction::std,  Reduction::argmin, Reduction::argmax};
  return plain[static_cast<int>(op)];
}

/// x with its NaNs replaced by `fill` (no messages).
Array filled(const Array& x, const Array& nan, double fill) { return where(nan, Scalar(fill), x); }

/// Collective over mask.grid().comm(): whether any element of the bool array `mask` is true, on every rank
/// (any() over all axes, then one MPI_Allreduce of one int for the ranks outside the grid).
bool any_on_every_rank(const Array& mask) {
  const Array any = reduce(Reduction::any, mask);
  int local = any.holds_shard() && *reinterpret_cast<const bool*>(any.local().data) ? 1 : 0;
  int global = 0;
  GINGHAM_MPI(MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MAX, mask.grid().comm().get()));
  return global != 0;
}

/// The count of x's numbers (non-NaN elements) per result element, in dtype `d` (the count stays exact up to
/// 2^24 numbers per slice in float32).
Array number_count(const Array& nan, const ReduceOptions& options, DType d) {
  ReduceOptions counting{options.axis, options.keepdims, std::nullopt, 0.0};
  return astype(reduce(Reduction::count_nonzero, apply(UnaryOp::logical_not, nan), counting), d);
}

/// NumPy's nanvar and nanstd: the mean of the numbers, their squared deviations (0 where x is NaN) summed,
/// divided by count - ddof; NaN and a warning where that is <= 0.
NanResult nan_variance(NanReduction op, const Array& x, const Array& nan, const ReduceOptions& options) {
  const ReduceOptions kept{options.axis, true, std::nullopt, 0.0};
  const Array zeroed = filled(x, nan, 0.0);
  const Array count = number_count(nan, kept, x.dtype());
  const Array mean = apply(BinaryOp::divide, reduce(Reduction::sum, zeroed, kept), count);
  const Array deviation = where(nan, Scalar(0.0), apply(BinaryOp::subtract, zeroed, mean));
  const Array dof = apply(BinaryOp::subtract, count, Scalar(options.correction));
  Array result = apply(BinaryOp::divide, reduce(Reduction::sum, apply(BinaryOp::multiply, deviation, deviation), kept), dof);
  const Array bad = apply(BinaryOp::less_equal, dof, Scalar(0.0));
  std::string warning;
  if (any_on_every_rank(bad)) {
    warning = "Degrees of freedom <= 0 for slice.";
    result = where(bad, Scalar(nan_value), result);
  }
  if (op == NanReduction::nanstd) result = apply(UnaryOp::sqrt, result);
  if (!options.keepdims) result = squeeze(result, normalize_axes(options.axis, x.ndim(), names[static_cast<int>(op)]));
  return {result, warning};
}

void require_kinds(NanReduction op, const Array& x, const ReduceOptions& options) {
  const std::string name(nan_reduction_name(op));
  const bool mean_like = op == NanReduction::nanmean || op == NanReduction::nanvar || op == NanReduction::nanstd;
  const bool real_only = op != NanReduction::nansum && op != NanReduction::nanprod && op != NanReduction::nanmean;
  if (mean_like && !is_floating(x.dtype())) {
    throw TypeError(name + ": expected a floating-point array, got dtype " + std::string(dtype_name(x.dtype())) +
                    "; convert it first, for example with astype(x, float64)");
  }
  if (real_only && is_complex_floating(x.dtype())) {
    throw TypeError(name + ": expected a real array, got dtype " + std::string(dtype_name(x.dtype())));
  }
  if (options.dtype && op != NanReduction::nansum && op != NanReduction::nanprod) {
    throw std::invalid_argument(name + ": takes no dtype argument");
  }
}

// ---- order statistics ------------------------------------------------------------------------------

/// x prepared for a selection along one axis: sorted lines (NaNs last), the count of numbers per line
/// (float64, extent 1 along the axis) and the result's kept shape.
struct SortedLines {
  Array sorted;
  int axis;
  Array count;
  Shape kept;
};

SortedLines sorted_lines(const Array& x, std::optional<int> axis, bool keepdims, const char* function) {
  const int nd = x.ndim();
  if (axis && (*axis < -nd || *axis >= nd)) {
    throw std::out_of_range(std::string(function) + ": axis " + std::to_string(*axis) +
                            " is out of bounds for an array of " + std::to_string(nd) + " dimensions");
  }
  const int along = !axis ? 0 : (*axis < 0 ? *axis + nd : *axis);
  const Array lines = !axis && nd != 1 ? reshape(x, {x.global_size()}) : x;
  Shape kept;
  if (!axis) {
    kept = keepdims ? Shape(static_cast<std::size_t>(nd), 1) : Shape{};
  } else {
    kept = x.global_shape();
    if (keepdims) {
      kept[static_cast<std::size_t>(along)] = 1;
    } else {
      kept.erase(kept.begin() + along);
    }
  }
  const Array sorted = sort_in_any_layout(lines, along);
  const Array count = number_count(apply(UnaryOp::isnan, sorted),
                                   ReduceOptions{std::vector<int>{along}, true, std::nullopt, 0.0}, DType::float64);
  return {sorted, along, count, kept};
}

/// The elements of each sorted line at the (float64, integral) positions `at`.
Array read_at(const SortedLines& l, const Array& at) {
  return take_along_axis(l.sorted, astype(at, DType::int64), l.axis);
}

/// result with NaN on the lines without numbers, and the warning when there are some.
NanResult with_empty_lines(const SortedLines& l, Array result) {
  const Array empty = apply(BinaryOp::equal, l.count, Scalar(0.0));
  if (!any_on_every_rank(empty)) return {result, {}};
  return {where(empty, Scalar(nan_value), result), all_nan};
}

/// The selection axis moved to the front and the result shaped (leading,) + kept, or kept alone.
Array shaped(Array result, const SortedLines& l, std::optional<std::int64_t> leading) {
  if (leading && l.axis != 0) result = moveaxis(result, {l.axis}, {0});
  Shape target = l.kept;
  if (leading) target.insert(target.begin(), *leading);
  return result.global_shape() == target ? result : reshape(result, target);
}

DType interpolated_dtype(DType d) { return is_real_floating(d) ? d : DType::float64; }

}  // namespace

std::string_view nan_reduction_name(NanReduction op) noexcept { return names[static_cast<int>(op)]; }

std::optional<NanReduction> nan_reduction_named(std::string_view name) noexcept {
  for (std::size_t k = 0; k < std::size(names); ++k) {
    if (names[k] == name) return static_cast<NanReduction>(k);
  }
  return std::nullopt;
}

NanResult nan_reduce(NanReduction op, const Array& x, const ReduceOptions& options) {
  const auto checked = check_call(x.grid().comm(), nan_reduction_name(op), arg("x", x), arg("axis", options.axis),
                                  arg("keepdims", options.keepdims), arg("dtype", options.dtype),
                                  arg("correction", options.correction));
  require_kinds(op, x, options);
  const Reduction plain = plain_of(op);
  if (!is_floating(x.dtype())) return {reduce(plain, x, options), {}};
  const Array nan = apply(UnaryOp::isnan, x);
  switch (op) {
    case NanReduction::nansum: return {reduce(plain, filled(x, nan, 0.0), options), {}};
    case NanReduction::nanprod: return {reduce(plain, filled(x, nan, 1.0), options), {}};
    case NanReduction::nanmean: {
      const Array count = number_count(nan, options, real_dtype(x.dtype()));
      const Array mean = apply(BinaryOp::divide, reduce(Reduction::sum, filled(x, nan, 0.0), options), count);
      const bool empty = any_on_every_rank(apply(BinaryOp::equal, count, Scalar(0.0)));
      return {mean, empty ? "Mean of empty slice" : ""};
    }
    case NanReduction::nanvar:
    case NanReduction::nanstd: return nan_variance(op, x, nan, options);
    default: break;
  }
  // min, max, argmin, argmax: NaN never wins against a number.
  const bool low = op == NanReduction::nanmin || op == NanReduction::nanargmin;
  const Array value = reduce(plain, filled(x, nan, low ? infinity : -infinity), options);
  const Array empty = reduce(Reduction::all, nan, ReduceOptions{options.axis, options.keepdims, std::nullopt, 0.0});
  if (!any_on_every_rank(empty)) return {value, {}};
  if (op == NanReduction::nanargmin || op == NanReduction::nanargmax) {
    throw std::invalid_argument(std::string(nan_reduction_name(op)) + ": " + all_nan);
  }
  return {where(empty, Scalar(nan_value), value), all_nan};
}

Array nan_cumulative(ScanOp op, const Array& x, std::optional<int> axis, std::optional<DType> dtype,
                     bool include_initial) {
  const auto checked = check_call(x.grid().comm(), op == ScanOp::sum ? "nancumsum" : "nancumprod", arg("x", x),
                                  arg("axis", axis), arg("dtype", dtype), arg("include_initial", include_initial));
  if (!is_floating(x.dtype())) return cumulative(op, x, axis, dtype, include_initial);
  const Array nan = apply(UnaryOp::isnan, x);
  return cumulative(op, filled(x, nan, op == ScanOp::sum ? 0.0 : 1.0), axis, dtype, include_initial);
}

NanResult nan_quantile(const Array& x, const std::vector<double>& q, std::optional<int> axis, QuantileMethod method,
                       bool keepdims) {
  const auto checked = check_call(x.grid().comm(), "nanquantile", arg("x", x), arg("q", q), arg("axis", axis),
                                  arg("method", method), arg("keepdims", keepdims));
  const bool empty_axis = axis ? (*axis >= -x.ndim() && *axis < x.ndim() &&
                                  x.global_shape()[static_cast<std::size_t>(*axis < 0 ? *axis + x.ndim() : *axis)] == 0)
                               : x.global_size() == 0;
  if (!is_real_floating(x.dtype()) || empty_axis) return {quantile(x, q, axis, method, keepdims), {}};  // its errors
  for (double p : q) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw std::invalid_argument("nanquantile: expected quantiles in the range [0, 1], got " + std::to_string(p));
    }
  }
  const SortedLines l = sorted_lines(x, axis, keepdims, "nanquantile");
  // Each line's positions: v = q (m - 1) for its m numbers (0 for a line without numbers).
  const Array last = apply(BinaryOp::maximum, apply(BinaryOp::subtract, l.count, Scalar(1.0)), Scalar(0.0));
  std::vector<Array> previous, next, gamma;
  for (double p : q) {
    const Array v = apply(BinaryOp::multiply, last, Scalar(p));
    const Array below = apply(UnaryOp::floor, v);
    switch (method) {
      case QuantileMethod::lower: previous.push_back(below); break;
      case QuantileMethod::higher: previous.push_back(apply(UnaryOp::ceil, v)); break;
      case QuantileMethod::nearest: previous.push_back(apply(UnaryOp::round, v)); break;  // half to even
      case QuantileMethod::linear:
      case QuantileMethod::midpoint:
        previous.push_back(below);
        next.push_back(apply(BinaryOp::minimum, apply(BinaryOp::add, below, Scalar(1.0)), last));
        gamma.push_back(method == QuantileMethod::linear
                            ? apply(BinaryOp::subtract, v, below)
                            : where(apply(BinaryOp::equal, below, apply(UnaryOp::ceil, v)), Scalar(0.0), Scalar(0.5)));
        break;
    }
  }
  const auto joined = [&](const std::vector<Array>& parts) { return parts.size() == 1 ? parts[0] : concat(parts, l.axis); };
  Array result = read_at(l, joined(previous));
  if (method == QuantileMethod::linear || method == QuantileMethod::midpoint) {
    // NumPy's lerp: low + (high - low) g for g < 0.5, else high - (high - low)(1 - g).
    const DType d = interpolated_dtype(x.dtype());
    const Array g = astype(joined(gamma), d);
    const Array low = astype(result, d), high = astype(read_at(l, joined(next)), d);
    const Array difference = apply(BinaryOp::subtract, high, low);
    const Array from_low = apply(BinaryOp::add, low, apply(BinaryOp::multiply, difference, g));
    const Array from_high = apply(BinaryOp::subtract, high,
                                  apply(BinaryOp::multiply, difference, apply(BinaryOp::subtract, Scalar(1.0), g)));
    result = where(apply(BinaryOp::greater_equal, g, Scalar(0.5)), from_high, from_low);
  }
  NanResult r = with_empty_lines(l, result);
  r.value = shaped(r.value, l, static_cast<std::int64_t>(q.size()));
  return r;
}

NanResult nan_median(const Array& x, std::optional<int> axis, bool keepdims) {
  const auto checked = check_call(x.grid().comm(), "nanmedian", arg("x", x), arg("axis", axis),
                                  arg("keepdims", keepdims));
  if (!is_real_floating(x.dtype()) || x.global_size() == 0) return {median(x, axis, keepdims), {}};
  const SortedLines l = sorted_lines(x, axis, keepdims, "nanmedian");
  // The middle positions (m - 1) / 2 rounded down and up: one position for odd m, two for even m.
  const Array half = apply(BinaryOp::multiply,
                           apply(BinaryOp::maximum, apply(BinaryOp::subtract, l.count, Scalar(1.0)), Scalar(0.0)),
                           Scalar(0.5));
  const Array below = apply(UnaryOp::floor, half), above = apply(UnaryOp::ceil, half);
  const Array low = read_at(l, below), high = read_at(l, above);
  // NumPy's mean of the two middle numbers: their sum over 2; one middle number stays as it is.
  const Array mean = apply(BinaryOp::divide, apply(BinaryOp::add, low, high), Scalar(2.0));
  NanResult r = with_empty_lines(l, where(apply(BinaryOp::equal, below, above), low, mean));
  r.value = shaped(r.value, l, std::nullopt);
  return r;
}

}  // namespace gingham
