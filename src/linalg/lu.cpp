// solve, inv, det and slogdet on ScaLAPACK's LU factorization P?GETRF (see gingham/linalg/lu.hpp).
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <complex>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/array/promotion.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/linalg/lu.hpp"
#include "batched.hpp"
#include "imports/scalapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham {

namespace {

using namespace linalg_detail;

// ---- The factorization -------------------------------------------------------------------------------

/// One matrix's LU factors P L U = S in its working copy, the pivots (IPIV: for each local row of S, the
/// global row it was swapped with, 1-based), and the agreed INFO (k > 0: U(k, k) is exactly zero).
struct Lu {
  WorkMatrix work;
  std::vector<int> ipiv;
  int info = 0;
};

Lu factorize(WorkMatrix work, const char* function) {
  Lu lu{std::move(work), {}, 0};
  const Array& a = lu.work.array;
  const int n = static_cast<int>(a.global_shape()[0]);
  const int s_rows = lu.work.view.transposed ? 1 : 0;
  const std::int64_t local_rows = a.holds_shard() ? a.local_shape()[s_rows] : 0;
  lu.ipiv.assign(static_cast<std::size_t>(local_rows + lu.work.block), 0);  // LOCr(M_A) + MB_A
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      with_scalapack<T>(lu.work, [&](T* data, const ScalapackDescriptor& desc, const BlacsGrid&) {
        scalapack::getrf(n, n, data, desc.data(), lu.ipiv.data(), &lu.info);
      });
    }
  });
  lu.info = agreed_info(a.grid(), lu.info, function, "P?GETRF");
  return lu;
}

/// Local. The relative pivot bound of solve and inv for n x n matrices (see lu_layout).
double pivot_tolerance(DType dtype, std::int64_t n) { return linalg_detail::pivot_tolerance(n) * epsilon_of(dtype); }

/// Collective over the factors' grid (one MPI_Allreduce; a second when singular). The 1-based index k of
/// the smallest pivot |U(k, k)| when it is at most pivot_tolerance(dtype, n) max |U(i, j)|, else 0: the
/// relative pivot test of solve and inv (see lu_layout). Also returns that pivot and the bound.
struct SmallPivot {
  int k = 0;
  double pivot = 0, bound = 0;
};

SmallPivot small_pivot(const Lu& lu) {
  const Array& w = lu.work.array;
  double largest = 0;
  double local_smallest = std::numeric_limits<double>::infinity();
  std::int64_t local_k = -1;
  visit_dtype(w.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      if (!w.holds_shard() || w.global_size() == 0) return;
      const LocalView<T> local = w.local_as<T>();
      const auto rows = w.distribution().owned_indices(w.grid().coords(), 0);
      const auto cols = w.distribution().owned_indices(w.grid().coords(), 1);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        for (std::size_t j = 0; j < cols.size(); ++j) {
          if (cols[j] < rows[i]) continue;
          const double magnitude = std::abs(local(i, j));
          largest = std::max(largest, magnitude);
          if (cols[j] == rows[i] && magnitude < local_smallest) local_smallest = magnitude, local_k = rows[i];
        }
      }
    }
  });
  double stats[2] = {largest, -local_smallest};  // max |U(i, j)|, -min |U(k, k)|
  const MPI_Comm comm = w.grid().comm().get();
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, stats, 2, MPI_DOUBLE, MPI_MAX, comm));
  const double bound = pivot_tolerance(w.dtype(), w.global_shape()[0]) * stats[0], pivot = -stats[1];
  if (!(pivot <= bound) || w.global_size() == 0) return {};
  // The lowest k holding that pivot: every rank agrees on it.
  std::int64_t k = local_smallest == pivot ? local_k : std::numeric_limits<std::int64_t>::max();
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &k, 1, MPI_INT64_T, MPI_MIN, comm));
  return {static_cast<int>(k + 1), pivot, bound};
}

