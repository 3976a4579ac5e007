#pragma once
/// \file
/// Searching a sorted distributed array.

#include "gingham/array/array.hpp"

namespace gingham {

/// Collective over x1.grid().comm(). For each element v of x2, the index at which v would be inserted into
/// the sorted 1-D array x1 to keep it sorted: the first i with x1[i] >= v (`right` false) or > v (`right`
/// true); NaNs order last, as NumPy sorts them. The result is int64 in x2's layout. Cost: one
/// MPI_Allgatherv of each block's first value of x1 along the grid axis that spreads it, then each
/// element of x2 goes to the one rank that holds its block and its index comes back (an MPI_Alltoall of
/// counts and two MPI_Alltoallv, all along that grid axis); nothing when x1 is not distributed.
/// Precondition: x1 is sorted (as sort() leaves it). Throws std::invalid_argument when x1 is not 1-D or
/// the arrays live on different grids, gingham::TypeError for dtypes that do not promote or complex
/// dtypes (NotImplementedError).
Array searchsorted(const Array& x1, const Array& x2, bool right);

/// Collective over values.grid().comm(). The elements of the 1-D `values` where the 1-D `mask` (same
/// length, any dtype: nonzero selects) is set, in order, as a balanced array (Block over grid axis 0):
/// boolean selection. Both are first moved to Block over grid axis 0 if they are not so already; then one
/// MPI_Exscan and one MPI_Allreduce of a count place each rank's selection, and one MPI_Alltoall of counts
/// plus one MPI_Alltoallv move it to its Block owners (each rank's selection lands on a contiguous range
/// of ranks, so even a selection that one rank holds entirely ends balanced). Throws
/// std::invalid_argument when they are not 1-D of one length or live on different grids.
Array compress(const Array& values, const Array& mask);

/// Collective over mask.grid().comm(). The flat indices of the nonzero elements of the 1-D `mask`,
/// increasing, balanced: compress(arange(n), mask).
Array flatnonzero(const Array& mask);

}  // namespace gingham
