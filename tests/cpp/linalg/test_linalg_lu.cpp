// cholesky, solve, inv, det and slogdet (gingham/linalg/cholesky.hpp, lu.hpp) through the typed DistArray
// and dtype-erased Array overloads, on 1-D, 1xN, Nx1 and 2x2 grids, block sizes 1, 3, 16 and 64, both
// storage orders and every floating dtype: relative residuals of the gathered result computed in long
// double, and errors raised alike on every rank.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>
#include <type_traits>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/linalg/cholesky.hpp"
#include "gingham/linalg/lu.hpp"
#include "linalg_test_support.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::epsilon;
using test::Wide;
using test::wide;

/// A random n x n matrix (row-major), entries in [-1, 1] (+ i[-1, 1]); `spd`: M M^H + n I instead.
template <class T>
std::vector<T> matrix(std::mt19937& random, std::int64_t n, bool spd) {
  const std::vector<T> m = test::random_values<T>(random, n * n);
  if (!spd) return m;
  std::vector<T> a(m.size());
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      Wide sum = i == j ? Wide(n) : Wide(0);
      for (std::int64_t l = 0; l < n; ++l) sum += wide(m[i * n + l]) * std::conj(wide(m[j * n + l]));
      if constexpr (std::is_floating_point_v<T>) a[i * n + j] = static_cast<T>(sum.real());
      else a[i * n + j] = T(sum);
    }
  }
  return a;
}

template <class T>
DistArray<T> make(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const std::vector<T>& whole) {
  return DistArray<T>(test::make_array(grid, std::move(layout), whole));
}

/// ||A B - C||_F / (||A||_F ||B||_F) for row-major A (n x n), B and C (n x k), in long double.
template <class T>
long double residual(const std::vector<T>& a, const std::vector<T>& b, const std::vector<T>& c, std::int64_t n,
                     std::int64_t k) {
  long double error = 0, na = 0, nb = 0;
  for (T v : a) na += std::norm(wide(v));
  for (T v : b) nb += std::norm(wide(v));
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < k; ++j) {
      Wide sum = 0;
      for (std::int64_t l = 0; l < n; ++l) {
        sum += wide(a[i * n + l]) * wide(b[l * k + j]);
      }
      error += std::norm(sum - wide(c[i * k + j]));
    }
  }
  return std::sqrt(error) / std::max(std::sqrt(na) * std::sqrt(nb), 1e-300L);
}

