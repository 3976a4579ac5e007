// Linear algebra on hostile input (issue 12), at every rank count: non-finite input throws LinAlgError on
// every rank before any iterative driver runs (eigh hung at np >= 2); exactly singular matrices are found
// in every storage order, block size and grid (the default row-major layout missed equal rows); small
// matrices on more ranks than rows or columns decompose correctly (P?GESVD reported spurious
// non-convergence); results are compared with plain loops in long double.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/linalg/cholesky.hpp"
#include "gingham/linalg/eig.hpp"
#include "gingham/linalg/eigh.hpp"
#include "gingham/linalg/lapack_errors.hpp"
#include "gingham/linalg/lu.hpp"
#include "gingham/linalg/matmul.hpp"
#include "gingham/linalg/matrix_functions.hpp"
#include "gingham/linalg/qr.hpp"
#include "gingham/linalg/svd.hpp"
#include "linalg_test_support.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::Wide;
using test::wide;

template <class T>
T from_double(double v) {
  return static_cast<T>(v);
}

/// Every function that runs an iterative driver (or cholesky), by name.
const std::vector<std::pair<std::string, std::function<void(const Array&)>>>& non_finite_calls() {
  static const std::vector<std::pair<std::string, std::function<void(const Array&)>>> calls = {
      {"eigh", [](const Array& x) { eigh(x); }},
      {"eigvalsh", [](const Array& x) { eigvalsh(x); }},
      {"eig", [](const Array& x) { eig(x); }},
      {"eigvals", [](const Array& x) { eigvals(x); }},
      {"svd", [](const Array& x) { svd(x); }},
      {"svdvals", [](const Array& x) { svdvals(x); }},
      {"pinv", [](const Array& x) { pinv(x); }},
      {"matrix_rank", [](const Array& x) { matrix_rank(x); }},
      {"matrix_norm 2", [](const Array& x) { matrix_norm(x, false, MatrixNormOrder::two); }},
      {"matrix_norm -2", [](const Array& x) { matrix_norm(x, false, MatrixNormOrder::minus_two); }},
      {"matrix_norm nuc", [](const Array& x) { matrix_norm(x, false, MatrixNormOrder::nuc); }},
      {"cholesky", [](const Array& x) { cholesky(x); }},
  };
  return calls;
}

template <class T>
void check_non_finite() {
  const ProcessGrid grid(Comm::world());
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    const std::string word = std::isnan(bad) ? "NaN" : "infinity";
    for (const std::int64_t n : {1, 2, 8, 40}) {
      for (const bool stack : {false, true}) {
        // A positive definite matrix with one symmetric pair (or the diagonal entry) set to `bad`; in a
        // stack of three only the last matrix holds it.
        const std::int64_t count = stack ? 3 : 1;
        std::vector<T> whole(static_cast<std::size_t>(count * n * n), T{});
        for (std::int64_t s = 0; s < count; ++s) {
          for (std::int64_t i = 0; i < n; ++i) whole[(s * n + i) * n + i] = from_double<T>(4.0);
        }
        const std::int64_t i = n / 2, j = n - 1 - n / 2, last = (count - 1) * n * n;
        whole[last + i * n + j] = whole[last + j * n + i] = from_double<T>(bad);
        std::vector<std::int64_t> shape{n, n};
        if (stack) shape.insert(shape.begin(), 3);
        const Array x = test::make_array(grid, default_layout(shape, grid), whole);
        for (const auto& [name, call] : non_finite_calls()) {
          SCOPED_TRACE(name + " n " + std::to_string(n) + (stack ? " stack " : " ") + word);
          const auto thrown = test::thrown_by([&] { call(x); });
          ASSERT_TRUE(all_ranks(thrown.has_value()));
          EXPECT_EQ(thrown->kind, ErrorKind::linalg);
          EXPECT_NE(thrown->message.find("expected finite values"), std::string::npos) << thrown->message;
          EXPECT_NE(thrown->message.find(word), std::string::npos) << thrown->message;
        }
      }
    }
  }
}

TEST(LinalgRobust, NonFiniteFloat32ThrowsEverywhere) { check_non_finite<float>(); }
TEST(LinalgRobust, NonFiniteFloat64ThrowsEverywhere) { check_non_finite<double>(); }
TEST(LinalgRobust, NonFiniteComplex64ThrowsEverywhere) { check_non_finite<std::complex<float>>(); }
TEST(LinalgRobust, NonFiniteComplex128ThrowsEverywhere) { check_non_finite<std::complex<double>>(); }

