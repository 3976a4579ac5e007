// histogram_counts and histogram_weights on random grids and layouts (copies along grid axes included)
// against a plain loop over the whole array with NumPy's bin rule, for several dtypes, NaNs, values on
// and outside the edges, repeated edges and empty arrays; bad arguments raise the same error everywhere.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/histogram.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using Shape = std::vector<std::int64_t>;

/// The serial reference: bin i holds edges[i] <= v < edges[i + 1], the last bin also edges.back().
std::vector<double> reference(const std::vector<double>& values, const std::vector<double>& weights,
                              const std::vector<double>& edges) {
  const std::size_t bins = edges.size() - 1;
  std::vector<double> sums(bins, 0.0);
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    if (std::isnan(v) || v < edges.front() || v > edges.back()) continue;
    std::size_t bin = bins - 1;
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
      if (edges[i] <= v && v < edges[i + 1]) {
        bin = i;
        break;
      }
    }
    if (v == edges.back()) bin = bins - 1;
    sums[bin] += weights.empty() ? 1.0 : weights[k];
  }
  return sums;
}

template <class T>
void check_random_case(std::mt19937& random, const ProcessGrid& grid) {
  const Shape shape = test::random_shape(random, 1, 3, 7);
  const std::int64_t n = test::element_count(shape);
  std::vector<T> whole(static_cast<std::size_t>(n));
  std::vector<double> as_double(whole.size()), weights(whole.size());
  for (std::size_t k = 0; k < whole.size(); ++k) {
    whole[k] = static_cast<T>(draw(random, -3, 12));
    if constexpr (std::is_floating_point_v<T>) {
      if (draw(random, 0, 9) == 0) whole[k] = std::numeric_limits<T>::quiet_NaN();
      if (draw(random, 0, 4) == 0) whole[k] += static_cast<T>(0.5);
    }
    as_double[k] = static_cast<double>(whole[k]);
    weights[k] = 0.25 * draw(random, 0, 8);
  }
  const std::vector<std::vector<double>> edge_sets{{0, 2.5, 5, 7.5, 10}, {-3, 12}, {1, 1, 4, 4, 9.5}, {2, 3}};
  const std::vector<double>& edges = edge_sets[static_cast<std::size_t>(draw(random, 0, 3))];
  const Distribution layout = test::random_layout(random, shape, grid.dims());
  const Array x = test::array_of(grid, layout, whole);
  const Array w = test::array_of(grid, layout, weights);
  const std::vector<std::int64_t> counts = histogram_counts(x, edges);
  const std::vector<double> expected_counts = reference(as_double, {}, edges);
  const std::vector<double> sums = histogram_weights(x, edges, w);
  const std::vector<double> expected_sums = reference(as_double, weights, edges);
  bool ok = counts.size() == expected_counts.size() && sums.size() == expected_sums.size();
  for (std::size_t i = 0; ok && i < counts.size(); ++i) {
    ok = static_cast<double>(counts[i]) == expected_counts[i] && sums[i] == expected_sums[i];  // exact: quarters
  }
  EXPECT_TRUE(all_ranks(ok)) << layout.describe();
}

TEST(Histogram, MatchesTheLoopOnRandomLayouts) {
  std::mt19937 random(1501);
  for (int round = 0; round < 12; ++round) {
    const ProcessGrid grid = test::random_world_grid(random);
    check_random_case<double>(random, grid);
    check_random_case<float>(random, grid);
    check_random_case<std::int32_t>(random, grid);
    check_random_case<std::uint8_t>(random, grid);
  }
}

TEST(Histogram, CopiesAlongGridAxesCountOnce) {
  const int ranks = test::world_size();
  const ProcessGrid grid(Comm::world(), {1, ranks});  // a 1-D array on grid axis 0: copies along axis 1
  const Distribution layout(Shape{9}, {AxisLayout::block()}, grid.dims());
  const Array x = test::array_of(grid, layout, std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8});
  const Array everywhere = test::array_of(grid, Distribution::replicated(Shape{9}, grid.dims()),
                                          std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7, 8});
  const std::vector<std::int64_t> expected{3, 3, 3};
  EXPECT_TRUE(all_ranks(histogram_counts(x, {0, 3, 6, 8}) == expected));
  EXPECT_TRUE(all_ranks(histogram_counts(everywhere, {0, 3, 6, 8}) == expected));
}

TEST(Histogram, EmptyArrays) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1502);
  const Array x = test::random_array_of(random, grid, Shape{4, 0}, std::vector<double>{});
  EXPECT_TRUE(all_ranks(histogram_counts(x, {0, 0.5, 1}) == std::vector<std::int64_t>{0, 0}));
  EXPECT_TRUE(all_ranks(histogram_weights(x, {0, 1}, x) == std::vector<double>{0}));
}

TEST(Histogram, BadArgumentsRaiseTheSameErrorEverywhere) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(1503);
  const Array x = test::random_array_of(random, grid, Shape{5}, std::vector<double>{1, 2, 3, 4, 5});
  const Array other = test::array_of(grid, Distribution(Shape{5}, {AxisLayout::cyclic()}, grid.dims()),
                                     std::vector<double>{1, 2, 3, 4, 5});
  const Array complex_x = test::random_array_of(random, grid, Shape{2}, std::vector<std::complex<double>>(2));
  for (const auto& [kind, body] : std::vector<std::pair<ErrorKind, std::function<void()>>>{
           {ErrorKind::value, [&] { histogram_counts(x, {1.0}); }},
           {ErrorKind::value, [&] { histogram_counts(x, {0, 2, 1}); }},
           {ErrorKind::value, [&] { histogram_counts(x, {0, std::nan(""), 1}); }},
           {ErrorKind::type, [&] { histogram_counts(complex_x, {0, 1}); }},
           {ErrorKind::type, [&] { histogram_counts(astype(x, DType::bool_), {0, 1}); }},
           {ErrorKind::value, [&] { histogram_weights(x, {0, 1}, test::random_array_of(random, grid, Shape{4},
                                                                                        std::vector<double>(4))); }}}) {
    const auto thrown = test::thrown_by(body);
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == kind)) << (thrown ? thrown->message : "nothing thrown");
  }
  const bool differs = !(other.distribution() == x.distribution());
  if (all_ranks(differs)) {
    const auto thrown = test::thrown_by([&] { histogram_weights(x, {0, 1}, other); });
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::value)) << (thrown ? thrown->message : "nothing");
  }
}

}  // namespace
}  // namespace gingham