/// The working layout of the LU routines: column-major, so that ScaLAPACK factors X itself (S = X) in every
/// layout, as with local_order='F'. A row-major copy was S = X^T, so the pivots, and which singular
/// matrices gave an exactly zero one, depended on the storage order (NumPy, which factors X^T, misses two
/// equal rows the same way). An exactly zero pivot is not reliable in any order: two equal rows (columns)
/// of X leave a rounding-error pivot when the multiplier x / x rounds off 1 (complex division, or the
/// reciprocal ScaLAPACK scales by) or blocked updates reduce them differently. So solve and inv also apply
/// a relative pivot test (small_pivot): a pivot at most max(n, 10) eps max |U| raises as U(k, k) = 0
/// does. That is the size of LU's own backward error (the computed factors are those of X + E with
/// |E| <= about n eps |L| |U|): such a pivot cannot be told from zero. Measured with these routines (np 1
/// and 3, block sizes 1, 3, 64, both orders, float32, float64, complex64): equal rows or columns leave
/// pivots up to 2.8 eps max |U| at n = 40, 49 eps at n = 100, 184 eps at n = 600 (about 0.3 n eps at
/// most); random uniform matrices at least 1e5 eps (n <= 150, float32). The cost of the bound is float32
/// matrices whose smallest pivot is below n eps max |U| (condition numbers above about 1 / (n eps): at
/// n = 300, 3e4, about two correct digits), which raise although NumPy would return an inverse; for
/// float64 that is 1e13 and more. det and slogdet keep the computed factors, as NumPy.
WorkLayout lu_layout(const Array& x) {
  WorkNeeds needs;
  needs.order = StorageOrder::column_major;
  needs.spread_axis = 1;  // P?GETRF's panels are columns of S = X: each on one process of a 1xP view
  return work_layout(x, needs);
}

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

[[noreturn]] void throw_numerically_singular(const char* function, const std::vector<std::int64_t>& index,
                                             const SmallPivot& small) {
  throw LinAlgError(std::string(function) + ": the matrix is singular" + stack_suffix(index) + ": U(" +
                    std::to_string(small.k) + ", " + std::to_string(small.k) + ") of its LU factorization, " +
                    format_number(small.pivot) + ", is at most max(n, 10) eps max|U| = " + format_number(small.bound) +
                    " (the rounding-error remainder of an exactly zero pivot)");
}

[[noreturn]] void throw_singular(const char* function, const std::vector<std::int64_t>& index, int info) {
  throw LinAlgError(std::string(function) + ": the matrix is singular" + stack_suffix(index) + ": U(" +
                    std::to_string(info) + ", " + std::to_string(info) +
                    ") of its LU factorization is exactly zero (ScaLAPACK P?GETRF INFO = " + std::to_string(info) + ")");
}

/// Collective. Throws LinAlgError on every rank when P?GETRF found an exactly zero pivot or the relative
/// pivot test does (solve and inv).
void require_nonsingular(const Lu& lu, const char* function, const std::vector<std::int64_t>& index) {
  if (lu.info > 0) throw_singular(function, index, lu.info);
  if (const SmallPivot small = small_pivot(lu); small.k > 0) throw_numerically_singular(function, index, small);
}

/// B := the solution of A X = B in place, from A's factors (B a working copy in right_hand_side_layout).
void solve_in_place(const Lu& lu, const Array& b) {
  const int n = static_cast<int>(b.global_shape()[0]), k = static_cast<int>(b.global_shape()[1]);
  int info = 0;
  visit_dtype(b.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      if (b.global_size() == 0) return;
      with_scalapack<T>(lu.work, [&](T* a, const ScalapackDescriptor& da, const BlacsGrid&) {
        const ScalapackDescriptor db = lu.work.descriptor_of(b);
        T dummy{};
        // S = A (column-major copy) or S = A^T (row-major): A X = B is S X = B or S^T X = B.
        scalapack::getrs(lu.work.view.transposed ? "T" : "N", n, k, a, da.data(), lu.ipiv.data(), data_of(b, dummy),
                         db.data(), &info);
      });
    }
  });
  agreed_info(b.grid(), info, "solve", "P?GETRS");
}

