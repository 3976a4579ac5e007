// cholesky on ScaLAPACK's P?POTRF (see gingham/linalg/cholesky.hpp).
#include <complex>
#include <string>
#include <vector>

#include "gingham/core/errors.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/linalg/cholesky.hpp"
#include "batched.hpp"
#include "imports/scalapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham {

namespace {

using namespace linalg_detail;

/// Local. Sets the strict upper (keep_lower) or strict lower triangle of the 2-D array x's shard to zero.
template <class T>
void zero_other_triangle(const Array& x, bool keep_lower) {
  if (!x.holds_shard()) return;
  const LocalView<T> local = x.local_as<T>();
  const auto rows = x.distribution().owned_indices(x.grid().coords(), 0);
  const auto cols = x.distribution().owned_indices(x.grid().coords(), 1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) {
      if (keep_lower ? cols[j] > rows[i] : cols[j] < rows[i]) local(i, j) = T{};
    }
  }
}

/// The factor of one matrix, computed in its working copy (which becomes the factor).
Array cholesky_matrix(const WorkMatrix& work, const std::vector<std::int64_t>& index, bool upper) {
  const int n = static_cast<int>(work.array.global_shape()[0]);
  int info = 0;
  visit_dtype(work.array.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      // A row-major copy is S = X^T = conj(X) (X Hermitian): the lower factor of X is the transpose of
      // the upper factor of S, so uplo flips. Only the triangle named by uplo is read and written.
      const bool lower_of_s = work.view.transposed ? upper : !upper;
      with_scalapack<T>(work, [&](T* a, const ScalapackDescriptor& desc, const BlacsGrid&) {
        scalapack::potrf(lower_of_s ? "L" : "U", n, a, desc.data(), &info);
      });
      info = agreed_info(work.array.grid(), info, "cholesky", "P?POTRF");
      if (info == 0) zero_other_triangle<T>(work.array, !upper);
    }
  });
  if (info > 0) {
    throw LinAlgError("cholesky: the matrix is not positive definite" + stack_suffix(index) +
                      ": its leading minor of order " + std::to_string(info) +
                      " is not positive definite (ScaLAPACK P?POTRF INFO = " + std::to_string(info) + ")");
  }
  return work.array;
}

}  // namespace

Array cholesky(const Array& x, bool upper) {
  const auto checked = check_call(x.grid().comm(), "cholesky", arg("x", x), arg("upper", upper));
  require_floating_matrices(x, "cholesky", true);
  const std::int64_t n = x.global_shape().back();
  if (takes_batched_path(batch_of(x.global_shape()), {n})) return batched_cholesky(x, upper);
  WorkNeeds needs;
  needs.finite_for = "cholesky";
  // The factor's panels are its columns (L) or rows (U): spread them over the ranks of a 1-D BLACS view,
  // so that each panel lies on one process (P?POTRF 'L' on 1xP, 'U' on Px1: twice as fast as the others).
  needs.spread_axis = upper ? 0 : 1;
  return over_stack(x, work_layout(x, needs),
                    [&](const WorkMatrix& w, const std::vector<std::int64_t>& index) {
                      return std::vector<Array>{cholesky_matrix(w, index, upper)};
                    },
                    {{x.dtype(), {n, n}}})
      .front();
}

}  // namespace gingham
