// quantile, median and sort_in_any_layout on random grids and layouts against plain loops over the
// whole array (NumPy's formulas: v = q (n - 1) and its lerp; the median the mean of the middle elements;
// NaN for lines holding one), along each axis and flattened, with keepdims; bad arguments raise the same
// error everywhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/quantiles.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using Shape = std::vector<std::int64_t>;

/// NumPy's quantile of one sorted line (NaN last) by `method`.
double line_quantile(std::vector<double> line, double q, QuantileMethod method) {
  std::sort(line.begin(), line.end(), [](double a, double b) { return std::isnan(b) ? !std::isnan(a) : a < b; });
  if (std::isnan(line.back())) return std::nan("");
  const auto n = static_cast<double>(line.size());
  const double v = q * (n - 1);
  const auto at = [&](double i) { return line[static_cast<std::size_t>(i)]; };
  switch (method) {
    case QuantileMethod::lower: return at(std::floor(v));
    case QuantileMethod::higher: return at(std::ceil(v));
    case QuantileMethod::nearest: return at(std::nearbyint(v));
    case QuantileMethod::linear:
    case QuantileMethod::midpoint: {
      const double lo = std::floor(v);
      const double g = method == QuantileMethod::linear ? v - lo : (std::floor(v) == std::ceil(v) ? 0.0 : 0.5);
      const double a = at(lo), b = at(std::min(lo + 1, n - 1)), d = b - a;
      return g >= 0.5 ? b - d * (1 - g) : a + d * g;
    }
  }
  return 0;
}

double line_median(std::vector<double> line) {
  std::sort(line.begin(), line.end(), [](double a, double b) { return std::isnan(b) ? !std::isnan(a) : a < b; });
  if (line.empty() || std::isnan(line.back())) return std::nan("");
  const std::size_t m = line.size() / 2;
  return line.size() % 2 ? line[m] : (line[m - 1] + line[m]) / 2;
}

/// The lines of `whole` (row-major `shape`) along `axis`, in row-major order of the other axes.
std::vector<std::vector<double>> lines_along(const std::vector<double>& whole, const Shape& shape, int axis) {
  std::int64_t outer = 1, inner = 1;
  for (int a = 0; a < axis; ++a) outer *= shape[a];
  for (std::size_t a = static_cast<std::size_t>(axis) + 1; a < shape.size(); ++a) inner *= shape[a];
  const std::int64_t n = shape[static_cast<std::size_t>(axis)];
  std::vector<std::vector<double>> lines;
  for (std::int64_t o = 0; o < outer; ++o) {
    for (std::int64_t i = 0; i < inner; ++i) {
      std::vector<double> line;
      for (std::int64_t k = 0; k < n; ++k) line.push_back(whole[static_cast<std::size_t>((o * n + k) * inner + i)]);
      lines.push_back(line);
    }
  }
  return lines;
}

bool close(const std::vector<double>& got, const std::vector<double>& expected) {
  if (got.size() != expected.size()) return false;
  for (std::size_t k = 0; k < got.size(); ++k) {
    if (std::isnan(expected[k]) != std::isnan(got[k])) return false;
    if (!std::isnan(expected[k]) && std::abs(got[k] - expected[k]) > 1e-12 * (1 + std::abs(expected[k]))) return false;
  }
  return true;
}

std::vector<double> gathered(const Array& y) { return gather_to_all(DistArray<double>(y)); }

TEST(Quantiles, MatchLoopsOnRandomLayouts) {
  std::mt19937 random(1601);
  const std::vector<double> q{0.0, 0.1, 0.5, 0.77, 1.0};
  for (int round = 0; round < 10; ++round) {
    const ProcessGrid grid = test::random_world_grid(random);
    const Shape shape{draw(random, 1, 9), draw(random, 1, 6)};
    std::vector<double> whole(static_cast<std::size_t>(shape[0] * shape[1]));
    for (double& v : whole) v = draw(random, 0, 12) == 0 ? std::nan("") : 0.5 * draw(random, -8, 8);
    const Array x = test::random_array_of(random, grid, shape, whole);
    const auto method = static_cast<QuantileMethod>(draw(random, 0, 4));
    for (int axis = 0; axis < 2; ++axis) {
      const auto lines = lines_along(whole, shape, axis);
      std::vector<double> expected, expected_median;
      for (double p : q) {
        for (const auto& line : lines) expected.push_back(line_quantile(line, p, method));
      }
      for (const auto& line : lines) expected_median.push_back(line_median(line));
      const Array y = quantile(x, q, axis, method, axis == 1);
      const Array m = median(x, axis, axis == 1);
      const Shape kept = axis == 1 ? Shape{shape[0], 1} : Shape{shape[1]};
      Shape with_q = kept;
      with_q.insert(with_q.begin(), static_cast<std::int64_t>(q.size()));
      EXPECT_TRUE(all_ranks(y.global_shape() == with_q && m.global_shape() == kept && y.grid() == x.grid()));
      EXPECT_TRUE(all_ranks(close(gathered(y), expected) && close(gathered(m), expected_median)))
          << x.distribution().describe() << " axis " << axis;
    }
    const Array flat = quantile(x, {0.25}, std::nullopt, method, true);
    EXPECT_TRUE(all_ranks(flat.global_shape() == Shape{1, 1, 1} &&
                          close(gathered(flat), {line_quantile(whole, 0.25, method)})));
  }
}

