#pragma once
/// \file
/// Manipulation of arrays: views that move no data, and broadcasting (a redistribution).

#include <cstdint>
#include <optional>
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

/// Collective over the arrays' communicator. The arrays joined along `axis` (their shapes equal but
/// along it; dtypes promoted as the standard says), laid out as arrays[layout_of] with that axis's new
/// extent. Each piece is written into its box of the result by one redistribution plan (cached; a plan
/// writing a box of its target): elements whose rank does not change are copied locally in contiguous
/// runs, the others cross the network once, nothing is gathered. Memory per rank: the result shard, plus a
/// converted copy of a piece whose dtype differs from the result's, plus the plan's bounded buffers.
/// Throws std::invalid_argument for no arrays or mismatched shapes, gingham::TypeError for dtypes that do not promote, std::out_of_range for a bad axis.
Array concat(const std::vector<Array>& arrays, int axis, std::size_t layout_of = 0);

/// Collective over the arrays' communicator. The arrays (all of one shape) joined along a new axis `axis`
/// of the result (in [-(ndim + 1), ndim + 1), negative counting from the end), which is not distributed:
/// concat of their expand_dims views along that local axis, laid out as arrays[0] with the new axis
/// (dtypes promoted). Cost: concat's along a local axis: one plan per piece into its box of the result
/// (local copies of runs for pieces laid out as arrays[0]); memory per rank the result shard.
/// Throws std::invalid_argument for no arrays or arrays of different shapes, std::out_of_range for an axis
/// out of range, gingham::TypeError for dtypes that do not promote.
Array stack(const std::vector<Array>& arrays, int axis = 0);

/// Collective over x.grid().comm(). The x.global_shape()[axis] slices of x along `axis` (negative counts
/// from the end), each laid out as x without that axis (the other axes keep their layouts and grid axes,
/// a grid axis that spread `axis` holds copies): one redistribution per slice, each sending a slice's
/// elements from their owners to the ranks that hold them in the result. Memory per rank: the results
/// (together one shard of x, times the extent of the grid axis that spread `axis`).
/// Throws std::out_of_range for an axis out of range (a 0-D x has none).
std::vector<Array> unstack(const Array& x, int axis = 0);

/// Collective over x.grid().comm(). x with axes `source` moved to positions `destination` (negative count
/// from the end; as many of each), the other axes keeping their order: a permute_dims (no element changes
/// rank; each shard is transposed locally). Throws std::invalid_argument when the lists differ in length
/// or repeat an axis, std::out_of_range for an axis out of range.
Array moveaxis(const Array& x, const std::vector<int>& source, const std::vector<int>& destination);

/// Collective over x.grid().comm(). x shifted by shifts[k] along axes[k] (negative shifts and axes allowed;
/// one shift for several axes applies to each; an axis named twice is shifted twice), elements leaving one
/// end re-entering at the other, in x's layout. Without `axes`, x is rolled as if flattened: reshape to
/// 1-D, roll, reshape back (so the result is in the default layout of x's shape unless x is 1-D).
/// Axes that no grid axis of extent > 1 spreads are rotated in one local copy (no messages); along the k
/// distributed axes rolled the result is 2^k boxes, each written from x by one plan (on a block layout
/// only the elements that cross a rank boundary, `shift` per boundary, are sent; the rest is a local copy
/// of runs). x itself (a handle sharing its data) when every shift is a multiple of its extent.
/// Memory per rank: the result shard (and a rotated shard when local and distributed axes both roll).
/// Throws std::invalid_argument when shifts and axes differ in number (but for one shift),
/// std::out_of_range for an axis out of range.
Array roll(const Array& x, std::vector<std::int64_t> shifts, std::optional<std::vector<int>> axes = std::nullopt);

/// Collective over x.grid().comm(). x repeated repetitions[k] times along axis k (NumPy's tile): a shorter
/// list counts the leading axes once, a longer one first gives x leading size-1 axes that are not
/// distributed (expand_dims, a view). Each axis with a count other than 1 is one concat of that many
/// handles of the array (a count of 0 gives extent 0 in the same layout); an x left unchanged is copied
/// (astype), so the result never shares x's data unless only new axes were added (then it is that view).
/// Memory per rank: the result shard per axis joined (the previous axis's result while the next is made).
/// Throws std::invalid_argument for a negative count, gingham::MemoryError (the same on every rank,
/// naming the result's bytes and shape) when even the list of a count's handles cannot be made.
Array tile(const Array& x, const std::vector<std::int64_t>& repetitions);

