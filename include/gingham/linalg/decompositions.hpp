#pragma once
/// \file
/// Orthogonal factorizations and eigensolvers on ScaLAPACK: qr (P?GEQRF + P?ORGQR / P?UNGQR), eigh and
/// eigvalsh (P?SYEVD / P?HEEVD, P?SYEV / P?HEEV), svd and svdvals (P?GESVD), pinv and matrix_rank (from
/// the SVD), eig and eigvals (P?GEHRD + P?UNMHR + P?LAHQR + P?TREVC, complex).
///
/// **Common rules.**
///  - Operands: arrays of at least 2 axes of a floating dtype (float32, float64, complex64, complex128).
///    Integer and bool arrays raise gingham::TypeError (the standard requires floating-point input; no
///    silent cast, as with matmul's integer refusal); fewer than 2 axes, or a non-square matrix where
///    one is needed, std::invalid_argument (ValueError); on every rank alike.
///  - **The working copy.** ScaLAPACK overwrites its input, and the user's array is never touched: each
///    matrix is first copied into a fresh array (memory: one more matrix of x's size per rank's share).
///    When x can be used in place (descriptor.hpp) with square blocks of 6..256 (BlockShape::square) and
///    the storage order the routine needs, the copy keeps x's layout (a local copy, no message);
///    otherwise the copy *is* a redistribution to the BlockCyclic(64) layout of scalapack_layout() in
///    x's BLACS view when x could be read in place, else the grid's default BLACS view (about the
///    matrix's size sent and received in total). The same rule as factorizations.hpp's (one mechanism,
///    src/linalg/work_matrix.hpp), with each routine's needs: storage order, block range, and first
///    row and column on BLACS process (0, 0). gingham's
///    default layout (Block rows) is such a case once n / P > 256: its blocks are too wide to be
///    ScaLAPACK's panels.
///  - **Row-major shards** (S = X^T, descriptor.hpp) are used as the transposed problem where that is
///    exact: eigh of a Hermitian X works on S = conj(X) (eigenvalues equal, eigenvectors conjugated:
///    for complex a local conj pass), and svd of S = X^T = U' S V'^H gives X = conj(V') S U'^T, so the
///    factors are written where they belong with no extra pass. qr and eig need S = X: a row-major x is
///    copied into a column-major layout (the same redistribution, which is the copy anyway).
///  - Results live in the layout ScaLAPACK wrote (2-D block-cyclic in the same BLACS view); 1-D
///    results (eigenvalues, singular values), which ScaLAPACK returns on every rank, are laid out in
///    the default layout (each rank keeps its part: no message).
///  - Stacks (more than two axes): a loop over the stack, one matrix after another, each moved straight
///    into the default working layout (its one redistribution), results joined with concat and
///    reshaped (batch shape first).
///  - **Small matrices** that would leave ranks without a part of the working copy (more ranks along an
///    axis than the matrix has blocks), or that a 2-D grid would spread over more ranks than they have
///    rows or columns, are copied to a 1-D grid of fewer ranks instead, with blocks small
///    enough that each holds one (work_matrix.hpp's work_layout; the same for factorizations.hpp), and
///    their results brought back to x's grid in its default layout (one redistribution each): P?GESVD
///    reported spurious non-convergence for 2 x 2 matrices on 3-4 ranks otherwise.
///  - **Non-finite input.** eigh, eigvalsh, svd, svdvals, pinv, matrix_rank and eig, eigvals (and
///    matrix_norm's orders 2, -2 and 'nuc', which take svdvals) raise gingham::LinAlgError on every rank
///    when x holds NaN or infinity, before any driver runs ("expected finite values, got an array of
///    shape S that contains NaN"): one MPI_Allreduce, folded into the working copy's own for a 2-D x;
///    on the batched path the flag rides the failure agreement. ScaLAPACK's iterative drivers hang on such
///    input (the ranks leave P?SYEVD at different steps) or take tens of seconds to fail; NumPy 1.24
///    raises LinAlgError for eig/eigvals ("Array must not contain infs or NaNs") and the SVD family ("SVD
///    did not converge"), and returns NaNs in places that depend on its LAPACK for eigh.
///  - Non-convergence (INFO > 0) is agreed with one MPI_Allreduce and raised as gingham::LinAlgError
///    (Python: gg.linalg.LinAlgError) on every rank with the same message.
///  - Workspaces are queried first (LWORK = -1); their allocation is agreed on (one MPI_Allreduce).
///  - Cost: the ScaLAPACK routine's (about 4 n^3 / 3 flops for qr of a square matrix, ~9 n^3 for eigh
///    with vectors, ~22 n^3 for a square svd with vectors) plus the copy.

#include <optional>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"

