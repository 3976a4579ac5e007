#pragma once
/// \file
/// The matrix and vector functions of the Array API's linalg extension that need no factorization:
/// diagonal, trace, outer, cross, vector_norm, matrix_norm, matrix_power, matrix_transpose, and the
/// products vecdot and tensordot (the latter one matmul after permuting and reshaping). Each is
/// composed of gingham's distributed kernels (integer-array indexing, take, elementwise operations,
/// reductions, matmul): no ScaLAPACK call of its own, and no array is ever gathered to one rank.
/// matrix_norm's orders 2, -2 and 'nuc' take the singular values (svdvals, gingham/linalg/svd.hpp) and
/// matrix_power with n < 0 takes inv (gingham/linalg/lu.hpp).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/kernels/elementwise_functions.hpp"

namespace gingham {

/// Collective over x.grid().comm(). The `offset`-th diagonal (column - row == offset) of each matrix in
/// the last two axes of x, shape (..., L) with L = max(0, min(M - max(0, -offset), N - max(0, offset)))
/// for x of shape (..., M, N); x's dtype. The result has the default layout of its shape and each rank
/// reads its elements from their owners (index_arrays with one key per axis: the batch indices and the
/// diagonal's rows and columns), one element read per result element; x does not move.
/// Throws std::invalid_argument (ValueError) on every rank when x has fewer than 2 axes.
Array diagonal(const Array& x, std::int64_t offset = 0);

/// Collective over x.grid().comm(). The sum of the `offset`-th diagonal of each matrix in the last two
/// axes: shape (...), a 0-D replicated array for one matrix. The result dtype is `dtype` if given, else
/// as sum's (int64 for signed integers, uint64 for unsigned, x's dtype for floating point). Cost:
/// diagonal(), then a sum along its last axis (one MPI_Allgather of partials over that axis's grid axis).
/// Throws std::invalid_argument when x has fewer than 2 axes, gingham::TypeError for bool x or a
/// `dtype` the sum cannot give.
Array trace(const Array& x, std::int64_t offset = 0, std::optional<DType> dtype = std::nullopt);

/// Collective over the arrays' communicator. The outer product of two 1-D numeric arrays: result[i, j]
/// = x1[i] * x2[j], shape (N, M), dtype result_type(x1, x2), in the default layout of (N, M). Each
/// operand is moved (broadcast_to) into the rows or columns of that layout: rank (r, c) receives the
/// N/Pr elements of x1 and the M/Pc elements of x2 its block needs, then multiplies locally.
/// Throws std::invalid_argument when an operand is not 1-D or the arrays live on different grids,
/// gingham::TypeError for bool operands.
Array outer(const Array& x1, const Array& x2);

/// Collective over the arrays' communicator. The cross product of 3-element vectors along `axis`, which
/// counts from the end of each array (in [-min(x1.ndim, x2.ndim), -1]; the standard's rule), the other
/// axes broadcast: c = roll1(a) * roll2(b) - roll2(a) * roll1(b) with roll1 = take(., {1, 2, 0}, axis)
/// and roll2 = take(., {2, 0, 1}, axis). Each take keeps the operand's layout (one MPI_Alltoallv along
/// the axis's grid axis when that axis is distributed, a local copy otherwise); the products and the
/// difference are elementwise (operands aligned to the result's layout). The dtype is result_type.
/// Throws std::invalid_argument when an axis is out of range, an extent along it is not 3, or the other
/// axes do not broadcast; gingham::TypeError for bool operands or dtypes that do not promote.
Array cross(const Array& x1, const Array& x2, int axis = -1);

/// Collective over x.grid().comm(). The vector p-norm of x over `axis` (none: every axis, as if x were
/// flattened), the reduced axes removed or kept with extent 1 (`keepdims`). `ord`: 2 (default)
/// sqrt(sum |x|^2); 1 sum |x|; +inf max |x|; -inf min |x|; 0 the number of nonzero elements; any other
/// p (sum |x|^p)^(1/p), negative p included. The result has the real floating dtype of x's precision
/// (float32 for complex64) and the layout of a reduction (reductions.hpp). Cost: one elementwise pass
/// (|x|, and |x|^p for a general p) and one reduction (one MPI_Allgather of partials over the reduced
/// grid axes). Throws gingham::TypeError for a non-floating x, std::invalid_argument for ord NaN and for
/// ord = +-inf over no elements (max/min have no identity), std::out_of_range for an axis out of range.
Array vector_norm(const Array& x, const std::optional<std::vector<int>>& axis = std::nullopt, bool keepdims = false,
                  double ord = 2.0);

/// The orders of matrix_norm.
enum class MatrixNormOrder : std::uint8_t {
  fro,        ///< 'fro': sqrt(sum |x_ij|^2)
  nuc,        ///< 'nuc': the sum of the singular values
  one,        ///< 1: max over columns of sum_i |x_ij|
  minus_one,  ///< -1: min over columns of sum_i |x_ij|
  two,        ///< 2: the largest singular value
  minus_two,  ///< -2: the smallest singular value
  inf,        ///< inf: max over rows of sum_j |x_ij|
  minus_inf,  ///< -inf: min over rows of sum_j |x_ij|
};

/// Local. The order of a name: "fro", "nuc", "1", "-1", "2", "-2", "inf", "-inf"; none for others.
std::optional<MatrixNormOrder> matrix_norm_order(std::string_view name) noexcept;

/// Local. The name of an order ("fro", ..., "-inf").
std::string_view matrix_norm_order_name(MatrixNormOrder ord) noexcept;

/// Collective over x.grid().comm(). The matrix norm of each matrix in the last two axes of x: shape (...)
/// or, with `keepdims`, (..., 1, 1); the real floating dtype of x's precision. 'fro', 1, -1, inf and -inf
/// are one elementwise pass and one or two reductions (sum over an axis, then max or min over the
/// other): each one MPI_Allgather of partials over the reduced grid axes. 2, -2 and 'nuc' take the
/// singular values (svdvals) and reduce them. Throws std::invalid_argument when x has fewer than 2
/// axes or an order reducing with max/min meets an empty matrix, gingham::TypeError for a non-floating
/// x, gingham::LinAlgError for 2, -2 and 'nuc' of x holding NaN or infinity (as svdvals).
Array matrix_norm(const Array& x, bool keepdims = false, MatrixNormOrder ord = MatrixNormOrder::fro);

/// Collective over x.grid().comm(). x^n for each square matrix of the stack x (..., M, M), in x's dtype.
/// n = 0: the identity (eye moved into x's layout, broadcast over the stack); n = 1: a copy of x in its
/// layout; n > 1: repeated squaring, x^n = prod over the set bits b of n of x^(2^b): floor(log2 n)
/// squarings and popcount(n) - 1 more products, each one matmul (PBLAS ?GEMM), the result in the layout
/// matmul gives (x's for a default-layout matrix). n < 0: inv(x)^(-n) (gingham::LinAlgError on every rank
/// for a singular matrix). Throws std::invalid_argument when x has fewer than 2 axes or its matrices are
/// not square, gingham::TypeError for a non-floating x.
Array matrix_power(const Array& x, std::int64_t n);

/// Collective over x.grid().comm(), with no messages: x with its last two axes swapped (permute_dims:
/// each shard transposed locally). Throws std::invalid_argument when x has fewer than 2 axes.
Array matrix_transpose(const Array& x);

/// Collective over the arrays' communicator. The dot product sum(conj(x1) * x2) along `axis` (counted
/// from the end of each array, in [-min(x1.ndim, x2.ndim), -1]), the other axes broadcast: one
/// elementwise product (operands aligned to the result's layout, as for any binary operation) and one
/// sum (local sums, then one MPI_Allgather of partials along the axis's grid axis). The dtype is
/// result_type(x1, x2) (integers included). Throws std::invalid_argument when the axis is out of range,
/// the extents along it differ or the other axes do not broadcast, gingham::TypeError for bool operands.
Array vecdot(const Array& x1, const Array& x2, int axis = -1);

/// Collective over the arrays' communicator. The tensor contraction of x1 and x2 over the paired axes
/// x1_axes[k] <-> x2_axes[k] (negative ones count from the end): x1's free axes then its contracted axes
/// are permuted and reshaped into a matrix (M, K), x2's contracted then free axes into (K, N), the two
/// multiplied (matmul) and the product reshaped to x1's free shape + x2's free shape. Each permutation
/// moves no data; each reshape is up to three redistributions (reshape), so the cost is a few moves of
/// each operand plus the ?GEMM. Dtypes as matmul (NotImplementedError for integers). Throws
/// std::invalid_argument for lists of different lengths, an axis out of range or repeated, or paired
/// axes of different extents.
Array tensordot(const Array& x1, const Array& x2, const std::vector<int>& x1_axes, const std::vector<int>& x2_axes);

/// Collective over the arrays' communicator. tensordot over the last `count` axes of x1 and the first
/// `count` of x2 (0 gives the outer product). Throws std::invalid_argument when count is negative or
/// more than either array has.
Array tensordot(const Array& x1, const Array& x2, int count = 2);

// ---- typed forms on DistArray<T> ------------------------------------------------------------------

/// Collective over x.grid().comm(). The typed diagonal (see above).
template <class T>
DistArray<T> diagonal(const DistArray<T>& x, std::int64_t offset = 0) {
  return DistArray<T>(diagonal(x.array(), offset));
}

/// Collective over x.grid().comm(). The typed trace: the sum computed and returned in R (T by default; R must be a dtype
/// the sum of T can give, e.g. std::int64_t for small integers).
template <class T, class R = T>
DistArray<R> trace(const DistArray<T>& x, std::int64_t offset = 0) {
  return DistArray<R>(trace(x.array(), offset, dtype_of<R>));
}

/// Collective over the arrays' communicator. The typed outer product of two vectors of one element type.
template <class T>
DistArray<T> outer(const DistArray<T>& x1, const DistArray<T>& x2) {
  return DistArray<T>(outer(x1.array(), x2.array()));
}

/// Collective over the arrays' communicator. The typed cross product of two arrays of one element type.
template <class T>
DistArray<T> cross(const DistArray<T>& x1, const DistArray<T>& x2, int axis = -1) {
  return DistArray<T>(cross(x1.array(), x2.array(), axis));
}

/// Collective over x.grid().comm(). The typed vector norm: real results for complex T.
template <class T>
DistArray<detail::real_t<T>> vector_norm(const DistArray<T>& x,
                                                        const std::optional<std::vector<int>>& axis = std::nullopt,
                                                        bool keepdims = false, double ord = 2.0) {
  return DistArray<detail::real_t<T>>(vector_norm(x.array(), axis, keepdims, ord));
}

/// Collective over x.grid().comm(). The typed matrix norm: real results for complex T.
template <class T>
DistArray<detail::real_t<T>> matrix_norm(const DistArray<T>& x, bool keepdims = false,
                                                        MatrixNormOrder ord = MatrixNormOrder::fro) {
  return DistArray<detail::real_t<T>>(matrix_norm(x.array(), keepdims, ord));
}

/// Collective over x.grid().comm(). The typed matrix power.
template <class T>
DistArray<T> matrix_power(const DistArray<T>& x, std::int64_t n) {
  return DistArray<T>(matrix_power(x.array(), n));
}

/// Collective over the arrays' communicator. The typed vecdot of two arrays of one element type.
template <class T>
DistArray<T> vecdot(const DistArray<T>& x1, const DistArray<T>& x2, int axis = -1) {
  return DistArray<T>(vecdot(x1.array(), x2.array(), axis));
}

/// Collective over the arrays' communicator. The typed tensordot over the last `count` axes of x1 and the first of x2.
template <class T>
DistArray<T> tensordot(const DistArray<T>& x1, const DistArray<T>& x2, int count = 2) {
  return DistArray<T>(tensordot(x1.array(), x2.array(), count));
}

/// Collective over x.grid().comm(), no messages. The typed matrix transpose.
template <class T>
DistArray<T> matrix_transpose(const DistArray<T>& x) {
  return DistArray<T>(matrix_transpose(x.array()));
}

}  // namespace gingham
