#pragma once
// The working copy ScaLAPACK may overwrite, shared by every routine of src/linalg/ (private: not
// installed): operand checks, where the copy of each matrix goes (work_layout, decided once per call and
// agreed on by every rank), the copy itself, descriptors of it and of matrices that must match it, agreed
// INFO and agreed workspaces. Stacks are looped over in stack.hpp. See gingham/linalg/README.md for the
// rules the routines document.

#include <complex>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/distributions/distribution.hpp"
#include "gingham/linalg/blacs_grid.hpp"
#include "gingham/linalg/descriptor.hpp"

namespace gingham::linalg_detail {

/// The element types ScaLAPACK computes with.
template <class T>
inline constexpr bool is_scalapack_type = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                                          std::is_same_v<T, std::complex<float>> ||
                                          std::is_same_v<T, std::complex<double>>;

/// Local. The typed shard pointer of an array (`dummy` where this rank holds no element: ScaLAPACK never
/// reads it, but wants a pointer).
template <class T>
T* data_of(const Array& a, T& dummy) {
  return a.local().data ? reinterpret_cast<T*>(a.local().data) : &dummy;
}

/// Local. Throws, alike on every rank: gingham::TypeError for a non-floating dtype, std::invalid_argument
/// for fewer than 2 axes, (when `square`) matrices that are not square, or extents beyond ScaLAPACK's
/// 32-bit integers. `function` names the caller.
void require_floating_matrices(const Array& x, const std::string& function, bool square);

/// Collective over x.grid().comm() (one MPI_Allreduce): whether every rank can use its shard of the 2-D
/// array x in place (descriptor.hpp's rule).
bool in_place_everywhere(const Array& x);

/// What a block of values holds that is not finite: a bit set of these flags (0: all finite).
enum NonFinite : int { has_nan = 1, has_infinity = 2 };

/// Local. The NonFinite flags of the `count` contiguous elements at `data` of a floating `dtype` (0 for
/// other dtypes). One pass, no early exit (a NaN and an infinity are both reported).
int non_finite_flags(DType dtype, const void* data, std::int64_t count);

/// Local. The NonFinite flags of this rank's shard of x (any strides).
int local_non_finite(const Array& x);

/// Local. Throws gingham::LinAlgError for input holding NaN or infinity (`flags` != 0, agreed on by every
/// rank, so every rank throws the same): "<function>: expected finite values, got an array of shape S
/// that contains NaN[ and infinity]<suffix>; ...". ScaLAPACK's iterative drivers hang or fail on such input
/// (the ranks leave the algorithm at different steps), and NumPy's results for it are NaN in places that
/// depend on the LAPACK build, or a LinAlgError; gingham raises before any driver is called.
[[noreturn]] void throw_non_finite(const std::string& function, int flags, const std::vector<std::int64_t>& shape,
                                   const std::string& suffix = "");

/// What a routine needs of its working copy's layout.
struct WorkNeeds {
  std::optional<StorageOrder> order;  ///< the storage order (S = X: column-major), or any
  std::int64_t min_block = 1;         ///< the least square block size (P?LAHQR: 6)
  std::int64_t max_block = 256;       ///< the largest (larger blocks leave ranks idle; eigh: below n / P)
  bool zero_source = false;           ///< RSRC = CSRC = 0 (the eigensolvers and orthogonal factorizations)
  /// When set, on a BLACS view with one grid axis spreading S (1xP or Px1): the axis of x (0: rows, 1:
  /// columns) that grid axis spreads. ScaLAPACK's blocked factorizations are twice as fast when each
  /// panel lies on one process (P?POTRF on 1x2: uplo 'L' 0.35 s, 'U' 0.7-0.9 s at n = 2000), and which
  /// axis holds the panels is the routine's to say. A layout spreading the other axis is not kept: the
  /// copy is a redistribution (the same bytes as the copy from gingham's default layout needs anyway).
  std::optional<int> spread_axis;
  /// When not empty, the calling function's name, and x must be finite: work_layout throws
  /// throw_non_finite(finite_for, ...) on every rank when any element of x is NaN or infinite. For a 2-D x
  /// the check rides the layout's own MPI_Allreduce; for a stack it costs one MPI_Allreduce of one int.
  std::string finite_for;
};

/// The largest block size of a user's layout any routine keeps.
inline constexpr std::int64_t largest_kept_block = 256;

/// Where the working copies of a call go: their layout (2-D, one matrix), the BLACS view ScaLAPACK sees
/// them in, and the square block size (MB = NB) of their descriptors, shared by the matrices that must
/// match them (U, VT, Z, Q, right-hand sides).
struct WorkLayout {
  std::shared_ptr<const Distribution> layout;
  ScalapackView view;
  std::int64_t block = 64;
  ProcessGrid grid;  ///< the grid the copies live on: x's own, or fewer ranks for a small matrix
};

/// Collective over x.grid().comm() (for a 2-D x: two MPI_Allreduce, and BlacsGrid::of once; for a stack
/// none, or one with needs.finite_for). The layout on x's grid
/// of the working copy of each matrix of x: x's own when x is 2-D, ScaLAPACK can read it in place, and
/// its square descriptor (BlockShape::square) meets `needs` (storage order, block size between
/// needs.min_block and min(largest_kept_block, needs.max_block), sources) — then the copy is local;
/// otherwise BlockCyclic(min(64, needs.max_block)) axes in x's BLACS view (when x could be read in place)
/// or the grid's default view (default_scalapack_view; throws gingham::NotImplementedError for grids
/// with more than two axes of extent > 1), stored in needs.order or else x's order. On a view with one
/// grid axis spreading S, a tall or wide matrix whose spread axis has fewer blocks than that grid axis
/// has ranks, while the other axis is longer, is turned to spread its longer axis instead (else a
/// 1000 x 6 qr would run on one rank); before that, a view spreading the other axis of x than
/// needs.spread_axis is turned (x's own layout is then not kept).
WorkLayout layout_on_own_grid(const Array& x, const WorkNeeds& needs);

/// Collective over x.grid().comm(). Where the working copies of a call go: layout_on_own_grid, unless
/// that would leave a rank of x's grid without a part of the matrix (a small matrix on many ranks: more
/// ranks along an axis of S than it has blocks), or x's grid spreads both axes over more ranks than the
/// matrix has rows or columns (a 2 x 2 matrix on a 2 x 2 grid). ScaLAPACK's drivers misbehave then (P?GESVD reported
/// spurious non-convergence for 2 x 2 matrices on 3-4 ranks: ranks without a part of U or VT take another
/// path in the bidiagonal SVD and find other singular values), so such a matrix is moved to a 1-D grid of
/// the first q ranks (q <= min(grid size, the extents' blocks); a new ProcessGrid, except when that is x's
/// own 1-D grid), with blocks small enough that each of the q ranks holds one; the other ranks take
/// part in the agreements only. Results come back to x's grid with to_home_grid (one redistribution).
WorkLayout work_layout(const Array& x, const WorkNeeds& needs = {});

/// Collective over home.comm(). `piece` itself when it lives on `home`, else a copy in home's default
/// layout (one redistribution, about its size in bytes).
Array to_home_grid(const Array& piece, const ProcessGrid& home);

/// A matrix ScaLAPACK may overwrite: a fresh array, its BLACS view and square block size.
struct WorkMatrix {
  Array array;
  ScalapackView view;
  std::int64_t block = 64;
  /// Local. Its descriptor, with square blocks (BlockShape::square).
  ScalapackDescriptor descriptor() const;
  /// Local. The BLACS grid of the view (valid on grid ranks only).
  BlacsGrid blacs() const;
  /// Local. The descriptor of `other`, an array laid out in the same view and block size (U, VT, Z, B).
  ScalapackDescriptor descriptor_of(const Array& other) const;
};

/// Collective over x.grid().comm(). A new array in `layout` (2-D) holding x[index...], the matrix of x's
/// stack at `index` (aligned to x's trailing stack axes; stack axes of extent 1 broadcast; x itself when
/// x is 2-D): one redistribution, about the matrix's size in bytes sent and received in total; when x is
/// 2-D and `layout` is x's own, one MPI_Allreduce and a memcpy of each dense shard instead.
Array matrix_copy(const Array& x, const std::vector<std::int64_t>& index, std::shared_ptr<const Distribution> layout);

/// Collective over x.grid().comm(). matrix_copy into `layout` on `grid` (a grid of x's communicator).
Array matrix_copy(const Array& x, const std::vector<std::int64_t>& index, const ProcessGrid& grid,
                  std::shared_ptr<const Distribution> layout);

/// Collective over x.grid().comm(). The working copy of matrix `index` of x ({} for a 2-D x) in `where`.
WorkMatrix working_copy(const Array& x, const std::vector<std::int64_t>& index, const WorkLayout& where);

/// Collective over w.array's grid (BlacsGrid::of the first time a view is asked for). Calls
/// f(data, descriptor, blacs) with the working copy's shard (a dummy where it is empty) and descriptor,
/// on the ranks of the grid only; a no-op elsewhere and for empty matrices.
template <class T, class F>
void with_scalapack(const WorkMatrix& w, F&& f) {
  if (!w.array.grid().contains_this_rank() || w.array.global_size() == 0) return;
  T dummy{};
  f(data_of(w.array, dummy), w.descriptor(), w.blacs());
}

/// Local. The column-major layout of an m x k right-hand side B for the matrix of `a`: B's rows laid out
/// as S's rows (same axis layout and grid axis: the row blocks ScaLAPACK wants aligned), its columns
/// BlockCyclic(a.block) on the BLACS process columns.
std::shared_ptr<const Distribution> right_hand_side_layout(const WorkLayout& a, std::int64_t m, std::int64_t k);

/// Collective over grid.comm(). A new, zeroed array of `shape` in like's view, stored in `order`, with
/// like's block size (so its descriptor matches like's, as ScaLAPACK's Z, U, VT need).
Array allocate_in_view(DType dtype, const WorkMatrix& like, const std::vector<std::int64_t>& shape,
                       StorageOrder order);

/// Collective over x.grid().comm(). The rows [row0, row0 + rows) and columns [col0, col0 + cols) of the
/// 2-D array x, as a new array in x's view, order and block size (one redistribution of that block).
Array block_of(const WorkMatrix& x, std::int64_t row0, std::int64_t rows, std::int64_t col0, std::int64_t cols);

/// Collective over grid.comm() (one MPI_Allreduce of three ints). ScaLAPACK's INFO agreed on by every rank
/// (ranks off the grid pass 0): the largest positive value, or 0. A negative INFO anywhere (an argument
/// ScaLAPACK refused: a gingham bug) throws std::logic_error on every rank, naming `function` and `routine`;
/// so does a LAPACK argument report pending on any rank (take_lapack_error, gingham/linalg/lapack_errors.hpp),
/// with the report of the lowest such rank (throw_lapack_report).
int agreed_info(const ProcessGrid& grid, int info, const std::string& function, const char* routine);

/// Collective over grid.comm() (one MPI_Allreduce and two MPI_Bcast), called by every rank once some rank
/// has a LAPACK argument report (`report`, "" where none): throws std::logic_error on every rank with the
/// report of the lowest rank that has one, naming `function` and `routine`.
[[noreturn]] void throw_lapack_report(const ProcessGrid& grid, const std::string& report, const std::string& function,
                                      const char* routine);

/// Collective over grid.comm(). agreed_info, and a positive INFO throws gingham::LinAlgError
/// "<function>: <routine> <what> (INFO = i)" on every rank.
void agree_info(const ProcessGrid& grid, int info, const std::string& function, const char* routine,
                const std::string& what);

/// Collective over grid.comm() (one MPI_Allreduce). A local buffer of `count` elements (at least 1),
/// its allocation agreed on: std::bad_alloc on every rank when any rank cannot allocate.
template <class T>
std::vector<T> agreed_buffer(const ProcessGrid& grid, std::int64_t count);

/// Local. The size ScaLAPACK asked for in a workspace query's first element, rounded up with a margin
/// (single-precision queries round large sizes).
template <class T>
std::int64_t queried_size(const T& first) {
  const double size = static_cast<double>(std::real(first));
  return static_cast<std::int64_t>(size * (1 + 1e-6)) + 1;
}

/// Collective over grid.comm() (three MPI_Allreduce). A ScaLAPACK routine with one workspace, called
/// twice: a query (LWORK = -1), the agreed allocation of the size it asked for (queried_size), then the
/// computation, with INFO agreed after each (agree_info: "workspace query failed", then `what`).
/// call(work, lwork, &info) runs only where `on_grid`.
template <class T, class Call>
void call_with_workspace(const ProcessGrid& grid, bool on_grid, const std::string& function, const char* routine,
                         const std::string& what, Call&& call) {
  T query{};
  int info = 0;
  if (on_grid) call(&query, -1, &info);
  agree_info(grid, info, function, routine, "workspace query failed");
  std::vector<T> work = agreed_buffer<T>(grid, on_grid ? queried_size(query) : 1);
  if (on_grid) call(work.data(), static_cast<int>(work.size()), &info);
  agree_info(grid, info, function, routine, what);
}

/// Collective over grid.comm(). A 1-D array of `values` (identical on every grid rank, as ScaLAPACK
/// returns eigenvalues and singular values) in the default layout: each rank keeps its part.
Array vector_from_replicated(DType dtype, const ProcessGrid& grid, const void* values, std::int64_t count);

/// Local. The machine epsilon of a floating dtype's real type.
double epsilon_of(DType dtype);

}  // namespace gingham::linalg_detail