namespace gingham {

/// Collective over x.grid().comm(). The QR factorization x = Q R of each matrix (m x n, k = min(m, n)):
/// mode "reduced" gives Q (m x k, orthonormal columns) and R (k x n, upper triangular, zeros below);
/// "complete" gives Q (m x m) and R (m x n). P?GEQRF on the column-major working copy (for "complete"
/// with m > n, the copy is padded with m - n zero columns by a concat first: one more matrix-sized
/// copy), then R copied out of the upper triangle (triu), then P?ORGQR / P?UNGQR forms Q in place of
/// the copy. Memory per rank: the copy (Q), R, and the workspace. Throws std::invalid_argument for
/// any other mode.
std::vector<Array> qr(const Array& x, const std::string& mode = "reduced");

/// Collective over x.grid().comm(). {eigenvalues, eigenvectors} of each Hermitian (symmetric) matrix,
/// only the lower triangle read (as LAPACK's default UPLO = 'L'; for a row-major shard, S's upper):
/// eigenvalues ascending, of the real dtype; eigenvectors as columns, orthonormal, x's dtype.
/// P?SYEVD / P?HEEVD (divide and conquer), always on a row-major working copy (S = conj(X), UPLO = 'U';
/// a column-major x is redistributed): P?HEEVD on column-major copies with UPLO = 'L' returned wrong
/// eigenvectors for n = 29, NB = 15 on 2 ranks, and P?SYEVD is wrong when the matrix is one block
/// spread over several processes, so blocks are kept at most ceil(n / P). Memory per rank: the copy, the eigenvectors and the
/// workspace (about two more matrices). Raises std::invalid_argument for non-square matrices.
std::vector<Array> eigh(const Array& x);

/// Collective over x.grid().comm(). The eigenvalues of each Hermitian matrix, ascending, real dtype:
/// P?SYEV / P?HEEV with JOBZ = 'N' (tridiagonal reduction + QR iteration, no vectors).
Array eigvalsh(const Array& x);

/// Collective over x.grid().comm(). {U, S, Vh} with x = U diag(S) Vh, S descending (real dtype).
/// full_matrices = false: U (m x k), Vh (k x n). full_matrices = true: U (m x m), Vh (n x n):
/// P?GESVD computes only the k thin factors, so the thin factor of the longer side is completed to a
/// square unitary by a complete QR of it (P?GEQRF + P?ORGQR; its first k columns span the same space
/// and equal the thin factor up to the signs P?GEQRF's R diagonal carries, which are multiplied back
/// in); one more qr of an m x k (n x k) matrix. A single row or column (k = 1) is always worked on as
/// a column S = X or X^T of k = 1 column, whatever x's storage order: P?GESVD returns singular values
/// that differ between processes for S of 1 x 2 on BLACS grids of several process columns (ScaLAPACK
/// 2.2.1), and moving a vector is cheap.
std::vector<Array> svd(const Array& x, bool full_matrices = true);

/// Collective over x.grid().comm(). The singular values of each matrix, descending (P?GESVD with
/// JOBU = JOBVT = 'N').
Array svdvals(const Array& x);

/// Collective over x.grid().comm(). The Moore-Penrose pseudo-inverse Vh^H diag(1/s_i, s_i > cutoff)
/// U^H of each matrix, from svd(x, full_matrices = false); cutoff = rtol * max(s), rtol defaulting to
/// max(m, n) * eps of x's real dtype. Cost: the SVD, one elementwise scaling of Vh and one matmul.
Array pinv(const Array& x, std::optional<double> rtol = std::nullopt);

/// Collective over x.grid().comm(). The number of singular values > rtol * max(s) of each matrix
/// (int64, the batch shape), rtol defaulting to max(m, n) * eps: svdvals, then a max, a comparison and
/// a sum along the last axis.
Array matrix_rank(const Array& x, std::optional<double> rtol = std::nullopt);

/// Collective over x.grid().comm(). {eigenvalues, eigenvectors} of each general square matrix, both
/// complex (complex64 for float32 and complex64 input, complex128 otherwise), eigenvectors as columns
/// of unit 2-norm. ScaLAPACK's only general eigenvector path is complex, so real input is first
/// converted to complex (one local pass; twice the copy's memory): P?GEHRD (Hessenberg H = Q^H X Q),
/// P?UNMHR (Z = Q), P?LAHQR (Schur form T = Z^H X Z, Z accumulated), P?TREVC (eigenvectors of T,
/// back-transformed by Z), then each column normalized. The eigenvalues are in the order of T's
/// diagonal (unsorted, like numpy.linalg.eig). Memory per rank: the copy, Z, and workspaces. For n = 1,
/// P?LAHQR returns the eigenvalue on the process holding the element only; it is summed over the grid
/// (one MPI_Allreduce).
std::vector<Array> eig(const Array& x);

/// Collective over x.grid().comm(). The eigenvalues of each general square matrix, complex:
/// P?GEHRD + P?LAHQR without the Schur form or vectors (real input converted to complex, as in eig).
Array eigvals(const Array& x);

/// Collective over x.grid().comm(). Typed versions: T is float, double, std::complex<float> or
/// std::complex<double>; results are typed Arrays (real dtypes for eigenvalues and singular values).
template <class T>
std::vector<Array> qr(const DistArray<T>& x, const std::string& mode = "reduced") { return qr(x.array(), mode); }
template <class T>
std::vector<Array> eigh(const DistArray<T>& x) { return eigh(x.array()); }
template <class T>
Array eigvalsh(const DistArray<T>& x) { return eigvalsh(x.array()); }
template <class T>
std::vector<Array> svd(const DistArray<T>& x, bool full_matrices = true) { return svd(x.array(), full_matrices); }
template <class T>
Array svdvals(const DistArray<T>& x) { return svdvals(x.array()); }
template <class T>
DistArray<T> pinv(const DistArray<T>& x, std::optional<double> rtol = std::nullopt) {
  return DistArray<T>(pinv(x.array(), rtol));
}
template <class T>
DistArray<std::int64_t> matrix_rank(const DistArray<T>& x, std::optional<double> rtol = std::nullopt) {
  return DistArray<std::int64_t>(matrix_rank(x.array(), rtol));
}
template <class T>
std::vector<Array> eig(const DistArray<T>& x) { return eig(x.array()); }
template <class T>
Array eigvals(const DistArray<T>& x) { return eigvals(x.array()); }

}  // namespace gingham
