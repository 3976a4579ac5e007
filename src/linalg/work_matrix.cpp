#include "work_matrix.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <new>
#include <stdexcept>
#include <utility>

#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/linalg/lapack_errors.hpp"
#include "gingham/linalg/matmul.hpp"

namespace gingham::linalg_detail {

namespace {

int agree_all(const ProcessGrid& grid, int ok) {
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_LAND, grid.comm().get()));
  return ok;
}

}  // namespace

void require_floating_matrices(const Array& x, const std::string& function, bool square) {
  if (!is_floating(x.dtype())) {
    throw TypeError(function + ": expected a floating-point array (float32, float64, complex64 or complex128), got " +
                    std::string(dtype_name(x.dtype())) + "; the standard requires floating-point input: cast with astype");
  }
  if (x.ndim() < 2) {
    throw std::invalid_argument(function + ": expected an array of at least 2 dimensions (a matrix or a stack of " +
                                (square ? "square matrices, shape (..., n, n)" : "matrices") + "), got shape " +
                                format_shape(x.global_shape()));
  }
  const std::int64_t m = x.global_shape()[x.ndim() - 2], n = x.global_shape()[x.ndim() - 1];
  if (square && m != n) {
    throw std::invalid_argument(function + ": expected square matrices (an array of shape (..., n, n)), got shape " +
                                format_shape(x.global_shape()) + " (" + std::to_string(m) + " x " + std::to_string(n) + ")");
  }
  const std::int64_t int_max = std::numeric_limits<int>::max();
  if (m > int_max || n > int_max) {
    throw std::invalid_argument(function + ": the matrix extents of " + format_shape(x.global_shape()) +
                                " do not fit ScaLAPACK's 32-bit integers");
  }
}

bool in_place_everywhere(const Array& x) {
  int ok = scalapack_obstacle(x.distribution(), x.local()).empty() ? 1 : 0;
  return agree_all(x.grid(), ok) != 0;
}

int non_finite_flags(DType dtype, const void* data, std::int64_t count) {
  int flags = 0;
  visit_dtype(dtype, [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      using R = decltype(std::real(T{}));
      // A complex number is a pair of reals: scan the reals.
      const R* values = static_cast<const R*>(data);
      const std::int64_t reals = count * static_cast<std::int64_t>(sizeof(T) / sizeof(R));
      bool any_nan = false, any_inf = false;
      for (std::int64_t i = 0; i < reals; ++i) {
        if (!std::isfinite(values[i])) {
          any_nan |= std::isnan(values[i]);
          any_inf |= !std::isnan(values[i]);
        }
      }
      flags = (any_nan ? has_nan : 0) | (any_inf ? has_infinity : 0);
    }
  });
  return flags;
}

int local_non_finite(const Array& x) {
  if (!is_floating(x.dtype()) || !x.holds_shard()) return 0;
  const RawView local = x.local();
  if (local.size() == 0) return 0;
  // Scan the shard one innermost run at a time (any strides; runs of one element when not unit-stride).
  const int nd = static_cast<int>(local.shape.size());
  if (nd == 0) return non_finite_flags(x.dtype(), local.data, 1);
  const std::int64_t inner = local.shape[nd - 1], inner_stride = local.strides[nd - 1];
  std::vector<std::int64_t> index(static_cast<std::size_t>(nd - 1), 0);
  int flags = 0;
  for (;;) {
    std::int64_t offset = 0;
    for (int axis = 0; axis < nd - 1; ++axis) offset += index[axis] * local.strides[axis];
    const std::byte* run = local.data + offset * static_cast<std::int64_t>(local.item_size);
    if (inner_stride == 1) {
      flags |= non_finite_flags(x.dtype(), run, inner);
    } else {
      for (std::int64_t i = 0; i < inner; ++i) {
        flags |= non_finite_flags(x.dtype(), run + i * inner_stride * static_cast<std::int64_t>(local.item_size), 1);
      }
    }
    int axis = nd - 2;
    for (; axis >= 0 && ++index[axis] == local.shape[axis]; --axis) index[axis] = 0;
    if (axis < 0) return flags;
  }
}

