#pragma once
/// \file
/// The runs of equal values of a sorted distributed array (the core of unique_values, unique_counts and
/// unique_all), and the set functions built on them and on searchsorted: unique_inverse, unique_all, isin.

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

/// unique_inverse's result (the Array API's field names).
struct UniqueInverseResult {
  Array values;           ///< the distinct values of x, sorted, balanced 1-D (NaNs each distinct, last)
  Array inverse_indices;  ///< int64 in x's shape and layout: the index of each element's value in `values`
};

/// unique_all's result (the Array API's field names).
struct UniqueAllResult {
  Array values;           ///< the distinct values of x, sorted, balanced 1-D
  Array indices;          ///< int64, aligned with values: the flat index of each value's first occurrence in x
  Array inverse_indices;  ///< int64 in x's shape and layout: the index of each element's value in `values`
  Array counts;           ///< int64, aligned with values: how often each value occurs
};

/// Collective over x.grid().comm(). The distinct values of x (unique's) and, for each element of x, the
/// index of its value among them: searchsorted(values, x); for a floating x holding NaNs (found by one
/// isnan pass and one any reduction) each NaN maps to its own NaN value: the first NaN's index plus the
/// NaN's rank among x's NaNs in row-major order (a cumulative sum of the flattened isnan, reshaped: two
/// reshapes, one scan, one where), as the stable sort left them. Peak memory per rank, in shards of x:
/// about 2.5 (values and searchsorted's rounds), 2 more when x holds NaNs. Throws as sort and
/// searchsorted do (complex x: gingham::NotImplementedError).
UniqueInverseResult unique_inverse(const Array& x);

/// Collective over x.grid().comm(). unique(x, counts, firsts) and unique_inverse's inverse indices from
/// its values (see unique_inverse for their cost). Peak memory per rank about 5 shards of x when the
/// values are distinct (the four outputs and the sort's copy).
UniqueAllResult unique_all(const Array& x);

/// Collective over the arrays' communicator. Whether each element of x1 occurs in x2 (not, with `invert`):
/// a bool array in x1's layout, compared in the promoted dtype; NaN is in nothing. A small x2 (at most 2^20
/// elements) is gathered whole on every rank (gather_to_all: each element crosses the network once per
/// rank) and each rank tests its own shard with no further message: a bitmap when x2 holds integers of a
/// range of at most 2^24 values, else a branchless binary search (log2 |x2| per element); memory per rank
/// x2 whole plus the bitmap (at most 2 MiB). A larger x2 (any shape; 0-D for one value) is flattened
/// (reshape) and sorted (sort), then contains_sorted asks the rank holding each x1 value's place in the
/// sorted x2 whether it is there; peak memory per rank about 2 shards (x2's sorted copy and searchsorted's
/// rounds). Throws as contains_sorted does (dtypes that do not promote: gingham::TypeError; arrays on different
/// grids: std::invalid_argument).
Array isin(const Array& x1, const Array& x2, bool invert = false);

}  // namespace gingham
