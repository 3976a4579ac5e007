// The linalg functions without factorizations (gingham/linalg/matrix_functions.hpp) on random grids,
// layouts and shapes against plain loops over the gathered whole, and their errors on every rank.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <limits>
#include <random>
#include <type_traits>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/linalg/matrix_functions.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::gathered;

/// A random array of `shape` in a random layout on a random grid, with its whole (row-major) values.
template <class T>
struct Sample {
  Array array;
  std::vector<T> whole;
};

template <class T>
Sample<T> sample(std::mt19937& random, const ProcessGrid& grid, const std::vector<std::int64_t>& shape) {
  std::uniform_int_distribution<int> small(-9, 9);
  std::int64_t size = 1;
  for (std::int64_t n : shape) size *= n;
  std::vector<T> whole(static_cast<std::size_t>(size));
  for (T& v : whole) {
    if constexpr (std::is_same_v<T, std::complex<double>>) v = T(small(random) / 4.0, small(random) / 4.0);
    else v = static_cast<T>(small(random));
  }
  std::vector<std::int64_t> strides(shape.size(), 1);
  for (int a = static_cast<int>(shape.size()) - 2; a >= 0; --a) strides[a] = strides[a + 1] * shape[a + 1];
  auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
  return {from_whole(dtype_of<T>, grid, layout, LocalView<T>(whole.data(), shape, strides).raw()), whole};
}

std::vector<std::int64_t> random_shape(std::mt19937& random, int ndim, int low, int high) {
  std::vector<std::int64_t> shape;
  for (int a = 0; a < ndim; ++a) shape.push_back(draw(random, low, high));
  return shape;
}

TEST(LinalgMisc, DiagonalAndTraceOfRandomStacks) {
  std::mt19937 random(61);
  for (int c = 0; c < 12; ++c) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const std::vector<std::int64_t> shape = random_shape(random, draw(random, 2, 4), 0, 6);
    const Sample<std::int32_t> s = sample<std::int32_t>(random, grid, shape);
    const std::int64_t offset = draw(random, -4, 4);
    const std::int64_t m = shape[shape.size() - 2], n = shape.back();
    std::int64_t batch = 1;
    for (std::size_t a = 0; a + 2 < shape.size(); ++a) batch *= shape[a];
    const std::int64_t r0 = std::max<std::int64_t>(0, -offset), c0 = std::max<std::int64_t>(0, offset);
    const std::int64_t length = std::max<std::int64_t>(0, std::min(m - r0, n - c0));
    std::vector<std::int32_t> diagonal_ref;
    std::vector<std::int64_t> trace_ref(static_cast<std::size_t>(batch), 0);
    for (std::int64_t b = 0; b < batch; ++b) {
      for (std::int64_t i = 0; i < length; ++i) {
        const std::int32_t v = s.whole[static_cast<std::size_t>(b * m * n + (r0 + i) * n + c0 + i)];
        diagonal_ref.push_back(v);
        trace_ref[static_cast<std::size_t>(b)] += v;
      }
    }
    const Array d = diagonal(s.array, offset);
    std::vector<std::int64_t> expected_shape(shape.begin(), shape.end() - 2);
    EXPECT_EQ(d.global_shape(), [&] { auto e = expected_shape; e.push_back(length); return e; }());
    EXPECT_TRUE(all_ranks(gathered<std::int32_t>(d) == diagonal_ref)) << "case " << c;
    const Array t = trace(s.array, offset);
    EXPECT_EQ(t.dtype(), DType::int64);
    EXPECT_EQ(t.global_shape(), expected_shape);
    EXPECT_TRUE(all_ranks(gathered<std::int64_t>(t) == trace_ref)) << "case " << c;
  }
}

TEST(LinalgMisc, TypedFormsOnDistArrays) {
  const ProcessGrid grid(Comm::world(), {0});
  std::mt19937 random(62);
  const Sample<double> s = sample<double>(random, grid, {5, 5});
  const DistArray<double> x(s.array);
  double trace_ref = 0;
  for (int i = 0; i < 5; ++i) trace_ref += s.whole[static_cast<std::size_t>(i * 6)];
  EXPECT_EQ(gather_to_all(trace(x)), std::vector<double>{trace_ref});
  EXPECT_EQ(gather_to_all(diagonal(x, 4)), std::vector<double>{s.whole[4]});
  EXPECT_EQ(gather_to_all(matrix_transpose(x))[1], s.whole[5]);
  const DistArray<double> p = matrix_power(x, 2);
  double p01 = 0;
  for (int k = 0; k < 5; ++k) p01 += s.whole[static_cast<std::size_t>(k)] * s.whole[static_cast<std::size_t>(k * 5 + 1)];
  EXPECT_NEAR(gather_to_all(p)[1], p01, 1e-12);
  const DistArray<double> v(arange(grid, 0.0, 3.0));
  EXPECT_EQ(gather_to_all(outer(v, v)), (std::vector<double>{0, 0, 0, 0, 1, 2, 0, 2, 4}));
  EXPECT_EQ(gather_to_all(cross(v, DistArray<double>(arange(grid, 1.0, 4.0)))), (std::vector<double>{-1, 2, -1}));
  EXPECT_EQ(gather_to_all(vector_norm(v)), std::vector<double>{std::sqrt(5.0)});
  EXPECT_EQ(gather_to_all(matrix_norm(x, false, MatrixNormOrder::fro))[0],
            gather_to_all(vector_norm(x))[0]);
  EXPECT_EQ(gather_to_all(vecdot(v, v)), std::vector<double>{5.0});
  EXPECT_NEAR(gather_to_all(tensordot(x, x, 1))[1], p01, 1e-12);
  double squares = 0;
  for (double value : s.whole) squares += value * value;
  EXPECT_NEAR(gather_to_all(tensordot(x, x))[0], squares, 1e-12);
  EXPECT_EQ(gather_to_all(DistArray<double>(tensordot(v.array(), v.array(), {0}, {-1}))), std::vector<double>{5.0});
}

