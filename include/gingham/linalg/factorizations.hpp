#pragma once
/// \file
/// Factorizations and what is computed from them, on ScaLAPACK: cholesky (P?POTRF), solve (P?GETRF +
/// P?GETRS, which is P?GESV), inv (P?GETRF + P?GETRI), det and slogdet (P?GETRF).
///
/// **Dtypes.** float32, float64, complex64 and complex128. Integer and bool arrays raise
/// gingham::TypeError (the Array API requires floating-point inputs; cast with astype). solve promotes
/// its two operands (result_type: float32 with complex64 gives complex64, with float64 float64).
///
/// **The working copy.** ScaLAPACK overwrites the matrix it factorizes, so every function first copies
/// x into a fresh array (src/linalg/work_matrix.hpp's work_layout, shared with decompositions.hpp; one
/// redistribution: the copy): into x's own layout when ScaLAPACK can read x in place with square blocks
/// of at most 256 (a local copy of the shard), else into a BlockCyclic(64) x BlockCyclic(64) layout in
/// x's storage order and x's BLACS view or the grid's default one (1xP on a 1-D grid), about the
/// matrix's size in bytes sent and received in total.
/// Extra memory: one matrix's shard per rank, plus ScaLAPACK's pivots and workspace. x is never changed.
/// cholesky's row-major working copy is the column-major transpose S = X^T = conj(X) (X = X^H), so uplo
/// flips. The LU routines (solve, inv, det, slogdet) always copy into column-major storage (a local
/// transpose for a row-major x whose layout ScaLAPACK can read), so that X itself is factorized in every
/// layout and singularity is judged alike; and solve and inv call a matrix singular when P?GETRF finds
/// an exactly zero pivot or when its smallest pivot is at most max(n, 10) eps max |U(i, j)| (one more
/// MPI_Allreduce): two equal rows or columns leave a rounding-error pivot, not zero (src/linalg/lu.cpp
/// has the measurements). inv's result is therefore column-major.
///
/// **Non-finite input.** cholesky raises gingham::LinAlgError on every rank for input that holds NaN or
/// infinity (one MPI_Allreduce, folded into the working copy's own), before ScaLAPACK is called: NumPy's
/// result for such input depends on its LAPACK build (OpenBLAS returns NaN factors, reference LAPACK
/// raises). solve, inv, det and slogdet (no iteration) propagate NaN as NumPy does.
///
/// **Stacks.** Arrays of more than two axes are stacks of matrices (leading batch axes): the matrices
/// are computed one after the other (a loop; each copied to the working layout, one redistribution
/// each), and the results joined along new leading axes (concat, reshape).
///
/// **Errors**, raised on every rank alike (ScaLAPACK's INFO is agreed with one MPI_Allreduce):
/// gingham::LinAlgError for a matrix that is not positive definite (cholesky) or singular (solve, inv: the
/// pivot tests above; det and slogdet return the value of the computed factors, 0 and (0, -inf) for an
/// exactly zero pivot, as NumPy); std::invalid_argument for arrays of fewer than
/// two axes, matrices that are not square, shapes that do not broadcast or arrays on different grids;
/// gingham::TypeError for non-floating dtypes; gingham::NotImplementedError for grids with more than two
/// axes of extent > 1 when x must be moved.

#include <utility>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"