template <class T>
void check_all(const ProcessGrid& grid, std::shared_ptr<const Distribution> square,
               std::shared_ptr<const Distribution> rhs, std::mt19937& random) {
  const std::int64_t n = square->global_shape()[0], k = rhs->global_shape()[1];
  const double tolerance = 50.0 * static_cast<double>(n) * epsilon<T>();
  const std::vector<T> spd = matrix<T>(random, n, true), a = matrix<T>(random, n, false);
  std::vector<T> b(static_cast<std::size_t>(n * k));
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = a[(i * 7) % a.size()];
  const DistArray<T> x_spd = make(grid, square, spd), x = make(grid, square, a), y = make(grid, rhs, b);

  // cholesky: L L^H = A, L lower (upper zero).
  const std::vector<T> l = gather_to_all(cholesky(x_spd));
  bool lower = true;
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = i + 1; j < n; ++j) lower = lower && l[i * n + j] == T{};
  }
  EXPECT_TRUE(all_ranks(lower));
  long double na = 0;
  for (T v : spd) na += std::norm(wide(v));
  long double chol_error = 0;  // ||L L^H - A|| / ||A||
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      Wide sum = 0;
      for (std::int64_t p = 0; p < n; ++p) sum += wide(l[i * n + p]) * std::conj(wide(l[j * n + p]));
      chol_error += std::norm(sum - wide(spd[i * n + j]));
    }
  }
  const long double chol = std::sqrt(chol_error / na);
  EXPECT_TRUE(all_ranks(chol <= tolerance)) << "cholesky residual " << static_cast<double>(chol);

  // solve: A X = B.
  const std::vector<T> solution = gather_to_all(solve(x, y));
  const long double solved = residual(a, solution, b, n, k);
  EXPECT_TRUE(all_ranks(solved <= tolerance)) << "solve residual " << static_cast<double>(solved);

  // inv: A X = I.
  const std::vector<T> inverse = gather_to_all(inv(x));
  std::vector<T> identity(static_cast<std::size_t>(n * n), T{});
  for (std::int64_t i = 0; i < n; ++i) identity[i * n + i] = T(1);
  const long double inverted = residual(a, inverse, identity, n, n);
  EXPECT_TRUE(all_ranks(inverted <= tolerance)) << "inv residual " << static_cast<double>(inverted);

  // det(A) det(A^-1) = 1, and slogdet agrees with det.
  const T d = gather_to_all(det(x))[0];
  const T d_inverse = gather_to_all(det(inv(x)))[0];
  EXPECT_TRUE(all_ranks(std::abs(wide(d) * wide(d_inverse) - Wide(1)) <= 1000 * n * epsilon<T>()))
      << static_cast<double>(std::abs(wide(d) * wide(d_inverse)));
  const auto [sign, logabsdet] = slogdet(x);
  const T s = gather_to_all(sign)[0];
  const double log_abs = std::real(wide(gather_to_all(logabsdet)[0]));  // logabsdet: DistArray of T's real type
  EXPECT_TRUE(all_ranks(std::abs(wide(s) * std::exp(Wide(log_abs)) - wide(d)) <= 1e-4L * std::abs(wide(d))));
  EXPECT_TRUE(all_ranks(std::abs(std::abs(wide(s)) - 1.0L) <= 10 * epsilon<T>()));
}

template <class T>
void check_grids() {
  std::mt19937 random(31 + static_cast<int>(sizeof(T)));
  test::for_each_block_cyclic_layout([&](const ProcessGrid& grid, const test::LayoutOf& layout) {
    check_all<T>(grid, layout(29, 29), layout(29, 4), random);
  });
}

TEST(Factorizations, Float32OnEveryGridShapeBlockSizeAndOrder) { check_grids<float>(); }
TEST(Factorizations, Float64OnEveryGridShapeBlockSizeAndOrder) { check_grids<double>(); }
TEST(Factorizations, Complex64OnEveryGridShapeBlockSizeAndOrder) { check_grids<std::complex<float>>(); }
TEST(Factorizations, Complex128OnEveryGridShapeBlockSizeAndOrder) { check_grids<std::complex<double>>(); }

