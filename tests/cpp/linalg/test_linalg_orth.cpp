// qr, eigh, svd and eig in C++: residuals of the gathered factors against the input (plain loops), at every
// rank count, for every float dtype, on 1-D grids and (at 4 ranks) a 2x2 grid, in two layouts each.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <algorithm>
#include <random>
#include <type_traits>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/linalg/eig.hpp"
#include "gingham/linalg/eigh.hpp"
#include "gingham/linalg/lu.hpp"
#include "gingham/linalg/qr.hpp"
#include "gingham/linalg/svd.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using M = std::vector<double>;

M product(const M& a, const M& b, std::int64_t m, std::int64_t k, std::int64_t n) {
  M c(static_cast<std::size_t>(m * n), 0.0);
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t l = 0; l < k; ++l)
      for (std::int64_t j = 0; j < n; ++j) c[i * n + j] += a[i * k + l] * b[l * n + j];
  return c;
}

double difference(const M& a, const M& b) {
  double d = 0, s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]), s += b[i] * b[i];
  return std::sqrt(d / std::max(s, 1e-300));
}

Array make(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, M& whole) {
  const auto& shape = layout->global_shape();
  return from_whole(DType::float64, grid, layout,
                    LocalView<double>(whole.data(), shape, {shape[1], 1}).raw());
}

std::vector<std::shared_ptr<const Distribution>> layouts(const ProcessGrid& grid, std::int64_t m, std::int64_t n) {
  return {default_layout({m, n}, grid),
          std::make_shared<const Distribution>(std::vector<std::int64_t>{m, n},
                                               std::vector<AxisLayout>{AxisLayout::block_cyclic(3),
                                                                       AxisLayout::not_distributed()},
                                               grid.dims(), StorageOrder::column_major)};
}

TEST(Decompositions, QrSvdEighEigResiduals) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(5);
  std::uniform_real_distribution<double> uniform(-1, 1);
  for (auto [m, n] : {std::pair<std::int64_t, std::int64_t>{23, 11}, {11, 23}, {17, 17}}) {
    M a(static_cast<std::size_t>(m * n));
    for (double& v : a) v = uniform(random);
    for (const auto& layout : layouts(grid, m, n)) {
      const Array x = make(grid, layout, a);
      const auto [q_factor, r_factor] = qr(DistArray<double>(x));
      const std::int64_t k = std::min(m, n);
      const M q = gather_to_all(q_factor), r = gather_to_all(r_factor);
      EXPECT_TRUE(all_ranks(difference(product(q, r, m, k, n), a) < 1e-13)) << m << "x" << n;
      const SvdResult<Array> usv = svd(x, false);
      M u = gather_to_all(DistArray<double>(usv.u));
      const M s = gather_to_all(DistArray<double>(usv.s)), vh = gather_to_all(DistArray<double>(usv.vh));
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < k; ++j) u[i * k + j] *= s[j];
      EXPECT_TRUE(all_ranks(difference(product(u, vh, m, k, n), a) < 1e-13));
      EXPECT_EQ(gather_to_all(DistArray<double>(x)), a);  // untouched
      if (m == n) {
        M h(a.size());
        for (std::int64_t i = 0; i < n; ++i)
          for (std::int64_t j = 0; j < n; ++j) h[i * n + j] = a[i * n + j] + a[j * n + i];
        const auto [eigenvalues, eigenvectors] = eigh(make(grid, layout, h));
        const M w = gather_to_all(DistArray<double>(eigenvalues)), v = gather_to_all(DistArray<double>(eigenvectors));
        M vw = v;
        for (std::int64_t i = 0; i < n; ++i)
          for (std::int64_t j = 0; j < n; ++j) vw[i * n + j] *= w[j];
        EXPECT_TRUE(all_ranks(difference(product(h, v, n, n, n), vw) < 1e-12));
        for (std::size_t j = 1; j < w.size(); ++j) EXPECT_LE(w[j - 1], w[j]);
        const EigResult<Array> eigen = eig(x);
        EXPECT_EQ(eigen.eigenvalues.dtype(), DType::complex128);
        EXPECT_EQ(eigen.eigenvectors.global_shape(), (std::vector<std::int64_t>{n, n}));
      }
    }
  }
  EXPECT_THROW(qr(Array::allocate(DType::int64, grid, default_layout({3, 3}, grid))), TypeError);
  EXPECT_THROW(eigh(Array::allocate(DType::float64, grid, default_layout({3, 4}, grid))), std::invalid_argument);
}

}  // namespace
}  // namespace gingham