void throw_non_finite(const std::string& function, int flags, const std::vector<std::int64_t>& shape,
                      const std::string& suffix) {
  const std::string what = (flags & has_nan) && (flags & has_infinity) ? "NaN and infinity"
                           : (flags & has_nan)                         ? "NaN"
                                                                       : "infinity";
  throw LinAlgError(function + ": expected finite values, got an array of shape " + format_shape(shape) +
                    " that contains " + what + suffix +
                    "; the result is not defined for such input (NumPy returns NaNs in places that depend on its "
                    "LAPACK, or raises LinAlgError)");
}

namespace {

/// Local. Whether every rank of a grid of layout.grid_dims() holds part of the (non-empty) 2-D `layout`.
bool every_rank_holds_a_part(const Distribution& layout) {
  if (layout.global_size() == 0) return true;
  for (int rank = 0; rank < layout.grid_size(); ++rank) {
    if (layout.local_size(layout.grid_coords_of(rank)) == 0) return false;
  }
  return true;
}

/// Collective over grid.comm() (a ProcessGrid is built when the ranks used are not grid's own 1-D grid).
/// The layout of a matrix that would leave ranks of `grid` without a part: a 1-D grid of the first q
/// ranks of grid's communicator, spreading S's longer axis (extent L) in blocks of
/// b = clamp(ceil(L / q), needs.min_block, min(64, needs.max_block)), with q the largest count up to
/// grid.size() and L for which each of the q ranks holds at least one block (S's other axis is on one rank).
WorkLayout small_matrix_layout(const ProcessGrid& grid, const std::vector<std::int64_t>& matrix, StorageOrder order,
                               const WorkNeeds& needs) {
  const bool row_major = order == StorageOrder::row_major;
  const std::int64_t s_rows = row_major ? matrix[1] : matrix[0], s_cols = row_major ? matrix[0] : matrix[1];
  const std::int64_t spread = std::max(s_rows, s_cols);
  std::int64_t ranks = std::min<std::int64_t>(grid.size(), spread);
  const std::int64_t cap = std::max(needs.min_block, std::min(scalapack_default_block, needs.max_block));
  const std::int64_t block = std::clamp((spread + ranks - 1) / ranks, needs.min_block, cap);
  ranks = std::max<std::int64_t>(1, std::min(ranks, (spread + block - 1) / block));
  const std::vector<int> dims{static_cast<int>(ranks)};
  const ProcessGrid sub = grid.dims() == dims ? grid : ProcessGrid(grid.comm(), dims);
  // S's columns spread unless S is taller than wide (the orientation of the default 1xP view).
  const ScalapackView view = s_rows > s_cols ? ScalapackView{row_major, 0, -1} : ScalapackView{row_major, -1, 0};
  auto target = scalapack_layout(matrix, dims, view, order, block);
  return {target, scalapack_view(*target), block, sub};
}

}  // namespace

WorkLayout work_layout(const Array& x, const WorkNeeds& needs) {
  WorkLayout where = layout_on_own_grid(x, needs);
  const std::vector<std::int64_t> matrix(x.global_shape().end() - 2, x.global_shape().end());
  const std::vector<int>& dims = x.grid().dims();
  const bool two_d_grid = std::count_if(dims.begin(), dims.end(), [](int d) { return d > 1; }) > 1;
  const std::int64_t shorter = std::min(matrix[0], matrix[1]);
  const bool more_ranks_than_rows_or_columns = shorter > 0 && x.grid().size() > shorter;  // empty: nothing runs
  if (every_rank_holds_a_part(*where.layout) && !(two_d_grid && more_ranks_than_rows_or_columns)) return where;
  return small_matrix_layout(x.grid(), matrix, where.layout->storage_order(), needs);
}