// The working copy spreads the axis holding the factor's panels on a line of ranks (work_matrix.hpp's
// WorkNeeds::spread_axis): L's columns, U's rows, whatever the input's layout and storage order. Complex
// Hermitian input with garbage in the other triangle: only the named triangle may be read, and a
// row-major copy factors S = X^T = conj(X), so a missing conjugation shows.
TEST(Factorizations, CholeskyPanelsLieOnOneProcessFromEveryLayoutOfALine) {
  using T = std::complex<double>;
  const int ranks = test::world_size();
  // Every rank holds blocks of the working copy (64) either way, else the small-matrix path moves it.
  const std::int64_t n = 64 * ranks + 5, nb = 16;
  std::mt19937 random(77);
  const std::vector<T> spd = matrix<T>(random, n, true), garbage = test::random_values<T>(random, n * n);
  const ProcessGrid line(Comm::world(), {ranks});
  std::vector<std::shared_ptr<const Distribution>> layouts{default_layout({n, n}, line)};
  for (StorageOrder order : {StorageOrder::row_major, StorageOrder::column_major}) {
    for (int spread : {0, 1}) {
      std::vector<AxisLayout> axes{AxisLayout::not_distributed(), AxisLayout::not_distributed()};
      axes[spread] = AxisLayout::block_cyclic(nb);
      layouts.push_back(std::make_shared<const Distribution>(std::vector<std::int64_t>{n, n}, axes,
                                                             std::vector<int>{ranks}, order));
    }
  }
  for (bool upper : {false, true}) {
    std::vector<T> a = spd;  // the other triangle replaced by garbage
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t j = 0; j < n; ++j) {
        if (upper ? j < i : j > i) a[i * n + j] = T(10) * garbage[i * n + j];
      }
    }
    for (const auto& layout : layouts) {
      SCOPED_TRACE(std::string(upper ? "upper" : "lower") + ", input axis 0 " +
                   (layout->axis_layout(0).is_distributed() ? "spread" : "whole") +
                   (layout->storage_order() == StorageOrder::row_major ? ", row-major" : ", column-major"));
      const DistArray<T> factor = cholesky(make(line, layout, a), upper);
      if (ranks > 1) {  // the panels' axis is spread, the other is not
        EXPECT_EQ(factor.distribution().axis_layout(upper ? 0 : 1).is_distributed(), true);
        EXPECT_EQ(factor.distribution().axis_layout(upper ? 1 : 0).is_distributed(), false);
      }
      const std::vector<T> f = gather_to_all(factor);
      long double error = 0, norm = 0;  // ||F^H F - A|| (upper) or ||F F^H - A|| (lower), over ||A||
      bool triangular = true;
      for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < n; ++j) {
          if (upper ? j < i : j > i) triangular = triangular && f[i * n + j] == T{};
          Wide sum = 0;
          for (std::int64_t p = 0; p < n; ++p) {
            sum += upper ? std::conj(wide(f[p * n + i])) * wide(f[p * n + j])
                         : wide(f[i * n + p]) * std::conj(wide(f[j * n + p]));
          }
          error += std::norm(sum - wide(spd[i * n + j]));
          norm += std::norm(wide(spd[i * n + j]));
        }
      }
      EXPECT_TRUE(all_ranks(triangular));
      const long double relative = std::sqrt(error / norm);
      EXPECT_TRUE(all_ranks(relative <= 50.0L * n * epsilon<T>())) << static_cast<double>(relative);
    }
  }
}

TEST(Factorizations, StacksAndVectorRightHandSides) {
  const int ranks = test::world_size();
  const ProcessGrid grid(Comm::world(), {ranks});
  std::mt19937 random(41);
  const std::int64_t n = 7;
  std::vector<double> stack;
  std::vector<std::vector<double>> matrices;
  for (int j = 0; j < 3; ++j) {
    matrices.push_back(matrix<double>(random, n, true));
    stack.insert(stack.end(), matrices.back().begin(), matrices.back().end());
  }
  const DistArray<double> x = make(grid, default_layout({3, n, n}, grid), stack);
  const std::vector<double> factors = gather_to_all(cholesky(x, /*upper=*/true));
  const std::vector<double> dets = gather_to_all(det(x));
  ASSERT_EQ(dets.size(), 3u);
  std::vector<double> ones(static_cast<std::size_t>(n), 1.0);
  const DistArray<double> v = make(grid, default_layout({n}, grid), ones);
  const Array solved = solve(x.array(), v.array());
  EXPECT_EQ(solved.global_shape(), (std::vector<std::int64_t>{3, n}));
  const std::vector<double> solutions = gather_to_all(DistArray<double>(solved));
  for (int j = 0; j < 3; ++j) {
    const std::vector<double>& a = matrices[j];
    // U^H U = A: with U upper, (U^T U)_{ik} = sum_l U_li U_lk.
    long double error = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t k = 0; k < n; ++k) {
        long double sum = 0;
        for (std::int64_t l = 0; l < n; ++l) sum += factors[j * n * n + l * n + i] * factors[j * n * n + l * n + k];
        error = std::max(error, std::abs(sum - a[i * n + k]));
      }
    }
    EXPECT_TRUE(all_ranks(error < 1e-12L * n * n)) << j;
    const std::vector<double> xj(solutions.begin() + j * n, solutions.begin() + (j + 1) * n);
    EXPECT_TRUE(all_ranks(residual(a, xj, ones, n, 1) < 1e-13)) << j;
    // The product of the pivots' squares: det(A) = prod(diag(U))^2.
    long double product = 1;
    for (std::int64_t i = 0; i < n; ++i) product *= factors[j * n * n + i * n + i];
    EXPECT_TRUE(all_ranks(std::abs(product * product - dets[j]) <= 1e-12L * std::abs(dets[j]))) << j;
  }
}

