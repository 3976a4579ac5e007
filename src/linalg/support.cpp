#include "support.hpp"

#include <mpi.h>

#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <algorithm>

#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/dist/index_map.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/core/format.hpp"
#include "gingham/linalg/descriptor.hpp"
#include "gingham/linalg/matmul.hpp"

namespace gingham::linalg_detail {

std::vector<std::int64_t> batch_of(const std::vector<std::int64_t>& shape) { return {shape.begin(), shape.end() - 2}; }

std::int64_t stack_count(const std::vector<std::int64_t>& batch) {
  return std::accumulate(batch.begin(), batch.end(), std::int64_t{1}, std::multiplies<>());
}

void next_stack_index(std::vector<std::int64_t>& index, const std::vector<std::int64_t>& batch) {
  for (int axis = static_cast<int>(batch.size()) - 1; axis >= 0 && ++index[axis] == batch[axis]; --axis) index[axis] = 0;
}

bool in_place_everywhere(const Array& x) {
  int ok = scalapack_obstacle(x.distribution(), x.local()).empty() ? 1 : 0;
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_LAND, x.grid().comm().get()));
  return ok != 0;
}

Array matrix_copy(const Array& x, const std::vector<std::int64_t>& index, std::shared_ptr<const Distribution> layout) {
  const std::vector<std::int64_t>& shape = x.global_shape();
  const int nd = x.ndim(), batch_nd = nd - 2, skip = static_cast<int>(index.size()) - batch_nd;
  if (batch_nd == 0) return redistribute(x, std::move(layout));
  std::vector<IndexMap::FixedIndex> fixed;
  for (int axis = 0; axis < batch_nd; ++axis) fixed.push_back({axis, shape[axis] == 1 ? 0 : index[skip + axis]});
  IndexMap map(shape, {{nd - 2, 0, 1, shape[nd - 2]}, {nd - 1, 0, 1, shape[nd - 1]}}, fixed);
  return redistribute(x, std::move(layout), std::move(map));
}

Array join_stack(const std::vector<Array>& pieces, const std::vector<std::int64_t>& batch,
                 const std::vector<std::int64_t>& piece_shape, DType dtype, const ProcessGrid& grid) {
  std::vector<std::int64_t> shape = batch;
  shape.insert(shape.end(), piece_shape.begin(), piece_shape.end());
  if (pieces.empty()) return Array::allocate(dtype, grid, default_layout(shape, grid));
  std::vector<Array> expanded;
  expanded.reserve(pieces.size());
  for (const Array& piece : pieces) expanded.push_back(expand_dims(piece, {0}));
  Array joined = expanded.size() == 1 ? expanded.front() : concat(expanded, 0);
  return batch.size() == 1 ? joined : reshape(joined, shape);
}

Array squeeze_spread(const Array& c, const std::vector<int>& axes) {
  Array result = squeeze(c, axes);
  if (result.ndim() == 1 && result.distribution().is_replicated()) {
    result = redistribute(result, default_layout(result.global_shape(), result.grid()));
  }
  return result;
}

}  // namespace gingham::linalg_detail

namespace gingham::linalg_detail {

namespace {
// The block sizes of x's axes that lie on more than one process (ScaLAPACK's MB_/NB_ there).
std::vector<std::int64_t> distributed_blocks(const Distribution& layout) {
  std::vector<std::int64_t> blocks;
  for (int axis = 0; axis < layout.ndim(); ++axis) {
    const AxisMap& map = layout.axis_map(axis);
    if (map.parts() > 1) blocks.push_back(std::min<std::int64_t>(map.block_size(), std::max<std::int64_t>(1, map.extent())));
  }
  return blocks;
}
}  // namespace

WorkLayout factorization_layout(const Array& x) {
  const std::vector<int>& dims = x.grid().dims();
  const std::int64_t n = x.global_shape().back();
  if (x.ndim() == 2 && in_place_everywhere(x)) {
    const ScalapackView view = scalapack_view(x.distribution());
    const std::vector<std::int64_t> blocks = distributed_blocks(x.distribution());
    const bool one_block = blocks.size() < 2 || blocks[0] == blocks[1];
    if (one_block && (blocks.empty() || blocks[0] <= largest_kept_block)) {
      return {x.layout(), view, blocks.empty() ? scalapack_default_block : blocks[0]};
    }
    auto moved = scalapack_layout({n, n}, dims, view, StorageOrder::row_major);  // same BLACS grid, row-major
    return {moved, scalapack_view(*moved), scalapack_default_block};
  }
  auto moved = scalapack_layout({n, n}, dims, default_scalapack_view(dims), StorageOrder::row_major);
  return {moved, scalapack_view(*moved), scalapack_default_block};
}

std::shared_ptr<const Distribution> right_hand_side_layout(const WorkLayout& a, std::int64_t m, std::int64_t k) {
  const Distribution& layout = *a.layout;
  const int s_rows = a.view.transposed ? 1 : 0;  // the axis of the working copy holding S's rows
  const AxisLayout rows = layout.axis_layout(s_rows);
  const int rows_grid_axis = layout.grid_axis_of(s_rows);
  const AxisLayout cols =
      a.view.col_axis < 0 ? AxisLayout::not_distributed() : AxisLayout::block_cyclic(a.block);
  return std::make_shared<const Distribution>(std::vector<std::int64_t>{m, k}, std::vector<AxisLayout>{rows, cols},
                                              layout.grid_dims(), StorageOrder::column_major,
                                              std::vector<int>{rows_grid_axis, a.view.col_axis});
}

int agreed_info(int info, const Comm& comm, const char* routine) {
  int values[2] = {info > 0 ? info : 0, info < 0 ? -info : 0};
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, values, 2, MPI_INT, MPI_MAX, comm.get()));
  if (values[1] != 0) {
    throw std::logic_error(std::string("gingham: ScaLAPACK's ") + routine + " refused its argument " +
                           std::to_string(values[1]) + " (INFO = -" + std::to_string(values[1]) +
                           "); this is a bug in gingham");
  }
  return values[0];
}

std::string stack_suffix(const std::vector<std::int64_t>& index) {
  if (index.empty()) return "";
  return " (matrix " + format_shape(index) + " of the stack)";
}

}  // namespace gingham::linalg_detail

namespace gingham::linalg_detail {

void require_square_floating(const Array& x, const char* function) {
  if (!is_floating(x.dtype())) {
    throw TypeError(std::string(function) + ": expected a floating-point array (float32, float64, complex64 or "
                    "complex128), got " + std::string(dtype_name(x.dtype())) + "; cast with astype");
  }
  if (x.ndim() < 2 || x.global_shape()[x.ndim() - 1] != x.global_shape()[x.ndim() - 2]) {
    throw std::invalid_argument(std::string(function) + ": expected square matrices (an array of shape (..., n, n)), "
                                "got shape " + format_shape(x.global_shape()));
  }
}

}  // namespace gingham::linalg_detail
