#pragma once
/// \file
/// Manipulation of arrays: views that move no data, and broadcasting (a redistribution).

#include <vector>

#include "gingham/array/array.hpp"

namespace gingham {

/// Local (no messages, no copy). A view of x with size-1 axes inserted at `axes` (positions in the
/// result, each in [-(ndim + k), ndim + k) for k new axes, negative counting from the end). The new
/// axes are not distributed; the others keep their layout and grid axes, so every rank's shard is its
/// shard of x. The view shares x's memory (and keeps it alive); it has no ghost cells.
/// Throws std::out_of_range for an axis out of range, std::invalid_argument for a repeated axis.
Array expand_dims(const Array& x, std::vector<int> axes);

/// Collective over the communicator of x's grid and `grid`. x broadcast (NumPy's rules, trailing axes
/// aligned) to `layout`'s shape and laid out as `layout` on `grid`: one redistribution that sends each
/// rank only the source elements its shard reads (nothing when x is replicated, or already laid out so).
/// Throws std::invalid_argument when x's shape does not broadcast to the layout's.
Array broadcast_to(const Array& x, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout);

/// Collective over x.grid().comm(). x with its axes permuted (result axis k is x's axis axes[k]), laid
/// out as x with the same permutation of axis layouts and grid axes: no element changes rank, each
/// shard is transposed locally. Throws std::invalid_argument when `axes` is not a permutation.
Array permute_dims(const Array& x, const std::vector<int>& axes);

/// Collective over x.grid().comm(). x reversed along `axes` (negative count from the end), in x's layout:
/// one redistribution; along a distributed axis, elements move to the rank holding their mirror index.
/// Throws std::out_of_range for an axis out of range, std::invalid_argument for a repeated axis.
Array flip(const Array& x, std::vector<int> axes);

/// Collective over x.grid().comm(). x without the size-1 `axes`, the other axes keeping their layout and
/// grid axis: a local copy when the removed axes are not distributed, else one redistribution that
/// gives the element to the ranks which now hold copies of it. Throws std::invalid_argument when an
/// axis does not have extent 1, std::out_of_range for an axis out of range.
Array squeeze(const Array& x, std::vector<int> axes);

}  // namespace gingham
