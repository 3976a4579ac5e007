// unique_inverse, unique_all and isin: unique's runs, searchsorted (its answers through the ranks that
// hold each value's place), and for NaNs one scan that gives each NaN its own index.
#include "gingham/kernels/sets.hpp"

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/kernels/scans.hpp"
#include "gingham/kernels/searching.hpp"
#include "gingham/kernels/sorting.hpp"
#include "small_set_membership.hpp"

namespace gingham {
namespace {

/// x with `shape` (x itself when it has it already).
Array shaped(const Array& x, const std::vector<std::int64_t>& shape) {
  return x.global_shape() == shape ? x : reshape(x, shape);
}

/// For each element of x, the index of its value among the sorted distinct `values`: searchsorted, and
/// for each NaN of a floating x the first NaN's index plus its rank among x's NaNs (row-major).
Array inverse_of(const Array& values, const Array& x) {
  const Array inverse = searchsorted(values, x, /*right=*/false);
  if (!is_floating(x.dtype()) || x.global_size() == 0) return inverse;
  const Array nan = apply(UnaryOp::isnan, x);
  bool any_nan = false;  // on every rank of the communicator, those off x's grid included
  gather_to_all(reduce(Reduction::any, nan), LocalView<bool>(&any_nan, {}, {}).raw());
  if (!any_nan) return inverse;
  const Array ranks = cumulative(ScanOp::sum, shaped(nan, {x.global_size()}), std::nullopt, DType::int64);
  // In x's layout (that of `inverse` and `nan`): the result keeps it even when x has no distributed axis.
  const Array ordinal = redistribute(apply(BinaryOp::subtract, shaped(ranks, x.global_shape()), Scalar(std::int64_t{1})),
                                     x.grid(), inverse.layout());
  return where(nan, apply(BinaryOp::add, inverse, ordinal), inverse);
}

}  // namespace

UniqueInverseResult unique_inverse(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "unique_inverse", arg("x", x));
  Array values = unique(x, false, false).values;
  Array inverse = inverse_of(values, x);
  return {std::move(values), std::move(inverse)};
}

UniqueAllResult unique_all(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "unique_all", arg("x", x));
  UniqueRuns runs = unique(x, true, true);
  Array inverse = inverse_of(runs.values, x);
  return {std::move(runs.values), std::move(*runs.firsts), std::move(inverse), std::move(*runs.counts)};
}

Array isin(const Array& x1, const Array& x2, bool invert) {
  const auto checked = check_call(x1.grid().comm(), "isin", arg("x1", x1), arg("x2", x2), arg("invert", invert));
  if (x2.global_size() <= detail::kReplicatedSetLimit) {  // the same choice on every rank
    require_same_device("isin", x1.grid(), x2.grid());
    const DType common = promote_or_throw(x1.dtype(), x2.dtype(), "isin");
    if (is_complex_floating(common)) throw NotImplementedError("isin: complex arrays are not implemented yet");
    return detail::isin_replicated(x1, x2, common, invert);
  }
  const Array sorted = x2.ndim() == 0 ? expand_dims(x2, {0}) : sort(shaped(x2, {x2.global_size()}), -1, false, true);
  const Array found = contains_sorted(sorted, x1);
  return invert ? apply(UnaryOp::logical_not, found) : found;
}

}  // namespace gingham
