// matmul_assign (x @= y) on random layouts of x and y against a plain triple loop: the product lands in
// x's memory and layout; the in-place rules (x's shape and dtype) raise the same exception on every rank.
#include <gtest/gtest.h>

#include <random>

#include "support.hpp"
#include "gingham/linalg/matmul_assign.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using Shape = std::vector<std::int64_t>;

template <class T>
void check_product(std::mt19937& random, int trial) {
  const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
  const std::int64_t m = draw(random, 1, 7), n = draw(random, 1, 7);
  std::vector<T> a(static_cast<std::size_t>(m * n)), b(static_cast<std::size_t>(n * n));
  for (T& v : a) v = static_cast<T>(draw(random, -4, 4));
  for (T& v : b) v = static_cast<T>(draw(random, -4, 4));
  std::vector<T> expected(a.size(), T(0));
  for (std::int64_t i = 0; i < m; ++i)
    for (std::int64_t j = 0; j < n; ++j)
      for (std::int64_t k = 0; k < n; ++k) expected[i * n + j] += a[i * n + k] * b[k * n + j];
  const DistArray<T> x(test::random_array_of(random, grid, {m, n}, a));
  const DistArray<T> y(test::random_array_of(random, grid, {n, n}, b));
  const Distribution before = x.distribution();
  const Array alias = x.array();  // the same memory, seen through another handle
  matmul_assign(x, y);
  EXPECT_TRUE(all_ranks(x.distribution() == before && test::holds(alias, {m, n}, expected)))
      << "trial " << trial << " x " << before.describe() << " y " << y.distribution().describe();
}

TEST(MatmulAssign, RandomLayoutsMatchLoops) {
  std::mt19937 random(1501);
  for (int trial = 0; trial < 12; ++trial) {
    // Small integers: the products are exact in every dtype.
    if (trial % 3 == 0) check_product<double>(random, trial);
    else if (trial % 3 == 1) check_product<float>(random, trial);
    else check_product<std::int64_t>(random, trial);
  }
}

TEST(MatmulAssign, InPlaceRulesRaiseTheSameErrorEverywhere) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1502);
  auto array = [&](const Shape& shape, auto zero) {
    return test::random_array_of(random, grid, shape, std::vector<decltype(zero)>(test::element_count(shape), zero));
  };
  const Array x = array({4, 3}, 0.0), square = array({3, 3}, 0.0), wide = array({3, 5}, 0.0);
  const Array single = array({4, 3}, 0.0f), ints = array({3, 3}, std::int32_t{0}), vector = array({3}, 0.0);
  const Array scalar = array({}, 0.0);
  for (const auto& [kind, body] : std::vector<std::pair<ErrorKind, std::function<void()>>>{
           {ErrorKind::value, [&] { matmul_assign(x, wide); }},      // (4, 5) is not (4, 3)
           {ErrorKind::value, [&] { matmul_assign(x, vector); }},    // a vector is not a square matrix
           {ErrorKind::value, [&] { matmul_assign(vector, x); }},    // (3,) @ (4, 3): x1's extent does not match
           {ErrorKind::value, [&] { matmul_assign(scalar, square); }},
           {ErrorKind::type, [&] { matmul_assign(single, square); }},  // float32 @ float64 is float64
           {ErrorKind::type, [&] { matmul_assign(ints, square); }}}) {  // int32 and float64 do not promote
    const auto thrown = test::thrown_by(body);
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == kind)) << (thrown ? thrown->message : "nothing thrown");
  }
}

}  // namespace
}  // namespace gingham