/// A random n x n matrix (row-major) made singular: `kind` 0 equal rows, 1 equal columns, 2 a zero row,
/// 3 a zero column; rows/columns 3 and 140 for n >= 150 (different blocks), else 0 and n - 1.
std::vector<double> singular_matrix(std::mt19937& random, std::int64_t n, int kind) {
  std::vector<double> a = test::random_values<double>(random, n * n);
  const std::int64_t i = n >= 150 ? 3 : 0, j = n >= 150 ? 140 : n - 1;
  for (std::int64_t t = 0; t < n; ++t) {
    if (kind == 0) a[j * n + t] = a[i * n + t];
    if (kind == 1) a[t * n + j] = a[t * n + i];
    if (kind == 2) a[j * n + t] = 0;
    if (kind == 3) a[t * n + j] = 0;
  }
  return a;
}

void expect_singular(const Array& x, const std::vector<double>& a, bool exact, const std::string& where) {
  SCOPED_TRACE(where);
  const std::int64_t n = x.global_shape().back();
  const ProcessGrid& grid = x.grid();
  const Array b = full(DType::float64, grid, default_layout({n}, grid), Scalar(1.0));
  long double log_hadamard = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    long double row = 0;
    for (std::int64_t j = 0; j < n; ++j) row += static_cast<long double>(a[i * n + j]) * a[i * n + j];
    log_hadamard += std::log(std::sqrt(row));
  }
  for (const auto& thrown : {test::thrown_by([&] { inv(x); }), test::thrown_by([&] { solve(x, b); })}) {
    ASSERT_TRUE(all_ranks(thrown.has_value()));
    EXPECT_EQ(thrown->kind, ErrorKind::linalg);
    EXPECT_NE(thrown->message.find("singular"), std::string::npos) << thrown->message;
  }
  // det and slogdet keep the computed factors, as NumPy's: exactly 0 for a zero row or column (`exact`), a
  // rounding-error value for equal rows or columns, tiny against Hadamard's bound prod ||row_i||.
  const auto [sign, logabs] = slogdet(x);
  const double log_abs = gather_to_all(DistArray<double>(logabs))[0];
  if (exact) {
    EXPECT_TRUE(all_ranks(gather_to_all(DistArray<double>(det(x)))[0] == 0.0));
    EXPECT_TRUE(all_ranks(gather_to_all(DistArray<double>(sign))[0] == 0.0));
    EXPECT_TRUE(all_ranks(log_abs == -std::numeric_limits<double>::infinity()));
  } else {
    EXPECT_TRUE(all_ranks(log_abs - log_hadamard <= std::log(1e3 * n * test::epsilon<double>()))) << log_abs;
  }
}

TEST(LinalgRobust, SingularMatricesAreFoundInEveryLayout) {
  std::mt19937 random(12);
  for (int kind = 0; kind < 4; ++kind) {
    for (const std::int64_t n : {2, 5, 40, 150}) {
      const std::vector<double> a = singular_matrix(random, n, kind);
      const std::string what = "kind " + std::to_string(kind) + " n " + std::to_string(n);
      const ProcessGrid world(Comm::world());
      expect_singular(test::make_array(world, default_layout({n, n}, world), a), a, kind >= 2, what + " default layout");
      test::for_each_block_cyclic_layout([&](const ProcessGrid& grid, const test::LayoutOf& layout_of) {
        expect_singular(test::make_array(grid, layout_of(n, n), a), a, kind >= 2, what);
      });
    }
  }
}

TEST(LinalgRobust, ZeroOneByOneIsSingularForSolveAsForInv) {
  const ProcessGrid grid(Comm::world());
  const Array zero = test::make_array(grid, default_layout({1, 1}, grid), std::vector<double>{0.0});
  expect_singular(zero, {0.0}, true, "1 x 1 zero");
}

TEST(LinalgRobust, SingularMatricesInStacksAreNamed) {
  std::mt19937 random(13);
  const ProcessGrid grid(Comm::world());
  for (const std::int64_t n : {4, 40, 300}) {  // the batched path, and the per-matrix ScaLAPACK loop
    for (int kind = 0; kind < 3; ++kind) {
      std::vector<double> whole = test::random_values<double>(random, 3 * n * n);
      // Equal random rows at n = 300 leave a pivot above max(n, 10) eps max|U| (NumPy does not raise either).
      if (n == 300 && kind != 2) continue;
      for (std::int64_t s = 0; s < 3; s += 2) {
        for (std::int64_t i = 0; i < n; ++i) whole[(s * n + i) * n + i] += static_cast<double>(n);
      }
      const std::vector<double> bad = singular_matrix(random, n, kind);
      std::copy(bad.begin(), bad.end(), whole.begin() + n * n);
      const Array x = test::make_array(grid, default_layout({3, n, n}, grid), whole);
      SCOPED_TRACE("kind " + std::to_string(kind) + " n " + std::to_string(n));
      const auto thrown = test::thrown_by([&] { inv(x); });
      ASSERT_TRUE(all_ranks(thrown.has_value()));
      EXPECT_EQ(thrown->kind, ErrorKind::linalg);
      EXPECT_NE(thrown->message.find("(matrix (1,) of the stack)"), std::string::npos) << thrown->message;
    }
  }
}

