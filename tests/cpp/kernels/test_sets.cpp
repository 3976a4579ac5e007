// unique_inverse, unique_all and isin on random grids and layouts against plain loops over the whole
// array (NaNs each distinct, sorted last in row-major order; NaN is in nothing), for several dtypes and
// empty arrays; bad arguments raise the same exception on every rank.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <functional>
#include <limits>

#include "support.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/typed_manipulation.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::holds;
using Shape = std::vector<std::int64_t>;

/// Values from a small range (so that they repeat), NaNs now and then for floating T.
template <class T>
std::vector<T> repeating_values(std::mt19937& random, const Shape& shape) {
  std::vector<T> whole(static_cast<std::size_t>(test::element_count(shape)));
  const bool nans = std::is_floating_point_v<T> && draw(random, 0, 1);
  for (T& v : whole) {
    v = static_cast<T>(draw(random, 0, 6));
    if constexpr (std::is_floating_point_v<T>) {
      if (nans && draw(random, 0, 4) == 0) v = std::numeric_limits<T>::quiet_NaN();
    }
  }
  return whole;
}

bool is_nan_value(double v) { return std::isnan(v); }

/// The serial unique_all: sorted distinct values (each NaN its own, last, in row-major order), the flat
/// index of each value's first occurrence, each element's value index, and the counts.
template <class T>
struct Reference {
  std::vector<T> values;
  Shape indices, inverse, counts;
};

template <class T>
Reference<T> reference_unique(const std::vector<T>& whole) {
  Reference<T> r;
  std::vector<std::int64_t> order(whole.size());
  for (std::size_t f = 0; f < order.size(); ++f) order[f] = static_cast<std::int64_t>(f);
  auto nan = [&](std::int64_t f) { return is_nan_value(static_cast<double>(whole[f])); };
  std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
    return nan(b) ? !nan(a) : !nan(a) && whole[a] < whole[b];
  });
  r.inverse.assign(whole.size(), -1);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::int64_t f = order[k];
    if (k == 0 || nan(f) || !(whole[f] == whole[order[k - 1]])) {
      r.values.push_back(whole[f]);
      r.indices.push_back(f);
      r.counts.push_back(0);
    }
    ++r.counts.back();
    r.inverse[f] = static_cast<std::int64_t>(r.values.size()) - 1;
  }
  return r;
}

template <class T>
void check_unique(std::mt19937& random, int trial) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Shape shape = test::random_shape(random, 0, 3, 6);
  const std::vector<T> whole = repeating_values<T>(random, shape);
  const DistArray<T> x(test::random_array_of(random, grid, shape, whole));
  const Reference<T> expected = reference_unique(whole);
  const Shape distinct{static_cast<std::int64_t>(expected.values.size())};
  const auto [values, inverse_indices] = unique_inverse(x);
  EXPECT_TRUE(all_ranks(holds(values.array(), distinct, expected.values) &&
                        holds(inverse_indices.array(), shape, expected.inverse) &&
                        inverse_indices.distribution() == x.distribution()))
      << "unique_inverse trial " << trial << " " << x.distribution().describe();
  const auto all = unique_all(x);
  EXPECT_TRUE(all_ranks(holds(all.values.array(), distinct, expected.values) &&
                        holds(all.indices.array(), distinct, expected.indices) &&
                        holds(all.inverse_indices.array(), shape, expected.inverse) &&
                        holds(all.counts.array(), distinct, expected.counts)))
      << "unique_all trial " << trial << " " << x.distribution().describe();
}

TEST(Sets, UniqueInverseAndUniqueAllMatchLoops) {
  std::mt19937 random(1401);
  for (int trial = 0; trial < 30; ++trial) {
    switch (trial % 3) {
      case 0: check_unique<double>(random, trial); break;
      case 1: check_unique<std::int32_t>(random, trial); break;
      default: check_unique<float>(random, trial);
    }
  }
}

