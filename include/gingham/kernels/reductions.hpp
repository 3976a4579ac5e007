#pragma once
/// \file
/// Reductions of the Array API standard (sum, prod, min, max, mean, var, std, all, any, count_nonzero,
/// argmin, argmax) over any set of axes of a distributed array of any dtype.
///
/// Distribution of a result: the reduced axes are removed (kept with extent 1 and not distributed with
/// keepdims); every other axis keeps its AxisLayout and grid axis on the same grid; grid axes that spread
/// only reduced axes hold copies. A reduction over every axis gives a 0-D array replicated on every grid
/// rank. Ranks of the communicator outside the grid hold no shard but take part in every collective.
///
/// Communication: each rank reduces its own shard, then the ranks that differ only in the coordinates of
/// the grid axes spreading reduced axes exchange their partial results (one MPI_Allgather over that
/// sub-communicator, ProcessGrid::axes_comm; nothing when no reduced axis is distributed) and combine
/// them in rank order, so every rank gets the same bits. var and std use two passes (the mean first),
/// hence two such exchanges. See deterministic.hpp for the rank-count-independent mode.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/kernels/deterministic.hpp"

namespace gingham {

/// The table of reductions: X(name, dtype kinds accepted: B bool, I integer, R real floating, C complex).
#define GINGHAM_FOR_EACH_REDUCTION(X)                                                                   \
  X(sum, "BIRC") X(prod, "BIRC") X(min, "IR") X(max, "IR") X(mean, "RC") X(var, "R") X(std, "R")        \
  X(all, "BIRC") X(any, "BIRC") X(count_nonzero, "BIRC") X(argmin, "IR") X(argmax, "IR")

/// A reduction of the table above.
enum class Reduction : std::uint8_t {
#define GINGHAM_ENUMERATOR(name, kinds) name,
  GINGHAM_FOR_EACH_REDUCTION(GINGHAM_ENUMERATOR)
#undef GINGHAM_ENUMERATOR
};

/// Local. The Array API name of a reduction ("sum", "count_nonzero", ...).
std::string_view reduction_name(Reduction op) noexcept;
/// Local. The reduction of an Array API name, if any.
std::optional<Reduction> reduction_named(std::string_view name) noexcept;

/// The keyword arguments of a reduction.
struct ReduceOptions {
  /// The axes to reduce (negative ones count from the end); none: every axis. argmin/argmax take at most one.
  std::optional<std::vector<int>> axis;
  /// Keep the reduced axes with extent 1.
  bool keepdims = false;
  /// sum and prod only: the result dtype (default: int64 for bool and signed integers, uint64 for
  /// unsigned integers, the input's dtype for floating point).
  std::optional<DType> dtype;
  /// var and std only: the divisor is max(N - correction, 0) for N reduced elements.
  double correction = 0.0;
};

/// Local. The reduced axes of an array of `ndim` axes, sorted and non-negative: all axes when `axis` is
/// empty. Throws std::out_of_range ("axis 3 is out of bounds for an array of dimension 2") or
/// std::invalid_argument for a repeated axis; `function` starts the message.
std::vector<int> normalize_axes(const std::optional<std::vector<int>>& axis, int ndim, std::string_view function);

/// Local. The result dtype of a reduction of an array of dtype `x` (see ReduceOptions::dtype). Throws
/// gingham::TypeError for dtypes the reduction does not accept (mean, var and std want floating point).
DType reduction_result_dtype(Reduction op, DType x, std::optional<DType> dtype = std::nullopt);

/// Collective over x.grid().comm(). The reduction `op` of x over options.axis (see the file comment for
/// the result's layout and the messages). NaN propagates through min and max; argmin/argmax give the
/// global index (flat row-major over the reduced axes) of the first extreme element, as int64; all and
/// any give bool, count_nonzero int64. Integer sums and products wrap modulo 2^bits as in NumPy.
/// Every rank throws the same exception for bad arguments: std::out_of_range for an axis out of bounds,
/// std::invalid_argument for a repeated axis or an empty min/max/argmin/argmax, gingham::TypeError for a
/// dtype the reduction does not accept. Cost: local work on each shard, then at most one MPI_Allgather
/// of the result shard's partials over the reduced grid axes (two for var/std; one MPI_Allgatherv per
/// distributed reduced axis in deterministic mode), plus the one MPI_Allreduce of Array::allocate (and
/// one more agreeing on the partials' allocation when a result holds over 1 MiB of partials).
Array reduce(Reduction op, const Array& x, const ReduceOptions& options = {});

/// Collective over x.grid().comm(). The sum of the squared magnitudes |x|^2 over `axes` (negative ones
/// count from the end), in x's real floating dtype (accumulated in double): what
/// linalg::vector_norm(x, ord=2) takes the square root of. One read of x and no temporary array, then
/// reduce's communication. Throws TypeError for a dtype that is not floating point.
Array sum_of_squares(const Array& x, const std::vector<int>& axes, bool keepdims = false);

/// Collective over x.grid().comm(). reduce(Reduction::sum, x, options).
Array sum(const Array& x, const ReduceOptions& options = {});

/// Collective over x.grid().comm(). The sum of all elements of `x`, identical on every rank of the
/// communicator (ranks outside the grid receive it with one MPI_Bcast). Integers wrap as in NumPy.
/// Floating point follows the deterministic mode (see deterministic.hpp).
template <class T>
T sum(const DistArray<T>& x);

}  // namespace gingham
