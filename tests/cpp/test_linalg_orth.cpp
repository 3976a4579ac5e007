// qr, eigh, svd and eig in C++: residuals of the gathered factors against the input (plain loops), at every
// rank count, for every float dtype, on 1-D grids and (at 4 ranks) a 2x2 grid, in two layouts each.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/linalg/decompositions.hpp"
#include "mpi_test_support.hpp"

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
      const auto qr_factors = qr(DistArray<double>(x));
      const std::int64_t k = std::min(m, n);
      const M q = gather_to_all(DistArray<double>(qr_factors[0])), r = gather_to_all(DistArray<double>(qr_factors[1]));
      EXPECT_TRUE(all_ranks(difference(product(q, r, m, k, n), a) < 1e-13)) << m << "x" << n;
      const auto usv = svd(x, false);
      M u = gather_to_all(DistArray<double>(usv[0]));
      const M s = gather_to_all(DistArray<double>(usv[1])), vh = gather_to_all(DistArray<double>(usv[2]));
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < k; ++j) u[i * k + j] *= s[j];
      EXPECT_TRUE(all_ranks(difference(product(u, vh, m, k, n), a) < 1e-13));
      EXPECT_EQ(gather_to_all(DistArray<double>(x)), a);  // untouched
      if (m == n) {
        M h(a.size());
        for (std::int64_t i = 0; i < n; ++i)
          for (std::int64_t j = 0; j < n; ++j) h[i * n + j] = a[i * n + j] + a[j * n + i];
        const auto wv = eigh(make(grid, layout, h));
        const M w = gather_to_all(DistArray<double>(wv[0])), v = gather_to_all(DistArray<double>(wv[1]));
        M vw = v;
        for (std::int64_t i = 0; i < n; ++i)
          for (std::int64_t j = 0; j < n; ++j) vw[i * n + j] *= w[j];
        EXPECT_TRUE(all_ranks(difference(product(h, v, n, n, n), vw) < 1e-12));
        for (std::size_t j = 1; j < w.size(); ++j) EXPECT_LE(w[j - 1], w[j]);
        const auto eigen = eig(x);
        EXPECT_EQ(eigen[0].dtype(), DType::complex128);
        EXPECT_EQ(eigen[1].global_shape(), (std::vector<std::int64_t>{n, n}));
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
      const auto qr_factors = qr(DistArray<T>(x));
      const Matrix<T> q = gather_to_all(DistArray<T>(qr_factors[0])), r = gather_to_all(DistArray<T>(qr_factors[1]));
      EXPECT_TRUE(all_ranks(relative_difference(times(q, r, m, k, n), a) < tolerance)) << layout->describe();
      const auto usv = svd(DistArray<T>(x), false);
      Matrix<T> u = gather_to_all(DistArray<T>(usv[0]));
      const std::vector<Real> s = gather_to_all(DistArray<Real>(usv[1]));
      const Matrix<T> vh = gather_to_all(DistArray<T>(usv[2]));
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < k; ++j) u[i * k + j] *= s[j];
      EXPECT_TRUE(all_ranks(relative_difference(times(u, vh, m, k, n), a) < tolerance)) << layout->describe();
      if (m != n) continue;
      Matrix<T> h(a.size());  // Hermitian: a + a^H
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < n; ++j) h[i * n + j] = a[i * n + j] + conjugate(a[j * n + i]);
      const Array hx = from_whole(dtype_of<T>, grid, layout, LocalView<T>(h.data(), {n, n}, {n, 1}).raw());
      const auto wv = eigh(DistArray<T>(hx));
      const std::vector<Real> w = gather_to_all(DistArray<Real>(wv[0]));
      const Matrix<T> v = gather_to_all(DistArray<T>(wv[1]));
      Matrix<T> vw = v;
      for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < n; ++j) vw[i * n + j] *= w[j];
      EXPECT_TRUE(all_ranks(relative_difference(times(h, v, n, n, n), vw) < tolerance)) << layout->describe();
    }
  }
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