/// ||U diag(S) Vh - A|| / ||A|| and ||U^H U - I|| + ||Vh Vh^H - I|| of a thin SVD, in long double.
template <class T>
std::pair<long double, long double> svd_errors(const std::vector<T>& a, std::int64_t m, std::int64_t n,
                                               const std::vector<T>& u, const std::vector<decltype(std::real(T{}))>& s,
                                               const std::vector<T>& vh) {
  const std::int64_t k = std::min(m, n);
  long double residual = 0, norm = 0, orthogonality = 0;
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      Wide sum = 0;
      for (std::int64_t l = 0; l < k; ++l) sum += wide(u[i * k + l]) * static_cast<long double>(s[l]) * wide(vh[l * n + j]);
      residual += std::norm(sum - wide(a[i * n + j]));
      norm += std::norm(wide(a[i * n + j]));
    }
  }
  for (std::int64_t p = 0; p < k; ++p) {
    for (std::int64_t q = 0; q < k; ++q) {
      Wide uu = 0, vv = 0;
      for (std::int64_t i = 0; i < m; ++i) uu += std::conj(wide(u[i * k + p])) * wide(u[i * k + q]);
      for (std::int64_t j = 0; j < n; ++j) vv += wide(vh[p * n + j]) * std::conj(wide(vh[q * n + j]));
      const long double id = p == q ? 1 : 0;
      orthogonality += std::norm(uu - id) + std::norm(vv - id);
    }
  }
  return {std::sqrt(residual / std::max(norm, 1e-300L)), std::sqrt(orthogonality)};
}

