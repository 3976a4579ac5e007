#pragma once
/// \file
/// solve, inv, det and slogdet on ScaLAPACK's LU factorization with partial pivoting: P?GETRF, then
/// P?GETRS (solve; together what P?GESV does) or P?GETRI (inv). The rules all ScaLAPACK routines follow
/// (dtypes, the working copy, stacks, errors): README.md in this folder.
///
/// **Column-major copies.** The LU routines always copy into column-major storage (a local transpose for
/// a row-major x whose layout ScaLAPACK can read), so that X itself is factorized in every layout and
/// singularity is judged alike; inv's result is therefore column-major.
///
/// **Singular matrices.** solve and inv call a matrix singular (gingham::LinAlgError on every rank) when
/// P?GETRF finds an exactly zero pivot or when its smallest pivot is at most max(n, 10) eps max |U(i, j)|
/// (one more MPI_Allreduce): two equal rows or columns leave a rounding-error pivot, not zero
/// (src/linalg/lu.cpp has the measurements). det and slogdet return the value of the computed factors, 0
/// and (0, -inf) for an exactly zero pivot, as NumPy. NaN propagates as in NumPy (no iteration).

#include <utility>

#include "gingham/linalg/result_array.hpp"

namespace gingham {

/// slogdet's result: det = sign * exp(logabsdet). T is Array (the type-erased face) or the element type of
/// the typed face.
template <class T = Array>
struct SlogdetResult {
  ResultArray<T> sign;           ///< x's dtype: +-1, a complex number of modulus 1, or 0 when singular
  RealResultArray<T> logabsdet;  ///< log |det|, the real dtype of x's precision; -inf when singular
};

/// Collective over x1.grid().comm(). The solution X of x1 X = x2 for square x1 (shape (..., M, M)), by LU
/// factorization with partial pivoting, as the Array API's solve defines it:
///  - a 1-D x2 (shape (M,)) is one right-hand side for every matrix of x1; the result has shape
///    x1.shape[:-1];
///  - otherwise x2 has shape (..., M, K), its stack axes broadcast with x1's, and the result has shape
///    (broadcast stack, M, K).
/// The two operands are promoted (result_type: float32 with complex64 gives complex64, with float64
/// float64). Cost: 2M^3/3 + 2M^2 K flops per matrix (one P?GETRF and one P?GETRS; a 2-D x1 is factorized
/// once for the whole stack of x2), the working copy of x1, and a column-major copy of each right-hand side
/// (in the rows layout of the factors, as P?GETRS wants), which becomes the result: column-major, its rows
/// laid out like S's rows (a 1-D result that would be replicated is spread in the default layout).
/// Memory: one matrix of x1 (the factors, freed after each matrix of the stack, or kept for a 2-D x1), the
/// pivots (about M/P ints per rank), and the result; plus a concat and reshape of the results for stacks.
/// Throws gingham::LinAlgError when a matrix of x1 is singular (see above), std::invalid_argument when x2's
/// shape does not fit or the arrays live on different grids.
Array solve(const Array& x1, const Array& x2);

/// Collective over x.grid().comm(). The inverse of each square matrix of x (shape (..., n, n)).
/// Cost: about 2n^3 flops (P?GETRF, then P?GETRI) plus the working copy, which is the result, and
/// P?GETRI's workspace (about one block column of the matrix per rank). Memory: the working copy (the
/// result), the pivots and that workspace. Throws gingham::LinAlgError when a matrix is singular.
Array inv(const Array& x);

/// Collective over x.grid().comm(). The sign and the natural logarithm of the absolute value of the
/// determinant of each square matrix of x (shape (..., n, n)), from its LU factors: the product of U's
/// diagonal, whose entries are spread over the ranks (each rank sums log |u_kk| and the phases of its
/// own, and counts its row interchanges; one MPI_Allreduce agrees on the sums), times (-1)^interchanges.
/// A singular matrix gives sign 0 and logabsdet -inf (no exception); an empty (0 x 0) matrix gives
/// (1, 0). Both results have the stack's shape: 0-D (replicated) for one matrix, else in the default
/// layout. Cost: 2n^3/3 flops per matrix plus the working copy, one MPI_Allreduce of four doubles.
/// Memory: one working copy at a time (freed after each matrix) and the pivots.
SlogdetResult<Array> slogdet(const Array& x);

/// Collective over x.grid().comm(). The determinant of each square matrix of x: sign * exp(logabsdet)
/// of slogdet (as NumPy computes it), so 0 for a singular matrix. Shape, layout and cost as slogdet.
Array det(const Array& x);

/// Collective over x1.grid().comm(). The typed solve (see above).
template <class T>
DistArray<T> solve(const DistArray<T>& x1, const DistArray<T>& x2) {
  return DistArray<T>(solve(x1.array(), x2.array()));
}

/// Collective over x.grid().comm(). The typed inv (see above).
template <class T>
DistArray<T> inv(const DistArray<T>& x) {
  return DistArray<T>(inv(x.array()));
}

/// Collective over x.grid().comm(). The typed slogdet (see above): sign of element type T, logabsdet of
/// the real element type of T's precision.
template <class T>
SlogdetResult<T> slogdet(const DistArray<T>& x) {
  auto [sign, logabsdet] = slogdet(x.array());
  return {DistArray<T>(std::move(sign)), RealResultArray<T>(std::move(logabsdet))};
}

/// Collective over x.grid().comm(). The typed det (see above).
template <class T>
DistArray<T> det(const DistArray<T>& x) {
  return DistArray<T>(det(x.array()));
}

}  // namespace gingham