TEST(Factorizations, SingularAndIndefiniteMatricesThrowLinAlgErrorEverywhere) {
  const int ranks = test::world_size();
  const ProcessGrid grid(Comm::world(), {ranks});
  const std::int64_t n = 9;
  std::vector<double> singular(static_cast<std::size_t>(n * n), 0.0);
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = 0; j < n; ++j) singular[i * n + j] = j == 5 ? 0.0 : std::sin(1.0 + i * n + j);
  }
  auto cyclic = std::make_shared<const Distribution>(std::vector<std::int64_t>{n, n},
      std::vector<AxisLayout>{AxisLayout::block_cyclic(2), AxisLayout::not_distributed()}, grid.dims());
  const DistArray<double> x = make(grid, cyclic, singular);
  for (const auto& thrown : {test::thrown_by([&] { inv(x); }), test::thrown_by([&] { solve(x, x); })}) {
    ASSERT_TRUE(all_ranks(thrown.has_value()));
    EXPECT_EQ(thrown->kind, ErrorKind::linalg);
    EXPECT_NE(thrown->message.find("singular"), std::string::npos) << thrown->message;
  }
  EXPECT_EQ(gather_to_all(det(x))[0], 0.0);
  const auto [sign, logabsdet] = slogdet(x);
  EXPECT_EQ(gather_to_all(sign)[0], 0.0);
  EXPECT_EQ(gather_to_all(logabsdet)[0], -std::numeric_limits<double>::infinity());

  std::vector<double> indefinite(static_cast<std::size_t>(n * n), 0.0);
  for (std::int64_t i = 0; i < n; ++i) indefinite[i * n + i] = i == 6 ? -1.0 : 2.0;
  const auto not_pd = test::thrown_by([&] { cholesky(make(grid, default_layout({n, n}, grid), indefinite)); });
  ASSERT_TRUE(all_ranks(not_pd.has_value()));
  EXPECT_EQ(not_pd->kind, ErrorKind::linalg);
  EXPECT_NE(not_pd->message.find("leading minor of order 7"), std::string::npos) << not_pd->message;
  EXPECT_THROW(cholesky(make(grid, default_layout({n, n}, grid), indefinite)), std::invalid_argument);  // its base
}

TEST(Factorizations, BadShapesAndDtypesThrowEverywhere) {
  const int ranks = test::world_size();
  const ProcessGrid grid(Comm::world(), {ranks});
  const Array square = Array::allocate(DType::float64, grid, default_layout({4, 4}, grid));
  const Array wide_matrix = Array::allocate(DType::float64, grid, default_layout({3, 4}, grid));
  const Array vector = Array::allocate(DType::float64, grid, default_layout({5}, grid));
  const Array ints = Array::allocate(DType::int32, grid, default_layout({4, 4}, grid));
  const Array flags = Array::allocate(DType::bool_, grid, default_layout({4, 4}, grid));
  EXPECT_EQ(test::thrown_by([&] { cholesky(vector); })->kind, ErrorKind::value);
  EXPECT_EQ(test::thrown_by([&] { inv(wide_matrix); })->kind, ErrorKind::value);
  EXPECT_EQ(test::thrown_by([&] { det(wide_matrix); })->kind, ErrorKind::value);
  EXPECT_EQ(test::thrown_by([&] { solve(square, vector); })->kind, ErrorKind::value);
  EXPECT_EQ(test::thrown_by([&] { solve(square, wide_matrix); })->kind, ErrorKind::value);
  EXPECT_EQ(test::thrown_by([&] { cholesky(ints); })->kind, ErrorKind::type);
  EXPECT_EQ(test::thrown_by([&] { slogdet(flags); })->kind, ErrorKind::type);
  EXPECT_EQ(test::thrown_by([&] { solve(square, ints); })->kind, ErrorKind::type);
}

}  // namespace
}  // namespace gingham
