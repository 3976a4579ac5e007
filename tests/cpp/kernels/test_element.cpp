// read_element: one element at a global index every rank names, broadcast from its owner, on random grids
// (some of the ranks, so ranks off the grid ask too) and layouts (copies included), against the whole array.
#include <gtest/gtest.h>

#include <complex>
#include <numeric>
#include <random>

#include "gingham/kernels/element.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;

TEST(Element, ReadsEveryElementOnEveryRank) {
  std::mt19937 random(71);
  for (int trial = 0; trial < 10; ++trial) {
    const ProcessGrid grid = test::random_world_grid(random);
    std::vector<std::int64_t> shape(draw(random, 0, 3));
    for (auto& e : shape) e = draw(random, 1, 5);
    const std::int64_t n = std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
    std::vector<std::complex<double>> whole(static_cast<std::size_t>(n));
    for (std::int64_t f = 0; f < n; ++f) whole[f] = {1.5 * f, -double(f)};
    const Array x = test::random_array_of(random, grid, shape, whole);
    bool ok = true;
    for (std::int64_t f = 0; f < n; ++f) {
      std::vector<std::int64_t> index(shape.size());
      for (std::int64_t a = static_cast<std::int64_t>(shape.size()) - 1, rest = f; a >= 0; --a) {
        index[a] = rest % shape[a], rest /= shape[a];
      }
      std::complex<double> value{-7, -7};
      read_element(x, index, reinterpret_cast<std::byte*>(&value));
      ok = ok && value == whole[f];
      // The owner answers from its own shard: the primary copy of the element's block.
      const int owner = element_owner(x, index);
      const auto coords = grid.coords_of(owner);
      const auto owned = x.distribution().owner_coords(index);
      for (std::size_t g = 0; g < coords.size(); ++g) ok = ok && coords[g] == (owned[g] < 0 ? 0 : owned[g]);
    }
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial << " " << x.distribution().describe();
  }
}

TEST(Element, BadIndexThrowsOutOfRangeEverywhere) {
  const ProcessGrid grid(Comm::world());
  const Array x = test::array_of(grid, Distribution::replicated({3, 2}, grid.dims()), std::vector<double>(6, 1.0));
  double value = 0;
  for (const std::vector<std::int64_t>& index : {std::vector<std::int64_t>{3, 0}, {0, -1}, {0}, {0, 0, 0}}) {
    const auto thrown = test::thrown_by([&] { read_element(x, index, reinterpret_cast<std::byte*>(&value)); });
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::index && thrown->message.find("(3, 2)") != std::string::npos))
        << (thrown ? thrown->message : "nothing thrown");
  }
}

TEST(Element, RanksNamingDifferentIndicesThrowEverywhere) {
  const ProcessGrid grid(Comm::world());
  const Array x = test::array_of(grid, Distribution::replicated({3, 2}, grid.dims()), std::vector<double>(6, 1.0));
  double value = 0;
  // Rank 1 names another element, or one out of bounds: every rank throws alike.
  for (std::int64_t other : {std::int64_t{0}, std::int64_t{7}}) {
    const std::vector<std::int64_t> index{test::world_rank() == 1 ? other : 2, 1};
    const auto thrown = test::thrown_by([&] { read_element(x, index, reinterpret_cast<std::byte*>(&value)); });
    EXPECT_TRUE(all_ranks(test::world_size() == 1 ? !thrown : thrown && thrown->kind == ErrorKind::value))
        << (thrown ? thrown->message : "nothing thrown");
  }
}

}  // namespace
}  // namespace gingham
