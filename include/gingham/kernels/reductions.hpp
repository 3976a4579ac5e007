#pragma once
/// \file
/// Reductions (so far: the sum of all elements).

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"

namespace gingham {

/// Collective over x.grid().comm(). The sum of all elements of `x`, identical on every rank of the
/// communicator (also on ranks outside the grid). Each element counts once, also where grid axes hold
/// copies. Floating point: each rank sums its shard in storage order, then every rank adds the per-rank
/// partial sums in rank order (one MPI_Allgather of one element per rank), so every rank gets the same
/// bits. Integers: one MPI_Allreduce; exact, wrapping modulo 2^64 on overflow as NumPy does.
template <class T>
T sum(const DistArray<T>& x);

/// Collective over x.grid().comm(). The sum of all elements as a 0-D array replicated on x's grid
/// (see sum<T>). So far float64 and int64; other dtypes throw gingham::NotImplementedError.
Array sum(const Array& x);

}  // namespace gingham