/// Collective over x.grid().comm(). x with axes `axis` and `axis` + 1 merged into one of their product's
/// extent (row-major: element (i, j) goes to i * n + j). When axis + 1 is not distributed and the shard
/// is dense row-major, this is a view (no copy, no messages): a block-cyclic axis of block size nb
/// becomes one of block size nb * n. Otherwise x is first moved (one redistribution) to a layout that
/// has this form (peak memory per rank: one shard, the moved copy). Throws std::out_of_range when
/// axis + 1 is not an axis.
Array merge_axes(const Array& x, int axis);

/// Collective over x.grid().comm(). Each slab of x along `axis` repeated `count` times (NumPy's repeat
/// with one count): x gets a local size-1 axis after `axis`, `count` copies of it are joined there (local
/// copies, no messages) and the two axes merged (a view), so a block size nb along `axis` becomes
/// nb * count and the result is balanced as x is. count = 0 gives extent 0 along `axis` in x's layout.
/// Peak memory per rank: the result shard (count times x's shard). Throws std::invalid_argument for a
/// negative count or a 0-D x, std::out_of_range for an axis out of range.
Array repeat(const Array& x, std::int64_t count, int axis);

/// Collective over x.grid().comm(). Slab i of x along `axis` repeated counts[i] times (NumPy's repeat;
/// `counts` has x's extent along the axis, or length 1 for one count for all). Every rank passes the
/// same counts. Result position j reads slab i = #{k : ends[k] <= j}, ends the cumulative counts
/// (computed in place in `counts`, found by binary search: no index list is made), through take's
/// exchange: MPI_Alltoallv rounds along the axis's grid axis, in x's layout with extent sum(counts), so
/// the result is balanced whatever the counts. Equal counts take the view path of repeat(x, count, axis)
/// instead. Peak memory per rank: the counts (8 bytes per slab of x along the axis, on every rank), the
/// result shard and take's round buffers (at most about 16 MiB sent and received in all per round).
/// Throws std::invalid_argument for a negative count, a
/// counts length other than 1 or x's extent along the axis, or a 0-D x, std::out_of_range for a bad axis.
Array repeat(const Array& x, std::vector<std::int64_t> counts, int axis);

/// Collective over x.grid().comm() (and `counts`' grid, of the same communicator). repeat with the counts in
/// a 1-D integer array: when it is replicated on a grid of every rank of the communicator, its shard is
/// read as host counts (repeat above); else counts of length 1 repeat each slab by that count (the
/// smallest, read on every rank: one reduction and one gather), and counts of x's extent give the source
/// slab of every result position as a distributed index list (repeat_indices), read through take() with
/// distributed indices (each rank reads its slabs from their owners). Memory per rank: the index list's
/// shard (8 bytes per result slab / ranks of counts' grid) plus take's. Throws gingham::TypeError for
/// non-integer counts, std::invalid_argument for counts that are not 1-D, a negative count, a count of
/// an unsigned dtype beyond INT64_MAX, or a number of counts other than 1 or x's extent along `axis`.
Array repeat(const Array& x, const Array& counts, int axis);

/// Collective over counts.grid().comm(). For the 1-D integer `counts`, the int64 source index of every
/// result position j of a repeat: searchsorted(ends, j, right) with ends = cumulative_sum(counts) as int64,
/// i.e. i repeated counts[i] times; laid out in the default layout of its length on counts' grid (no rank
/// holds more than its share). Cost: one reduction and one gather for the smallest count, a cumulative
/// sum, one sum (and gather) for the total, an arange and a searchsorted. Throws std::invalid_argument on
/// every rank for a negative count, gingham::TypeError for non-integer counts.
Array repeat_indices(const Array& counts);

/// Collective over x.grid().comm(). x's elements in row-major order laid out as `shape` (same number of
/// elements), in the default layout of `shape`. At most three redistributions: x to a layout spread only
/// along its first axis (after which merging all axes into one is a view), that 1-D array to the block
/// size that splits into `shape` with only the first axis spread (a view again), and that to the
/// default layout. Peak memory per rank: each redistribution holds its source and its target, so at
/// most two shards of x at once (the merges and the split are views; measured 1.05 shards from 1-D to
/// (n/1000, 1000) and back, 10^7 float64 on 2 ranks), except that the first step is unbalanced while
/// x's first axis has fewer elements than grid axis 0 has ranks: then only that many ranks hold x
/// (up to ceil(P / x.shape[0]) shards of x each) until the second step spreads it again.
/// Throws std::invalid_argument when the sizes differ or an extent is negative.
Array reshape(const Array& x, const std::vector<std::int64_t>& shape);

}  // namespace gingham
