#pragma once
/// \file
/// NumPy's histogram of a distributed array for given bin edges: each rank counts its own shard (a binary
/// search per element over the edges), then one MPI_Allreduce of the counts over the communicator. Where
/// grid axes hold copies of the array (axes that spread no array axis), only the copy at coordinate 0 of
/// those axes counts, so each element counts once. The edges are the caller's: for a bin count, NumPy's
/// edges follow from the global minimum and maximum (gingham::reduce), as gingham.histogram does.

#include <cstdint>
#include <vector>

#include "gingham/array/array.hpp"

namespace gingham {

/// Collective over x.grid().comm() (one MPI_Allreduce of edges.size() - 1 int64). The number of x's
/// elements in each bin [edges[i], edges[i + 1]), the last bin also holding edges.back(), as np.histogram
/// with these edges: values compared as float64, elements outside the edges and NaN counted nowhere. Every
/// rank of the communicator gets the counts. Throws std::invalid_argument for fewer than 2 edges, edges
/// that decrease or are NaN, gingham::TypeError for a bool or complex x.
std::vector<std::int64_t> histogram_counts(const Array& x, const std::vector<double>& edges);

/// Collective over x.grid().comm() (one MPI_Allreduce of edges.size() - 1 doubles). As histogram_counts,
/// the sums (float64) of `weights` over the elements in each bin; `weights` has x's shape and layout and
/// a real dtype. Sums are accumulated per rank, then added over the ranks (not the deterministic mode's
/// tree). Throws as histogram_counts, and std::invalid_argument when weights has another layout than x.
std::vector<double> histogram_weights(const Array& x, const std::vector<double>& edges, const Array& weights);

}  // namespace gingham
