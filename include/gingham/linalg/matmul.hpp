#pragma once
/// \file
/// matmul: the Array API's matrix product on PBLAS (PSGEMM, PDGEMM, PCGEMM, PZGEMM).

#include <cstdint>
#include <memory>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/linalg/descriptor.hpp"

namespace gingham {

/// The block size matmul gives an axis it lays out itself (an operand it has to move, or a result axis
/// that no operand's layout fixes).
inline constexpr std::int64_t scalapack_default_block = 64;

/// Collective over x1.grid().comm(). The matrix product x1 @ x2 as the Array API standard defines it:
///  - 2-D @ 2-D: (m, k) @ (k, n) -> (m, n), one PBLAS ?GEMM call;
///  - a 1-D x1 is a row vector (1, k) and a 1-D x2 a column vector (k, 1); the added axis is removed
///    from the result, so vector @ vector is a 0-D (replicated) array, and a 1-D result is laid out
///    as the column (row) layout of the product, or the default layout where that would be replicated;
///  - stacks of matrices: the axes before the last two broadcast (NumPy's rules); the result holds
///    one ?GEMM per matrix of the broadcast stack, computed one after the other (a loop over the
///    stack; each operand matrix is first moved to the default ScaLAPACK layout, one redistribution
///    each), joined with concat along a new leading axis and reshaped to the stack's shape.
/// The result dtype is the promotion of the two (result_type); both must be on the same grid (device).
///
/// Operands that follow the in-place rule (descriptor.hpp) and are seen by ScaLAPACK in the same
/// BLACS view are used where they lie, no copy: gingham's default layouts (row-major shards, Block
/// rows over a 1-D grid, or Block x Block over a 2-D grid) always are, and are multiplied as the
/// transposed problem C^T = B^T A^T, in which every operand is a column-major matrix on the
/// transposed BLACS grid. Otherwise the smaller operand is moved to the other's view (when both
/// could be used in place), or both are moved to the default view of the grid (grid axes of extent
/// > 1: none -> 1x1, one -> a 1xP BLACS grid, two -> the grid itself), row-major with BlockCyclic(64)
/// axes: one redistribution per moved operand, about its size in bytes sent and received in total.
/// Operands of another dtype are first converted (astype: local, one pass).
///
/// The result's layout is the one PBLAS wrote: 2-D block-cyclic in the same BLACS view, stored
/// row-major when x1 (as used) is row-major and column-major otherwise; its row axis takes x1's row
/// layout and its column axis x2's column layout when they lie on the same grid axes (so default
/// layouts give a default layout back), else BlockCyclic(64). No redistribution of the result.
///
/// Throws, on every rank alike: std::invalid_argument (ValueError) for a 0-D operand, when x1's last
/// axis and x2's contraction axis differ, when the stack shapes do not broadcast, or when the arrays
/// live on different grids; gingham::TypeError for bool operands; gingham::NotImplementedError for
/// grids with more than two axes of extent > 1 when an operand must be moved (there is no 2-D BLACS view
/// of such a grid; move the arrays to a 2-D grid).
///
/// Integer operands (PBLAS multiplies floating matrices only) are multiplied by SUMMA on the
/// redistribution engine, wrapping modulo 2^bits as NumPy does: the result in the default layout of
/// (m, n); panels of x1's columns moved to its row layout and of x2's rows to its column layout, and a
/// local triple loop per panel (src/linalg/integer_matmul.hpp has the traffic and memory).
Array matmul(const Array& x1, const Array& x2);

/// Collective over x1.grid().comm(). The typed matmul (see above) of two arrays of one dtype.
template <class T>
DistArray<T> matmul(const DistArray<T>& x1, const DistArray<T>& x2) {
  return DistArray<T>(matmul(x1.array(), x2.array()));
}

/// Local. The BLACS view matmul moves operands to on a grid of shape `grid_dims`: rows and columns on
/// the grid axes of extent > 1 (none: 1x1; one axis g: a 1xP grid, columns on g; two: in order).
/// Throws gingham::NotImplementedError when more than two grid axes have extent > 1.
ScalapackView default_scalapack_view(const std::vector<int>& grid_dims);

/// Local. A 2-D layout of `global_shape` on a grid of shape `grid_dims` that ScaLAPACK sees in `view`:
/// row-major (S = X^T: axis 0 on view.col_axis, axis 1 on view.row_axis) or column-major (axis 0 on
/// view.row_axis, axis 1 on view.col_axis) as `order` says, each distributed axis BlockCyclic(block).
std::shared_ptr<const Distribution> scalapack_layout(const std::vector<std::int64_t>& global_shape,
                                                     const std::vector<int>& grid_dims, const ScalapackView& view,
                                                     StorageOrder order = StorageOrder::row_major,
                                                     std::int64_t block = scalapack_default_block);

}  // namespace gingham
