#pragma once
/// \file
/// Cumulative sums and products along one axis, and n-th discrete differences (Array API
/// cumulative_sum, cumulative_prod, diff) on distributed arrays.

#include <cstdint>
#include <optional>

#include "gingham/array/array.hpp"

namespace gingham {

/// Which cumulative operation: cumulative_sum or cumulative_prod.
enum class ScanOp : std::uint8_t { sum, prod };

/// Collective over x.grid().comm(). The cumulative sum or product of x along `axis` (optional for 1-D
/// arrays), in the dtype `dtype` (default: as for sum and prod: int64 for bool and signed integers,
/// uint64 for unsigned, the input's floating dtype). With include_initial the axis grows by one and
/// starts with the identity (0 or 1). The result has x's layout (with include_initial: the same
/// AxisLayout over the longer axis). Algorithm: each rank scans each of its blocks along the axis; the
/// ranks along the axis's grid axis exchange the block totals (one MPI_Allgatherv over that grid axis of
/// (blocks per rank) x (other local elements) values); each rank adds the exclusive prefix of the blocks
/// before each of its blocks, in global block order. One MPI_Allreduce over the grid agrees on the local
/// scratch allocation (the shard's size in the accumulator type) first. With include_initial on a
/// Block axis whose block size changes, one redistribution more. Throws std::invalid_argument for a 0-D x or a missing axis on
/// an N-D x, std::out_of_range for a bad axis, gingham::TypeError for complex-to-real or floating-to-
/// integer `dtype`.
Array cumulative(ScanOp op, const Array& x, std::optional<int> axis = std::nullopt,
                 std::optional<DType> dtype = std::nullopt, bool include_initial = false);

/// Collective over x.grid().comm(). The n-th discrete difference along `axis`: out[i] = x[i + 1] - x[i],
/// n times, with `prepend` and `append` (same shape as x except along `axis`) joined before and after
/// (n = 0: a copy of x, as in NumPy).
/// The result keeps x's AxisLayouts over the shorter axis. Each order is two redistributions of x through
/// shifted index maps (x[1:] and x[:-1] into the result's layout: only the neighbouring elements cross
/// ranks) and one local subtraction. prepend/append along a distributed axis are joined through a cyclic
/// layout (two redistributions of each piece, local copies; nothing is gathered). Throws
/// std::out_of_range for a bad axis, std::invalid_argument for n < 0 or mismatched prepend/append shapes,
/// gingham::TypeError for bool or mixed-kind dtypes.
Array diff(const Array& x, int axis = -1, int n = 1, const std::optional<Array>& prepend = std::nullopt,
           const std::optional<Array>& append = std::nullopt);

}  // namespace gingham