// ---- The determinant ---------------------------------------------------------------------------------

/// log |det|, the sign (a unit complex number, or 0 when singular) of one matrix, from its factors.
struct LogDet {
  double log_abs = 0;
  std::complex<double> sign = 1;
};

LogDet log_determinant(const Lu& lu) {
  // Local sums: log |u_kk| and arg(u_kk) over this rank's diagonal entries of U, the zeros among them, and
  // the row interchanges of this rank's rows (counted on BLACS process column 0: IPIV is the same on every
  // process column). One MPI_Allreduce adds them up.
  double sums[4] = {0, 0, 0, 0};  // log|u|, phase, zeros, interchanges
  const Array& w = lu.work.array;
  visit_dtype(w.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      if (!w.holds_shard() || w.global_size() == 0) return;
      const LocalView<T> local = w.local_as<T>();
      const auto rows = w.distribution().owned_indices(w.grid().coords(), 0);
      const auto cols = w.distribution().owned_indices(w.grid().coords(), 1);
      for (std::size_t i = 0, j = 0; i < rows.size() && j < cols.size();) {  // owned indices ascend
        if (rows[i] < cols[j]) { ++i; continue; }
        if (cols[j] < rows[i]) { ++j; continue; }
        const std::complex<double> u(std::real(local(i, j)), std::imag(local(i, j)));
        if (u == 0.0) sums[2] += 1;
        else {
          sums[0] += std::log(std::abs(u));
          sums[1] += std::arg(u);
        }
        ++i, ++j;
      }
      const BlacsGrid blacs = lu.work.blacs();
      if (blacs.my_col() == 0) {
        const auto s_rows = w.distribution().owned_indices(w.grid().coords(), lu.work.view.transposed ? 1 : 0);
        for (std::size_t i = 0; i < s_rows.size(); ++i) {
          if (lu.ipiv[i] != s_rows[i] + 1) sums[3] += 1;
        }
      }
    }
  });
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, sums, 4, MPI_DOUBLE, MPI_SUM, w.grid().comm().get()));
  LogDet result;
  if (sums[2] > 0) return {-std::numeric_limits<double>::infinity(), 0.0};
  result.log_abs = sums[0];
  // The phases of real entries are 0 or pi: their sum is an exact multiple of pi, and cos/sin of it
  // rounds to +-1 and 0 well within the dtype's precision, but the sign of a real matrix is made exact.
  const bool odd_interchanges = static_cast<std::int64_t>(sums[3]) % 2 != 0;
  if (is_complex_floating(w.dtype())) {
    result.sign = std::polar(1.0, sums[1]) * (odd_interchanges ? -1.0 : 1.0);
  } else {
    const auto negatives = static_cast<std::int64_t>(std::llround(sums[1] / std::numbers::pi));
    result.sign = (negatives % 2 != 0) != odd_interchanges ? -1.0 : 1.0;
  }
  return result;
}

/// The log-determinants of every matrix of x (one for a 2-D x), the same on every rank.
std::vector<LogDet> log_determinants(const Array& x, const char* function) {
  require_floating_matrices(x, function, true);
  const WorkLayout where = lu_layout(x);
  const std::vector<std::int64_t> batch = batch_of(x.global_shape());
  std::vector<LogDet> results;
  std::vector<std::int64_t> index(batch.size(), 0);
  for (std::int64_t j = 0; j < stack_count(batch); ++j, next_stack_index(index, batch)) {
    results.push_back(log_determinant(factorize(working_copy(x, index, where), function)));
  }
  return results;
}

/// An array of the stack's shape (0-D: replicated; else the default layout) from values every rank holds.
template <class T>
Array stack_values(const Array& x, const std::vector<T>& values) {
  const std::vector<std::int64_t> batch = batch_of(x.global_shape());
  std::vector<std::int64_t> strides(batch.size(), 1);
  for (int axis = static_cast<int>(batch.size()) - 2; axis >= 0; --axis) strides[axis] = strides[axis + 1] * batch[axis + 1];
  const LocalView<T> whole(const_cast<T*>(values.data()), batch, strides);
  return from_whole(dtype_of<T>, x.grid(), default_layout(batch, x.grid()), whole.raw());
}

}  // namespace