namespace {

/// Local. The axis of X (0: rows, 1: columns) spread by the one grid axis of a view spreading one axis of
/// S: X's rows for a row-major copy on 1xP (S = X^T) or a column-major one on Px1 (S = X), its columns else.
int spread_matrix_axis(const ScalapackView& view, StorageOrder order) {
  return (order == StorageOrder::row_major) == (view.col_axis >= 0) ? 0 : 1;
}

/// Local. Whether `view` meets needs.spread_axis (always, for views spreading no or both axes of S).
bool spreads_wanted_axis(const ScalapackView& view, StorageOrder order, const WorkNeeds& needs) {
  if (!needs.spread_axis || (view.row_axis < 0) == (view.col_axis < 0)) return true;
  return spread_matrix_axis(view, order) == *needs.spread_axis;
}

}  // namespace

WorkLayout layout_on_own_grid(const Array& x, const WorkNeeds& needs) {
  const ProcessGrid& grid = x.grid();
  const Distribution& layout = x.distribution();
  const std::vector<std::int64_t> matrix(x.global_shape().end() - 2, x.global_shape().end());
  const StorageOrder order = needs.order.value_or(layout.storage_order());
  const std::int64_t block = std::min(scalapack_default_block, needs.max_block);
  std::optional<ScalapackView> view;
  const bool check_finite = !needs.finite_for.empty();
  bool in_place = false;
  if (x.ndim() == 2) {
    // One reduction for both questions: MIN of {in place here, no NaN here, no infinity here}.
    const int flags = check_finite ? local_non_finite(x) : 0;
    int agreed[3] = {scalapack_obstacle(layout, x.local()).empty() ? 1 : 0, (flags & has_nan) ? 0 : 1,
                     (flags & has_infinity) ? 0 : 1};
    GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, agreed, 3, MPI_INT, MPI_MIN, grid.comm().get()));
    const int found = (agreed[1] ? 0 : has_nan) | (agreed[2] ? 0 : has_infinity);
    if (found) throw_non_finite(needs.finite_for, found, x.global_shape());
    in_place = agreed[0] != 0;
  } else if (check_finite) {
    int flags = local_non_finite(x);
    GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &flags, 1, MPI_INT, MPI_BOR, grid.comm().get()));
    if (flags) throw_non_finite(needs.finite_for, flags, x.global_shape());
  }
  if (in_place) {
    view = scalapack_view(layout);
    // x's own layout, if its square descriptor fits: every grid rank computes the same block sizes and
    // sources (they depend on the layout only); ranks off the grid add nothing to the agreement.
    int refused = layout.storage_order() != order || !spreads_wanted_axis(*view, order, needs);
    std::int64_t own_block = 0;
    if (!refused && grid.contains_this_rank()) {
      const ScalapackDescriptor d = make_descriptor(layout, x.local(), BlacsGrid::of(grid, view->row_axis, view->col_axis),
                                                    BlockShape::square, static_cast<int>(scalapack_default_block));
      own_block = d.row_block();
      refused = d.row_block() != d.col_block() || own_block < needs.min_block ||
                own_block > std::min(largest_kept_block, needs.max_block) ||
                (needs.zero_source && (d.row_source() != 0 || d.col_source() != 0));
    }
    std::int64_t agreed[2] = {refused, own_block};
    GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, agreed, 2, MPI_INT64_T, MPI_MAX, grid.comm().get()));
    if (agreed[0] == 0) return {x.layout(), *view, agreed[1], grid};
  }
  // x's BLACS view when x could be read in place, else the grid's default view, turned so that a tall or
  // wide matrix spreads its longer axis when the default would leave ranks without a block.
  if (!view) view = default_scalapack_view(grid.dims());
  if ((view->row_axis < 0) != (view->col_axis < 0)) {  // one grid axis spreads S
    const int spread = std::max(view->row_axis, view->col_axis);
    auto turned = [&] { return view->col_axis >= 0 ? ScalapackView{true, spread, -1} : ScalapackView{true, -1, spread}; };
    if (!spreads_wanted_axis(*view, order, needs)) view = turned();
    const int spread_axis = spread_matrix_axis(*view, order);
    const std::int64_t spread_extent = matrix[spread_axis], other = matrix[1 - spread_axis];
    const std::int64_t parts = grid.dims()[spread];
    if ((spread_extent + block - 1) / block < parts && other > spread_extent) {
      view = turned();
    }
  }
  auto target = scalapack_layout(matrix, grid.dims(), *view, order, block);
  return {target, scalapack_view(*target), block, grid};
}

