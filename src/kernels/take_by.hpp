#pragma once
// take along one axis with the source index of each result slab given by a function (internal): the
// engine of take with host indices and of repeat with per-slab counts, which need no index list.

#include <cstdint>
#include <functional>

#include "gingham/array/array.hpp"

namespace gingham::detail {

/// Fills out[0 .. n) with the source indices (each in [0, extent)) of result slabs first .. first + n - 1.
/// May be called from several threads at once, for disjoint ranges.
using SlabIndices = std::function<void(std::int64_t first, std::int64_t n, std::int64_t* out)>;

/// Local. `axis` as a non-negative axis of x; throws std::invalid_argument for a 0-D x and
/// std::out_of_range for an axis out of range, naming `function`.
int take_axis(const Array& x, int axis, const char* function);

/// Collective over x.grid().comm(). take(x, indices, axis) for the m result slabs whose source indices
/// `indices_of` gives (every rank's gives the same answers). Along a local axis (or one of one part) a
/// threaded local copy; along a distributed one, rounds of about 16 MiB of result slabs in which each rank
/// scans the round's indices in runs of one target owner (the target's blocks: no owner computed per slab;
/// the source owner a range test for Block layouts, else AxisPlace without division) and lists them by role
/// without a branch (for ascending host indices, one piece per source block met, found by a galloping
/// search), packs what it owns for the others, copies what it both owns and holds (prefetching
/// the random reads), and exchanges the rest (an ExchangePlan from counts both sides know: no messages to
/// build it). See indexing.hpp.
Array take_by(const Array& x, std::int64_t m, const SlabIndices& indices_of, int axis);

/// Collective over x.grid().comm(). take_by with one source index per call of index_of(j).
Array take_by(const Array& x, std::int64_t m, const std::function<std::int64_t(std::int64_t)>& index_of, int axis);

}  // namespace gingham::detail
