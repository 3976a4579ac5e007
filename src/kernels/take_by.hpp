#pragma once
// take along one axis with the source index of each result slab given by a function (internal): the
// engine of take with host indices and of repeat with per-slab counts, which need no index list.

#include <cstdint>
#include <functional>

#include "gingham/array/array.hpp"

namespace gingham::detail {

/// Local. `axis` as a non-negative axis of x; throws std::invalid_argument for a 0-D x and
/// std::out_of_range for an axis out of range, naming `function`.
int take_axis(const Array& x, int axis, const char* function);

/// Collective over x.grid().comm(). take(x, indices, axis) where indices[j] = index_of(j) for the m result
/// slabs (each in [0, extent); every rank's index_of gives the same answers). See indexing.hpp.
Array take_by(const Array& x, std::int64_t m, const std::function<std::int64_t(std::int64_t)>& index_of, int axis);

}  // namespace gingham::detail
