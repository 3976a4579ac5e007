#pragma once
// isin against a small set (internal): the set replicated on every rank, each element of x1 tested where it
// lies. Used by isin (sets.cpp) when x2 has at most kReplicatedSetLimit elements; larger sets keep the
// distributed sort + contains_sorted exchange.

#include <cstdint>

#include "gingham/array/array.hpp"

namespace gingham::detail {

/// The largest x2 (in elements) that isin replicates on every rank: 2^20 (8 MiB of float64 per rank).
inline constexpr std::int64_t kReplicatedSetLimit = std::int64_t{1} << 20;

/// The widest integer range (max - min + 1 of the set) tested through a bitmap: 2^24 bits, 2 MiB.
inline constexpr std::uint64_t kBitmapRangeLimit = std::uint64_t{1} << 24;

/// Collective over x1.grid().comm(). Whether each element of x1 is in x2 (not, with `invert`), compared in
/// `common` (the promoted dtype; bool compared as uint8, not complex): a bool array in x1's layout. x2 is
/// gathered whole on every rank (gather_to_all: each of its elements crosses the network once per rank),
/// sorted and deduplicated (NaNs dropped: NaN is in nothing); then each rank tests its own shard of x1 with
/// no message, on num_threads() threads: through a bitmap of the set's range for integer sets whose range
/// spans at most kBitmapRangeLimit values (one load per element), else a branchless binary search of the
/// sorted values (log2 |x2| loads per element). Memory per rank: x2 whole (plus its sorted copy), the
/// bitmap (at most 2 MiB), a cast copy of x1's shard when x1 is not already of `common`, and the result.
/// Precondition: x1 and x2 on the same grid, x2.global_size() <= kReplicatedSetLimit.
Array isin_replicated(const Array& x1, const Array& x2, DType common, bool invert);

}  // namespace gingham::detail
