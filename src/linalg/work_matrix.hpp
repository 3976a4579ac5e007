#pragma once
// Shared machinery of the decompositions (qr.cpp, eigh.cpp, svd.cpp, eig.cpp), private to src/linalg/:
// operand checks, the working copy ScaLAPACK may overwrite, agreed INFO and workspaces, loops over
// stacks. See gingham/linalg/decompositions.hpp for the rules these implement.

#include <complex>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/linalg/blacs_grid.hpp"
#include "gingham/linalg/descriptor.hpp"

namespace gingham::linalg_detail {

/// Local. Throws, alike on every rank: gingham::TypeError for a non-floating dtype, std::invalid_argument
/// for fewer than 2 axes or (when `square`) matrices that are not square. `function` names the caller.
void require_floating_matrices(const Array& x, const std::string& function, bool square);

/// A matrix ScaLAPACK may overwrite: a fresh array, its BLACS view and grid.
struct WorkMatrix {
  Array array;
  ScalapackView view;
  std::int64_t block = 64;  ///< the square block size (MB = NB) of its descriptor, shared by related matrices
  /// Local. Its descriptor, with square blocks (BlockShape::square).
  ScalapackDescriptor descriptor() const;
  /// Local. The BLACS grid of the view (valid on grid ranks only).
  BlacsGrid blacs() const;
};

/// Collective over x.grid().comm(). The working copy of the 2-D array x (see decompositions.hpp): x's own
/// layout when it is usable in place with square blocks between `min_block` and min(256, max_block)
/// and, if `order` is given, that storage order; else a redistribution to scalapack_layout(..., order or
/// x's order, min(64, max_block)).
WorkMatrix working_copy(const Array& x, std::optional<StorageOrder> order, std::int64_t min_block = 1,
                        std::int64_t max_block = 256);

/// Collective over x.grid().comm(). Matrix `index` (over x's batch axes) of the stack x, moved straight
/// into the default working layout (one redistribution: the copy).
WorkMatrix working_copy_of_stack(const Array& x, const std::vector<std::int64_t>& index,
                                 std::optional<StorageOrder> order, std::int64_t max_block = 256);

/// Collective over grid.comm(). A new, zeroed array of `shape` in `view`, stored in `order`, with the
/// same block size as `like` (so its descriptor matches like's, as ScaLAPACK's Z, U, VT need).
Array allocate_in_view(DType dtype, const WorkMatrix& like, const std::vector<std::int64_t>& shape,
                       StorageOrder order);

/// Collective over x.grid().comm(). The rows [row0, row0 + rows) and columns [col0, col0 + cols) of the
/// 2-D array x, as a new array in x's view, order and block size (one redistribution of that block).
Array block_of(const WorkMatrix& x, std::int64_t row0, std::int64_t rows, std::int64_t col0, std::int64_t cols);

/// Collective over grid.comm() (one MPI_Allreduce of two ints). Agrees on ScaLAPACK's INFO (0 off the
/// grid): a negative value anywhere throws std::logic_error (gingham passed a bad argument), a positive
/// one gingham::LinAlgError "<function>: <routine> <what> (INFO = i)" on every rank.
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

/// Collective over grid.comm(). A 1-D array of `values` (identical on every grid rank, as ScaLAPACK
/// returns eigenvalues and singular values) in the default layout: each rank keeps its part.
Array vector_from_replicated(DType dtype, const ProcessGrid& grid, const void* values, std::int64_t count);

/// Collective over x.grid().comm(). Applies `one_matrix` (which gets each matrix as a working copy and
/// returns that matrix's results) to every matrix of the stack x and joins each result over the stack:
/// result j gets shape batch + shape of one_matrix's result j. `shapes` gives the per-matrix result
/// shapes and dtypes (for empty stacks).
std::vector<Array> over_stack(const Array& x, std::optional<StorageOrder> order,
                              const std::function<std::vector<Array>(WorkMatrix)>& one_matrix,
                              const std::vector<std::pair<DType, std::vector<std::int64_t>>>& shapes,
                              std::int64_t max_block = 256);

/// Local. The machine epsilon of a floating dtype's real type.
double epsilon_of(DType dtype);

}  // namespace gingham::linalg_detail

namespace gingham::linalg_detail {

/// The element types ScaLAPACK computes with.
template <class T>
inline constexpr bool is_scalapack_type = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                                          std::is_same_v<T, std::complex<float>> ||
                                          std::is_same_v<T, std::complex<double>>;

/// Local. The typed shard pointer of a working matrix (a dummy element where this rank holds none).
template <class T>
T* data_of(const Array& a, T& dummy) {
  return a.local().data ? reinterpret_cast<T*>(a.local().data) : &dummy;
}

}  // namespace gingham::linalg_detail
