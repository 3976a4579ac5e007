#include "work_matrix.hpp"

#include <mpi.h>

#include <algorithm>
#include <limits>
#include <new>
#include <numeric>
#include <stdexcept>

#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/linalg/matmul.hpp"

namespace gingham::linalg_detail {

namespace {

constexpr std::int64_t largest_kept_block = 256;

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
    throw std::invalid_argument(function + ": expected an array of at least 2 dimensions (a matrix or a stack of "
                                "matrices), got shape " + format_shape(x.global_shape()));
  }
  const std::int64_t m = x.global_shape()[x.ndim() - 2], n = x.global_shape()[x.ndim() - 1];
  if (square && m != n) {
    throw std::invalid_argument(function + ": expected square matrices, got shape " + format_shape(x.global_shape()) +
                                " (" + std::to_string(m) + " x " + std::to_string(n) + ")");
  }
  const std::int64_t int_max = std::numeric_limits<int>::max();
  if (m > int_max || n > int_max) {
    throw std::invalid_argument(function + ": the matrix extents of " + format_shape(x.global_shape()) +
                                " do not fit ScaLAPACK's 32-bit integers");
  }
}

ScalapackDescriptor WorkMatrix::descriptor() const {
  return make_descriptor(array.distribution(), array.local(), blacs(), BlockShape::square, static_cast<int>(block));
}

BlacsGrid WorkMatrix::blacs() const { return BlacsGrid::of(array.grid(), view.row_axis, view.col_axis); }

WorkMatrix working_copy(const Array& x, std::optional<StorageOrder> order, std::int64_t min_block,
                        std::int64_t max_block) {
  const ProcessGrid& grid = x.grid();
  const Distribution& layout = x.distribution();
  // Step 1 (agreed): x can be read in place, in the storage order asked for.
  int ok = !order || layout.storage_order() == *order;
  if (grid.contains_this_rank() && !scalapack_obstacle(layout, x.local()).empty()) ok = 0;
  ok = agree_all(grid, ok);
  // Step 2 (agreed; every grid rank makes the same BLACS calls): square blocks of a usable size, no offset.
  std::int64_t block = 0;  // ranks off the grid add nothing to the agreed maximum
  ScalapackView view;
  if (ok) {
    view = scalapack_view(layout);
    if (grid.contains_this_rank()) {
      const ScalapackDescriptor d = make_descriptor(layout, x.local(), BlacsGrid::of(grid, view.row_axis, view.col_axis),
                                                    BlockShape::square, static_cast<int>(scalapack_default_block));
      ok = d.row_block() == d.col_block() && d.row_block() >= min_block && d.row_block() <= std::min(largest_kept_block, max_block) &&
           d.row_source() == 0 && d.col_source() == 0;
      block = d.row_block();
    }
    ok = agree_all(grid, ok);
    GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &block, 1, MPI_INT64_T, MPI_MAX, grid.comm().get()));
  }
  if (ok) return {redistribute(x, x.layout()), view, block};  // a local copy of each shard
  const StorageOrder target_order = order.value_or(layout.storage_order());
  const std::int64_t target_block = std::min(scalapack_default_block, max_block);
  auto target = scalapack_layout(x.global_shape(), grid.dims(), default_scalapack_view(grid.dims()), target_order,
                                 target_block);
  return {redistribute(x, target), scalapack_view(*target), target_block};
}

WorkMatrix working_copy_of_stack(const Array& x, const std::vector<std::int64_t>& index,
                                 std::optional<StorageOrder> order, std::int64_t max_block) {
  const std::vector<std::int64_t>& shape = x.global_shape();
  const int nd = x.ndim();
  std::vector<IndexMap::FixedIndex> fixed;
  for (int axis = 0; axis < nd - 2; ++axis) fixed.push_back({axis, index[axis]});
  IndexMap map(shape, {{nd - 2, 0, 1, shape[nd - 2]}, {nd - 1, 0, 1, shape[nd - 1]}}, fixed);
  const std::vector<std::int64_t> matrix{shape[nd - 2], shape[nd - 1]};
  const std::int64_t block = std::min(scalapack_default_block, max_block);
  auto layout = scalapack_layout(matrix, x.grid().dims(), default_scalapack_view(x.grid().dims()),
                                 order.value_or(StorageOrder::row_major), block);
  return {redistribute(x, layout, std::move(map)), scalapack_view(*layout), block};
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

void agree_info(const ProcessGrid& grid, int info, const std::string& function, const char* routine,
                const std::string& what) {
  int extremes[2] = {info, -info};  // max(INFO), -min(INFO)
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, extremes, 2, MPI_INT, MPI_MAX, grid.comm().get()));
  if (extremes[1] > 0) {
    throw std::logic_error(function + ": " + routine + " rejected its argument " + std::to_string(extremes[1]) +
                           " (INFO = " + std::to_string(-extremes[1]) + "); this is a bug in gingham");
  }
  if (extremes[0] > 0) {
    throw LinAlgError(function + ": " + routine + " " + what + " (INFO = " + std::to_string(extremes[0]) + ")");
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

std::vector<Array> over_stack(const Array& x, std::optional<StorageOrder> order,
                              const std::function<std::vector<Array>(WorkMatrix)>& one_matrix,
                              const std::vector<std::pair<DType, std::vector<std::int64_t>>>& shapes,
                              std::int64_t max_block) {
  const std::vector<std::int64_t> batch(x.global_shape().begin(), x.global_shape().end() - 2);
  const std::int64_t count = std::accumulate(batch.begin(), batch.end(), std::int64_t{1}, std::multiplies<>());
  std::vector<Array> results;
  if (count == 0) {
    for (const auto& [dtype, shape] : shapes) {
      std::vector<std::int64_t> full = batch;
      full.insert(full.end(), shape.begin(), shape.end());
      results.push_back(Array::allocate(dtype, x.grid(), default_layout(full, x.grid()), {}, true));
    }
    return results;
  }
  std::vector<std::vector<Array>> pieces(shapes.size());
  std::vector<std::int64_t> index(batch.size(), 0);
  for (std::int64_t j = 0; j < count; ++j) {
    std::vector<Array> one = one_matrix(working_copy_of_stack(x, index, order, max_block));
    for (std::size_t r = 0; r < one.size(); ++r) pieces[r].push_back(expand_dims(one[r], {0}));
    for (int axis = static_cast<int>(batch.size()) - 1; axis >= 0 && ++index[axis] == batch[axis]; --axis) index[axis] = 0;
  }
  for (std::size_t r = 0; r < pieces.size(); ++r) {
    Array joined = pieces[r].size() == 1 ? pieces[r].front() : concat(pieces[r], 0);
    std::vector<std::int64_t> full = batch;
    const std::vector<std::int64_t>& shape = joined.global_shape();
    full.insert(full.end(), shape.begin() + 1, shape.end());
    results.push_back(batch.size() == 1 ? joined : reshape(joined, full));
  }
  return results;
}

double epsilon_of(DType dtype) {
  const DType real = real_dtype(dtype);
  return real == DType::float32 ? static_cast<double>(std::numeric_limits<float>::epsilon())
                                : std::numeric_limits<double>::epsilon();
}

}  // namespace gingham::linalg_detail
