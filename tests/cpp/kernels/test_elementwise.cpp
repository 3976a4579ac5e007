// Elementwise kernels and creation kernels in C++: typed (DistArray<T>) and dtype-erased (Array) calls,
// random layouts and grids, broadcasting between layouts, scalars, promotion errors, against plain loops.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <random>
#include <vector>

#include "gingham/gingham.hpp"
#include "gingham/kernels/indexing.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::gathered;
using test::random_layout;
using test::thrown_by;

std::int64_t size_of(const std::vector<std::int64_t>& shape) {
  std::int64_t n = 1;
  for (std::int64_t e : shape) n *= e;
  return n;
}

/// The row-major whole array of `shape` with element i = value(i), laid out as `layout` (each rank copies its part).
template <class T, class F>
DistArray<T> make(const ProcessGrid& grid, const Distribution& layout, F value, std::vector<T>& whole) {
  whole.resize(size_of(layout.global_shape()));
  for (std::size_t i = 0; i < whole.size(); ++i) whole[i] = value(static_cast<std::int64_t>(i));
  RawView view{reinterpret_cast<std::byte*>(whole.data()), sizeof(T), layout.global_shape(), {}};
  view.strides = Distribution::replicated(layout.global_shape(), grid.dims()).dense_strides(layout.global_shape());
  return DistArray<T>(from_whole(dtype_of<T>, grid, std::make_shared<const Distribution>(layout), view));
}

TEST(Elementwise, TypedFunctionsAndOperatorsMatchLoopsInRandomLayouts) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 25; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    std::vector<std::int64_t> shape;
    for (int k = draw(random, 0, 3); k > 0; --k) shape.push_back(draw(random, 0, 6));
    std::vector<double> a, b;
    auto x = make<double>(grid, random_layout(random, shape, grid.dims()), [](std::int64_t i) { return 0.25 * i - 1; }, a);
    auto y = make<double>(grid, random_layout(random, shape, grid.dims()), [](std::int64_t i) { return 1.0 + i % 3; }, b);
    const std::vector<double> sum = gather_to_all(x + y), quotient = gather_to_all(x / y), scaled = gather_to_all(x * 2.0 + 1.0);
    const std::vector<double> e = gather_to_all(exp(x));
    const DistArray<bool> compared = less(x, y);  // vector<bool> has no data(): gather it as bytes
    const std::vector<std::uint8_t> less_than = gathered<std::uint8_t>(astype(compared.array(), DType::uint8));
    bool ok = sum.size() == a.size() && e.size() == a.size();
    for (std::size_t i = 0; ok && i < a.size(); ++i) {
      ok = sum[i] == a[i] + b[i] && quotient[i] == a[i] / b[i] && scaled[i] == a[i] * 2.0 + 1.0 &&
           std::abs(e[i] - std::exp(a[i])) <= 4e-16 * std::exp(a[i]) && less_than[i] == (a[i] < b[i]);
    }
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial;
    // The first operand's layout, unless only y is distributed (has an axis spread over the grid).
    auto distributed = [](const Distribution& d) {
      for (int axis = 0; axis < d.ndim(); ++axis) {
        if (d.grid_axis_of(axis) >= 0) return true;
      }
      return false;
    };
    const bool y_decides = !distributed(x.distribution()) && distributed(y.distribution());
    EXPECT_TRUE(all_ranks((x + y).distribution() == (y_decides ? y.distribution() : x.distribution())));
  }
}

TEST(Elementwise, IntegerDivisionGivesFloat64AndWrapsLikeNumPy) {
  const ProcessGrid grid(Comm::world());
  const Distribution layout({7}, {AxisLayout::cyclic()}, grid.dims());
  std::vector<std::int8_t> a, b;
  auto x = make<std::int8_t>(grid, layout, [](std::int64_t i) { return static_cast<std::int8_t>(100 + i); }, a);
  auto y = make<std::int8_t>(grid, layout, [](std::int64_t i) { return static_cast<std::int8_t>(i + 1); }, b);
  const DistArray<double> q = x / y;
  const std::vector<double> quotient = gather_to_all(q);
  const std::vector<std::int8_t> wrapped = gather_to_all(x + x);
  bool ok = true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ok = ok && quotient[i] == double(a[i]) / double(b[i]) && wrapped[i] == static_cast<std::int8_t>(a[i] + a[i]);
  }
  EXPECT_TRUE(all_ranks(ok));
}

