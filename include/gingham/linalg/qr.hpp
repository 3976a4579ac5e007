#pragma once
/// \file
/// qr: x = Q R on ScaLAPACK's P?GEQRF (Householder QR) and P?ORGQR / P?UNGQR (Q formed from the
/// reflectors). The rules all ScaLAPACK routines follow (dtypes, the working copy, stacks, small
/// matrices, errors): README.md in this folder.

#include <string>
#include <utility>

#include "gingham/linalg/result_array.hpp"

namespace gingham {

/// qr's result: x = q r. T is Array (the type-erased face) or the element type of the typed face.
template <class T = Array>
struct QrResult {
  ResultArray<T> q;  ///< Q: orthonormal columns, x's dtype
  ResultArray<T> r;  ///< R: upper triangular (zeros below the diagonal), x's dtype
};

/// Collective over x.grid().comm(). The QR factorization x = Q R of each matrix (m x n, k = min(m, n)):
/// mode "reduced" gives Q (m x k, orthonormal columns) and R (k x n, upper triangular, zeros below);
/// "complete" gives Q (m x m) and R (m x n). P?GEQRF on the column-major working copy (a row-major x is
/// redistributed: that is the copy), then R copied out of the upper triangle (triu), then P?ORGQR /
/// P?UNGQR forms Q in place of the copy (for "complete" with m > n, in a new m x m matrix holding the
/// reflectors: one P?LACPY). Cost: about 4 n^3 / 3 flops for a square matrix, plus the copy. Memory per
/// rank: the copy (Q), R, and the workspace. Throws std::invalid_argument for any other mode,
/// gingham::TypeError for non-floating x.
QrResult<Array> qr(const Array& x, const std::string& mode = "reduced");

/// Collective over x.grid().comm(). The typed qr (see above): T is float, double, std::complex<float> or
/// std::complex<double>.
template <class T>
QrResult<T> qr(const DistArray<T>& x, const std::string& mode = "reduced") {
  auto [q, r] = qr(x.array(), mode);
  return {DistArray<T>(std::move(q)), DistArray<T>(std::move(r))};
}

}  // namespace gingham