namespace gingham {
namespace {

template <class T>
using Matrix = std::vector<T>;

/// c = a (m x k) b (k x n), row-major.
template <class T>
Matrix<T> times(const Matrix<T>& a, const Matrix<T>& b, std::int64_t m, std::int64_t k, std::int64_t n) {
  Matrix<T> c(static_cast<std::size_t>(m * n), T{});
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t l = 0; l < k; ++l)
      for (std::int64_t j = 0; j < n; ++j) c[i * n + j] += a[i * k + l] * b[l * n + j];
  return c;
}

template <class T>
T conjugate(T v) {
  if constexpr (std::is_floating_point_v<T>) return v;
  else return std::conj(v);
}

template <class T>
double relative_difference(const Matrix<T>& a, const Matrix<T>& b) {
  double d = 0, s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += std::norm(a[i] - b[i]), s += std::norm(b[i]);
  return std::sqrt(d / std::max(s, 1e-300));
}

/// qr, svd and eigh of every float dtype, on 1-D grids and (at 4 ranks) a 2x2 grid, in the default layout
/// and a column-major BlockCyclic(2) x BlockCyclic(3) layout: residuals of the gathered factors.
template <class T>
void check_decompositions(const ProcessGrid& grid, double tolerance) {
  using Real = decltype(std::real(T{}));
  std::mt19937 random(11);
  std::uniform_real_distribution<double> uniform(-1, 1);
  auto value = [&] {
    if constexpr (std::is_floating_point_v<T>) return static_cast<T>(uniform(random));
    else return T(static_cast<Real>(uniform(random)), static_cast<Real>(uniform(random)));
  };
  for (auto [m, n] : {std::pair<std::int64_t, std::int64_t>{13, 7}, {7, 13}, {12, 12}}) {
    Matrix<T> a(static_cast<std::size_t>(m * n));
    for (T& v : a) v = value();
    std::vector<std::shared_ptr<const Distribution>> candidates{default_layout({m, n}, grid)};
    std::vector<AxisLayout> axes{AxisLayout::block_cyclic(2), grid.ndim() > 1 ? AxisLayout::block_cyclic(3) : AxisLayout::not_distributed()};
    candidates.push_back(std::make_shared<const Distribution>(std::vector<std::int64_t>{m, n}, axes, grid.dims(),
                                                              StorageOrder::column_major));
    for (const auto& layout : candidates) {
      const Array x = from_whole(dtype_of<T>, grid, layout, LocalView<T>(a.data(), {m, n}, {n, 1}).raw());
      const std::int64_t k = std::min(m, n);
      const QrResult<T> qr_factors = qr(DistArray<T>(x));
      const Matrix<T> q = gather_to_all(qr_factors.q), r = gather_to_all(qr_factors.r);
      EXPECT_TRUE(all_ranks(relative_difference(times(q, r, m, k, n), a) < tolerance)) << layout->describe();
      const SvdResult<T> usv = svd(DistArray<T>(x), false);
      Matrix<T> u = gather_to_all(usv.u);
      const std::vector<Real> s = gather_to_all(usv.s);
      const Matrix<T> vh = gather_to_all(usv.vh);
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < k; ++j) u[i * k + j] *= s[j];
      EXPECT_TRUE(all_ranks(relative_difference(times(u, vh, m, k, n), a) < tolerance)) << layout->describe();
      if (m != n) continue;
      Matrix<T> h(a.size());  // Hermitian: a + a^H
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < n; ++j) h[i * n + j] = a[i * n + j] + conjugate(a[j * n + i]);
      const Array hx = from_whole(dtype_of<T>, grid, layout, LocalView<T>(h.data(), {n, n}, {n, 1}).raw());
      const EighResult<T> wv = eigh(DistArray<T>(hx));
      const std::vector<Real> w = gather_to_all(wv.eigenvalues);
      const Matrix<T> v = gather_to_all(wv.eigenvectors);
      Matrix<T> vw = v;
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < n; ++j) vw[i * n + j] *= w[j];
      EXPECT_TRUE(all_ranks(relative_difference(times(h, v, n, n, n), vw) < tolerance)) << layout->describe();
    }
  }
}

// The result structs: on the typed face, the element type of each member follows its dtype (real for
// eigenvalues of Hermitian matrices, singular values and logabsdet; complex for eig); on the type-erased
// face, every member is an Array.
static_assert(std::is_same_v<decltype(QrResult<float>::q), DistArray<float>>);
static_assert(std::is_same_v<decltype(EighResult<std::complex<double>>::eigenvalues), DistArray<double>>);
static_assert(std::is_same_v<decltype(EighResult<std::complex<double>>::eigenvectors),
                             DistArray<std::complex<double>>>);
