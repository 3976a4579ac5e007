// cholesky, eigh and eigvalsh on the batched path (batched.hpp): serial LAPACK ?POTRF and ?SYEVD/?HEEVD on
// each rank's whole matrices. A row-major Hermitian X is LAPACK's column-major M = X^T = conj(X): ?POTRF
// with UPLO = 'U' gives M = U^H U, so X = U^T conj(U) and the lower factor of X is U^T, which is U's
// memory read row-major (the upper factor of X likewise from UPLO = 'L'); M's upper triangle is X's lower.
// ?HEEVD gives M Z = Z diag(w), so X conj(Z) = conj(Z) diag(w): X's eigenvectors are conj(Z), written
// row-major by a conjugating transpose in place.
#include <algorithm>
#include <complex>
#include <type_traits>
#include <string>
#include <vector>

#include "batched.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/core/errors.hpp"
#include "imports/lapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham::linalg_detail {

namespace {

template <class T>
T conjugate(const T& value) {
  if constexpr (std::is_floating_point_v<T>) return value;
  else return std::conj(value);
}

/// Local. The n x n matrix a := conj(a)^T in place (a transpose for real types).
template <class T>
void conjugate_transpose(int n, T* a) {
  for (int r = 0; r < n; ++r) {
    a[r * (n + 1)] = conjugate(a[r * (n + 1)]);
    for (int c = r + 1; c < n; ++c) {
      const T upper = a[r * n + c];
      a[r * n + c] = conjugate(a[c * n + r]);
      a[c * n + r] = conjugate(upper);
    }
  }
}

/// Local. Zeroes the strict upper (keep_lower) or strict lower triangle of the row-major n x n matrix a.
template <class T>
void zero_other_triangle(int n, T* a, bool keep_lower) {
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      if (keep_lower ? c > r : c < r) a[r * n + c] = T{};
    }
  }
}

/// Local. throw_non_finite for an agreed failure that was a matrix holding NaN or infinity.
void throw_if_non_finite(const std::string& function, const std::pair<std::int64_t, int>& failure,
                         const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& batch) {
  if (failure.second >= non_finite_info) {
    throw_non_finite(function, failure.second - non_finite_info, shape, stack_suffix(unflatten(failure.first, batch)));
  }
}

}  // namespace

Array batched_cholesky(const Array& x, bool upper) {
  const std::vector<std::int64_t> batch = batch_of(x.global_shape());
  const int n = static_cast<int>(x.global_shape().back());
  Array factors = to_batch_layout(x, batch);
  const LocalStack stack(factors, static_cast<int>(batch.size()));
  LocalFailures failures;
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      for (std::int64_t i = 0; i < stack.count(); ++i) {
        if (const int flags = non_finite_flags(x.dtype(), stack.block<T>(i), std::int64_t{n} * n)) {
          failures.record(stack.stack_index(i), non_finite_info + flags);
          return;
        }
        int info = 0;
        lapack::potrf(upper ? "L" : "U", n, stack.block<T>(i), &info);
        if (failures.record(stack.stack_index(i), info)) return;
        zero_other_triangle(n, stack.block<T>(i), !upper);
      }
    }
  });
  if (const auto failure = failures.agree(x.grid(), "cholesky", "?POTRF")) {
    throw_if_non_finite("cholesky", *failure, x.global_shape(), batch);
    const std::string k = std::to_string(failure->second);
    throw LinAlgError("cholesky: the matrix is not positive definite" + stack_suffix(unflatten(failure->first, batch)) +
                      ": its leading minor of order " + k + " is not positive definite (LAPACK ?POTRF INFO = " + k +
                      ")");
  }
  return factors;
}

std::vector<Array> batched_eigh(const Array& x, bool vectors) {
  const std::vector<std::int64_t> batch = batch_of(x.global_shape());
  const int n = static_cast<int>(x.global_shape().back());
  const char* function = vectors ? "eigh" : "eigvalsh";
  Array matrices = to_batch_layout(x, batch);
  Array values = allocate_batched(real_dtype(x.dtype()), x.grid(), batch, {n});
  const int batch_ndim = static_cast<int>(batch.size());
  const LocalStack stack(matrices, batch_ndim), eigenvalues(values, batch_ndim);
  LocalFailures failures;
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      using Real = decltype(std::real(T{}));
      if (stack.count() == 0) return;
      const char* jobz = vectors ? "V" : "N";
      T query{};
      Real rquery{};
      int iquery = 0, info = 0;
      lapack::heevd(jobz, "U", n, stack.block<T>(0), eigenvalues.block<Real>(0), &query, -1, &rquery, -1, &iquery, -1,
                    &info);
      if (failures.record(-1, std::min(info, 0))) return;
      std::vector<T> work(static_cast<std::size_t>(queried_size(query)));
      std::vector<Real> rwork(static_cast<std::size_t>(queried_size(rquery)));
      std::vector<int> iwork(static_cast<std::size_t>(std::max(1, iquery)));
      for (std::int64_t i = 0; i < stack.count(); ++i) {
        if (const int flags = non_finite_flags(x.dtype(), stack.block<T>(i), std::int64_t{n} * n)) {
          failures.record(stack.stack_index(i), non_finite_info + flags);
          return;
        }
        lapack::heevd(jobz, "U", n, stack.block<T>(i), eigenvalues.block<Real>(i), work.data(),
                      static_cast<int>(work.size()), rwork.data(), static_cast<int>(rwork.size()), iwork.data(),
                      static_cast<int>(iwork.size()), &info);
        if (failures.record(stack.stack_index(i), info)) return;
        if (vectors) conjugate_transpose(n, stack.block<T>(i));
      }
    }
  });
  if (const auto failure = failures.agree(x.grid(), function, "?SYEVD/?HEEVD")) {
    throw_if_non_finite(function, *failure, x.global_shape(), batch);
    throw LinAlgError(std::string(function) + ": ?SYEVD/?HEEVD did not converge: the eigenvalue algorithm failed" +
                      stack_suffix(unflatten(failure->first, batch)) + " (LAPACK INFO = " +
                      std::to_string(failure->second) + ")");
  }
  if (!vectors) return {values};
  return {values, matrices};
}

}  // namespace gingham::linalg_detail
