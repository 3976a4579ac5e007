// matmul of stacks on the batched path (batched.hpp): both operands broadcast to the stack shape and laid
// out alike (one redistribution each), then serial ?GEMM on each rank's matrix pairs. Row-major A (m x k),
// B (k x n) and C are LAPACK's column-major A^T, B^T and C^T, and C^T = B^T A^T.
#include <vector>

#include "batched.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "lapack_api.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham::linalg_detail {

Array batched_matmul(const Array& a, const Array& b) {
  const std::vector<std::int64_t> batch = broadcast_shapes(batch_of(a.global_shape()), batch_of(b.global_shape()));
  const int m = static_cast<int>(a.global_shape()[a.ndim() - 2]), k = static_cast<int>(a.global_shape().back());
  const int n = static_cast<int>(b.global_shape().back());
  const Array left = to_batch_layout(a, batch), right = to_batch_layout(b, batch);
  Array c = allocate_batched(a.dtype(), a.grid(), batch, {m, n});
  const int batch_ndim = static_cast<int>(batch.size());
  const LocalStack lefts(left, batch_ndim), rights(right, batch_ndim), products(c, batch_ndim);
  if (k == 0) return c;  // empty sums: zeros
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      for (std::int64_t i = 0; i < products.count(); ++i) {
        lapack::gemm(n, m, k, rights.block<T>(i), lefts.block<T>(i), products.block<T>(i));
      }
    }
  });
  return c;
}

}  // namespace gingham::linalg_detail
