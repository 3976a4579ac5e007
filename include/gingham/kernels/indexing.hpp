#pragma once
/// \file
/// Indexing by integer lists: take along one axis.

#include <cstdint>
#include <vector>

#include "gingham/array/array.hpp"

namespace gingham {

/// Collective over x.grid().comm(). The slabs of x at `indices` along `axis` (NumPy's take; negative
/// indices count from the end), in x's layout with that axis's new extent. Every rank passes the same
/// indices. Along a distributed axis, one MPI_Alltoallv over the grid axis's sub-communicator sends each
/// rank exactly the slabs its shard needs (both sides derive the lists from the shared indices, so no
/// counts are exchanged); along a local axis it is a local copy. Peak extra memory per rank: the
/// indices (8 bytes each, on every rank), the result shard, a receive buffer of its size and a send
/// buffer of the slabs this rank's shard supplies, which is the result shard's size for spread indices
/// but up to the whole result when the indices all point into this rank's shard.
/// Throws std::out_of_range for an index or axis out of range (on every rank: the indices are shared).
Array take(const Array& x, std::vector<std::int64_t> indices, int axis);

}  // namespace gingham