template <class T>
void check_small_svds() {
  using R = decltype(std::real(T{}));
  std::mt19937 random(20 + sizeof(T));
  const ProcessGrid grid(Comm::world());
  const int ranks = test::world_size();
  const std::vector<std::pair<std::int64_t, std::int64_t>> shapes = {{2, 2}, {3, 3}, {2, 3}, {3, 2}, {1, 5},
                                                                     {5, 1}, {1, 1}, {1, 7}, {7, 1}};
  const double tolerance = 50 * test::epsilon<T>();
  int failures = 0;
  for (int trial = 0; trial < 60; ++trial) {
    for (const auto& [m, n] : shapes) {
      const std::vector<T> a = test::random_values<T>(random, m * n);
      // The default layout, and BlockCyclic(1) rows over every rank (most ranks hold nothing).
      const auto cyclic = std::make_shared<const Distribution>(
          std::vector<std::int64_t>{m, n}, std::vector<AxisLayout>{AxisLayout::block_cyclic(1), AxisLayout::not_distributed()},
          std::vector<int>{ranks}, trial % 2 ? StorageOrder::column_major : StorageOrder::row_major);
      for (const auto& layout : {default_layout({m, n}, grid), std::shared_ptr<const Distribution>(cyclic)}) {
        const Array x = test::make_array(grid, layout, a);
        const auto thrown = test::thrown_by([&] {
          const SvdResult<T> usv = svd(DistArray<T>(x), false);
          const auto [residual, orthogonality] =
              svd_errors<T>(a, m, n, gather_to_all(usv.u), gather_to_all(usv.s), gather_to_all(usv.vh));
          EXPECT_LE(residual, tolerance) << m << " x " << n << " trial " << trial;
          EXPECT_LE(orthogonality, tolerance) << m << " x " << n << " trial " << trial;
          const std::vector<R> s = gather_to_all(DistArray<R>(svdvals(x)));
          const std::vector<R> s_svd = gather_to_all(usv.s);
          for (std::size_t l = 0; l < s.size(); ++l) EXPECT_NEAR(s[l], s_svd[l], tolerance * (1 + s[0]));
          pinv(x);
        });
        EXPECT_TRUE(all_ranks(!thrown.has_value()));
        if (thrown) {
          ADD_FAILURE() << m << " x " << n << " trial " << trial << ": " << thrown->message;
          ++failures;
        }
      }
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(LinalgRobust, SmallSvdsFloat32OnMoreRanksThanRowsOrColumns) { check_small_svds<float>(); }
TEST(LinalgRobust, SmallSvdsFloat64OnMoreRanksThanRowsOrColumns) { check_small_svds<double>(); }
TEST(LinalgRobust, SmallSvdsComplex64OnMoreRanksThanRowsOrColumns) { check_small_svds<std::complex<float>>(); }
TEST(LinalgRobust, SmallSvdsComplex128OnMoreRanksThanRowsOrColumns) { check_small_svds<std::complex<double>>(); }

TEST(LinalgRobust, TheIssuesFloat32MatrixDecomposes) {
  const ProcessGrid grid(Comm::world());
  const std::vector<float> a = {4.9317055f, 0.0059995f, -0.3021979f, 3.789097f};
  const Array x = test::make_array(grid, default_layout({2, 2}, grid), a);
  const auto thrown = test::thrown_by([&] {
    const auto [u, s, vh] = svd(x);
    const auto [residual, orthogonality] = svd_errors<float>(
        a, 2, 2, gather_to_all(DistArray<float>(u)), gather_to_all(DistArray<float>(s)), gather_to_all(DistArray<float>(vh)));
    EXPECT_LE(residual, 1e-5);
    EXPECT_LE(orthogonality, 1e-5);
  });
  EXPECT_TRUE(all_ranks(!thrown.has_value())) << (thrown ? thrown->message : "");
}

/// The product of two n x n row-major matrices, by plain loops.
std::vector<double> product(const std::vector<double>& a, const std::vector<double>& b, std::int64_t n) {
  std::vector<double> c(static_cast<std::size_t>(n * n), 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t k = 0; k < n; ++k) {
      for (std::int64_t j = 0; j < n; ++j) c[i * n + j] += a[i * n + k] * b[k * n + j];
    }
  }
  return c;
}

TEST(LinalgRobust, ScalapackCallsOnDifferentSubGridsOneAfterAnother) {
  // PBLAS's broadcast topologies are one process-wide state: qr on a 1x1 grid left its rank's row
  // broadcast a decreasing ring, and a matmul on a 2x1 grid then hung (the ranks in different
  // collectives, np >= 3). A small svd runs on a sub-grid of its own before a matmul on the whole grid.
  const int ranks = test::world_size();
  const ProcessGrid one(Comm::world(), {1, 1}), two(Comm::world(), {std::min(2, ranks), 1}), all(Comm::world(), {0, 0});
  std::mt19937 random(31);
  const std::int64_t n = 40;
  const std::vector<double> a = test::random_values<double>(random, n * n);
  const std::vector<double> expected = product(a, a, n);
  const std::vector<float> small = {4.9317055f, 0.0059995f, -0.3021979f, 3.789097f};
  for (int round = 0; round < 2; ++round) {
    qr(test::make_array(one, default_layout({n, n}, one), a));
    for (const ProcessGrid* grid : {&two, &all}) {
      const Array x = test::make_array(*grid, default_layout({n, n}, *grid), a);
      const std::vector<double> c = gather_to_all(DistArray<double>(matmul(x, x)));
      double error = 0;
      for (std::size_t i = 0; i < c.size(); ++i) error = std::max(error, std::abs(c[i] - expected[i]));
      EXPECT_TRUE(all_ranks(error < 1e-10)) << "round " << round << ": " << grid->describe() << " error " << error;
      svd(test::make_array(all, default_layout({2, 2}, all), small));
    }
  }
  // Empty matrices on the 2-D grid (the sub-grid rule divided by zero for them).
  EXPECT_EQ(inv(test::make_array(all, default_layout({0, 0}, all), std::vector<double>{})).global_shape(),
            (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(svdvals(test::make_array(all, default_layout({0, 3}, all), std::vector<double>{})).global_shape(),
            (std::vector<std::int64_t>{0}));
}

TEST(LinalgRobust, LapackArgumentReportsBecomeOneErrorOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  const auto thrown = test::thrown_by([&] { check_lapack_error_agreement(grid); });
  ASSERT_TRUE(all_ranks(thrown.has_value()));
  EXPECT_NE(thrown->message.find("LAPACK reported an illegal argument"), std::string::npos) << thrown->message;
  EXPECT_NE(thrown->message.find("DPOTRF parameter number 1"), std::string::npos) << thrown->message;
  EXPECT_TRUE(take_lapack_error().empty());  // nothing left pending
}

}  // namespace
}  // namespace gingham
