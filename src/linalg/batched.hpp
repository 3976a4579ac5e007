#pragma once
// The batched path for stacks of small matrices (private: not installed). A stack whose matrices are all
// small is moved once (one redistribution) into a batch layout, where one batch axis is Block-distributed
// and the matrix axes are not distributed, so that every rank holds whole matrices; each rank then calls
// serial LAPACK/BLAS (imports/lapack.hpp) on its own matrices, and the results stay in the batch layout.
// Failures (singular, not positive definite, no convergence) are agreed on with one MPI_Allreduce and
// name the first failing matrix of the stack on every rank. Stacks of larger matrices keep the per-matrix
// ScaLAPACK loop of stack.hpp.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham::linalg_detail {

/// The largest matrix extent (rows, columns, inner dimension) that takes the batched path.
inline constexpr std::int64_t batched_max_extent = 256;

/// Local. Whether a routine over a stack of shape `batch` whose matrix extents are `extents` takes the
/// batched path: `batch` has at least one axis and every extent is at most batched_max_extent.
bool takes_batched_path(const std::vector<std::int64_t>& batch, const std::vector<std::int64_t>& extents);

/// Local. The batch layout of an array of shape batch + tail (batch_ndim leading batch axes) on `grid`:
/// the batch axis of the largest extent (the first of equals) Block-distributed over the grid axis of the
/// largest extent (the first of equals), every other axis not distributed (other grid axes hold copies),
/// row-major. Every rank thus holds whole trailing blocks (matrices, vectors, scalars), one after another.
std::shared_ptr<const Distribution> batch_layout(const std::vector<std::int64_t>& shape, int batch_ndim,
                                                 const ProcessGrid& grid);

/// Collective over x.grid().comm() (one redistribution: about x's matrices' bytes, once per matrix of the
/// stack they are broadcast to). x's matrices broadcast to the stack shape `batch` (x's batch axes aligned
/// to its trailing axes; missing axes and axes of extent 1 broadcast), in batch_layout.
Array to_batch_layout(const Array& x, const std::vector<std::int64_t>& batch);

/// Collective over grid.comm(). A new, zeroed array of shape batch + tail in batch_layout.
Array allocate_batched(DType dtype, const ProcessGrid& grid, const std::vector<std::int64_t>& batch,
                       const std::vector<std::int64_t>& tail);

/// The trailing blocks (matrices, vectors) this rank holds of an array in batch_layout: dense, row-major,
/// one after another, in ascending order of their flat (row-major) stack index.
class LocalStack {
 public:
  /// Local. The blocks of `a` (laid out by batch_layout with `batch_ndim` batch axes).
  LocalStack(const Array& a, int batch_ndim);
  /// Local. The number of blocks this rank holds.
  std::int64_t count() const noexcept { return count_; }
  /// Local. The flat (row-major) index in the whole stack of local block i.
  std::int64_t stack_index(std::int64_t i) const;
  /// Local. The first element of local block i.
  template <class T>
  T* block(std::int64_t i) const {
    return reinterpret_cast<T*>(data_) + i * block_size_;
  }

 private:
  std::byte* data_ = nullptr;
  std::int64_t count_ = 0, block_size_ = 0;
  std::vector<std::vector<std::int64_t>> owned_;  // per batch axis: the global indices held
  std::vector<std::int64_t> batch_;               // the global batch shape
};

/// One operand of a batched routine with two operands (solve, matmul), broadcast to the stack shape: its
/// matrices in the batch layout (to_batch_layout), or, when its stack holds one matrix (a 2-D operand, or
/// every stack axis of extent 1), that matrix replicated on every grid rank and shared by every matrix of
/// the stack: one copy per rank instead of one per matrix of the stack.
class BatchOperand {
 public:
  /// Collective over x.grid().comm() (one redistribution).
  BatchOperand(const Array& x, const std::vector<std::int64_t>& batch);
  /// Local. Whether one matrix serves the whole stack.
  bool shared() const noexcept { return shared_; }
  /// Local. The number of matrices this rank holds (1 when shared).
  std::int64_t count() const noexcept { return stack_.count(); }
  /// Local. The matrix that goes with local matrix i of the stack's batch layout.
  template <class T>
  T* block(std::int64_t i) const {
    return stack_.block<T>(shared_ ? 0 : i);
  }

 private:
  bool shared_;
  Array array_;
  LocalStack stack_;
};

/// Local. The multi-index of flat (row-major) stack index `flat` in a stack of shape `batch`.
std::vector<std::int64_t> unflatten(std::int64_t flat, const std::vector<std::int64_t>& batch);

/// Local. solve and inv call an n x n matrix singular when its smallest LU pivot is at most this many
/// machine epsilons times its largest |U(i, j)|: max(n, 10) (the relative pivot test; lu.cpp's lu_layout
/// says why and how it was chosen).
inline double pivot_tolerance(std::int64_t n) { return static_cast<double>(std::max<std::int64_t>(n, 10)); }

/// The INFO the batched routines record for a matrix holding NaN or infinity, which is not given to LAPACK:
/// non_finite_info + its NonFinite flags (work_matrix.hpp). LAPACK's own INFO never comes near it.
inline constexpr int non_finite_info = 1 << 30;

/// A LAPACK failure on this rank's matrices: the first (lowest stack index) positive INFO, and whether
/// any call refused an argument (negative INFO: a gingham bug).
class LocalFailures {
 public:
  /// Local. Records one call's INFO for the matrix of flat stack index `index`; returns whether it failed.
  bool record(std::int64_t index, int info);
  /// Collective over grid.comm() (one MPI_Allreduce; a second one when some matrix failed). The first
  /// failing matrix of the whole stack and its INFO, the same on every rank, or none. A negative INFO
  /// anywhere, or a LAPACK argument report pending anywhere (lapack_errors.hpp), throws std::logic_error on
  /// every rank, naming `function` and `routine`.
  std::optional<std::pair<std::int64_t, int>> agree(const ProcessGrid& grid, const std::string& function,
                                                    const char* routine) const;

 private:
  std::int64_t first_index_ = -1;
  int first_info_ = 0, refused_ = 0;
};

// ---- The routines on the batched path (lu, cholesky, eigh and matmul route their stacks here) --------

/// Collective over x.grid().comm(). inv of a stack of small square matrices (x checked by the caller).
Array batched_inv(const Array& x);
/// Collective over a.grid().comm(). solve of a (a stack or 2-D) and b (..., m, k), both of dtype
/// `dtype`, over the broadcast stack shape `batch` (not empty).
Array batched_solve(const Array& a, const Array& b, const std::vector<std::int64_t>& batch);
/// Collective over x.grid().comm(). The signs and log |det| of a stack of small square matrices.
std::pair<Array, Array> batched_slogdet(const Array& x);
/// Collective over x.grid().comm(). The determinants of a stack of small square matrices.
Array batched_det(const Array& x);
/// Collective over x.grid().comm(). The Cholesky factors of a stack of small square matrices.
Array batched_cholesky(const Array& x, bool upper);
/// Collective over x.grid().comm(). Eigenvalues and (when `vectors`) eigenvectors of a stack of small
/// Hermitian matrices (their lower triangles are read, as numpy.linalg.eigh does).
std::vector<Array> batched_eigh(const Array& x, bool vectors);
/// Collective over a.grid().comm(). a @ b for operands of one floating dtype, at least one a stack.
Array batched_matmul(const Array& a, const Array& b);

}  // namespace gingham::linalg_detail
