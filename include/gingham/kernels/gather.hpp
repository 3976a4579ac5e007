#pragma once
/// \file
/// Gathering a whole distributed array onto every rank (what NumPy's __array__ protocol asks for).

#include <vector>

#include "gingham/array/dist_array.hpp"

namespace gingham {

/// Collective over x.grid().grid_comm(). The whole array, row-major, on every rank: one
/// MPI_Allgatherv, after which every rank holds global_size() elements. Foundation scope: 0-D and 1-D
/// arrays of at most 2^31 - 1 elements; anything else throws gingham::NotImplementedError.
template <class T>
std::vector<T> gather_to_all(const DistArray<T>& x);

}  // namespace gingham
