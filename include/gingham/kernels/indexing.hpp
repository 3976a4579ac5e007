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
/// counts are exchanged); along a local axis it is a local copy. Peak extra memory: the result shard
/// plus one send and one receive buffer of about its size.
/// Throws std::out_of_range for an index or axis out of range (on every rank: the indices are shared).
Array take(const Array& x, std::vector<std::int64_t> indices, int axis);

}  // namespace gingham
