// Element access by global position, integer-array indexing, take_along_axis and assignment through keys,
// on random grids and layouts, against plain loops over the whole array. Every shard is checked, so every
// copy of a replicated array too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <random>

#include "gingham/kernels/assignment.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/element_access.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/typed_manipulation.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::shard_holds;

std::int64_t product(const std::vector<std::int64_t>& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

/// A random array of `shape` on a random grid of all ranks whose element at flat index f is `value(f)`.
template <class F>
Array random_array(std::mt19937& random, const ProcessGrid& grid, const std::vector<std::int64_t>& shape, F value) {
  std::vector<std::int64_t> whole(static_cast<std::size_t>(product(shape)));
  for (std::size_t f = 0; f < whole.size(); ++f) whole[f] = value(static_cast<std::int64_t>(f));
  auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
  std::vector<std::int64_t> strides(shape.size());
  for (std::int64_t a = static_cast<std::int64_t>(shape.size()) - 1, s = 1; a >= 0; --a) strides[a] = s, s *= shape[a];
  return from_whole(DType::int64, grid, layout, LocalView<std::int64_t>(whole.data(), shape, strides).raw());
}

std::vector<std::int64_t> random_shape(std::mt19937& random, int min_ndim, int max_ndim) {
  std::vector<std::int64_t> shape(draw(random, min_ndim, max_ndim));
  for (auto& e : shape) e = draw(random, 1, 6);
  return shape;
}

TEST(ElementAccess, ReadsAndWritesAtRandomPositions) {
  std::mt19937 random(51);
  for (int trial = 0; trial < 12; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const auto shape = random_shape(random, 1, 3);
    const Array x = random_array(random, grid, shape, [](std::int64_t f) { return 3 * f + 1; });
    std::mt19937 mine(1000 * trial + test::world_rank());  // each rank asks for its own positions
    std::vector<std::int64_t> flat(draw(mine, 0, 20));
    for (auto& f : flat) f = draw(mine, 0, static_cast<int>(product(shape)) - 1);
    std::vector<std::int64_t> values(flat.size());
    read_elements(x, flat, reinterpret_cast<std::byte*>(values.data()));
    bool ok = true;
    for (std::size_t i = 0; i < flat.size(); ++i) ok = ok && values[i] == 3 * flat[i] + 1;
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial << " " << x.distribution().describe();
    // Rank r writes -f into the positions f with f % ranks == r.
    std::vector<std::int64_t> own, negated;
    for (std::int64_t f = test::world_rank(); f < product(shape); f += test::world_size()) own.push_back(f), negated.push_back(-f);
    write_elements(x, own, reinterpret_cast<const std::byte*>(negated.data()));
    EXPECT_TRUE(all_ranks(shard_holds(x, [](std::int64_t f) { return -f; }))) << "trial " << trial;
  }
}

TEST(ElementAccess, PositionOutOfRangeIsAgreed) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(3);
  const Array x = random_array(random, grid, {4}, [](std::int64_t f) { return f; });
  std::vector<std::int64_t> flat = test::world_rank() == 0 ? std::vector<std::int64_t>{4} : std::vector<std::int64_t>{};
  std::int64_t value = 0;
  const auto thrown = test::thrown_by([&] { read_elements(x, flat, reinterpret_cast<std::byte*>(&value)); });
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::index));
}