ScalapackDescriptor WorkMatrix::descriptor() const { return descriptor_of(array); }

BlacsGrid WorkMatrix::blacs() const { return BlacsGrid::of(array.grid(), view.row_axis, view.col_axis); }

ScalapackDescriptor WorkMatrix::descriptor_of(const Array& other) const {
  return make_descriptor(other.distribution(), other.local(), blacs(), BlockShape::square, static_cast<int>(block));
}

Array matrix_copy(const Array& x, const std::vector<std::int64_t>& index, std::shared_ptr<const Distribution> layout) {
  return matrix_copy(x, index, x.grid(), std::move(layout));
}

Array matrix_copy(const Array& x, const std::vector<std::int64_t>& index, const ProcessGrid& grid,
                  std::shared_ptr<const Distribution> layout) {
  const std::vector<std::int64_t>& shape = x.global_shape();
  const int nd = x.ndim(), batch_nd = nd - 2, skip = static_cast<int>(index.size()) - batch_nd;
  if (batch_nd == 0) {
    if (grid == x.grid() && *layout == x.distribution()) {
      // The same layout: each rank copies its own shard, one memcpy where both shards are dense alike
      // (agreed: from_local shards may have any strides), instead of a redistribution's plan and passes.
      Array y = Array::allocate(x.dtype(), x.grid(), layout, {}, /*zero=*/false);
      const RawView from = x.local(), to = y.local();
      int same = from.strides == to.strides ? 1 : 0;
      GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &same, 1, MPI_INT, MPI_MIN, x.grid().comm().get()));
      if (same) {
        if (to.size() > 0) std::memcpy(to.data, from.data, static_cast<std::size_t>(to.size()) * to.item_size);
        return y;
      }
    }
    return redistribute(x, grid, std::move(layout));
  }
  std::vector<IndexMap::FixedIndex> fixed;
  for (int axis = 0; axis < batch_nd; ++axis) fixed.push_back({axis, shape[axis] == 1 ? 0 : index[skip + axis]});
  IndexMap map(shape, {{nd - 2, 0, 1, shape[nd - 2]}, {nd - 1, 0, 1, shape[nd - 1]}}, fixed);
  return redistribute(x, grid, std::move(layout), std::move(map));
}

WorkMatrix working_copy(const Array& x, const std::vector<std::int64_t>& index, const WorkLayout& where) {
  return {matrix_copy(x, index, where.grid, where.layout), where.view, where.block};
}

Array to_home_grid(const Array& piece, const ProcessGrid& home) {
  if (piece.grid() == home) return piece;
  return redistribute(piece, home, default_layout(piece.global_shape(), home));
}

std::shared_ptr<const Distribution> right_hand_side_layout(const WorkLayout& a, std::int64_t m, std::int64_t k) {
  const Distribution& layout = *a.layout;
  const int s_rows = a.view.transposed ? 1 : 0;  // the axis of the working copy holding S's rows
  // Column-major, so S = X: X's rows keep the working copy's layout of S's rows, its columns are
  // BlockCyclic(block) over the view's column axis.
  const Distribution columns = derived::scalapack_layout({m, k}, layout.grid_dims(), layout.grid_axis_of(s_rows),
                                                         a.view.col_axis, StorageOrder::column_major, a.block);
  return std::make_shared<const Distribution>(derived::with_axis(columns, 0, m, layout.axis_layout(s_rows)));
}

Array allocate_in_view(DType dtype, const WorkMatrix& like, const std::vector<std::int64_t>& shape,
                       StorageOrder order) {
  const ProcessGrid& grid = like.array.grid();
  return Array::allocate(dtype, grid, scalapack_layout(shape, grid.dims(), like.view, order, like.block), {},
                         /*zero=*/true);
}