TEST(LinalgMisc, OuterIsInTheDefaultLayout) {
  std::mt19937 random(63);
  for (int c = 0; c < 6; ++c) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const std::int64_t n = draw(random, 0, 20), m = draw(random, 0, 20);
    const Sample<std::int64_t> a = sample<std::int64_t>(random, grid, {n});
    const Sample<std::int32_t> b = sample<std::int32_t>(random, grid, {m});
    const Array o = outer(a.array, b.array);
    EXPECT_EQ(o.dtype(), DType::int64);
    EXPECT_TRUE(o.distribution() == *default_layout({n, m}, grid));
    std::vector<std::int64_t> ref;
    for (std::int64_t i = 0; i < n; ++i) {
      for (std::int64_t j = 0; j < m; ++j) ref.push_back(a.whole[i] * b.whole[j]);
    }
    EXPECT_TRUE(all_ranks(gathered<std::int64_t>(o) == ref)) << "case " << c;
  }
}

TEST(LinalgMisc, CrossAlongEveryNegativeAxis) {
  std::mt19937 random(64);
  for (int c = 0; c < 9; ++c) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const int axis = -1 - c % 3;
    std::vector<std::int64_t> shape = random_shape(random, 3, 1, 4);
    shape[3 + axis] = 3;
    const Sample<std::complex<double>> a = sample<std::complex<double>>(random, grid, shape);
    const Sample<std::complex<double>> b = sample<std::complex<double>>(random, grid, shape);
    const std::vector<std::complex<double>> got = gathered<std::complex<double>>(cross(a.array, b.array, axis));
    // Plain loop: strides of the row-major whole, component k at offset k * stride along the axis.
    std::int64_t stride = 1;
    for (int d = 2; d > 3 + axis; --d) stride *= shape[d];
    bool ok = got.size() == a.whole.size();
    for (std::size_t i = 0; ok && i < a.whole.size(); ++i) {
      const std::int64_t k = (static_cast<std::int64_t>(i) / stride) % 3, base = static_cast<std::int64_t>(i) - k * stride;
      const auto at = [&](const std::vector<std::complex<double>>& w, std::int64_t j) { return w[base + ((k + j) % 3) * stride]; };
      ok = got[i] == at(a.whole, 1) * at(b.whole, 2) - at(a.whole, 2) * at(b.whole, 1);
    }
    EXPECT_TRUE(all_ranks(ok)) << "case " << c << " axis " << axis;
  }
}