TEST(Quantiles, IntegersAndEmptyAxes) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1602);
  const Array x = test::random_array_of(random, grid, Shape{7}, std::vector<std::int32_t>{5, -1, 3, 3, 9, 0, 2});
  const Array lower = quantile(x, {0.5, 0.9}, std::nullopt, QuantileMethod::lower);
  EXPECT_TRUE(all_ranks(lower.dtype() == DType::int32 && gather_to_all(DistArray<std::int32_t>(lower)) ==
                                                              std::vector<std::int32_t>{3, 5}));
  const Array m = median(x, std::nullopt);
  EXPECT_TRUE(all_ranks(m.dtype() == DType::float64 && gathered(m) == std::vector<double>{3.0}));
  const Array empty = test::random_array_of(random, grid, Shape{0, 3}, std::vector<double>{});
  const Array nan_median = median(empty, 0);
  const std::vector<double> values = gathered(nan_median);
  EXPECT_TRUE(all_ranks(nan_median.global_shape() == Shape{3} && std::all_of(values.begin(), values.end(),
                                                                             [](double v) { return std::isnan(v); })));
}

TEST(Quantiles, SortInAnyLayoutAlsoWhereSortRefuses) {
  const int ranks = test::world_size();
  std::vector<int> dims{ranks, 1};
  for (int d = 2; d * d <= ranks; ++d) {
    if (ranks % d == 0) dims = {d, ranks / d};
  }
  const ProcessGrid grid(Comm::world(), dims);
  const Shape shape{7, 5};
  std::vector<double> whole(35);
  for (std::size_t k = 0; k < whole.size(); ++k) whole[k] = static_cast<double>((k * 17) % 11);
  const Distribution layout(shape, {AxisLayout::block_cyclic(2), AxisLayout::cyclic()}, grid.dims());
  const Array x = test::array_of(grid, layout, whole);
  for (int axis : {0, 1, -1}) {
    const Array y = sort_in_any_layout(x, axis);
    const int a = axis < 0 ? axis + 2 : axis;
    auto lines = lines_along(whole, shape, a);
    for (auto& line : lines) std::sort(line.begin(), line.end());
    std::vector<double> expected(whole.size());
    const std::int64_t inner = a == 0 ? 5 : 1, n = shape[static_cast<std::size_t>(a)];
    for (std::size_t l = 0; l < lines.size(); ++l) {
      const std::int64_t o = a == 0 ? 0 : static_cast<std::int64_t>(l), i = a == 0 ? static_cast<std::int64_t>(l) : 0;
      for (std::int64_t k = 0; k < n; ++k) expected[static_cast<std::size_t>((o * n + k) * inner + i)] = lines[l][k];
    }
    EXPECT_TRUE(all_ranks(y.grid() == x.grid() && gathered(y) == expected)) << "axis " << axis;
  }
}

TEST(Quantiles, BadArgumentsRaiseTheSameErrorEverywhere) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1603);
  const Array x = test::random_array_of(random, grid, Shape{3, 4}, std::vector<double>(12, 1.0));
  const Array empty = test::random_array_of(random, grid, Shape{0}, std::vector<double>{});
  const Array complex_x = test::random_array_of(random, grid, Shape{2}, std::vector<std::complex<double>>(2));
  for (const auto& [kind, body] : std::vector<std::pair<ErrorKind, std::function<void()>>>{
           {ErrorKind::value, [&] { quantile(x, {1.5}, 0); }},
           {ErrorKind::value, [&] { quantile(x, {std::nan("")}, 0); }},
           {ErrorKind::index, [&] { quantile(x, {0.5}, 2); }},
           {ErrorKind::index, [&] { median(x, -3); }},
           {ErrorKind::index, [&] { quantile(empty, {0.5}, std::nullopt); }},
           {ErrorKind::type, [&] { median(complex_x, std::nullopt); }}}) {
    const auto thrown = test::thrown_by(body);
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == kind)) << (thrown ? thrown->message : "nothing thrown");
  }
}

}  // namespace
}  // namespace gingham
