#pragma once
// Helpers shared by the routines of src/linalg/ (private: not installed). Stacks of matrices are handled
// as a loop: each matrix is copied into a ScaLAPACK layout (one redistribution), computed on, and the
// results joined along new leading axes.

#include <complex>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/distributions/distribution.hpp"
#include "gingham/linalg/descriptor.hpp"

namespace gingham::linalg_detail {

/// The element types ScaLAPACK computes with.
template <class T>
constexpr bool is_scalapack_type = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                                   std::is_same_v<T, std::complex<float>> || std::is_same_v<T, std::complex<double>>;

/// Local. A shard's data, or `dummy` where the shard is empty (ScaLAPACK never reads it, but wants a pointer).
template <class T>
T* data_or_dummy(const RawView& view, T& dummy) {
  return view.data ? reinterpret_cast<T*>(view.data) : &dummy;
}

/// Local. The stack (batch) axes of a shape: all but the last two.
std::vector<std::int64_t> batch_of(const std::vector<std::int64_t>& shape);

/// Local. The number of matrices in a stack of shape `batch`.
std::int64_t stack_count(const std::vector<std::int64_t>& batch);

/// Local. Steps `index` (a multi-index into `batch`) to the next matrix in row-major order.
void next_stack_index(std::vector<std::int64_t>& index, const std::vector<std::int64_t>& batch);

/// Collective over x.grid().comm() (one MPI_Allreduce): whether every rank can use its shard of the
/// 2-D array x in place (descriptor.hpp's rule).
bool in_place_everywhere(const Array& x);

/// Collective over x.grid().comm(). A new array in `layout` (2-D) holding x[index...], the matrix of x's
/// stack at `index` (aligned to x's trailing stack axes; stack axes of extent 1 broadcast; x itself when
/// x is 2-D): one redistribution, about the matrix's size in bytes sent and received in total (a local
/// copy when `layout` is x's own).
Array matrix_copy(const Array& x, const std::vector<std::int64_t>& index, std::shared_ptr<const Distribution> layout);

/// Collective over the pieces' communicator. The matrices (or vectors, or 0-D arrays) `pieces`, one per
/// matrix of a stack of shape `batch` in row-major order, joined into one array of shape batch + the
/// pieces' shape (expand_dims, concat along axis 0, and a reshape when the stack has several axes).
/// An empty stack gives an empty array of dtype `dtype` in the default layout.
Array join_stack(const std::vector<Array>& pieces, const std::vector<std::int64_t>& batch,
                 const std::vector<std::int64_t>& piece_shape, DType dtype, const ProcessGrid& grid);

/// Collective over c.grid().comm(). c with the axes `axes` (of extent 1) removed; a 1-D result that the
/// squeeze left replicated (its one row or column lay on one process) is spread in the default layout
/// (local: each rank keeps its part).
Array squeeze_spread(const Array& c, const std::vector<int>& axes);

/// Where a factorization works: the layout of its working copy, the BLACS view ScaLAPACK sees it in,
/// and the (square) block size of its descriptor (make_descriptor's BlockShape::square free block).
struct WorkLayout {
  std::shared_ptr<const Distribution> layout;
  ScalapackView view;
  std::int64_t block = 0;
};

/// The largest block size of a user's layout that a factorization keeps (larger blocks leave ranks idle).
inline constexpr std::int64_t largest_kept_block = 256;

/// Collective over x.grid().comm() (one MPI_Allreduce for a 2-D x). The layout of the working copy of
/// one n x n matrix of x (ScaLAPACK's factorizations overwrite their input): x's own layout when x is
/// 2-D, ScaLAPACK can read it in place and its distributed axes have one block size of at most
/// largest_kept_block (so the copy is local); otherwise row-major BlockCyclic(64) x BlockCyclic(64) in
/// x's BLACS view (when in place) or the grid's default view (default_scalapack_view; throws
/// gingham::NotImplementedError for grids with more than two axes of extent > 1).
WorkLayout factorization_layout(const Array& x);

/// Local. The column-major layout of an m x k right-hand side B for the matrix of `a`: B's rows laid out
/// as S's rows (same axis layout and grid axis: the row blocks ScaLAPACK wants aligned), its columns
/// BlockCyclic(a.block) on the BLACS process columns.
std::shared_ptr<const Distribution> right_hand_side_layout(const WorkLayout& a, std::int64_t m, std::int64_t k);

/// Collective over comm (one MPI_Allreduce). ScaLAPACK's INFO agreed on by every rank (ranks off the
/// grid pass 0): the largest positive value, or 0. A negative INFO (an argument ScaLAPACK refused, a
/// gingham bug) throws std::logic_error on every rank, naming `routine`.
int agreed_info(int info, const Comm& comm, const char* routine);

/// Local. " (matrix (i, j) of the stack)" for a stack index, "" for none: for error messages.
std::string stack_suffix(const std::vector<std::int64_t>& index);

}  // namespace gingham::linalg_detail

namespace gingham::linalg_detail {

/// Local (every rank sees the same). Throws gingham::TypeError unless x has a floating dtype, and
/// std::invalid_argument unless x has at least two axes and its last two are equal (square matrices).
void require_square_floating(const Array& x, const char* function);

/// Collective over work's grid (BlacsGrid::of the first time a view is asked for). Calls
/// f(data, descriptor, blacs) with the working copy's shard (a dummy where it is empty) and descriptor,
/// on the ranks of the grid only; a no-op elsewhere and for empty matrices.
template <class T, class F>
void with_scalapack(const Array& work, const WorkLayout& where, F&& f);

}  // namespace gingham::linalg_detail

#include "gingham/linalg/blacs_grid.hpp"

template <class T, class F>
void gingham::linalg_detail::with_scalapack(const Array& work, const WorkLayout& where, F&& f) {
  if (!work.grid().contains_this_rank() || work.global_size() == 0) return;
  const BlacsGrid blacs = BlacsGrid::of(work.grid(), where.view.row_axis, where.view.col_axis);
  const ScalapackDescriptor desc = make_descriptor(work.distribution(), work.local(), blacs, BlockShape::square, static_cast<int>(where.block));
  T dummy{};
  f(data_or_dummy(work.local(), dummy), desc, blacs);
}
