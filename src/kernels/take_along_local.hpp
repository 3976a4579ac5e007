#pragma once
// take_along_axis without communication (internal): when x's indexed axis is whole on every rank and the
// indices are laid out as x on the other axes, each rank's result elements are all in its own shard.

#include <cstdint>

#include "gingham/array/array.hpp"

namespace gingham::detail {

/// Local. Whether take_along_axis(x, keys, axis) reads only this rank's shard of x: same grid, x's `axis`
/// not split over ranks, and keys (the indices at the result's shape) on every other axis of x's extent,
/// map and grid axis. The answer depends only on layouts, so every rank gives the same.
bool reads_along_locally(const Array& x, const Array& keys, int axis);

/// Collective over x.grid().comm() (one MPI_Allreduce agreeing on errors). result[..., j, ...] =
/// x[..., keys[..., j, ...], ...] with keys int64 (negative indices count from the end) for which
/// reads_along_locally holds: the result has keys' layout, each rank fills its shard from its own shard
/// of x in one threaded pass over its keys (after one pass checking them). Throws std::out_of_range on
/// every rank for an index out of [-n, n) (the first on the first rank holding one), naming `function`.
Array take_along_locally(const Array& x, const Array& keys, int axis, const char* function);

}  // namespace gingham::detail