TEST(LinalgMisc, VectorAndMatrixNormsOfEveryOrder) {
  std::mt19937 random(65);
  const ProcessGrid grid(Comm::world(), {0, 0});
  const Sample<std::complex<double>> s = sample<std::complex<double>>(random, grid, {7, 5});
  const double inf = std::numeric_limits<double>::infinity();
  auto sum_of = [&](double p) {
    double total = 0;
    for (auto v : s.whole) total += std::pow(std::abs(v), p);
    return total;
  };
  double largest = 0, smallest = inf, nonzero = 0;
  for (auto v : s.whole) largest = std::max(largest, std::abs(v)), smallest = std::min(smallest, std::abs(v)),
                         nonzero += v != 0.0 ? 1 : 0;
  const std::vector<std::pair<double, double>> orders = {
      {2, std::sqrt(sum_of(2))}, {1, sum_of(1)}, {inf, largest}, {-inf, smallest}, {0, nonzero},
      {3, std::cbrt(sum_of(3))}, {-1.5, std::pow(sum_of(-1.5), -1 / 1.5)}};
  for (const auto& [ord, ref] : orders) {
    const Array norm = vector_norm(s.array, std::nullopt, false, ord);
    EXPECT_EQ(norm.dtype(), DType::float64);
    EXPECT_TRUE(all_ranks(std::abs(gathered<double>(norm)[0] - ref) <= 1e-12 * std::max(1.0, ref))) << "ord " << ord;
  }
  std::vector<double> column(5, 0), row(7, 0);
  for (int i = 0; i < 7; ++i) {
    for (int j = 0; j < 5; ++j) column[j] += std::abs(s.whole[i * 5 + j]), row[i] += std::abs(s.whole[i * 5 + j]);
  }
  const std::vector<std::pair<MatrixNormOrder, double>> matrix_orders = {
      {MatrixNormOrder::fro, std::sqrt(sum_of(2))},
      {MatrixNormOrder::one, *std::max_element(column.begin(), column.end())},
      {MatrixNormOrder::minus_one, *std::min_element(column.begin(), column.end())},
      {MatrixNormOrder::inf, *std::max_element(row.begin(), row.end())},
      {MatrixNormOrder::minus_inf, *std::min_element(row.begin(), row.end())}};
  for (const auto& [ord, ref] : matrix_orders) {
    for (bool keepdims : {false, true}) {
      const Array norm = matrix_norm(s.array, keepdims, ord);
      EXPECT_EQ(norm.global_shape(), keepdims ? std::vector<std::int64_t>({1, 1}) : std::vector<std::int64_t>{});
      EXPECT_TRUE(all_ranks(std::abs(gathered<double>(norm)[0] - ref) <= 1e-12 * ref))
          << matrix_norm_order_name(ord) << " keepdims " << keepdims;
    }
  }
  for (auto name : {"fro", "nuc", "1", "-1", "2", "-2", "inf", "-inf"}) {
    EXPECT_EQ(matrix_norm_order_name(*matrix_norm_order(name)), name);
  }
  EXPECT_FALSE(matrix_norm_order("max"));
}

TEST(LinalgMisc, MatrixPowerByRepeatedSquaring) {
  std::mt19937 random(66);
  for (int c = 0; c < 6; ++c) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const std::int64_t m = draw(random, 1, 9), n = draw(random, 0, 7);
    const Sample<double> s = sample<double>(random, grid, {m, m});
    std::vector<double> ref(static_cast<std::size_t>(m * m), 0.0);
    for (std::int64_t i = 0; i < m; ++i) ref[i * m + i] = 1;
    for (std::int64_t p = 0; p < n; ++p) {
      std::vector<double> next(ref.size(), 0.0);
      for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t k = 0; k < m; ++k)
          for (std::int64_t j = 0; j < m; ++j) next[i * m + j] += ref[i * m + k] * s.whole[k * m + j];
      ref = next;
    }
    const std::vector<double> got = gathered<double>(matrix_power(s.array, n));
    bool ok = got.size() == ref.size();
    for (std::size_t i = 0; ok && i < ref.size(); ++i) ok = std::abs(got[i] - ref[i]) <= 1e-12 * std::max(1.0, std::abs(ref[i]));
    EXPECT_TRUE(all_ranks(ok)) << "case " << c << ": " << m << "x" << m << " ^ " << n;
  }
}

TEST(LinalgMisc, ErrorsAreTheSameOnEveryRank) {
  const ProcessGrid grid(Comm::world(), {0});
  const Array vector = arange(DType::float64, grid, default_layout({3}, grid), Scalar(0.0), Scalar(1.0));
  const Array matrix = full(DType::float64, grid, default_layout({2, 3}, grid), Scalar(1.0));
  const Array integers = full(DType::int32, grid, default_layout({3, 3}, grid), Scalar(std::int64_t{1}));
  const Array flags = full(DType::bool_, grid, default_layout({3, 3}, grid), Scalar(true));
  const auto kind = [](const std::function<void()>& body) {
    const auto thrown = test::thrown_by(body);
    return thrown ? thrown->kind : ErrorKind::runtime;
  };
  EXPECT_EQ(kind([&] { diagonal(vector); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { trace(flags); }), ErrorKind::type);
  EXPECT_EQ(kind([&] { outer(vector, matrix); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { cross(matrix, matrix, -2); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { cross(vector, vector, -2); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { vector_norm(integers); }), ErrorKind::type);
  EXPECT_EQ(kind([&] { vector_norm(vector, std::nullopt, false, std::nan("")); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { matrix_norm(vector); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { matrix_power(matrix, 2); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { matrix_power(integers, 2); }), ErrorKind::type);
  EXPECT_EQ(kind([&] { matrix_transpose(vector); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { vecdot(vector, matrix, -2); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { vecdot(flags, flags); }), ErrorKind::type);
  EXPECT_EQ(kind([&] { tensordot(vector, matrix, 1); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { tensordot(matrix, matrix, 3); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { tensordot(matrix, matrix, {0, 0}, {0, 1}); }), ErrorKind::value);
  EXPECT_EQ(kind([&] { tensordot(matrix, matrix, {2}, {0}); }), ErrorKind::value);
}

}  // namespace
}  // namespace gingham
