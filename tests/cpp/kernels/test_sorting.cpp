// sort and argsort on random grids and layouts against std::stable_sort of the whole array (NumPy's
// order: NaNs last; descending keeps ties in their original order).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/sorting.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;

/// std::stable_sort's order of indices for `whole` along the last axis of `shape` (rows of `len`).
template <class T>
std::vector<std::int64_t> reference_order(const std::vector<T>& whole, std::int64_t len, bool descending) {
  auto less = [](T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
      return std::isnan(b) ? !std::isnan(a) : a < b;
    else
      return a < b;
  };
  std::vector<std::int64_t> order(whole.size());
  for (std::size_t row = 0; len > 0 && row < whole.size() / len; ++row) {
    auto first = order.begin() + row * len;
    std::iota(first, first + len, 0);
    const T* line = whole.data() + row * len;
    std::stable_sort(first, first + len, [&](std::int64_t i, std::int64_t j) {
      return descending ? less(line[j], line[i]) : less(line[i], line[j]);
    });
  }
  return order;
}

/// One trial: a random grid, layout, skew and order; 1-D lengths in [min_len, max_len] (and every third
/// trial 2-D when min_len is 0).
template <class T>
void check_random(std::mt19937& random, int trial, std::int64_t min_len = 0, std::int64_t max_len = 3000) {
  const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
  const bool two_d = min_len == 0 && trial % 3 == 2;
  const std::int64_t len = draw(random, static_cast<int>(min_len), static_cast<int>(max_len));
  const std::vector<std::int64_t> shape =
      two_d ? std::vector<std::int64_t>{3, len / 100} : std::vector<std::int64_t>{len};
  const std::int64_t row = shape.back();
  std::vector<T> whole(static_cast<std::size_t>(two_d ? 3 * row : len));
  const int skew = draw(random, 0, 3);  // random, all equal, sorted, reverse sorted
  for (std::size_t k = 0; k < whole.size(); ++k) {
    const int v = skew == 0 ? draw(random, -5, 5) : skew == 1 ? 2 : skew == 2 ? int(k) : -int(k);
    whole[k] = T(v);
    if constexpr (std::is_floating_point_v<T>) {
      if (skew == 0 && draw(random, 0, 9) == 0) whole[k] = std::numeric_limits<T>::quiet_NaN();
    }
  }
  auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
  const LocalView<T> view(whole.data(), shape,
                          two_d ? std::vector<std::int64_t>{row, 1} : std::vector<std::int64_t>{1});
  const Array x = from_whole(dtype_of<T>, grid, layout, view.raw());
  const bool descending = draw(random, 0, 1) == 1;
  const std::vector<std::int64_t> order = reference_order(whole, row, descending);
  if (two_d) {  // both axes truly distributed: not implemented (raised on every rank)
    bool spread = true;
    for (int a = 0; a < 2; ++a)
      spread = spread && layout->grid_axis_of(a) >= 0 && layout->grid_dims()[layout->grid_axis_of(a)] > 1;
    if (spread) {
      const auto thrown = test::thrown_by([&] { sort(x, -1, descending); });
      EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::not_implemented)) << layout->describe();
      return;
    }
  }
  const std::vector<T> sorted = gather_to_all(DistArray<T>(sort(x, -1, descending)));
  const std::vector<std::int64_t> indices = gather_to_all(DistArray<std::int64_t>(argsort(x, -1, descending)));
  bool ok = sorted.size() == whole.size() && indices == order;
  for (std::size_t k = 0; ok && k < whole.size(); ++k) {
    const T expected = whole[k / std::max<std::int64_t>(row, 1) * row + order[k]];
    ok = std::memcmp(&expected, &sorted[k], sizeof(T)) == 0;
  }
  EXPECT_TRUE(all_ranks(ok)) << "trial " << trial << " layout " << layout->describe() << " descending " << descending;
}

TEST(Sorting, RandomLayoutsAgainstStableSort) {
  std::mt19937 random(20261128);
  for (int trial = 0; trial < 24; ++trial) {
    if (trial % 2)
      check_random<double>(random, trial);
    else
      check_random<std::int32_t>(random, trial);
  }
}

// Long enough that the argsort of a distributed line sends its buckets in several rounds (2-4 at 4 ranks,
// 8 at 1-2), from every kind of layout, and a line of one rank is argsorted in rounds too.
TEST(Sorting, LongLinesInRandomLayoutsAgainstStableSort) {
  std::mt19937 random(20261207);
  for (int trial = 0; trial < 4; ++trial) {
    if (trial % 2)
      check_random<double>(random, trial, 600000, 1200000);
    else
      check_random<std::int32_t>(random, trial, 600000, 1200000);
  }
}

TEST(Sorting, BadAxisIsOutOfRangeEverywhere) {
  const ProcessGrid grid(Comm::world());
  std::vector<double> whole(10, 1.0);
  auto layout = std::make_shared<const Distribution>(std::vector<std::int64_t>{10},
                                                     std::vector<AxisLayout>{AxisLayout::block()}, grid.dims());
  const Array x = from_whole(DType::float64, grid, layout, LocalView<double>(whole.data(), {10}, {1}).raw());
  const auto thrown = test::thrown_by([&] { sort(x, 1); });
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::index));
}

}  // namespace
}  // namespace gingham
