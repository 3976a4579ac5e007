#pragma once
/// \file
/// The runs of equal values of a sorted distributed array: the core of unique_values, unique_counts and
/// unique_all.

#include <optional>

#include "gingham/array/array.hpp"

namespace gingham {

/// The runs of a sorted 1-D array, each output balanced (Block over grid axis 0) and aligned with values.
struct UniqueRuns {
  Array values;                 ///< the first element of each run
  std::optional<Array> counts;  ///< the length of each run (int64), when asked for
  std::optional<Array> firsts;  ///< `positions` at each run's start, when given
};

/// Collective over sorted.grid().comm(). The runs of equal values of the sorted 1-D `sorted` (a new run
/// starts wherever an element != its predecessor, so NaNs are each distinct, as the Array API says).
/// With `counts`, also each run's length; with `positions` (an int64 1-D array of sorted's length, such as
/// the stable argsort that sorted the data), also positions' element at each run's start.
/// Cost: `sorted` (and `positions`) moved to Block over grid axis 0 if they are not so already; one
/// read_elements of each rank's predecessor element; for counts, one MPI_Allgather of each rank's first
/// run start along grid axis 0; then one balance (an MPI_Exscan, an MPI_Allreduce, an MPI_Alltoall and an
/// MPI_Alltoallv) per output. Peak extra memory per rank: one output's packed elements (at most its shard
/// of sorted) plus its balanced result, the outputs made one after the other; nothing else of sorted's size.
/// Throws std::invalid_argument when `sorted` is not 1-D or `positions` does not match it.
UniqueRuns unique_runs(const Array& sorted, bool counts, const std::optional<Array>& positions = std::nullopt);

/// Collective over x.grid().comm(). The runs of x's elements, flattened in row-major order (reshape) and
/// sorted (sort; with `firsts` also the stable argsort, whose element at each run's start is the flat index
/// of the value's first occurrence): unique_values, unique_counts and unique_all's parts. As unique_runs,
/// except that the values are packed in place in the sorted copy, which is released as they move.
/// Peak extra memory per rank: the sort's (two shards of x, three with argsort's (key, int64) pairs alive),
/// then the sorted copy plus one output at a time (packed and balanced); so about 2 shards of x for the
/// values alone, and the outputs plus one shard otherwise.
UniqueRuns unique(const Array& x, bool counts, bool firsts);

}  // namespace gingham
