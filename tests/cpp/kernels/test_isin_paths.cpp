// isin's two paths against a serial reference (std::binary_search in the sorted x2, compared in the
// promoted dtype): small sets replicated on every rank (bitmap for narrow integer ranges, binary search for
// wide ranges and floats) and sets of more than 2^20 elements (the distributed sort and exchange), with
// duplicates, negative integers, bounds near the int64 and uint64 limits, NaNs and signed zeros, bool, and
// invert, on random grids and layouts (column-major and cyclic shards included).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/sets.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using Shape = std::vector<std::int64_t>;

/// Whether each element of whole1 is in whole2 (!= invert), compared as C (the promoted type); NaN is in
/// nothing.
template <class C, class T, class U>
std::vector<std::uint8_t> reference_isin(const std::vector<T>& whole1, const std::vector<U>& whole2, bool invert) {
  std::vector<C> set;
  for (U v : whole2) {
    if (static_cast<C>(v) == static_cast<C>(v)) set.push_back(static_cast<C>(v));
  }
  std::sort(set.begin(), set.end());
  std::vector<std::uint8_t> expected(whole1.size());
  for (std::size_t f = 0; f < whole1.size(); ++f) {
    const C v = static_cast<C>(whole1[f]);  // binary_search would find a NaN (nothing is before it)
    expected[f] = (v == v && std::binary_search(set.begin(), set.end(), v)) != invert;
  }
  return expected;
}

/// isin(x1, x2, invert) in random layouts of `shape1` and `shape2` against reference_isin.
template <class C, class T, class U>
void check(std::mt19937& random, const Shape& shape1, const std::vector<T>& whole1, const Shape& shape2,
           const std::vector<U>& whole2, const char* what) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Array x1 = test::random_array_of(random, grid, shape1, whole1);
  const Array x2 = test::random_array_of(random, grid, shape2, whole2);
  for (const bool invert : {false, true}) {
    const Array got = isin(x1, x2, invert);
    const bool ok = got.dtype() == DType::bool_ && got.distribution() == x1.distribution() &&
                    test::holds(astype(got, DType::uint8), shape1, reference_isin<C>(whole1, whole2, invert));
    EXPECT_TRUE(all_ranks(ok)) << what << " invert " << invert << " x1 " << x1.distribution().describe() << " x2 "
                               << x2.distribution().describe();
  }
}

/// n values drawn from `pick`.
template <class T, class Pick>
std::vector<T> drawn(std::int64_t n, Pick pick) {
  std::vector<T> out(static_cast<std::size_t>(n));
  for (T& v : out) v = pick();
  return out;
}

TEST(IsinPaths, SmallIntegerSetsThroughTheBitmap) {
  std::mt19937 random(1801);
  auto small = [&] { return static_cast<std::int64_t>(draw(random, -40, 40)); };
  for (int trial = 0; trial < 4; ++trial) {
    const Shape shape1 = test::random_shape(random, 1, 3, 9);
    const std::vector<std::int64_t> x1 = drawn<std::int64_t>(test::element_count(shape1), small);
    const std::vector<std::int64_t> x2 = drawn<std::int64_t>(draw(random, 1, 30), small);  // duplicates
    check<std::int64_t>(random, shape1, x1, Shape{static_cast<std::int64_t>(x2.size())}, x2, "int64, negatives");
  }
  const std::vector<std::int8_t> bytes = drawn<std::int8_t>(200, [&] { return static_cast<std::int8_t>(draw(random, -128, 127)); });
  check<std::int8_t>(random, Shape{10, 20}, bytes, Shape{3}, std::vector<std::int8_t>{-128, 127, 0}, "int8 limits");
  // int16 values against an int32 set: compared as int32 (x1 cast); values beyond int16 never match.
  const std::vector<std::int16_t> shorts = drawn<std::int16_t>(90, [&] { return static_cast<std::int16_t>(draw(random, -5, 5)); });
  check<std::int32_t>(random, Shape{90}, shorts, Shape{2, 2}, std::vector<std::int32_t>{-5, 3, 70000, 3}, "int16 in int32");
  const std::vector<bool> flags = {true, false, false, true, true};
  check<std::uint8_t>(random, Shape{5}, std::vector<std::uint8_t>(flags.begin(), flags.end()), Shape{},
                      std::vector<std::uint8_t>{1}, "uint8 against a 0-D set");
}

