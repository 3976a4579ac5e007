// inv, solve, det and slogdet on the batched path (batched.hpp): serial LAPACK ?GETRF, ?GETRI and ?GETRS
// on each rank's whole matrices. Each row-major matrix X is transposed in place first (n^2 moves against
// LAPACK's n^3 flops), so that LAPACK factors X itself, whatever the storage order, as the ScaLAPACK path
// does (lu.cpp): LU with partial pivoting of a matrix with two equal rows gives an exactly zero pivot (the
// two rows are updated alike, and one cancels the other), while that of its transpose (equal columns)
// leaves a rounding-error pivot, so factoring X^T hid singular matrices of the default layout.
#include <algorithm>
#include <utility>
#include <cmath>
#include <complex>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "batched.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/core/errors.hpp"
#include "imports/lapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham::linalg_detail {

namespace {

/// The INFO recorded for a matrix whose smallest pivot fails the relative pivot test (lu.cpp's lu_layout):
/// small_pivot_info + k, for U(k, k). LAPACK's own INFO never comes near it.
constexpr int small_pivot_info = 1 << 29;

[[noreturn]] void throw_singular(const std::string& function, const std::vector<std::int64_t>& index,
                                 std::pair<std::int64_t, int> failure, const char* routine) {
  if (failure.second >= small_pivot_info) {
    const std::string k = std::to_string(failure.second - small_pivot_info);
    throw LinAlgError(function + ": the matrix is singular" + stack_suffix(index) + ": U(" + k + ", " + k +
                      ") of its LU factorization is at most max(n, 10) eps max|U| (the rounding-error remainder of "
                      "an exactly zero pivot)");
  }
  const std::string k = std::to_string(failure.second);
  throw LinAlgError(function + ": the matrix is singular" + stack_suffix(index) + ": U(" + k +
                    ", " + k + ") of its LU factorization is exactly zero (LAPACK " + routine + " INFO = " + k + ")");
}

/// Local. The relative pivot test of solve and inv on the factors of a column-major n x n matrix: INFO
/// small_pivot_info + k (1-based) for the smallest pivot |U(k, k)| <= max(n, 10) eps max |U(i, j)|, else 0.
template <class T>
int small_pivot(int n, const T* lu) {
  using Real = decltype(std::real(T{}));
  double largest = 0, smallest = std::numeric_limits<double>::infinity();
  int k = 0;
  for (int c = 0; c < n; ++c) {
    for (int r = 0; r <= c; ++r) largest = std::max(largest, static_cast<double>(std::abs(lu[r + c * n])));
    const double pivot = std::abs(lu[c + c * n]);
    if (pivot < smallest) smallest = pivot, k = c + 1;
  }
  const double bound = pivot_tolerance(n) * std::numeric_limits<Real>::epsilon() * largest;
  return n > 0 && smallest <= bound ? small_pivot_info + k : 0;
}

/// Local. Copies the row-major m x k matrix `from` to the column-major `to` (or back, with `back`).
template <class T>
void transpose_copy(int m, int k, T* row_major, T* column_major, bool back) {
  for (int r = 0; r < m; ++r) {
    for (int s = 0; s < k; ++s) {
      T& a = row_major[r * k + s];
      T& b = column_major[r + m * s];
      if (back) a = b;
      else b = a;
    }
  }
}

/// Local. The n x n matrix a := a^T in place (row-major <-> column-major).
template <class T>
void transpose_in_place(int n, T* a) {
  for (int r = 0; r < n; ++r) {
    for (int c = r + 1; c < n; ++c) std::swap(a[r * n + c], a[c * n + r]);
  }
}

}  // namespace

Array batched_inv(const Array& x) {
  const std::vector<std::int64_t> batch = batch_of(x.global_shape());
  const int n = static_cast<int>(x.global_shape().back());
  Array a = to_batch_layout(x, batch);
  const LocalStack stack(a, static_cast<int>(batch.size()));
  LocalFailures failures;
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      if (stack.count() == 0) return;
      std::vector<int> ipiv(static_cast<std::size_t>(n));
      T query{};
      int info = 0;
      lapack::getri(n, stack.block<T>(0), ipiv.data(), &query, -1, &info);  // a query: nothing is read
      if (failures.record(-1, std::min(info, 0))) return;
      std::vector<T> work(static_cast<std::size_t>(queried_size(query)));
      for (std::int64_t i = 0; i < stack.count(); ++i) {
        T* matrix = stack.block<T>(i);
        transpose_in_place(n, matrix);
        lapack::getrf(n, matrix, ipiv.data(), &info);
        if (failures.record(stack.stack_index(i), info != 0 ? info : small_pivot(n, matrix))) return;
        lapack::getri(n, matrix, ipiv.data(), work.data(), static_cast<int>(work.size()), &info);
        if (failures.record(stack.stack_index(i), info)) return;
        transpose_in_place(n, matrix);
      }
    }
  });
  if (const auto failure = failures.agree(a.grid(), "inv", "?GETRF/?GETRI")) {
    throw_singular("inv", unflatten(failure->first, batch), *failure, "?GETRF/?GETRI");
  }
  return a;
}

