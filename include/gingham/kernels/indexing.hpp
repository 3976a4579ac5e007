#pragma once
/// \file
/// Indexing by integers held in lists or arrays: take, take_along_axis, and integer-array keys.

#include <cstdint>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/scalar.hpp"

namespace gingham {

/// Collective over x.grid().comm(). The slabs of x at `indices` along `axis` (NumPy's take; negative
/// indices count from the end), in x's layout with that axis's new extent. Every rank passes the same
/// indices. Along a distributed axis, exchange rounds over the grid axis's sub-communicator send each
/// rank exactly the slabs its shard needs (both sides derive the lists from the shared indices, so no
/// counts are exchanged; each round moves the slabs of a range of result positions, about 16 MiB in all);
/// along a local axis it is a local copy. Peak extra memory per rank: the indices (8 bytes each, on
/// every rank), the result shard, one round's send and receive buffers (at most about 16 MiB each,
/// whatever the indices) and its slab lists (24 bytes per result slab of the round, 32 with negative indices).
/// Throws std::out_of_range for an index or axis out of range (on every rank: the indices are shared),
/// and std::invalid_argument on every rank, naming a differing rank, when the ranks pass different
/// indices or axes (one MPI_Allreduce of three 64-bit integers compares them).
Array take(const Array& x, std::vector<std::int64_t> indices, int axis);
/// Collective over x.grid().comm(). take() of the `count` host indices at `indices`, which the caller keeps
/// (no copy is made of them): the same semantics, errors and costs, less the copy. One pass over them
/// finds their range and a digest, which the ranks compare.
Array take(const Array& x, const std::int64_t* indices, std::int64_t count, int axis);

/// Collective over x.grid().comm(). x's slabs at the `count` host indices along `axis` = `values` (the
/// inverse of take; Python's x[idx] = v for a 1-D host index): values, host data of x's item size, has a
/// shape that broadcasts to the selection's (x's shape with `count` at `axis`; leading size-1 axes beyond
/// it are ignored), element strides (0 where it broadcasts). Every rank passes the same indices and values:
/// each writes the slabs of its own shard (on every copy), in index order, so where indices repeat the
/// last write wins, and sends no message. Cost: one MPI_Allreduce comparing the indices' digest and the
/// values' shape; one pass over the indices per rank. Throws on every rank: std::out_of_range for an index
/// or axis out of range, std::invalid_argument for values that do not broadcast or of another item size.
void assign_take(const Array& x, const std::int64_t* indices, std::int64_t count, int axis, const RawView& values);
/// Collective over x.grid().comm(). assign_take with one scalar for every selected element (it must fit
/// x's dtype: require_scalar_fits).
void assign_take(const Array& x, const std::int64_t* indices, std::int64_t count, int axis, const Scalar& value);

/// Collective over x.grid().comm(). take() with the indices in a 1-D integer array in any layout (on a
/// grid of the same ranks): the result has x's layout with that axis's new extent. The indices are first
/// redistributed to the result's layout of that axis (copies along the other grid axes; along a local
/// axis every rank holds them all, as its shard holds every slab), then each rank reads its elements from
/// their owners (read_elements: 8 bytes of request per element). Throws std::out_of_range on every rank
/// for an index out of range, std::invalid_argument for indices that are not 1-D, gingham::TypeError for
/// a non-integer dtype.
Array take(const Array& x, const Array& indices, int axis);

/// Collective over x.grid().comm(). NumPy's take_along_axis: result[..., j, ...] = x[..., indices[..., j,
/// ...], ...] along `axis` (negative indices count from the end), the other axes broadcast between x and
/// indices (which have the same number of dimensions). The result is laid out as indices (as their
/// broadcast to the result's shape in the default layout, when they must broadcast); each rank reads its
/// elements from their owners in x (read_elements), so neither array moves as a whole. When x's `axis` is
/// whole on every rank and the indices are laid out as x on the other axes (the default layouts of a
/// matrix along axis 1, for one), every element is in the reader's own shard: one threaded local pass, no
/// exchange (one MPI_Allreduce agreeing on out-of-range indices).
/// Throws std::out_of_range on every rank for an index out of range, std::invalid_argument for shapes that
/// do not fit, gingham::TypeError for non-integer indices.
Array take_along_axis(const Array& x, const Array& indices, int axis);

/// Collective over x.grid().comm(). Integer-array indexing x[keys[0], ..., keys[k - 1], ...]: the k <= x.ndim()
/// integer arrays (0-D for a single integer) broadcast to a shape B, and the result, of shape B followed
/// by x's remaining axes, holds x[keys[0][b], ..., keys[k - 1][b], rest...] (negative keys count from the
/// end). The result has the default layout of its shape; the keys are broadcast into its leading axes'
/// layout (one redistribution each) and each rank reads its elements from their owners (read_elements).
/// Throws std::out_of_range on every rank for a key out of range, std::invalid_argument for keys that do
/// not broadcast or more keys than axes, gingham::TypeError for non-integer keys.
Array index_arrays(const Array& x, const std::vector<Array>& keys);

}  // namespace gingham