// Found by the fuzzer (issue 12): signed integer pow agrees on negative exponents across the communicator,
// and ranks outside a sub-grid skipped that agreement, so the next collective failed or hung.
TEST(Elementwise, IntegerPowOnASubGridKeepsEveryRankInStep) {
  const ProcessGrid small(Comm::world(), {std::max(1, test::world_size() - 1)});
  const Distribution layout({5}, {AxisLayout::block()}, small.dims());
  std::vector<std::int64_t> a, b;
  auto x = make<std::int64_t>(small, layout, [](std::int64_t i) { return i - 2; }, a);
  auto y = make<std::int64_t>(small, layout, [](std::int64_t i) { return i % 3; }, b);
  const std::vector<std::int64_t> power = gathered<std::int64_t>(apply(BinaryOp::pow, x.array(), y.array()));
  bool ok = power.size() == a.size();
  for (std::size_t i = 0; ok && i < a.size(); ++i) {
    std::int64_t expected = 1;
    for (std::int64_t k = 0; k < b[i]; ++k) expected *= a[i];
    ok = power[i] == expected;
  }
  EXPECT_TRUE(all_ranks(ok));
  auto negative = make<std::int64_t>(small, layout, [](std::int64_t i) { return -i; }, b);
  const auto thrown = thrown_by([&] { (void)apply(BinaryOp::pow, x.array(), negative.array()); });
  EXPECT_TRUE(all_ranks(thrown.has_value() && thrown->message.find("negative integer powers") != std::string::npos));
  EXPECT_TRUE(all_ranks(gathered<std::int64_t>(x.array()) == a));  // the ranks are still in step
}

