#pragma once
/// \file
/// eig and eigvals: the general (nonsymmetric) eigenproblem on ScaLAPACK's complex path: P?GEHRD
/// (Hessenberg reduction), P?UNMHR (its Q), P?LAHQR (Schur form by multishift QR), P?TREVC (eigenvectors).
/// The rules all ScaLAPACK routines follow (dtypes, the working copy, stacks, small matrices, non-finite
/// input, errors): README.md in this folder.

#include <utility>

#include "gingham/linalg/result_array.hpp"

namespace gingham {

/// eig's result, both complex. T is Array (the type-erased face) or the element type of the typed face.
template <class T = Array>
struct EigResult {
  ComplexResultArray<T> eigenvalues;   ///< in the order of the Schur form's diagonal (unsorted, as NumPy)
  ComplexResultArray<T> eigenvectors;  ///< as columns of unit 2-norm
};

/// Collective over x.grid().comm(). The eigenvalues and eigenvectors of each general square matrix, both
/// complex (complex64 for float32 and complex64 input, complex128 otherwise). ScaLAPACK's only general
/// eigenvector path is complex, so real input is first converted to complex (one local pass; twice the
/// copy's memory): P?GEHRD (Hessenberg H = Q^H X Q), P?UNMHR (Z = Q), P?LAHQR (Schur form T = Z^H X Z, Z
/// accumulated), P?TREVC (eigenvectors of T, back-transformed by Z), then each column normalized. Memory
/// per rank: the copy, Z, and workspaces. For n = 1, P?LAHQR returns the eigenvalue on the process holding
/// the element only; it is summed over the grid (one MPI_Allreduce). Throws std::invalid_argument for
/// non-square matrices, gingham::LinAlgError for non-finite input or when the QR algorithm does not
/// converge.
EigResult<Array> eig(const Array& x);

/// Collective over x.grid().comm(). The eigenvalues of each general square matrix, complex: P?GEHRD +
/// P?UNMHR + P?LAHQR without P?TREVC (real input converted to complex, as in eig). Errors as eig.
Array eigvals(const Array& x);

/// Collective over x.grid().comm(). The typed eig (see above): T is float, double, std::complex<float> or
/// std::complex<double>; both results have the complex element type of T's precision.
template <class T>
EigResult<T> eig(const DistArray<T>& x) {
  auto [eigenvalues, eigenvectors] = eig(x.array());
  return {ComplexResultArray<T>(std::move(eigenvalues)), ComplexResultArray<T>(std::move(eigenvectors))};
}

/// Collective over x.grid().comm(). The typed eigvals (see above), of the complex element type.
template <class T>
ComplexResultArray<T> eigvals(const DistArray<T>& x) {
  return ComplexResultArray<T>(eigvals(x.array()));
}

}  // namespace gingham