// Many requests per rank: batches of local reads, several rounds of exchanges (more than kElementsPerRound
// on some ranks only), grids of some of the ranks, layouts held whole by every rank (replicated) or by one,
// and both ways of receiving the values (a sink, a buffer).
TEST(ElementAccess, ManyReadsInBatchesAndRoundsMatchLoops) {
  std::mt19937 random(53);
  for (int trial = 0; trial < 10; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    std::vector<std::int64_t> shape{draw(random, 1, 3000)};
    if (trial % 3 == 1) shape.push_back(draw(random, 1, 5));
    std::vector<std::int64_t> whole(static_cast<std::size_t>(product(shape)));
    for (std::size_t f = 0; f < whole.size(); ++f) whole[f] = 5 * static_cast<std::int64_t>(f) - 2;
    const Distribution layout = trial % 4 == 3 ? Distribution::replicated(shape, grid.dims())
                                                : test::random_layout(random, shape, grid.dims());
    const Array x = test::array_of(grid, layout, whole);
    std::mt19937 mine(77 * trial + test::world_rank());  // each rank asks for its own positions
    const std::int64_t count = trial == 0 && test::world_rank() == 0 ? kElementsPerRound + 4099 : draw(mine, 0, 9000);
    std::vector<std::int64_t> flat(static_cast<std::size_t>(count));
    for (auto& f : flat) f = draw(mine, 0, static_cast<int>(whole.size()) - 1);
    std::vector<std::int64_t> direct(flat.size()), sunk(flat.size(), -1);
    read_elements(x, flat, reinterpret_cast<std::byte*>(direct.data()));
    std::int64_t next = 0;  // the sink gets consecutive ranges in increasing order
    bool in_order = true;
    read_elements(
        x, count, [&](std::int64_t first, std::int64_t n, std::int64_t* out) { std::copy_n(flat.data() + first, n, out); },
        [&](std::int64_t first, std::int64_t n, const std::byte* values) {
          in_order = in_order && first == next;
          next = first + n;
          std::memcpy(sunk.data() + first, values, static_cast<std::size_t>(n) * sizeof(std::int64_t));
        });
    bool ok = in_order && next == count;
    for (std::size_t i = 0; i < flat.size(); ++i) ok = ok && direct[i] == whole[flat[i]] && sunk[i] == whole[flat[i]];
    EXPECT_TRUE(all_ranks(ok)) << "trial " << trial << " " << x.distribution().describe();
    // One bad position late in one rank's requests: the same error on every rank.
    if (!flat.empty() && test::world_rank() == test::world_size() - 1) flat.back() = trial % 2 ? -1 : product(shape);
    const auto thrown = test::thrown_by([&] { read_elements(x, flat, reinterpret_cast<std::byte*>(direct.data())); });
    const bool any = !all_ranks(flat.empty() || test::world_rank() != test::world_size() - 1);
    EXPECT_TRUE(all_ranks(any ? thrown && thrown->kind == ErrorKind::index : !thrown)) << "trial " << trial;
  }
}

TEST(Indexing, TakeAlongAxisAndIntegerArraysMatchLoops) {
  std::mt19937 random(52);
  for (int trial = 0; trial < 12; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const auto shape = random_shape(random, 2, 3);
    const Array x = random_array(random, grid, shape, [](std::int64_t f) { return 7 * f; });
    const int axis = draw(random, 0, static_cast<int>(shape.size()) - 1);
    std::vector<std::int64_t> index_shape = shape;
    index_shape[axis] = draw(random, 0, 5);
    const std::int64_t n = shape[axis];
    auto chosen = [&](std::int64_t f) { return (f * 5 + 3) % (2 * n) - n; };  // in [-n, n)
    const Array indices = random_array(random, grid, index_shape, chosen);
    const DistArray<std::int64_t> taken(take_along_axis(x, indices, axis));
    // result[j] = x[j with axis replaced by chosen(j)]
    const auto expected_taken = [&](std::int64_t f) {
      std::int64_t rest = f, source = 0, scale = 1;
      const std::int64_t i = chosen(f);
      for (int a = static_cast<int>(shape.size()) - 1; a >= 0; --a) {
        const std::int64_t j = rest % index_shape[a];
        rest /= index_shape[a];
        source += (a == axis ? (i < 0 ? i + n : i) : j) * scale;
        scale *= shape[a];
      }
      return 7 * source;
    };
    EXPECT_TRUE(all_ranks(shard_holds(taken.array(), expected_taken))) << "trial " << trial;
    // x[k0, k1] with 1-D keys of length m: element (i, rest...) = x[k0[i], k1[i], rest...]
    const std::int64_t m = draw(random, 0, 6);
    const Array k0 = random_array(random, grid, {m}, [&](std::int64_t i) { return (i * 3) % shape[0]; });
    const Array k1 = random_array(random, grid, {m}, [&](std::int64_t i) { return -1 - (i % shape[1]); });
    const Array y = index_arrays(x, {k0, k1});
    const std::int64_t rest = product(shape) / (shape[0] * shape[1]);
    EXPECT_TRUE(all_ranks(shard_holds(y, [&](std::int64_t f) {
      const std::int64_t i = f / rest, r = f % rest;
      return 7 * ((((i * 3) % shape[0]) * shape[1] + (shape[1] - 1 - i % shape[1])) * rest + r);
    }))) << "trial " << trial;
  }
}