TEST(IsinPaths, BoolArrays) {
  std::mt19937 random(1802);
  const ProcessGrid grid = test::random_world_grid(random);
  const Array x1 = astype(test::random_array_of(random, grid, Shape{7}, std::vector<std::uint8_t>{1, 0, 0, 1, 1, 0, 1}),
                          DType::bool_);
  const Array x2 = astype(test::random_array_of(random, grid, Shape{2}, std::vector<std::uint8_t>{1, 1}), DType::bool_);
  const Array got = astype(isin(x1, x2, false), DType::uint8);
  EXPECT_TRUE(all_ranks(test::holds(got, Shape{7}, std::vector<std::uint8_t>{1, 0, 0, 1, 1, 0, 1})));
}

TEST(IsinPaths, WideIntegerSetsThroughTheBinarySearch) {
  std::mt19937 random(1803);
  constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min(), highest = std::numeric_limits<std::int64_t>::max();
  std::vector<std::int64_t> set{lowest, lowest + 1, -3, 0, 5, highest - 1, highest, 5};
  std::vector<std::int64_t> x1;
  for (std::int64_t v : set) x1.insert(x1.end(), {v, v + (v < highest ? 1 : -2), v - (v > lowest ? 1 : -2)});
  check<std::int64_t>(random, Shape{static_cast<std::int64_t>(x1.size())}, x1, Shape{2, 4}, set, "int64 limits");
  constexpr std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
  const std::vector<std::uint64_t> wide{0, 1, top / 2, top / 2 + 1, top - 1, top, 77};
  const std::vector<std::uint64_t> probes = drawn<std::uint64_t>(60, [&] { return wide[draw(random, 0, 6)] + draw(random, 0, 1); });
  check<std::uint64_t>(random, Shape{6, 10}, probes, Shape{4}, std::vector<std::uint64_t>{0, top / 2, top, 77}, "uint64 limits");
}

TEST(IsinPaths, FloatingSetsWithNansAndSignedZeros) {
  std::mt19937 random(1804);
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const std::vector<double> set{0.5, nan, -0.0, inf, 0.5, -1e300};
  const std::vector<double> pool{0.5, nan, 0.0, -0.0, inf, -inf, -1e300, 1e300, 0.25, 7.0};
  for (int trial = 0; trial < 3; ++trial) {
    const Shape shape1 = test::random_shape(random, 1, 3, 7);
    const std::vector<double> x1 = drawn<double>(test::element_count(shape1), [&] { return pool[draw(random, 0, 9)]; });
    check<double>(random, shape1, x1, Shape{2, 3}, set, "float64");
  }
  // float32 values against a float64 set: compared as float64.
  const std::vector<float> singles{0.5f, 0.1f, -0.0f, 3.0f};
  check<double>(random, Shape{4}, singles, Shape{3}, std::vector<double>{0.5, 0.1, 0.0}, "float32 in float64");
  check<double>(random, Shape{4}, std::vector<double>{1, 2, nan, 3}, Shape{2}, std::vector<double>{nan, nan}, "only NaNs");
}

TEST(IsinPaths, LargeSetsTakeTheDistributedExchange) {
  std::mt19937 random(1805);
  const std::int64_t n2 = (std::int64_t{1} << 20) + 3;  // one past the replication limit
  std::vector<std::int64_t> x2(static_cast<std::size_t>(n2));
  for (std::int64_t k = 0; k < n2; ++k) x2[k] = 3 * (k % (n2 - 5)) - n2;  // multiples of 3 (shifted), duplicates
  const std::vector<std::int64_t> x1 = drawn<std::int64_t>(500, [&] {
    return static_cast<std::int64_t>(draw(random, -n2 - 10, 2 * n2 + 10));
  });
  check<std::int64_t>(random, Shape{500}, x1, Shape{n2}, x2, "large int64 set");
  std::vector<double> floats(x2.begin(), x2.end());
  floats[7] = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> probes(x1.begin(), x1.end());
  probes[3] = std::numeric_limits<double>::quiet_NaN();
  check<double>(random, Shape{20, 25}, probes, Shape{n2}, floats, "large float64 set");
}

}  // namespace
}  // namespace gingham