Array solve(const Array& x1, const Array& x2) {
  const auto checked = check_call(x1.grid().comm(), "solve", arg("x1", x1), arg("x2", x2));
  require_same_device("solve", x1.grid(), x2.grid());
  if (!is_floating(x1.dtype()) || !is_floating(x2.dtype())) {
    throw TypeError("solve: expected floating-point arrays (float32, float64, complex64 or complex128), got " +
                    std::string(dtype_name(x1.dtype())) + " and " + std::string(dtype_name(x2.dtype())) +
                    "; cast with astype");
  }
  require_floating_matrices(x1, "solve", true);
  const std::int64_t m = x1.global_shape().back();
  const bool vector = x2.ndim() == 1;
  if (x2.ndim() == 0 || x2.global_shape()[vector ? 0 : x2.ndim() - 2] != m) {
    throw std::invalid_argument("solve: x2 must have shape (" + std::to_string(m) + ",) or (..., " + std::to_string(m) +
                                ", K) for x1 of shape " + format_shape(x1.global_shape()) + ", got " +
                                format_shape(x2.global_shape()));
  }
  std::vector<std::int64_t> batch;
  const std::vector<std::int64_t> batch1 = batch_of(x1.global_shape());
  const std::vector<std::int64_t> batch2 = vector ? std::vector<std::int64_t>{} : batch_of(x2.global_shape());
  try {
    batch = broadcast_shapes(batch1, batch2);
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("solve: the stack shapes " + format_shape(batch1) + " and " + format_shape(batch2) +
                                " of x1 " + format_shape(x1.global_shape()) + " and x2 " +
                                format_shape(x2.global_shape()) + " do not broadcast");
  }
  const DType dtype = promote_or_throw(x1.dtype(), x2.dtype(), "solve");
  const Array a = x1.dtype() == dtype ? x1 : astype(x1, dtype);
  Array b = x2.dtype() == dtype ? x2 : astype(x2, dtype);
  if (vector) b = expand_dims(b, {1});  // (M,) -> (M, 1): a view
  const std::int64_t k = b.global_shape().back();
  if (k == 0) {  // no right-hand side: an empty result, and x1 is not factorized (as NumPy)
    std::vector<std::int64_t> shape = batch;
    shape.insert(shape.end(), {m, 0});
    return Array::allocate(dtype, a.grid(), default_layout(shape, a.grid()), {}, /*zero=*/true);
  }
  if (takes_batched_path(batch, {m, k})) {
    Array result = batched_solve(a, b, batch);
    return vector ? squeeze(result, {result.ndim() - 1}) : result;
  }

  const WorkLayout where = lu_layout(a);
  const auto b_layout = right_hand_side_layout(where, m, k);
  std::vector<Array> solutions;
  std::vector<std::int64_t> index(batch.size(), 0);
  std::optional<Lu> lu;
  for (std::int64_t j = 0; j < stack_count(batch); ++j, next_stack_index(index, batch)) {
    if (!lu || a.ndim() > 2) {  // a 2-D x1 is factorized once for the whole stack of x2
      lu = factorize(working_copy(a, index, where), "solve");
      require_nonsingular(*lu, "solve", a.ndim() > 2 ? index : std::vector<std::int64_t>{});
    }
    Array x = matrix_copy(b, index, where.grid, b_layout);
    solve_in_place(*lu, x);
    solutions.push_back(to_home_grid(x, a.grid()));
  }
  Array result = batch.empty() ? solutions.front() : join_stack(solutions, batch, {m, k}, dtype, a.grid());
  return vector ? squeeze_spread(result, {result.ndim() - 1}) : result;
}

