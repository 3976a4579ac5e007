// fromfunction against the serial reference f(global index) at every element: every dtype, random
// layouts on random grids (sub-grids and replicated axes included), sizes 0 and 1, 0-D; f is called
// once per element a rank stores (replicas compute their copies); an f that throws on one rank raises
// the same error on every rank.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <string>

#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/fromfunction.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::holds;
using test::value_of;
using test::world_rank;
using test::world_size;
using Shape = std::vector<std::int64_t>;

/// The reference value at global index i: a function of its row-major position in `shape`.
template <class T>
T reference(const Shape& shape, std::span<const std::int64_t> i) {
  std::int64_t flat = 0;
  for (std::size_t a = 0; a < shape.size(); ++a) flat = flat * shape[a] + i[a];
  return value_of<T>(flat % 97 + 1);
}

TEST(FromFunction, EveryDtypeAndLayout) {
  std::mt19937 random(1402);
  const Shape shapes[] = {{}, {0}, {1}, {9}, {1, 1}, {4, 0}, {6, 5}, {3, 4, 5}};
  for (DType dtype : all_dtypes) {
    for (const Shape& shape : shapes) {
      const ProcessGrid grid = test::random_world_grid(random);
      auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
      const bool ok = visit_dtype(dtype, [&]<class T>() {
        std::int64_t calls = 0;
        const DistArray<T> x = fromfunction<T>(grid, layout, [&](std::span<const std::int64_t> i) {
          ++calls;
          return reference<T>(shape, i);
        });
        std::vector<T> whole(static_cast<std::size_t>(test::element_count(shape)));
        for (std::size_t f = 0; f < whole.size(); ++f) whole[f] = reference<T>(shape, test::unravel(static_cast<std::int64_t>(f), shape));
        const std::int64_t stored = x.holds_shard() ? layout->local_size(grid.coords()) : 0;
        return holds(x.array(), shape, whole) && calls == stored;
      });
      ASSERT_TRUE(all_ranks(ok)) << dtype_name(dtype) << " " << layout->describe();
    }
  }
}

TEST(FromFunction, DefaultLayoutAndHalo) {
  const ProcessGrid grid(Comm::world(), {world_size()});
  const DistArray<double> x = fromfunction<double>(grid, Shape{7, 3}, [](std::span<const std::int64_t> i) {
    return 10.0 * static_cast<double>(i[0]) + static_cast<double>(i[1]);
  });
  std::vector<double> whole(21);
  for (int f = 0; f < 21; ++f) whole[f] = 10.0 * (f / 3) + f % 3;
  ASSERT_TRUE(all_ranks(holds(x.array(), {7, 3}, whole) && x.distribution() == derived::default_layout({7, 3}, grid.dims())));

  auto layout = std::make_shared<const Distribution>(derived::default_layout({8}, grid.dims()));
  const DistArray<double> h = fromfunction<double>(grid, layout, [](std::span<const std::int64_t> i) { return static_cast<double>(i[0]); },
                                                   HaloSpec::uniform(1, 1));
  std::vector<double> line(8);
  for (int f = 0; f < 8; ++f) line[f] = f;
  ASSERT_TRUE(all_ranks(holds(h.array(), {8}, line)));
}

TEST(FromFunction, AnErrorOnOneRankRaisesOnEveryRank) {
  const int p = world_size();
  const ProcessGrid grid(Comm::world(), {p});
  auto layout = std::make_shared<const Distribution>(derived::default_layout({4 * p}, grid.dims()));
  const int failing = p - 1;
  const auto thrown = test::thrown_by([&] {
    fromfunction<int>(grid, layout, [&](std::span<const std::int64_t> i) -> int {
      if (world_rank() == failing && i[0] == 4 * p - 1) throw std::domain_error("no value at " + std::to_string(i[0]));
      return 0;
    });
  });
  const std::string expected = "no value at " + std::to_string(4 * p - 1) + " [raised on rank " + std::to_string(failing);
  ASSERT_TRUE(all_ranks(thrown && thrown->message.find(expected) != std::string::npos)) << (thrown ? thrown->message : "nothing");
}

}  // namespace
}  // namespace gingham
