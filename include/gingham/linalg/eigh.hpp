#pragma once
/// \file
/// eigh and eigvalsh: Hermitian (real symmetric) eigenproblems on ScaLAPACK's P?SYEVD / P?HEEVD (divide
/// and conquer, with eigenvectors) and P?SYEV / P?HEEV (JOBZ = 'N': eigenvalues only). The rules all
/// ScaLAPACK routines follow (dtypes, the working copy, stacks, small matrices, non-finite input,
/// errors): README.md in this folder.

#include <utility>

#include "gingham/linalg/result_array.hpp"

namespace gingham {

/// eigh's result. T is Array (the type-erased face) or the element type of the typed face.
template <class T = Array>
struct EighResult {
  RealResultArray<T> eigenvalues;  ///< ascending, the real dtype of x's precision
  ResultArray<T> eigenvectors;     ///< as orthonormal columns, x's dtype
};

/// Collective over x.grid().comm(). The eigenvalues and eigenvectors of each Hermitian (symmetric)
/// matrix, only the lower triangle read (as LAPACK's default UPLO = 'L'; for a row-major shard, S's
/// upper). P?SYEVD / P?HEEVD (divide and conquer), always on a row-major working copy (S = conj(X),
/// UPLO = 'U'; a column-major x is redistributed): P?HEEVD on column-major copies with UPLO = 'L'
/// returned wrong eigenvectors for n = 29, NB = 15 on 2 ranks, and P?SYEVD is wrong when the matrix is
/// one block spread over several processes, so blocks are kept at most ceil(n / P). Cost: about 9 n^3
/// flops plus the copy. Memory per rank: the copy, the eigenvectors and the workspace (about two more
/// matrices). Throws std::invalid_argument for non-square matrices, gingham::LinAlgError for non-finite
/// input or when the solver does not converge.
EighResult<Array> eigh(const Array& x);

/// Collective over x.grid().comm(). The eigenvalues of each Hermitian matrix, ascending, real dtype:
/// P?SYEV / P?HEEV with JOBZ = 'N' (tridiagonal reduction + QR iteration, no vectors). Errors as eigh.
Array eigvalsh(const Array& x);

/// Collective over x.grid().comm(). The typed eigh (see above): T is float, double, std::complex<float>
/// or std::complex<double>; the eigenvalues have the real element type.
template <class T>
EighResult<T> eigh(const DistArray<T>& x) {
  auto [eigenvalues, eigenvectors] = eigh(x.array());
  return {RealResultArray<T>(std::move(eigenvalues)), DistArray<T>(std::move(eigenvectors))};
}

/// Collective over x.grid().comm(). The typed eigvalsh (see above), of the real element type.
template <class T>
RealResultArray<T> eigvalsh(const DistArray<T>& x) {
  return RealResultArray<T>(eigvalsh(x.array()));
}

}  // namespace gingham