Array inv(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "inv", arg("x", x));
  require_floating_matrices(x, "inv", true);
  const std::int64_t n = x.global_shape().back();
  if (takes_batched_path(batch_of(x.global_shape()), {n})) return batched_inv(x);
  auto inverse = [n](const WorkMatrix& copy, const std::vector<std::int64_t>& index) {
    Lu lu = factorize(copy, "inv");
    require_nonsingular(lu, "inv", index);
    int info = 0;
    visit_dtype(lu.work.array.dtype(), [&]<class T>() {
      if constexpr (is_scalapack_type<T>) {
        // S^-1 = (X^-1)^T for a row-major copy (S = X^T): the working copy then holds X^-1 as it is.
        // The workspace query, then its allocation agreed on every rank, then the inversion.
        T work_size{};
        int iwork_size = 0;
        with_scalapack<T>(lu.work, [&](T* a, const ScalapackDescriptor& desc, const BlacsGrid&) {
          scalapack::getri(static_cast<int>(n), a, desc.data(), lu.ipiv.data(), &work_size, -1, &iwork_size, -1, &info);
        });
        const ProcessGrid& grid = lu.work.array.grid();
        agree_info(grid, info, "inv", "P?GETRI", "workspace query failed");
        std::vector<T> work = agreed_buffer<T>(grid, queried_size(work_size));
        std::vector<int> iwork = agreed_buffer<int>(grid, std::max(1, iwork_size));
        with_scalapack<T>(lu.work, [&](T* a, const ScalapackDescriptor& desc, const BlacsGrid&) {
          scalapack::getri(static_cast<int>(n), a, desc.data(), lu.ipiv.data(), work.data(),
                           static_cast<int>(work.size()), iwork.data(), static_cast<int>(iwork.size()), &info);
        });
      }
    });
    info = agreed_info(lu.work.array.grid(), info, "inv", "P?GETRI");
    if (info > 0) throw_singular("inv", index, info);
    return std::vector<Array>{lu.work.array};
  };
  return over_stack(x, lu_layout(x), inverse, {{x.dtype(), {n, n}}}).front();
}

SlogdetResult<Array> slogdet(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "slogdet", arg("x", x));
  require_floating_matrices(x, "slogdet", true);
  if (takes_batched_path(batch_of(x.global_shape()), {x.global_shape().back()})) {
    auto [sign, logabsdet] = batched_slogdet(x);
    return {std::move(sign), std::move(logabsdet)};
  }
  const std::vector<LogDet> values = log_determinants(x, "slogdet");
  std::optional<Array> sign, log_abs;
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      using Real = decltype(std::real(T{}));
      std::vector<T> signs;
      std::vector<Real> logs;
      for (const LogDet& v : values) {
        if constexpr (std::is_floating_point_v<T>) signs.push_back(static_cast<T>(v.sign.real()));
        else signs.push_back(static_cast<T>(v.sign));
        logs.push_back(static_cast<Real>(v.log_abs));
      }
      sign = stack_values(x, signs);
      log_abs = stack_values(x, logs);
    }
  });
  if (!sign || !log_abs) throw std::logic_error("gingham::slogdet: no ScaLAPACK type for " + std::string(dtype_name(x.dtype())));
  return {*sign, *log_abs};
}

Array det(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "det", arg("x", x));
  require_floating_matrices(x, "det", true);
  if (takes_batched_path(batch_of(x.global_shape()), {x.global_shape().back()})) return batched_det(x);
  const std::vector<LogDet> values = log_determinants(x, "det");
  std::optional<Array> result;
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      std::vector<T> dets;
      for (const LogDet& v : values) {
        const std::complex<double> d = v.sign * std::exp(v.log_abs);  // sign 0, log -inf: 0
        if constexpr (std::is_floating_point_v<T>) dets.push_back(static_cast<T>(d.real()));
        else dets.push_back(static_cast<T>(d));
      }
      result = stack_values(x, dets);
    }
  });
  if (!result) throw std::logic_error("gingham::det: no ScaLAPACK type for " + std::string(dtype_name(x.dtype())));
  return *result;
}

}  // namespace gingham