Array batched_solve(const Array& a, const Array& b, const std::vector<std::int64_t>& batch) {
  const int m = static_cast<int>(a.global_shape().back()), k = static_cast<int>(b.global_shape().back());
  const BatchOperand matrices(a, batch);  // a 2-D a is factorized once per rank, for all its right-hand sides
  Array x = to_batch_layout(b, batch);
  const LocalStack sides(x, static_cast<int>(batch.size()));
  const std::int64_t count = matrices.shared() ? sides.count() : matrices.count();
  LocalFailures failures;
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      std::vector<int> ipiv(static_cast<std::size_t>(m));
      std::vector<T> column_major(static_cast<std::size_t>(m) * static_cast<std::size_t>(k));
      for (std::int64_t i = 0; i < count; ++i) {
        int info = 0;
        T* lu = matrices.block<T>(i);
        if (!matrices.shared() || i == 0) {
          transpose_in_place(m, lu);
          lapack::getrf(m, lu, ipiv.data(), &info);
          if (failures.record(sides.stack_index(i), info != 0 ? info : small_pivot(m, lu))) return;
        }
        if (k == 0) continue;
        transpose_copy(m, k, sides.block<T>(i), column_major.data(), false);
        lapack::getrs("N", m, k, lu, ipiv.data(), column_major.data(), &info);
        if (failures.record(sides.stack_index(i), std::min(info, 0))) return;
        transpose_copy(m, k, sides.block<T>(i), column_major.data(), true);
      }
    }
  });
  if (const auto failure = failures.agree(x.grid(), "solve", "?GETRF/?GETRS")) {
    // A 2-D a is one matrix, named as the ScaLAPACK path names it: without a stack index.
    throw_singular("solve", a.ndim() > 2 ? unflatten(failure->first, batch) : std::vector<std::int64_t>{}, *failure,
                   "?GETRF");
  }
  return x;
}

namespace {

/// The signs and log |det| of a stack, each of the stack's shape in the batch layout.
std::pair<Array, Array> sign_and_log(const Array& x, const char* function) {
  const std::vector<std::int64_t> batch = batch_of(x.global_shape());
  const int n = static_cast<int>(x.global_shape().back());
  Array lu = to_batch_layout(x, batch);
  Array sign = allocate_batched(x.dtype(), x.grid(), batch, {});
  Array log_abs = allocate_batched(real_dtype(x.dtype()), x.grid(), batch, {});
  const int batch_ndim = static_cast<int>(batch.size());
  const LocalStack matrices(lu, batch_ndim), signs(sign, batch_ndim), logs(log_abs, batch_ndim);
  LocalFailures failures;
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      using Real = decltype(std::real(T{}));
      std::vector<int> ipiv(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < signs.count(); ++i) {
        T* matrix = n > 0 ? matrices.block<T>(i) : nullptr;
        int info = 0;
        if (n > 0) {
          transpose_in_place(n, matrix);
          lapack::getrf(n, matrix, ipiv.data(), &info);
        }
        if (failures.record(signs.stack_index(i), std::min(info, 0))) return;
        // det = (-1)^interchanges prod u_kk: its sign (a unit complex number) and log |det| accumulated.
        T s(1);
        Real log_sum = 0;
        for (int d = 0; d < n; ++d) {
          const T u = matrix[d * (n + 1)];
          if (ipiv[static_cast<std::size_t>(d)] != d + 1) s = -s;
          if (u == T(0)) {
            s = T(0);
            log_sum = -std::numeric_limits<Real>::infinity();
            break;
          }
          const Real magnitude = std::abs(u);
          s *= u / magnitude;
          log_sum += std::log(magnitude);
        }
        *signs.block<T>(i) = s;
        *logs.block<Real>(i) = log_sum;
      }
    }
  });
  failures.agree(x.grid(), function, "?GETRF");
  return {sign, log_abs};
}

}  // namespace

std::pair<Array, Array> batched_slogdet(const Array& x) { return sign_and_log(x, "slogdet"); }

Array batched_det(const Array& x) {
  auto [sign, log_abs] = sign_and_log(x, "det");
  const int batch_ndim = x.ndim() - 2;
  const LocalStack signs(sign, batch_ndim), logs(log_abs, batch_ndim);
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      using Real = decltype(std::real(T{}));
      for (std::int64_t i = 0; i < signs.count(); ++i) {
        T* s = signs.block<T>(i);
        *s = *s == T(0) ? T(0) : *s * std::exp(*logs.block<Real>(i));  // sign 0, log -inf: 0
      }
    }
  });
  return sign;
}

}  // namespace gingham::linalg_detail
