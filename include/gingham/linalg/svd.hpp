#pragma once
/// \file
/// svd and svdvals on ScaLAPACK's P?GESVD, and pinv and matrix_rank built on them. The rules all
/// ScaLAPACK routines follow (dtypes, the working copy, stacks, small matrices, non-finite input,
/// errors): README.md in this folder.

#include <cstdint>
#include <optional>
#include <utility>

#include "gingham/linalg/result_array.hpp"

namespace gingham {

/// svd's result: x = u diag(s) vh. T is Array (the type-erased face) or the element type of the typed face.
template <class T = Array>
struct SvdResult {
  ResultArray<T> u;      ///< left singular vectors as columns, x's dtype
  RealResultArray<T> s;  ///< singular values, descending, the real dtype of x's precision
  ResultArray<T> vh;     ///< right singular vectors as rows (V^H), x's dtype
};

/// Collective over x.grid().comm(). The singular value decomposition x = U diag(S) Vh of each matrix.
/// full_matrices = false: U (m x k), Vh (k x n). full_matrices = true: U (m x m), Vh (n x n):
/// P?GESVD computes only the k thin factors, so the thin factor of the longer side is completed to a
/// square unitary by a complete QR of it (its own k columns followed by the last columns of the complete
/// Q, which are orthogonal to its range); one more qr of an m x k (n x k) matrix. A single row or column
/// (k = 1) is always worked on as a column S = X or X^T of k = 1 column, whatever x's storage order:
/// P?GESVD returns singular values that differ between processes for S of 1 x 2 on BLACS grids of
/// several process columns (ScaLAPACK 2.2.1), and moving a vector is cheap. Cost: about 22 n^3 flops for
/// a square matrix with vectors, plus the copy. Throws gingham::LinAlgError for non-finite input or when
/// P?GESVD does not converge.
SvdResult<Array> svd(const Array& x, bool full_matrices = true);

/// Collective over x.grid().comm(). The singular values of each matrix, descending (P?GESVD with
/// JOBU = JOBVT = 'N'). Errors as svd.
Array svdvals(const Array& x);

/// Collective over x.grid().comm(). The Moore-Penrose pseudo-inverse Vh^H diag(1/s_i, s_i > cutoff)
/// U^H of each matrix, from svd(x, full_matrices = false); cutoff = rtol * max(s), rtol defaulting to
/// max(m, n) * eps of x's real dtype. Cost: the SVD, one elementwise scaling of Vh and one matmul.
Array pinv(const Array& x, std::optional<double> rtol = std::nullopt);

/// Collective over x.grid().comm(). The number of singular values > rtol * max(s) of each matrix
/// (int64, the batch shape), rtol defaulting to max(m, n) * eps: svdvals, then a max, a comparison and
/// a sum along the last axis.
Array matrix_rank(const Array& x, std::optional<double> rtol = std::nullopt);

/// Collective over x.grid().comm(). The typed svd (see above): T is float, double, std::complex<float> or
/// std::complex<double>; the singular values have the real element type.
template <class T>
SvdResult<T> svd(const DistArray<T>& x, bool full_matrices = true) {
  auto [u, s, vh] = svd(x.array(), full_matrices);
  return {DistArray<T>(std::move(u)), RealResultArray<T>(std::move(s)), DistArray<T>(std::move(vh))};
}

/// Collective over x.grid().comm(). The typed svdvals (see above), of the real element type.
template <class T>
RealResultArray<T> svdvals(const DistArray<T>& x) {
  return RealResultArray<T>(svdvals(x.array()));
}

/// Collective over x.grid().comm(). The typed pinv (see above).
template <class T>
DistArray<T> pinv(const DistArray<T>& x, std::optional<double> rtol = std::nullopt) {
  return DistArray<T>(pinv(x.array(), rtol));
}

/// Collective over x.grid().comm(). The typed matrix_rank (see above).
template <class T>
DistArray<std::int64_t> matrix_rank(const DistArray<T>& x, std::optional<double> rtol = std::nullopt) {
  return DistArray<std::int64_t>(matrix_rank(x.array(), rtol));
}

}  // namespace gingham