namespace gingham {

/// Collective over x.grid().comm(). The Cholesky factor of each Hermitian (real symmetric) positive
/// definite matrix of x (shape (..., n, n)): lower L with x = L L^H, or, when `upper`, upper U = L^H with
/// x = U^H U. Reads only the lower (upper) triangle of x; the other triangle of the result is zero.
/// Cost: n^3/3 flops (P?POTRF), the working copy (one redistribution) and one local pass zeroing the other
/// triangle. Memory: the result is the working copy (its layout: see above); nothing else beyond ScaLAPACK's.
/// Throws gingham::LinAlgError when a leading minor is not positive definite.
Array cholesky(const Array& x, bool upper = false);

/// Collective over x.grid().comm(). The typed cholesky (see above).
template <class T>
DistArray<T> cholesky(const DistArray<T>& x, bool upper = false) {
  return DistArray<T>(cholesky(x.array(), upper));
}

/// Collective over x1.grid().comm(). The solution X of x1 X = x2 for square x1 (shape (..., M, M)), by LU
/// factorization with partial pivoting, as the Array API's solve defines it:
///  - a 1-D x2 (shape (M,)) is one right-hand side for every matrix of x1; the result has shape
///    x1.shape[:-1];
///  - otherwise x2 has shape (..., M, K), its stack axes broadcast with x1's, and the result has shape
///    (broadcast stack, M, K).
/// Cost: 2M^3/3 + 2M^2 K flops per matrix (one P?GETRF and one P?GETRS; a 2-D x1 is factorized once for
/// the whole stack of x2), the working copy of x1, and a column-major copy of each right-hand side (in
/// the rows layout of the factors, as P?GETRS wants), which becomes the result: column-major, its rows
/// laid out like S's rows (a 1-D result that would be replicated is spread in the default layout).
/// Memory: one matrix of x1 (the factors, freed after each matrix of the stack, or kept for a 2-D x1), the
/// pivots (about M/P ints per rank), and the result; plus a concat and reshape of the results for stacks.
/// Throws gingham::LinAlgError when a matrix of x1 is singular (a zero pivot U(k, k), or one at most
/// max(n, 10) eps max |U|: see above).
Array solve(const Array& x1, const Array& x2);

/// Collective over x1.grid().comm(). The typed solve (see above).
template <class T>
DistArray<T> solve(const DistArray<T>& x1, const DistArray<T>& x2) {
  return DistArray<T>(solve(x1.array(), x2.array()));
}

/// Collective over x.grid().comm(). The inverse of each square matrix of x (shape (..., n, n)).
/// Cost: about 2n^3 flops (P?GETRF, then P?GETRI) plus the working copy, which is the result, and
/// P?GETRI's workspace (about one block column of the matrix per rank). Memory: the working copy (the
/// result), the pivots and that workspace.
/// Throws gingham::LinAlgError when a matrix is singular (the pivot tests above).
Array inv(const Array& x);

/// Collective over x.grid().comm(). The typed inv (see above).
template <class T>
DistArray<T> inv(const DistArray<T>& x) {
  return DistArray<T>(inv(x.array()));
}

/// Collective over x.grid().comm(). The sign and the natural logarithm of the absolute value of the
/// determinant of each square matrix of x (shape (..., n, n)), from its LU factors: the product of U's
/// diagonal, whose entries are spread over the ranks (each rank sums log |u_kk| and the phases of its
/// own, and counts its row interchanges; one MPI_Allreduce agrees on the sums), times (-1)^interchanges.
/// sign has x's dtype (+-1, or a complex number of modulus 1); logabsdet the real dtype of the same
/// precision. A singular matrix gives sign 0 and logabsdet -inf (no exception); an empty (0 x 0) matrix
/// gives (1, 0). Both results have the stack's shape: 0-D (replicated) for one matrix, else in the
/// default layout. Cost: 2n^3/3 flops per matrix plus the working copy, one MPI_Allreduce of four doubles.
/// Memory: one working copy at a time (freed after each matrix) and the pivots.
std::pair<Array, Array> slogdet(const Array& x);

/// Collective over x.grid().comm(). The determinant of each square matrix of x: sign * exp(logabsdet)
/// of slogdet (as NumPy computes it), so 0 for a singular matrix. Shape, layout and cost as slogdet.
Array det(const Array& x);

/// Collective over x.grid().comm(). The typed slogdet and det (see above); slogdet's logabsdet is an
/// Array because its dtype is real where T is complex.
template <class T>
std::pair<DistArray<T>, Array> slogdet(const DistArray<T>& x) {
  auto [sign, logabsdet] = slogdet(x.array());
  return {DistArray<T>(std::move(sign)), std::move(logabsdet)};
}
template <class T>
DistArray<T> det(const DistArray<T>& x) {
  return DistArray<T>(det(x.array()));
}

}  // namespace gingham
