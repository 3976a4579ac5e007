// cholesky on ScaLAPACK's P?POTRF (see gingham/linalg/factorizations.hpp).
#include <complex>
#include <string>
#include <vector>

#include "gingham/core/errors.hpp"
#include "gingham/linalg/factorizations.hpp"
#include "scalapack_api.hpp"
#include "support.hpp"

namespace gingham {

namespace {

using namespace linalg_detail;

void potrf(const char* uplo, int n, float* a, const int* desc, int* info) {
  const int one = 1;
  pspotrf_(uplo, &n, a, &one, &one, desc, info);
}
void potrf(const char* uplo, int n, double* a, const int* desc, int* info) {
  const int one = 1;
  pdpotrf_(uplo, &n, a, &one, &one, desc, info);
}
void potrf(const char* uplo, int n, std::complex<float>* a, const int* desc, int* info) {
  const int one = 1;
  pcpotrf_(uplo, &n, a, &one, &one, desc, info);
}
void potrf(const char* uplo, int n, std::complex<double>* a, const int* desc, int* info) {
  const int one = 1;
  pzpotrf_(uplo, &n, a, &one, &one, desc, info);
}

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
Array cholesky_matrix(const Array& x, const std::vector<std::int64_t>& index, const WorkLayout& where, bool upper) {
  Array work = matrix_copy(x, index, where.layout);
  const int n = static_cast<int>(work.global_shape()[0]);
  int info = 0;
  visit_dtype(work.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      // A row-major copy is S = X^T = conj(X) (X Hermitian): the lower factor of X is the transpose of
      // the upper factor of S, so uplo flips. Only the triangle named by uplo is read and written.
      const bool lower_of_s = where.view.transposed ? upper : !upper;
      with_scalapack<T>(work, where, [&](T* a, const ScalapackDescriptor& desc, const BlacsGrid&) {
        potrf(lower_of_s ? "L" : "U", n, a, desc.data(), &info);
      });
      info = agreed_info(info, work.grid().comm(), "P?POTRF");
      if (info == 0) zero_other_triangle<T>(work, !upper);
    }
  });
  if (info > 0) {
    throw LinAlgError("cholesky: the matrix is not positive definite" + stack_suffix(index) +
                      ": its leading minor of order " + std::to_string(info) +
                      " is not positive definite (ScaLAPACK P?POTRF INFO = " + std::to_string(info) + ")");
  }
  return work;
}

}  // namespace

Array cholesky(const Array& x, bool upper) {
  require_square_floating(x, "cholesky");
  const WorkLayout where = factorization_layout(x);
  if (x.ndim() == 2) return cholesky_matrix(x, {}, where, upper);
  const std::vector<std::int64_t> batch = batch_of(x.global_shape());
  const std::int64_t n = x.global_shape().back();
  std::vector<Array> factors;
  std::vector<std::int64_t> index(batch.size(), 0);
  for (std::int64_t j = 0; j < stack_count(batch); ++j, next_stack_index(index, batch)) {
    factors.push_back(cholesky_matrix(x, index, where, upper));
  }
  return join_stack(factors, batch, {n, n}, x.dtype(), x.grid());
}

}  // namespace gingham