Array block_of(const WorkMatrix& x, std::int64_t row0, std::int64_t rows, std::int64_t col0, std::int64_t cols) {
  const Array& a = x.array;
  IndexMap map(a.global_shape(), {{0, row0, 1, rows}, {1, col0, 1, cols}}, {});
  return redistribute(a, scalapack_layout({rows, cols}, a.grid().dims(), x.view, a.distribution().storage_order(),
                                          x.block),
                      std::move(map));
}

void throw_lapack_report(const ProcessGrid& grid, const std::string& report, const std::string& function,
                         const char* routine) {
  // The report of the lowest rank that has one, sent to every rank.
  const MPI_Comm comm = grid.comm().get();
  int root = report.empty() ? std::numeric_limits<int>::max() : grid.comm().rank();
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &root, 1, MPI_INT, MPI_MIN, comm));
  std::string text = report;
  int length = static_cast<int>(text.size());
  GINGHAM_MPI(MPI_Bcast(&length, 1, MPI_INT, root, comm));
  text.resize(static_cast<std::size_t>(length));
  GINGHAM_MPI(MPI_Bcast(text.data(), length, MPI_CHAR, root, comm));
  throw std::logic_error(function + ": LAPACK reported an illegal argument during " + routine + " (rank " +
                         std::to_string(root) + "): " + text + "; this is a bug in gingham");
}

int agreed_info(const ProcessGrid& grid, int info, const std::string& function, const char* routine) {
  const std::string report = take_lapack_error();
  // max(INFO, 0), -min(INFO, 0), and whether an XERBLA report is pending here (lapack_errors.hpp).
  int extremes[3] = {std::max(info, 0), std::max(-info, 0), report.empty() ? 0 : 1};
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, extremes, 3, MPI_INT, MPI_MAX, grid.comm().get()));
  if (extremes[2] > 0) throw_lapack_report(grid, report, function, routine);
  if (extremes[1] > 0) {
    throw std::logic_error(function + ": " + routine + " rejected its argument " + std::to_string(extremes[1]) +
                           " (INFO = " + std::to_string(-extremes[1]) + "); this is a bug in gingham");
  }
  return extremes[0];
}

void agree_info(const ProcessGrid& grid, int info, const std::string& function, const char* routine,
                const std::string& what) {
  if (const int agreed = agreed_info(grid, info, function, routine); agreed > 0) {
    throw LinAlgError(function + ": " + routine + " " + what + " (INFO = " + std::to_string(agreed) + ")");
  }
}

template <class T>
std::vector<T> agreed_buffer(const ProcessGrid& grid, std::int64_t count) {
  std::vector<T> buffer;
  int ok = 1;
  try {
    buffer.resize(static_cast<std::size_t>(std::max<std::int64_t>(1, count)));
  } catch (const std::bad_alloc&) {
    ok = 0;
  } catch (const std::length_error&) {
    ok = 0;
  }
  if (!agree_all(grid, ok)) throw std::bad_alloc();
  return buffer;
}

template std::vector<float> agreed_buffer<float>(const ProcessGrid&, std::int64_t);
template std::vector<double> agreed_buffer<double>(const ProcessGrid&, std::int64_t);
template std::vector<std::complex<float>> agreed_buffer<std::complex<float>>(const ProcessGrid&, std::int64_t);
template std::vector<std::complex<double>> agreed_buffer<std::complex<double>>(const ProcessGrid&, std::int64_t);
template std::vector<int> agreed_buffer<int>(const ProcessGrid&, std::int64_t);

Array vector_from_replicated(DType dtype, const ProcessGrid& grid, const void* values, std::int64_t count) {
  RawView whole;
  whole.data = grid.contains_this_rank() && count > 0 ? static_cast<std::byte*>(const_cast<void*>(values)) : nullptr;
  whole.item_size = item_size(dtype);
  whole.shape = {count};
  whole.strides = {1};
  return from_whole(dtype, grid, default_layout({count}, grid), whole);
}

double epsilon_of(DType dtype) {
  const DType real = real_dtype(dtype);
  return real == DType::float32 ? static_cast<double>(std::numeric_limits<float>::epsilon())
                                : std::numeric_limits<double>::epsilon();
}

}  // namespace gingham::linalg_detail
