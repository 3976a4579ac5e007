#include "batched.hpp"

#include <mpi.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "gingham/array/redistribute.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/linalg/lapack_errors.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham::linalg_detail {

bool takes_batched_path(const std::vector<std::int64_t>& batch, const std::vector<std::int64_t>& extents) {
  return !batch.empty() &&
         std::all_of(extents.begin(), extents.end(), [](std::int64_t e) { return e <= batched_max_extent; });
}

std::shared_ptr<const Distribution> batch_layout(const std::vector<std::int64_t>& shape, int batch_ndim,
                                                 const ProcessGrid& grid) {
  return std::make_shared<const Distribution>(derived::batch_layout(shape, batch_ndim, grid.dims()));
}

Array to_batch_layout(const Array& x, const std::vector<std::int64_t>& batch) {
  const std::vector<std::int64_t>& shape = x.global_shape();
  const int nd = x.ndim(), x_batch = nd - 2, skip = static_cast<int>(batch.size()) - x_batch;
  std::vector<IndexMap::TargetAxis> axes;
  std::vector<IndexMap::FixedIndex> fixed;
  for (int axis = 0; axis < static_cast<int>(batch.size()); ++axis) {
    const int source = axis - skip;
    if (source < 0) {
      axes.push_back({-1, 0, 1, batch[axis]});
    } else if (shape[source] == 1 && batch[axis] != 1) {
      axes.push_back({-1, 0, 1, batch[axis]});
      fixed.push_back({source, 0});
    } else {
      axes.push_back({source, 0, 1, batch[axis]});
    }
  }
  axes.push_back({nd - 2, 0, 1, shape[nd - 2]});
  axes.push_back({nd - 1, 0, 1, shape[nd - 1]});
  std::vector<std::int64_t> target = batch;
  target.insert(target.end(), shape.end() - 2, shape.end());
  IndexMap map(shape, std::move(axes), std::move(fixed));
  return redistribute(x, batch_layout(target, static_cast<int>(batch.size()), x.grid()), std::move(map));
}

Array allocate_batched(DType dtype, const ProcessGrid& grid, const std::vector<std::int64_t>& batch,
                       const std::vector<std::int64_t>& tail) {
  std::vector<std::int64_t> shape = batch;
  shape.insert(shape.end(), tail.begin(), tail.end());
  return Array::allocate(dtype, grid, batch_layout(shape, static_cast<int>(batch.size()), grid), {}, /*zero=*/true);
}

LocalStack::LocalStack(const Array& a, int batch_ndim)
    : batch_(a.global_shape().begin(), a.global_shape().begin() + batch_ndim) {
  if (!a.holds_shard()) return;
  const RawView local = a.local();
  if (local.size() == 0) return;
  data_ = local.data;
  count_ = 1;
  block_size_ = 1;
  for (int axis = 0; axis < a.ndim(); ++axis) (axis < batch_ndim ? count_ : block_size_) *= local.shape[axis];
  for (int axis = 0; axis < batch_ndim; ++axis) owned_.push_back(a.distribution().owned_indices(a.grid().coords(), axis));
}

std::int64_t LocalStack::stack_index(std::int64_t i) const {
  std::int64_t flat = 0, stride = 1;
  for (int axis = static_cast<int>(owned_.size()) - 1; axis >= 0; --axis) {
    const auto extent = static_cast<std::int64_t>(owned_[axis].size());
    flat += owned_[axis][static_cast<std::size_t>(i % extent)] * stride;
    i /= extent;
    stride *= batch_[axis];
  }
  return flat;
}

namespace {

Array batch_operand_array(const Array& x, const std::vector<std::int64_t>& batch, bool shared) {
  if (!shared) return to_batch_layout(x, batch);
  const std::vector<std::int64_t> matrix(x.global_shape().end() - 2, x.global_shape().end());
  auto replicated = std::make_shared<const Distribution>(Distribution::replicated(matrix, x.grid().dims()));
  return matrix_copy(x, std::vector<std::int64_t>(static_cast<std::size_t>(x.ndim() - 2), 0), std::move(replicated));
}

}  // namespace

BatchOperand::BatchOperand(const Array& x, const std::vector<std::int64_t>& batch)
    : shared_(stack_count(batch_of(x.global_shape())) == 1),
      array_(batch_operand_array(x, batch, shared_)),
      stack_(array_, shared_ ? 0 : static_cast<int>(batch.size())) {}

std::vector<std::int64_t> unflatten(std::int64_t flat, const std::vector<std::int64_t>& batch) {
  std::vector<std::int64_t> index(batch.size(), 0);
  for (int axis = static_cast<int>(batch.size()) - 1; axis >= 0; --axis) {
    index[axis] = flat % batch[axis];
    flat /= batch[axis];
  }
  return index;
}

bool LocalFailures::record(std::int64_t index, int info) {
  if (info < 0) refused_ = std::max(refused_, -info);
  if (info > 0 && (first_index_ < 0 || index < first_index_)) {
    first_index_ = index;
    first_info_ = info;
  }
  return info != 0;
}

std::optional<std::pair<std::int64_t, int>> LocalFailures::agree(const ProcessGrid& grid, const std::string& function,
                                                                 const char* routine) const {
  // MIN of (first failing index, -refused argument, -(a LAPACK argument report pending here)): the lowest
  // failing matrix, the worst refusal, and whether XERBLA reported anywhere (lapack_errors.hpp).
  const std::string report = take_lapack_error();
  std::int64_t agreed[3] = {first_index_ < 0 ? std::numeric_limits<std::int64_t>::max() : first_index_, -refused_,
                            report.empty() ? 0 : -1};
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, agreed, 3, MPI_INT64_T, MPI_MIN, grid.comm().get()));
  if (agreed[2] < 0) throw_lapack_report(grid, report, function, routine);
  if (agreed[1] < 0) {
    throw std::logic_error(function + ": " + routine + " rejected its argument " + std::to_string(-agreed[1]) +
                           " (INFO = " + std::to_string(agreed[1]) + "); this is a bug in gingham");
  }
  if (agreed[0] == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  int info = first_index_ == agreed[0] ? first_info_ : 0;  // every holder of that matrix found the same INFO
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &info, 1, MPI_INT, MPI_MAX, grid.comm().get()));
  return std::make_pair(agreed[0], info);
}

}  // namespace gingham::linalg_detail