static_assert(std::is_same_v<decltype(EigResult<float>::eigenvalues), DistArray<std::complex<float>>>);
static_assert(std::is_same_v<decltype(SvdResult<std::complex<float>>::s), DistArray<float>>);
static_assert(std::is_same_v<decltype(SlogdetResult<std::complex<double>>::logabsdet), DistArray<double>>);
static_assert(std::is_same_v<decltype(QrResult<>::r), Array> && std::is_same_v<decltype(SvdResult<>::s), Array>);

/// The typed eig, eigvals, eigvalsh and svdvals of a float32 upper triangular matrix with diagonal 1..n
/// (its eigenvalues) and a Hermitian diagonal one: values and residuals against plain loops.
TEST(Decompositions, TypedEigAndValuesHaveTheirResultsElementTypes) {
  const ProcessGrid grid(Comm::world());
  const std::int64_t n = 9;
  std::vector<float> a(static_cast<std::size_t>(n * n), 0.0f), d(a.size(), 0.0f);
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t j = i; j < n; ++j) a[i * n + j] = i == j ? static_cast<float>(i + 1) : 0.5f;
    d[i * n + i] = static_cast<float>(i % 2 ? -(i + 1) : i + 1);
  }
  const auto x = DistArray<float>(from_whole(DType::float32, grid, default_layout({n, n}, grid),
                                             LocalView<float>(a.data(), {n, n}, {n, 1}).raw()));
  const auto [w, v] = eig(x);  // DistArray<std::complex<float>> both
  const std::vector<std::complex<float>> values = gather_to_all(w), vectors = gather_to_all(v);
  std::vector<float> real_parts;
  double residual = 0;
  for (std::int64_t j = 0; j < n; ++j) {
    real_parts.push_back(values[j].real());
    for (std::int64_t i = 0; i < n; ++i) {  // (A v_j - w_j v_j)_i
      std::complex<double> av = 0;
      for (std::int64_t l = 0; l < n; ++l) av += static_cast<double>(a[i * n + l]) * std::complex<double>(vectors[l * n + j]);
      residual = std::max(residual, std::abs(av - std::complex<double>(values[j]) * std::complex<double>(vectors[i * n + j])));
    }
  }
  std::sort(real_parts.begin(), real_parts.end());
  for (std::int64_t i = 0; i < n; ++i) EXPECT_NEAR(real_parts[i], static_cast<float>(i + 1), 1e-4f);
  EXPECT_TRUE(all_ranks(residual < 1e-4)) << residual;
  const std::vector<std::complex<float>> only_values = gather_to_all(eigvals(x));
  for (std::int64_t j = 0; j < n; ++j) EXPECT_NEAR(std::abs(only_values[j] - values[j]), 0.0f, 1e-4f);

  const auto h = DistArray<std::complex<float>>(astype(
      from_whole(DType::float32, grid, default_layout({n, n}, grid), LocalView<float>(d.data(), {n, n}, {n, 1}).raw()),
      DType::complex64));
  const std::vector<float> ascending = gather_to_all(eigvalsh(h)), singular = gather_to_all(svdvals(h));
  for (std::int64_t i = 0; i < n; ++i) {
    const float k = static_cast<float>(i + 1);
    EXPECT_NEAR(singular[i], static_cast<float>(n) - k + 1, 1e-4f);  // |d| descending
  }
  std::vector<float> diagonal;
  for (std::int64_t i = 0; i < n; ++i) diagonal.push_back(d[i * n + i]);
  std::sort(diagonal.begin(), diagonal.end());
  for (std::int64_t i = 0; i < n; ++i) EXPECT_NEAR(ascending[i], diagonal[i], 1e-4f);
}

TEST(Decompositions, EveryFloatDtypeOnLineAndSquareGrids) {
  std::vector<ProcessGrid> grids{ProcessGrid(Comm::world())};
  if (test::world_size() == 4) grids.emplace_back(Comm::world(), std::vector<int>{2, 2});
  for (const ProcessGrid& grid : grids) {
    check_decompositions<float>(grid, 1e-4);
    check_decompositions<double>(grid, 1e-12);
    check_decompositions<std::complex<float>>(grid, 1e-4);
    check_decompositions<std::complex<double>>(grid, 1e-12);
  }
}

}  // namespace
}  // namespace gingham
