// matmul of stacks on the batched path (batched.hpp): both operands broadcast to the stack shape and laid
// out alike (one redistribution each; an operand of one matrix is replicated instead), then serial ?GEMM on
// each rank's matrix pairs, or one ?GEMM for a stack times one matrix. Row-major A (m x k),
// B (k x n) and C are LAPACK's column-major A^T, B^T and C^T, and C^T = B^T A^T.
#include <limits>
#include <vector>

#include "batched.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "imports/lapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham::linalg_detail {

Array batched_matmul(const Array& a, const Array& b) {
  const std::vector<std::int64_t> batch = broadcast_shapes(batch_of(a.global_shape()), batch_of(b.global_shape()));
  const int m = static_cast<int>(a.global_shape()[a.ndim() - 2]), k = static_cast<int>(a.global_shape().back());
  const int n = static_cast<int>(b.global_shape().back());
  const BatchOperand left(a, batch), right(b, batch);
  Array c = allocate_batched(a.dtype(), a.grid(), batch, {m, n});
  const LocalStack products(c, static_cast<int>(batch.size()));
  if (k == 0 || products.count() == 0) return c;  // empty sums: zeros
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      if (!left.shared() && right.shared() && products.count() * m <= std::numeric_limits<int>::max()) {
        // A stack times one matrix: this rank's matrices of A are one (count m) x k row-major matrix.
        lapack::gemm(n, static_cast<int>(products.count()) * m, k, right.block<T>(0), left.block<T>(0),
                     products.block<T>(0));
        return;
      }
      for (std::int64_t i = 0; i < products.count(); ++i) {
        lapack::gemm(n, m, k, right.block<T>(i), left.block<T>(i), products.block<T>(i));
      }
    }
  });
  return c;
}

}  // namespace gingham::linalg_detail