TEST(Assignment, SliceMaskAndIntegerKeysMatchLoops) {
  std::mt19937 random(53);
  for (int trial = 0; trial < 12; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    const std::vector<std::int64_t> shape{draw(random, 1, 9), draw(random, 1, 7)};
    const Array x = random_array(random, grid, shape, [](std::int64_t f) { return f; });
    // x[1::2, ::-1] = value (a 1-D row broadcast over the selected rows), value[j] = 100 + j.
    const IndexMap selection = IndexMap::slices(shape, {{1, std::nullopt, 2}, {std::nullopt, std::nullopt, -1}});
    const Array row = random_array(random, grid, {shape[1]}, [](std::int64_t j) { return 100 + j; });
    assign(x, selection, row);
    auto after_slice = [&](std::int64_t f) {
      const std::int64_t i = f / shape[1], j = f % shape[1];
      return i % 2 == 1 ? 100 + (shape[1] - 1 - j) : f;
    };
    EXPECT_TRUE(all_ranks(shard_holds(x, after_slice))) << "trial " << trial << " " << x.distribution().describe();
    // x[x is a multiple of 3] = -(its rank among the selected, row-major)
    std::vector<std::int64_t> selected_rank(static_cast<std::size_t>(product(shape)), -1);
    std::int64_t count = 0;
    for (std::int64_t f = 0; f < product(shape); ++f) {
      if (after_slice(f) % 3 == 0) selected_rank[f] = count++;
    }
    const Array mask = random_array(random, grid, shape, [&](std::int64_t f) { return selected_rank[f] >= 0; });
    const Array ranks = random_array(random, grid, {count}, [](std::int64_t k) { return -k; });
    assign_where(x, astype(mask, DType::bool_), ranks);
    auto after_mask = [&](std::int64_t f) { return selected_rank[f] >= 0 ? -selected_rank[f] : after_slice(f); };
    EXPECT_TRUE(all_ranks(shard_holds(x, after_mask))) << "trial " << trial;
    // x[rows, 0] = 5 for distinct rows
    const Array rows = random_array(random, grid, {shape[0] / 2}, [](std::int64_t i) { return 2 * i; });
    const Array zero = random_array(random, grid, {1}, [](std::int64_t) { return 0; });
    assign_at(x, {rows, zero}, Scalar(std::int64_t{5}));
    EXPECT_TRUE(all_ranks(shard_holds(x, [&](std::int64_t f) {
      const std::int64_t i = f / shape[1], j = f % shape[1];
      return j == 0 && i % 2 == 0 && i / 2 < shape[0] / 2 ? 5 : after_mask(f);
    }))) << "trial " << trial;
  }
}

TEST(Assignment, BadValuesAreRefusedEverywhere) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(4);
  const Array x = random_array(random, grid, {4, 3}, [](std::int64_t f) { return f; });
  const Array wrong = random_array(random, grid, {2}, [](std::int64_t f) { return f; });
  const IndexMap all = IndexMap::identity({4, 3});
  auto thrown = test::thrown_by([&] { assign(x, all, wrong); });
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::value));
  thrown = test::thrown_by([&] { assign(x, all, astype(wrong, DType::float64)); });
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::type));
  thrown = test::thrown_by([&] { assign(x, all, Scalar(1.5)); });
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::type));
}

}  // namespace
}  // namespace gingham

namespace gingham {
namespace {

TEST(TypedOperations, DistArrayFacesMatchLoops) {
  const ProcessGrid grid(Comm::world());
  auto layout = [&](std::int64_t n) {
    return std::make_shared<const Distribution>(std::vector<std::int64_t>{n}, std::vector<AxisLayout>{AxisLayout::cyclic()},
                                                grid.dims());
  };
  // x[i] = (7 i) mod 10 for i < 30, in a cyclic layout (from_whole keeps each rank's part).
  std::vector<std::int32_t> whole(30);
  for (int i = 0; i < 30; ++i) whole[i] = (7 * i) % 10;
  const DistArray<std::int32_t> x(from_whole(DType::int32, grid, layout(30), LocalView<std::int32_t>(whole.data(), {30}, {1}).raw()));
  const auto [values, counts] = unique_counts(x);
  std::vector<std::int32_t> expected_values(10);
  std::iota(expected_values.begin(), expected_values.end(), 0);
  EXPECT_TRUE(all_ranks(gather_to_all(values) == expected_values));
  EXPECT_TRUE(all_ranks(gather_to_all(counts) == std::vector<std::int64_t>(10, 3)));
  const DistArray<std::int64_t> order = argsort(x);
  const DistArray<std::int32_t> sorted = take_along_axis(x, order, 0);
  std::vector<std::int32_t> expected = whole;
  std::sort(expected.begin(), expected.end());
  EXPECT_TRUE(all_ranks(gather_to_all(sorted) == expected));
  EXPECT_TRUE(all_ranks(gather_to_all(sort(x)) == expected));
  // x[::3] = -1, then x[x < 0] stays: compress gives ten -1s.
  assign(x, IndexMap::slices({30}, {{std::nullopt, std::nullopt, 3}}), std::int32_t{-1});
  for (int i = 0; i < 30; i += 3) whole[i] = -1;
  EXPECT_TRUE(all_ranks(gather_to_all(x) == whole));
  const DistArray<bool> negative(apply(BinaryOp::less, x.array(), Scalar(std::int64_t{0})));
  EXPECT_TRUE(all_ranks(gather_to_all(compress(x, negative)) == std::vector<std::int32_t>(10, -1)));
}

}  // namespace
}  // namespace gingham
