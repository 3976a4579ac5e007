#pragma once
/// \file
/// Manipulation of arrays that moves no data (views with another layout of the same shard).

#include <vector>

#include "gingham/array/array.hpp"

namespace gingham {

/// Local (no messages, no copy). A view of x with size-1 axes inserted at `axes` (positions in the
/// result, each in [-(ndim + k), ndim + k) for k new axes, negative counting from the end). The new
/// axes are not distributed; the others keep their layout and grid axes, so every rank's shard is its
/// shard of x. The view shares x's memory (and keeps it alive); it has no ghost cells.
/// Throws std::out_of_range for an axis out of range, std::invalid_argument for a repeated axis.
Array expand_dims(const Array& x, std::vector<int> axes);

}  // namespace gingham
