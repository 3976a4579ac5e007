#pragma once
/// \file
/// Searching a sorted distributed array.

#include "gingham/array/array.hpp"

namespace gingham {

/// Collective over x1.grid().comm(). For each element v of x2, the index at which v would be inserted into
/// the sorted 1-D array x1 to keep it sorted: the first i with x1[i] >= v (`right` false) or > v (`right`
/// true); NaNs order last, as NumPy sorts them. The result is int64 in x2's layout. Cost: one
/// MPI_Allgatherv of each block's first value of x1 along the grid axis that spreads it, then each
/// element of x2 goes to the one rank that holds its block and its index comes back (an ExchangePlan from
/// routes, forward and reverse: three MPI_Allreduce, an MPI_Alltoall of counts and point-to-point
/// messages, all along that grid axis); nothing when x1 is not distributed.
/// The exchange goes in rounds of at most 2^20 elements of x2 per rank (as many rounds on every rank of
/// the grid axis, agreed by one MPI_Allreduce). Memory per rank beyond the result: x1's and x2's shards
/// are read in place (copied once only when not dense row-major), plus per round an int64 per element
/// (where its answer arrives) and at most two round-sized buffers (the values sent and received, then
/// the indices): about 50 MiB whatever the sizes and the data.
/// Precondition: x1 is sorted (as sort() leaves it). Throws std::invalid_argument when x1 is not 1-D or
/// the arrays live on different grids, gingham::TypeError for dtypes that do not promote or complex
/// dtypes (NotImplementedError).
Array searchsorted(const Array& x1, const Array& x2, bool right);

/// Collective over sorted.grid().comm(). Whether each element of x2 occurs in the sorted 1-D `sorted` (a
/// bool array in x2's layout; NaN occurs nowhere): searchsorted's exchange, in which the rank holding a
/// value's block answers whether the element at its insertion point equals it. Same cost and memory as
/// searchsorted, with a bool result. Throws as searchsorted does (naming isin).
Array contains_sorted(const Array& sorted, const Array& x2);

/// Collective over values.grid().comm(). The elements of the 1-D `values` where the 1-D `mask` (same
/// length, any dtype: nonzero selects) is set, in order, as a balanced array (Block over grid axis 0):
/// boolean selection. Both are first moved to Block over grid axis 0 if they are not so already; then one
/// MPI_Exscan and one MPI_Allreduce of a count place each rank's selection, and one ExchangePlan from counts
/// (an MPI_Allreduce, an MPI_Alltoall of counts, point-to-point messages) moves it to its Block owners (each rank's selection lands on a contiguous range
/// of ranks, so even a selection that one rank holds entirely ends balanced). Memory per rank: this
/// rank's selected elements packed (at most its shard) and the balanced result shard (selected total
/// / P), plus a Block copy of values and mask when they are laid out otherwise: at most about 2 shards
/// (measured for 10^7 float64 on 2 ranks with the mask x > 0.5: 1.2 shards, and 1.73 on the rank that
/// holds everything selected). Throws
/// std::invalid_argument when they are not 1-D of one length or live on different grids.
Array compress(const Array& values, const Array& mask);

/// Collective over mask.grid().comm(). The flat indices of the nonzero elements of the 1-D `mask`,
/// increasing, balanced (as compress(arange(n), mask), without the arange): each rank counts its Block
/// range's nonzeros per piece, takes prefix sums and writes its positions (two threaded passes over the
/// mask, after moving it to Blocks when it is elsewhere), then balance_packed places them (one MPI_Exscan,
/// one MPI_Allreduce, an ExchangePlan from counts). Memory per rank: the packed positions and the result.
Array flatnonzero(const Array& mask);

}  // namespace gingham
