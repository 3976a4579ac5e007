#pragma once
/// \file
/// Derived layouts: every rule that makes one Distribution from another (or from a shape and a grid
/// shape) lives here, so kernels and linalg name the rule instead of building layouts by hand. Pure
/// arithmetic, no data and no MPI; every function is Local and costs O(ndim).

#include <cstdint>
#include <span>
#include <vector>

#include "gingham/distributions/basic_key.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham::derived {

/// Local. `d` with array axis `axis` of extent `extent` laid out as `layout` on the same grid axis.
Distribution with_axis(const Distribution& d, int axis, std::int64_t extent, AxisLayout layout);
/// Local. `d` with array axis `axis` of extent `extent` laid out as `layout` on grid axis `grid_axis`
/// (-1: not distributed; pass AxisLayout::not_distributed() then).
Distribution with_axis(const Distribution& d, int axis, std::int64_t extent, AxisLayout layout, int grid_axis);
/// Local. `d` with array axis `axis` not distributed (every shard holds it whole): the form a kernel
/// that works along one axis needs.
Distribution local_along(const Distribution& d, int axis);
/// Local. `d` with its shards stored in `order`.
Distribution in_order(const Distribution& d, StorageOrder order);
/// Local. `shape` with only axis `axis` spread, laid out as `layout` on grid axis `grid_axis` of a grid of
/// `grid_dims` (-1: nothing spread); the other axes not distributed; row-major shards.
Distribution spread_along(std::vector<std::int64_t> shape, std::vector<int> grid_dims, int axis, AxisLayout layout,
                          int grid_axis);
/// Local. The layout of `d` with axes `axis` and `axis + 1` merged into one (as a row-major reshape does):
/// axis + 1 must not be distributed (std::invalid_argument otherwise); the merged axis keeps axis's grid
/// axis, first part and kind, its block size multiplied by axis + 1's extent (a Block or BlockCyclic(nb)
/// axis becomes BlockCyclic(nb * extent)), so each rank keeps exactly the elements it held; row-major.
Distribution merged(const Distribution& d, int axis);
/// Local. `d` with array axis `axis` of extent `extent` (same axis layout and grid axis): diff, take.
Distribution resized(const Distribution& d, int axis, std::int64_t extent);
/// Local. Result axis k is `d`'s axis axes[k], with its extent, layout and grid axis (permute_dims when
/// `axes` is a permutation; squeeze when it lists the kept axes in order). Throws std::out_of_range for
/// an axis out of range.
Distribution permuted(const Distribution& d, std::span<const int> axes);
/// Local. `d` with a size-1 axis that is not distributed at each of `positions` (increasing positions in
/// the result, as expand_dims takes them).
Distribution expanded(const Distribution& d, std::span<const int> positions);
/// Local. The layout of a reduction over `axes` (flags per axis of `d`): the other axes keep their
/// layout and grid axis; reduced axes vanish, or stay as size-1 axes that are not distributed when
/// `keepdims`.
Distribution reduced(const Distribution& d, std::span<const char> reduced_axes, bool keepdims);

/// Local. The default layout of a new array: the first min(ndim, grid ndim) axes Block over grid axes
/// 0, 1, ...; the other axes not distributed; row-major shards.
Distribution default_layout(std::vector<std::int64_t> shape, std::vector<int> grid_dims);

/// Local. The layout that puts a whole array of `shape` on rank `root` of a 1-D grid of `ranks` ranks
/// (what scatter_from and gather_to move from and to): axis 0 BlockCyclic(max(1, extent), offset root),
/// one block held by `root` and nothing by the others; the other axes not distributed; row-major, so
/// root's shard is the array in C order. Throws std::invalid_argument for a 0-D shape (no axis to put on
/// one rank: callers read it as shape (1,)) or ranks < 1, std::out_of_range unless 0 <= root < ranks.
Distribution on_one_rank(std::vector<std::int64_t> shape, int ranks, int root);

/// Local. The shape two shapes broadcast to (the Array API's rule: aligned at the right, extent 1
/// stretches). Throws std::invalid_argument when they do not broadcast. Elementwise results take the
/// layout of the operand that has this shape, else the default layout.
std::vector<std::int64_t> broadcast_shapes(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b);

/// Local. The layout of x[key] for x laid out as `d`: each sliced axis keeps its kind (Block, Cyclic,
/// BlockCyclic(nb) with its offset, or not distributed) and its grid axis at its new extent; axes indexed
/// by an integer are dropped (their grid axis then holds copies); new axes are size-1 and not
/// distributed; the storage order is kept.
Distribution sliced(const Distribution& d, const BasicKey& key);

/// Local. The layout of a stack of small matrices of `shape` (batch axes first, `batch_ndim` of them):
/// the longest batch axis Block over the longest grid axis, everything else not distributed, row-major.
/// Precondition: batch_ndim >= 1.
Distribution batch_layout(const std::vector<std::int64_t>& shape, int batch_ndim, std::vector<int> grid_dims);

/// Local. The ScaLAPACK layout of a 2-D array of `shape` that ScaLAPACK sees as S with S's rows on grid
/// axis `s_row_grid_axis` and its columns on `s_col_grid_axis` (-1: one BLACS process row/column), in
/// BlockCyclic(block) per distributed axis. With row-major storage S = X^T, so X's axis 0 lies on S's
/// column axis; with column-major storage S = X. The result passes
/// Distribution::scalapack_incompatibility() when the extents fit 32-bit integers.
Distribution scalapack_layout(const std::vector<std::int64_t>& shape, std::vector<int> grid_dims, int s_row_grid_axis,
                              int s_col_grid_axis, StorageOrder order, std::int64_t block);

/// Local. The grid axis that spreads axis `axis` of `d`: -1 when the axis is not distributed or lies on a
/// grid axis of extent 1 (ScaLAPACK then sees one process row or column).
int effective_grid_axis(const Distribution& d, int axis);

/// Local. The layout of C = A B (m x n, stored in `order`) with C's rows on grid axis `rows_grid_axis` and its
/// columns on `cols_grid_axis` (-1: none of extent > 1), as ScaLAPACK wants them: each axis of C keeps the
/// layout and grid axis of the operand axis it comes from (A's rows, B's columns) when that already lies
/// there, so default layouts come back as default layouts; else BlockCyclic(block) on that grid axis.
Distribution product_layout(const Distribution& a, const Distribution& b, int rows_grid_axis, int cols_grid_axis,
                            StorageOrder order, std::int64_t block);

}  // namespace gingham::derived
