#pragma once
/// \file
/// NumPy's NaN-aware reductions, scans and order statistics (nansum, nanprod, nanmin, nanmax, nanmean,
/// nanvar, nanstd, nanargmin, nanargmax, nancumsum, nancumprod, nanmedian, nanquantile) on distributed
/// arrays, with NumPy 1.24's semantics.
///
/// Each is composed of gingham's distributed operations, nothing gathered: a NaN-masking elementwise
/// transform (where(isnan(x), fill, x), no messages) feeds the ordinary reduction engine or scan
/// (reductions.hpp, scans.hpp), so the layouts and costs are theirs: nansum/nanprod/nancumsum/nancumprod
/// replace NaN by 0 or 1; nanmin/nanmax/nanargmin/nanargmax by +inf or -inf (then slices holding only
/// NaN give NaN, or throw for the arg versions); nanmean is the sum of the numbers over their count,
/// nanvar/nanstd NumPy's two passes over the numbers (mean, then squared deviations, divided by
/// count - ddof). nanmedian/nanquantile sort along the axis (NaNs sort last), count the numbers of each
/// line and read each line's own order statistics with take_along_axis: the distributed selection of
/// quantiles.hpp with a per-line length.
///
/// Integer and bool arrays hold no NaN: their nan functions are the plain ones (nanmean, nanvar, nanstd
/// want floating point, as mean does). Where NumPy warns (RuntimeWarning), the result says so in
/// `warning`, the same text on every rank of the communicator, for the caller to report.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/kernels/quantiles.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/kernels/scans.hpp"

namespace gingham {

/// A NaN-aware reduction.
enum class NanReduction : std::uint8_t { nansum, nanprod, nanmin, nanmax, nanmean, nanvar, nanstd, nanargmin, nanargmax };

/// Local. The NumPy name of a NaN-aware reduction ("nansum", ...).
std::string_view nan_reduction_name(NanReduction op) noexcept;
/// Local. The NaN-aware reduction of a NumPy name, if any.
std::optional<NanReduction> nan_reduction_named(std::string_view name) noexcept;

/// A result and NumPy's RuntimeWarning for it.
struct NanResult {
  Array value;
  /// Empty, or the text NumPy warns with: "All-NaN slice encountered" (nanmin, nanmax, nanmedian,
  /// nanquantile), "Mean of empty slice" (nanmean), "Degrees of freedom <= 0 for slice." (nanvar, nanstd).
  /// The same on every rank of the communicator.
  std::string warning;
};

/// Collective over x.grid().comm(). The NaN-aware reduction `op` of x with `options` (axis, keepdims;
/// dtype for nansum/nanprod; correction: NumPy's ddof for nanvar/nanstd), laid out as reduce()'s result.
/// Slices with no number give NaN (0 for nansum, 1 for nanprod) and the warning above; nanargmin and
/// nanargmax throw std::invalid_argument ("All-NaN slice encountered", NumPy's ValueError) on every rank
/// instead. Cost: one elementwise pass for the mask and one for the fill (no messages), then reduce()'s
/// exchanges: one for nansum/nanprod, two for nanmin/nanmax/nanargmin/nanargmax/nanmean (the
/// all-NaN test or the count), three for nanvar/nanstd (count, sum, squared deviations); for all but
/// nansum/nanprod, one more any() over the result and one MPI_Allreduce of one int agree on the
/// warning. Throws as reduce() (gingham::TypeError for dtypes the plain reduction refuses: nanvar of
/// complex, nanmean of integers).
NanResult nan_reduce(NanReduction op, const Array& x, const ReduceOptions& options = {});

/// Collective over x.grid().comm(). NumPy's nancumsum / nancumprod: cumulative() of x with NaN replaced
/// by 0 / 1 (one elementwise pass, then cumulative()'s cost and layout).
Array nan_cumulative(ScanOp op, const Array& x, std::optional<int> axis = std::nullopt,
                     std::optional<DType> dtype = std::nullopt, bool include_initial = false);

/// Collective over x.grid().comm(). NumPy's nanquantile: the quantiles `q` (each in [0, 1]) of the numbers
/// of each line of x along `axis` (none: of the flattened array), shaped as quantile()'s result. Each
/// line's order statistics are at v = q (m - 1) for its own count m of numbers: x sorted along the axis
/// (sort_in_any_layout), the count by one reduction, and the neighbours of v read with take_along_axis
/// (one exchange each), interpolated elementwise as quantile() does. Lines with no number give NaN and
/// the warning "All-NaN slice encountered". Integer x: quantile() itself. Throws as quantile().
NanResult nan_quantile(const Array& x, const std::vector<double>& q, std::optional<int> axis,
                       QuantileMethod method = QuantileMethod::linear, bool keepdims = false);

/// Collective over x.grid().comm(). NumPy's nanmedian: the mean of the one or two middle numbers of each
/// sorted line (as nan_quantile, with the middle positions (m - 1) / 2 and m / 2 of each line), shaped as
/// median()'s result; NaN and "All-NaN slice encountered" for lines with no number. Integer x: median().
NanResult nan_median(const Array& x, std::optional<int> axis, bool keepdims = false);

}  // namespace gingham