template <class T, class U>
void check_isin(std::mt19937& random, int trial) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Shape shape1 = test::random_shape(random, 0, 3, 6), shape2 = test::random_shape(random, 0, 2, 6);
  const std::vector<T> whole1 = repeating_values<T>(random, shape1);
  std::vector<U> whole2 = repeating_values<U>(random, shape2);
  for (U& v : whole2) v = static_cast<U>(v * 2);  // only the even values of x1 can be found
  const DistArray<T> x1(test::random_array_of(random, grid, shape1, whole1));
  const DistArray<U> x2(test::random_array_of(random, grid, shape2, whole2));
  const bool invert = draw(random, 0, 1) == 1;
  std::vector<std::uint8_t> expected(whole1.size());  // as uint8: std::vector<bool> holds no elements to compare
  for (std::size_t f = 0; f < whole1.size(); ++f) {
    const bool found = std::any_of(whole2.begin(), whole2.end(),
                                   [&](U v) { return static_cast<double>(v) == static_cast<double>(whole1[f]); });
    expected[f] = found != invert;
  }
  const DistArray<bool> got = isin(x1, x2, invert);
  const bool ok = got.distribution() == x1.distribution() && holds(astype(got.array(), DType::uint8), shape1, expected);
  EXPECT_TRUE(all_ranks(ok)) << "trial " << trial << " x1 " << x1.distribution().describe() << " x2 "
                             << x2.distribution().describe();
}

TEST(Sets, IsinMatchesLoops) {
  std::mt19937 random(1402);
  for (int trial = 0; trial < 30; ++trial) {
    switch (trial % 3) {
      case 0: check_isin<double, double>(random, trial); break;
      case 1: check_isin<std::int32_t, std::int64_t>(random, trial); break;
      default: check_isin<float, float>(random, trial);
    }
  }
}

TEST(Sets, EmptyArrays) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1403);
  const Shape shape{3, 0};
  const DistArray<double> x(test::random_array_of(random, grid, shape, std::vector<double>{}));
  const auto [values, indices, inverse_indices, counts] = unique_all(x);
  EXPECT_TRUE(all_ranks(holds(values.array(), Shape{0}, std::vector<double>{}) &&
                        holds(indices.array(), Shape{0}, Shape{}) && holds(inverse_indices.array(), shape, Shape{}) &&
                        holds(counts.array(), Shape{0}, Shape{})));
  const DistArray<double> some(test::random_array_of(random, grid, Shape{4}, std::vector<double>{1, 2, 3, 4}));
  const DistArray<bool> none = isin(some, x, false);
  const DistArray<bool> all = isin(x, some, true);
  bool ok = none.global_shape() == Shape{4} && all.global_shape() == shape;
  for (std::int64_t k = 0; ok && none.holds_shard() && k < none.local().size(); ++k) ok = !none.local().data()[k * none.local().strides()[0]];
  EXPECT_TRUE(all_ranks(ok));
}

TEST(Sets, BadArgumentsRaiseTheSameErrorEverywhere) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1404);
  const Shape four{4};
  const Array complex_x = test::random_array_of(random, grid, four, std::vector<std::complex<double>>(4));
  const Array real_x = test::random_array_of(random, grid, four, std::vector<double>{1, 2, 3, 4});
  const Array flag = test::random_array_of(random, grid, four, std::vector<std::int8_t>{1, 0, 1, 0});
  for (const auto& [kind, body] : std::vector<std::pair<ErrorKind, std::function<void()>>>{
           {ErrorKind::not_implemented, [&] { unique_inverse(complex_x); }},
           {ErrorKind::not_implemented, [&] { isin(complex_x, complex_x); }},
           {ErrorKind::type, [&] { isin(real_x, astype(flag, DType::bool_)); }}}) {  // bool and float64 do not promote
    const auto thrown = test::thrown_by(body);
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == kind)) << (thrown ? thrown->message : "nothing thrown");
  }
}

}  // namespace
}  // namespace gingham
