#pragma once
/// \file
/// cholesky on ScaLAPACK's P?POTRF. The rules all ScaLAPACK routines follow (dtypes, the working copy,
/// stacks, small matrices, non-finite input, errors): README.md in this folder.

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"

namespace gingham {

/// Collective over x.grid().comm(). The Cholesky factor of each Hermitian (real symmetric) positive
/// definite matrix of x (shape (..., n, n)): lower L with x = L L^H, or, when `upper`, upper U = L^H with
/// x = U^H U. Reads only the lower (upper) triangle of x; the other triangle of the result is zero.
/// A row-major working copy is the column-major transpose S = X^T = conj(X) (X = X^H), so uplo flips.
/// On a 1-D BLACS view the copy spreads the factor's panels (L's columns, U's rows: one per process).
/// Cost: n^3/3 flops (P?POTRF), the working copy (one redistribution; a local copy when x already spreads
/// that axis in blocks of at most 256) and one local pass zeroing the other triangle. Memory: the result is the working copy; nothing else beyond ScaLAPACK's.
/// Throws gingham::LinAlgError when a leading minor is not positive definite or x holds NaN or infinity.
Array cholesky(const Array& x, bool upper = false);

/// Collective over x.grid().comm(). The typed cholesky (see above).
template <class T>
DistArray<T> cholesky(const DistArray<T>& x, bool upper = false) {
  return DistArray<T>(cholesky(x.array(), upper));
}

}  // namespace gingham
