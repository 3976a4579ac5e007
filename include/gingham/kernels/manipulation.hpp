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

}  // namespace gingham
