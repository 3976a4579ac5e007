#include "stack.hpp"

#include <functional>
#include <numeric>

#include "gingham/array/redistribute.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/linalg/matmul.hpp"

namespace gingham::linalg_detail {

std::vector<std::int64_t> batch_of(const std::vector<std::int64_t>& shape) { return {shape.begin(), shape.end() - 2}; }

std::int64_t stack_count(const std::vector<std::int64_t>& batch) {
  return std::accumulate(batch.begin(), batch.end(), std::int64_t{1}, std::multiplies<>());
}

void next_stack_index(std::vector<std::int64_t>& index, const std::vector<std::int64_t>& batch) {
  for (int axis = static_cast<int>(batch.size()) - 1; axis >= 0 && ++index[axis] == batch[axis]; --axis) index[axis] = 0;
}

std::string stack_suffix(const std::vector<std::int64_t>& index) {
  if (index.empty()) return "";
  return " (matrix " + format_shape(index) + " of the stack)";
}

Array join_stack(const std::vector<Array>& pieces, const std::vector<std::int64_t>& batch,
                 const std::vector<std::int64_t>& piece_shape, DType dtype, const ProcessGrid& grid) {
  std::vector<std::int64_t> shape = batch;
  shape.insert(shape.end(), piece_shape.begin(), piece_shape.end());
  if (pieces.empty()) return Array::allocate(dtype, grid, default_layout(shape, grid), {}, /*zero=*/true);
  std::vector<Array> expanded;
  expanded.reserve(pieces.size());
  for (const Array& piece : pieces) expanded.push_back(expand_dims(piece, {0}));
  Array joined = expanded.size() == 1 ? expanded.front() : concat(expanded, 0);
  return batch.size() == 1 ? joined : reshape(joined, shape);
}

std::vector<Array> over_stack(const Array& x, const WorkLayout& where,
                              const std::function<std::vector<Array>(const WorkMatrix&,
                                                                     const std::vector<std::int64_t>&)>& one_matrix,
                              const std::vector<PieceShape>& pieces) {
  if (x.ndim() == 2) {
    std::vector<Array> results = one_matrix(working_copy(x, {}, where), {});
    for (Array& result : results) result = to_home_grid(result, x.grid());
    return results;
  }
  const std::vector<std::int64_t> batch = batch_of(x.global_shape());
  std::vector<std::vector<Array>> results(pieces.size());
  std::vector<std::int64_t> index(batch.size(), 0);
  for (std::int64_t j = 0; j < stack_count(batch); ++j, next_stack_index(index, batch)) {
    std::vector<Array> one = one_matrix(working_copy(x, index, where), index);
    for (std::size_t r = 0; r < pieces.size(); ++r) results[r].push_back(to_home_grid(one[r], x.grid()));
  }
  std::vector<Array> joined;
  for (std::size_t r = 0; r < pieces.size(); ++r) {
    joined.push_back(join_stack(results[r], batch, pieces[r].second, pieces[r].first, x.grid()));
  }
  return joined;
}

Array squeeze_spread(const Array& c, const std::vector<int>& axes) {
  Array result = squeeze(c, axes);
  if (result.ndim() == 1 && result.distribution().is_replicated()) {
    result = redistribute(result, default_layout(result.global_shape(), result.grid()));
  }
  return result;
}

}  // namespace gingham::linalg_detail
