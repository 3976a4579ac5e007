#pragma once
// Balancing packed selections (internal): each rank of a grid's axis 0 holds, in order, the elements it
// selected from its contiguous Block range of a 1-D array; together they form a 1-D result laid out in
// Blocks over grid axis 0. Shared by compress (boolean selection) and the unique kernels.

#include <cstdint>
#include <memory>

#include "gingham/array/array.hpp"

namespace gingham::detail {

/// Local. The 1-D layout of `extent` elements in Blocks over grid axis 0 of a grid of shape `grid_dims`
/// (copies along the other grid axes): where selections and the unique kernels work.
std::shared_ptr<const Distribution> blocks_over_axis0(std::int64_t extent, const std::vector<int>& grid_dims);

/// Collective over grid.comm(). The 1-D array of `dtype` made of every axis-0 rank's `count` packed
/// elements at `packed`, in rank order, laid out Block over grid axis 0 (copies along the other grid
/// axes, which pass the same selection). One MPI_Exscan and one MPI_Allreduce of a count place the
/// selection; one ExchangePlan from counts (one MPI_Alltoall of counts) moves it to its Block owners (a selection
/// that one rank holds entirely still ends balanced). Ranks off the grid pass nothing. `packed` is
/// released before the result is returned (peak: the packed elements plus the result shard), except on
/// a grid of one rank along axis 0, where the packed elements become the shard (no plan, no copy; `packed`
/// must then be count elements that nothing else writes).
Array balance_packed(const ProcessGrid& grid, DType dtype, std::shared_ptr<std::byte> packed, std::int64_t count);

}  // namespace gingham::detail
