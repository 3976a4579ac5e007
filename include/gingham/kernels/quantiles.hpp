#pragma once
/// \file
/// Order statistics (NumPy's median, percentile and quantile) by a distributed selection, composed of
/// gingham's operations and gathering nothing: x is sorted along the axis (gingham::sort: local along an
/// undistributed axis, a distributed sample sort along a distributed one), the few order statistics
/// needed are read with gingham::take (one exchange each: the lower and upper neighbours of the
/// quantiles, and the last element, which says whether a line holds a NaN, as NaNs sort last), and the
/// interpolation is elementwise. An N-D array spread over more than one rank along every axis (which
/// gingham::sort refuses) is first moved to a 1-D grid over the same ranks with the axis whole on each
/// rank, and the result moved back: two more redistributions.
///
/// Interpolation as NumPy's `method=`, with v = q (n - 1): linear between s[floor v] and s[floor v + 1]
/// (NumPy's lerp: a + (b - a) g for g < 0.5, else b - (b - a)(1 - g)), lower s[floor v], higher
/// s[ceil v], nearest s[v rounded half to even], midpoint the lerp of s[floor v] and s[ceil v] at 1/2.
/// A line holding a NaN gives NaN. Integer input gives float64 for linear, midpoint and the median and
/// keeps its dtype for lower, higher and nearest; floating input keeps its dtype.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "gingham/array/array.hpp"

namespace gingham {

/// NumPy's interpolation methods for quantiles.
enum class QuantileMethod { linear, lower, higher, nearest, midpoint };

/// Local. The method of a NumPy name ("linear", "lower", "higher", "nearest", "midpoint"), if any.
std::optional<QuantileMethod> quantile_method_named(std::string_view name) noexcept;

/// Collective over x.grid().comm() (see the file comment: the sort, then 2 or 3 takes of the selected
/// slabs). The quantiles `q` (each in [0, 1]) of x along `axis` (none: of the flattened array), shaped
/// (q.size(),) + the kept shape: x's shape without `axis`, or with extent 1 there for keepdims (all ones
/// for axis none). The result is on x's grid. Throws std::invalid_argument for q outside [0, 1],
/// std::out_of_range for a bad axis or an empty axis (NumPy's IndexError), gingham::TypeError for bool
/// or complex x.
Array quantile(const Array& x, const std::vector<double>& q, std::optional<int> axis,
               QuantileMethod method = QuantileMethod::linear, bool keepdims = false);

/// Collective over x.grid().comm() (as quantile, with the one or two middle elements). NumPy's median:
/// the mean of the middle elements of each sorted line along `axis` (none: of the flattened array),
/// shaped as the kept shape (see quantile); NaN where a line holds a NaN, and for an empty axis. Throws
/// std::out_of_range for a bad axis, gingham::TypeError for bool or complex x.
Array median(const Array& x, std::optional<int> axis, bool keepdims = false);

/// Collective over x.grid().comm(). gingham::sort (or gingham::argsort with `indices`) of x along `axis`,
/// also where gingham::sort refuses: an N-D x spread over more than one rank along every axis is moved to
/// a 1-D grid over the same ranks (the axis whole on each rank, another axis Block), sorted there and
/// moved back to x's grid in the default layout (two redistributions more). Throws as gingham::sort.
Array sort_in_any_layout(const Array& x, int axis, bool indices = false);

}  // namespace gingham