TEST(Elementwise, BroadcastingBetweenLayoutsMovesTheOperandToTheResultLayout) {
  std::mt19937 random(5);
  const ProcessGrid grid(Comm::world(), {0, 0});
  for (int trial = 0; trial < 10; ++trial) {
    const std::vector<std::int64_t> shape{draw(random, 1, 6), draw(random, 1, 7)};
    const std::vector<std::int64_t> row{shape[1]};
    std::vector<double> a, r;
    auto x = make<double>(grid, random_layout(random, shape, grid.dims()), [](std::int64_t i) { return double(i); }, a);
    auto v = make<double>(grid, random_layout(random, row, grid.dims()), [](std::int64_t i) { return 10.0 * i; }, r);
    const Array z = subtract(v.array(), x.array());
    const std::vector<double> got = gathered<double>(z);
    bool ok = z.global_shape() == shape;
    for (std::int64_t i = 0; ok && i < shape[0]; ++i) {
      for (std::int64_t j = 0; j < shape[1]; ++j) ok = ok && got[i * shape[1] + j] == r[j] - a[i * shape[1] + j];
    }
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

// A broadcast operand moves only its own elements and is read through stride-0 axes: rows long enough to
// be cut into several pieces and short rows many to a piece, a row, a column and both at once, a
// promoted float32 row, and an in-place update; each against plain loops, in random layouts.
TEST(Elementwise, BroadcastOperandsAreReadInPlaceOfCopies) {
  std::mt19937 random(23);
  for (int trial = 0; trial < 8; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const std::vector<std::int64_t> shape =
        trial % 2 ? std::vector<std::int64_t>{3, 70001} : std::vector<std::int64_t>{draw(random, 1, 60), draw(random, 1, 300)};
    const std::int64_t rows = shape[0], cols = shape[1];
    std::vector<double> a, r, c;
    std::vector<float> ri;
    auto m = make<double>(grid, random_layout(random, shape, grid.dims()), [](std::int64_t i) { return 0.5 * i; }, a);
    auto row = make<double>(grid, random_layout(random, {cols}, grid.dims()), [](std::int64_t i) { return 3.0 - i; }, r);
    auto column = make<double>(grid, random_layout(random, {rows, 1}, grid.dims()), [](std::int64_t i) { return 7.0 * i; }, c);
    auto int_row = make<float>(grid, random_layout(random, {cols}, grid.dims()),
                               [](std::int64_t i) { return float(i % 11 - 5) / 4; }, ri);
    const std::vector<double> plus_row = gathered<double>(add(m.array(), row.array()));
    const std::vector<double> row_minus = gathered<double>(subtract(row.array(), m.array()));
    const std::vector<double> times_column = gathered<double>(multiply(m.array(), column.array()));
    const std::vector<double> outer = gathered<double>(add(column.array(), row.array()));
    const std::vector<double> promoted = gathered<double>(multiply(int_row.array(), m.array()));
    Array target = astype(m.array(), DType::float64);
    apply(BinaryOp::add, target, row.array(), &target);
    const std::vector<double> in_place = gathered<double>(target);
    bool ok = plus_row.size() == a.size() && outer.size() == a.size() && in_place.size() == a.size();
    for (std::int64_t i = 0; ok && i < rows; ++i) {
      for (std::int64_t j = 0; ok && j < cols; ++j) {
        const std::int64_t k = i * cols + j;
        ok = plus_row[k] == a[k] + r[j] && row_minus[k] == r[j] - a[k] && times_column[k] == a[k] * c[i] &&
             outer[k] == c[i] + r[j] && promoted[k] == double(ri[j]) * a[k] && in_place[k] == a[k] + r[j];
      }
    }
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

TEST(Elementwise, AReplicatedOperandNeverDecidesTheLayoutOverADistributedOne) {
  const ProcessGrid grid(Comm::world(), {0, 0});
  const std::vector<std::int64_t> shape{5, 7};
  const Distribution distributed({5, 7}, {AxisLayout::block_cyclic(2), AxisLayout::block()}, grid.dims());
  const Distribution replicated = Distribution::replicated(shape, grid.dims());
  std::vector<double> a, h, row_values;
  auto x = make<double>(grid, distributed, [](std::int64_t i) { return 1.0 + i; }, a);
  auto host = make<double>(grid, replicated, [](std::int64_t i) { return 0.5 * i; }, h);
  for (const Array& z : {subtract(host.array(), x.array()), subtract(x.array(), host.array())}) {
    EXPECT_TRUE(all_ranks(*z.layout() == distributed)) << z.layout()->describe();
  }
  const std::vector<double> got = gathered<double>(subtract(host.array(), x.array()));
  bool ok = true;
  for (std::size_t i = 0; i < got.size(); ++i) ok = ok && got[i] == h[i] - a[i];
  EXPECT_TRUE(all_ranks(ok));
  // A distributed row meeting a replicated matrix: the default layout of the result, not the replicated one.
  auto row = make<double>(grid, Distribution({7}, {AxisLayout::cyclic()}, grid.dims()),
                          [](std::int64_t i) { return 2.0 * i; }, row_values);
  const Array broadcast = add(host.array(), row.array());
  EXPECT_TRUE(all_ranks(*broadcast.layout() == *default_layout(shape, grid))) << broadcast.layout()->describe();
  // Replicated operands only: the result stays replicated.
  EXPECT_TRUE(all_ranks(add(host.array(), host.array()).layout()->is_replicated()));
}

TEST(Elementwise, ScalarsAndPromotionFollowTheStandard) {
  const ProcessGrid grid(Comm::world());
  const Distribution layout({5}, {AxisLayout::block()}, grid.dims());
  std::vector<float> a;
  std::vector<std::int32_t> c;
  auto x = make<float>(grid, layout, [](std::int64_t i) { return float(i); }, a);
  auto k = make<std::int32_t>(grid, layout, [](std::int64_t i) { return std::int32_t(i); }, c);
  EXPECT_EQ(add(x.array(), Scalar(2.5)).dtype(), DType::float32);
  EXPECT_EQ(multiply(x.array(), Scalar(std::complex<double>(0, 1))).dtype(), DType::complex64);
  EXPECT_EQ(thrown_by([&] { add(x.array(), k.array()); }).value().kind, ErrorKind::type);  // no mixed kinds
  EXPECT_EQ(thrown_by([&] { add(k.array(), Scalar(1.5)); }).value().kind, ErrorKind::type);
  EXPECT_EQ(thrown_by([&] { add(k.array(), Scalar(std::int64_t{1} << 40)); }).value().kind, ErrorKind::overflow);
  EXPECT_EQ(thrown_by([&] { exp(k.array()); }).value().kind, ErrorKind::type);  // floating only
  EXPECT_EQ(result_dtype(BinaryOp::add, DType::int8, DType::uint8), DType::int16);
  EXPECT_EQ(thrown_by([&] { result_dtype(BinaryOp::add, DType::int64, DType::uint64); }).value().kind, ErrorKind::type);
}

TEST(Creation, EveryFunctionMatchesLoopsInRandomLayouts) {
  std::mt19937 random(3);
  for (int trial = 0; trial < 12; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const std::int64_t rows = draw(random, 0, 6), columns = draw(random, 1, 6), k = draw(random, -2, 2);
    auto square = std::make_shared<const Distribution>(random_layout(random, {rows, columns}, grid.dims()));
    auto line = std::make_shared<const Distribution>(random_layout(random, {rows}, grid.dims()));
    const std::vector<std::int64_t> identity = gathered<std::int64_t>(eye(DType::int64, grid, square, k));
    const std::vector<double> spaced = gathered<double>(linspace(DType::float64, grid, line, 1.0, 2.0, true));
    const std::vector<std::int16_t> counted = gathered<std::int16_t>(arange(DType::int16, grid, line, std::int64_t{-3}, std::int64_t{2}));
    const Array filled = full(DType::complex64, grid, square, std::complex<double>(1, -1));
    const std::vector<std::complex<float>> values = gathered<std::complex<float>>(filled);
    std::vector<double> m;
    auto matrix = make<double>(grid, *square, [](std::int64_t i) { return 1.0 + i; }, m);
    const std::vector<double> lower = gathered<double>(tril(matrix.array(), k)), upper = gathered<double>(triu(matrix.array(), k));
    bool ok = true;
    for (std::int64_t i = 0; i < rows; ++i) {
      const double expected_space = rows == 1 ? 1.0 : i == rows - 1 ? 2.0 : 1.0 + i * (1.0 / double(rows - 1));
      ok = ok && counted[i] == -3 + 2 * i && spaced[i] == expected_space;
      for (std::int64_t j = 0; j < columns; ++j) {
        const std::int64_t at = i * columns + j;
        ok = ok && identity[at] == (j - i == k ? 1 : 0) && values[at] == std::complex<float>(1, -1) &&
             lower[at] == (j - i <= k ? m[at] : 0.0) && upper[at] == (j - i >= k ? m[at] : 0.0);
      }
    }
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
}

TEST(Creation, BadInputRaisesOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  auto line = std::make_shared<const Distribution>(std::vector<std::int64_t>{4}, std::vector<AxisLayout>{AxisLayout::block()},
                                                   grid.dims());
  EXPECT_EQ(thrown_by([&] { full(DType::uint8, grid, line, Scalar(std::int64_t{300})); }).value().kind, ErrorKind::overflow);
  EXPECT_EQ(thrown_by([&] { full(DType::int32, grid, line, Scalar(0.5)); }).value().kind, ErrorKind::type);
  EXPECT_EQ(thrown_by([&] { eye(DType::float64, grid, line, 0); }).value().kind, ErrorKind::value);
  EXPECT_EQ(thrown_by([&] { linspace(DType::int32, grid, line, 0.0, 1.0, true); }).value().kind, ErrorKind::type);
  EXPECT_EQ(thrown_by([&] { arange(DType::bool_, grid, line, std::int64_t{0}, std::int64_t{1}); }).value().kind, ErrorKind::type);
}

TEST(Manipulation, ExpandDimsIsAViewAndBroadcastToMovesOnlyWhatIsRead) {
  const ProcessGrid grid(Comm::world(), {0, 0});
  std::vector<double> a;
  auto x = make<double>(grid, Distribution({5}, {AxisLayout::cyclic()}, grid.dims()), [](std::int64_t i) { return i * 1.5; }, a);
  const Array column = expand_dims(x.array(), {1});
  EXPECT_EQ(column.global_shape(), (std::vector<std::int64_t>{5, 1}));
  EXPECT_TRUE(all_ranks(column.local().data == x.array().local().data || !x.holds_shard()));
  auto target = default_layout({5, 3}, grid);
  const std::vector<double> wide = gathered<double>(broadcast_to(column, grid, target));
  bool ok = wide.size() == 15;
  for (int i = 0; ok && i < 5; ++i) for (int j = 0; j < 3; ++j) ok = ok && wide[i * 3 + j] == a[i];
  EXPECT_TRUE(all_ranks(ok));
  EXPECT_EQ(thrown_by([&] { broadcast_to(x.array(), grid, default_layout({4}, grid)); }).value().kind, ErrorKind::value);
}

TEST(Manipulation, RepeatWithOneCountOrACountPerSlabMatchesALoop) {
  std::mt19937 random(5);
  const ProcessGrid grid(Comm::world(), {0, 0});
  for (int trial = 0; trial < 12; ++trial) {
    const std::vector<std::int64_t> shape{draw(random, 0, 6), draw(random, 1, 4)};
    std::vector<std::int32_t> a;
    auto x = make<std::int32_t>(grid, random_layout(random, shape, grid.dims()), [](std::int64_t i) { return std::int32_t(i); }, a);
    const int axis = draw(random, 0, 1);
    std::vector<std::int64_t> counts(static_cast<std::size_t>(shape[axis]));
    for (std::int64_t& c : counts) c = draw(random, 0, 3);
    if (trial % 3 == 1) counts = {draw(random, 0, 3)};   // one count for every slab
    if (trial % 3 == 2 && !counts.empty()) std::fill(counts.begin(), counts.end(), 0), counts[0] = 9;  // all from one slab
    std::vector<std::int64_t> source;  // the slab each result slab reads
    for (std::int64_t i = 0; i < shape[axis]; ++i) source.insert(source.end(), counts.size() == 1 ? counts[0] : counts[i], i);
    std::vector<std::int64_t> result_shape = shape;
    result_shape[axis] = static_cast<std::int64_t>(source.size());
    const Array y = repeat(x.array(), counts, axis);
    EXPECT_EQ(y.global_shape(), result_shape);
    const std::vector<std::int32_t> got = gathered<std::int32_t>(y);
    bool ok = got.size() == static_cast<std::size_t>(size_of(result_shape));
    for (std::int64_t i = 0; ok && i < result_shape[0]; ++i) {
      for (std::int64_t j = 0; ok && j < result_shape[1]; ++j) {
        const std::int64_t row = axis == 0 ? source[i] : i, column = axis == 1 ? source[j] : j;
        ok = got[i * result_shape[1] + j] == a[row * shape[1] + column];
      }
    }
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial;
    if (counts.size() == 1) EXPECT_TRUE(all_ranks(gathered<std::int32_t>(repeat(x.array(), counts[0], axis)) == got));
  }
  std::vector<double> b;
  auto z = make<double>(grid, Distribution({3}, {AxisLayout::cyclic()}, grid.dims()), [](std::int64_t i) { return double(i); }, b);
  EXPECT_EQ(thrown_by([&] { repeat(z.array(), std::vector<std::int64_t>{1, -1, 2}, 0); }).value().kind, ErrorKind::value);
  EXPECT_EQ(thrown_by([&] { repeat(z.array(), std::vector<std::int64_t>{1, 2}, 0); }).value().kind, ErrorKind::value);
  EXPECT_EQ(thrown_by([&] { repeat(z.array(), std::int64_t{-1}, 0); }).value().kind, ErrorKind::value);
  EXPECT_EQ(thrown_by([&] { repeat(z.array(), std::int64_t{2}, 1); }).value().kind, ErrorKind::index);
}

TEST(Indexing, TakeAlongADistributedAxisMatchesALoop) {
  std::mt19937 random(9);
  const ProcessGrid grid(Comm::world(), {0, 0});
  for (int trial = 0; trial < 8; ++trial) {
    const std::vector<std::int64_t> shape{draw(random, 1, 7), draw(random, 1, 5)};
    std::vector<std::int32_t> a;
    auto x = make<std::int32_t>(grid, random_layout(random, shape, grid.dims()), [](std::int64_t i) { return std::int32_t(i); }, a);
    std::vector<std::int64_t> indices;
    for (int k = draw(random, 0, 8); k > 0; --k) indices.push_back(draw(random, -static_cast<int>(shape[0]), static_cast<int>(shape[0]) - 1));
    const std::vector<std::int32_t> got = gathered<std::int32_t>(take(x.array(), indices, 0));
    bool ok = got.size() == indices.size() * static_cast<std::size_t>(shape[1]);
    for (std::size_t j = 0; ok && j < indices.size(); ++j) {
      const std::int64_t row = indices[j] < 0 ? indices[j] + shape[0] : indices[j];
      for (std::int64_t c = 0; c < shape[1]; ++c) ok = ok && got[j * shape[1] + c] == a[row * shape[1] + c];
    }
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial;
  }
  std::vector<double> b;
  auto y = make<double>(grid, Distribution({3}, {AxisLayout::cyclic()}, grid.dims()), [](std::int64_t i) { return double(i); }, b);
  EXPECT_EQ(thrown_by([&] { take(y.array(), {3}, 0); }).value().kind, ErrorKind::index);
}

}  // namespace
}  // namespace gingham
