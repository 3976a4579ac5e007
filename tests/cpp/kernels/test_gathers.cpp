// Gathers and scatters through host indices (take, assign_take) and take_along_axis along an axis held
// whole, at sizes that cross the kernels' batches, pieces and threads, on random grids and layouts, against
// plain loops over the whole array; bad indices throw the same error on every rank.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/indexing.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::shard_holds;

/// The whole array 0, 1, ..., size - 1 times 3, plus 1, in a random layout on a random grid of all ranks.
Array numbered(std::mt19937& random, const std::vector<std::int64_t>& shape) {
  const ProcessGrid grid = test::random_world_grid(random);
  std::vector<std::int64_t> whole(static_cast<std::size_t>(test::element_count(shape)));
  for (std::size_t f = 0; f < whole.size(); ++f) whole[f] = 3 * static_cast<std::int64_t>(f) + 1;
  return test::random_array_of(random, grid, shape, std::move(whole));
}

/// Host indices into an axis of n: kind 0 unsorted, 1 sorted, 2 few repeated, 3 negative, 4 empty, 5 longer than n.
std::vector<std::int64_t> host_indices(std::mt19937& random, int kind, std::int64_t n) {
  const int count = kind == 4 ? 0 : kind == 5 ? static_cast<int>(3 * n + 7) : static_cast<int>(n / 2 + 5);
  std::vector<std::int64_t> indices(static_cast<std::size_t>(count));
  for (auto& i : indices) {
    i = kind == 2 ? draw(random, 0, static_cast<int>(std::min<std::int64_t>(n, 4)) - 1)
                  : draw(random, kind == 3 ? static_cast<int>(-n) : 0, static_cast<int>(n) - 1);
  }
  if (kind == 1) std::sort(indices.begin(), indices.end());
  return indices;
}

/// The row-major multi-index of flat position f of `shape`.
std::vector<std::int64_t> unravel(std::int64_t f, const std::vector<std::int64_t>& shape) {
  std::vector<std::int64_t> at(shape.size());
  for (std::size_t a = shape.size(); a-- > 0;) at[a] = f % shape[a], f /= shape[a];
  return at;
}

std::int64_t ravel(const std::vector<std::int64_t>& at, const std::vector<std::int64_t>& shape) {
  std::int64_t f = 0;
  for (std::size_t a = 0; a < shape.size(); ++a) f = f * shape[a] + at[a];
  return f;
}

TEST(Gathers, HostTakeMatchesLoops) {
  std::mt19937 random(181);
  for (int trial = 0; trial < 18; ++trial) {
    const int kind = trial % 6;
    std::vector<std::int64_t> shape{trial < 6 ? 40003 : draw(random, 1, 60)};
    if (trial >= 6) shape.push_back(draw(random, 1, 7));
    if (trial >= 12) shape.push_back(draw(random, 1, 5));
    const Array x = numbered(random, shape);
    const int axis = draw(random, 0, static_cast<int>(shape.size()) - 1);
    const std::int64_t n = shape[axis];
    const std::vector<std::int64_t> indices = host_indices(random, kind, n);
    const Array y = take(x, indices, axis);
    std::vector<std::int64_t> result_shape = shape;
    result_shape[axis] = static_cast<std::int64_t>(indices.size());
    ASSERT_EQ(y.global_shape(), result_shape);
    EXPECT_TRUE(all_ranks(shard_holds(y, [&](std::int64_t f) {
      std::vector<std::int64_t> at = unravel(f, result_shape);
      const std::int64_t i = indices[at[axis]];
      at[axis] = i < 0 ? i + n : i;
      return 3 * ravel(at, shape) + 1;
    }))) << "trial " << trial << " " << x.distribution().describe();
  }
}

TEST(Gathers, HostTakeInSeveralRoundsMatchesLoops) {
  // Slabs of 2^16 + 3 int64 elements: take moves about 16 MiB of result slabs per round, so 70 indices
  // (sorted, unsorted, negative) take three rounds, each cut at the target's blocks anew.
  std::mt19937 random(185);
  for (int trial = 0; trial < 3; ++trial) {
    const std::vector<std::int64_t> shape{draw(random, 20, 40), (std::int64_t{1} << 16) + 3};
    const Array x = numbered(random, shape);
    const std::int64_t n = shape[0];
    std::vector<std::int64_t> indices(70);
    for (auto& i : indices) i = draw(random, trial == 2 ? static_cast<int>(-n) : 0, static_cast<int>(n) - 1);
    if (trial == 1) std::sort(indices.begin(), indices.end());
    const Array y = take(x, indices, 0);
    const std::vector<std::int64_t> result_shape{70, shape[1]};
    ASSERT_EQ(y.global_shape(), result_shape);
    EXPECT_TRUE(all_ranks(shard_holds(y, [&](std::int64_t f) {
      const std::int64_t i = indices[f / shape[1]];
      return 3 * ((i < 0 ? i + n : i) * shape[1] + f % shape[1]) + 1;
    }))) << "trial " << trial << " " << x.distribution().describe();
  }
}

TEST(Gathers, HostTakeOutOfRangeIsTheFirstOneEverywhere) {
  std::mt19937 random(182);
  const Array x = numbered(random, {1000});
  std::vector<std::int64_t> indices(1500);
  std::iota(indices.begin(), indices.end(), -200);  // -200 .. 1299: 1000 is the first out of range
  const auto thrown = test::thrown_by([&] { take(x, indices, 0); });
  ASSERT_TRUE(all_ranks(thrown.has_value()));
  EXPECT_EQ(thrown->kind, ErrorKind::index);
  EXPECT_NE(thrown->message.find("index 1000 "), std::string::npos) << thrown->message;
}

TEST(Gathers, AssignTakeMatchesLoops) {
  std::mt19937 random(183);
  for (int trial = 0; trial < 12; ++trial) {
    const int kind = trial % 6;
    std::vector<std::int64_t> shape{trial < 6 ? 30011 : draw(random, 1, 50)};
    if (trial >= 6) shape.push_back(draw(random, 1, 6));
    const Array x = numbered(random, shape);
    const std::int64_t n = shape[0];
    const std::vector<std::int64_t> indices = host_indices(random, kind, n);
    const auto count = static_cast<std::int64_t>(indices.size());
    // Values of the selection's shape, or one row broadcast over the indices (odd trials).
    const std::int64_t row = shape.size() > 1 ? shape[1] : 1;
    const bool broadcast = trial % 2 == 1 && shape.size() > 1;
    std::vector<std::int64_t> values(static_cast<std::size_t>(broadcast ? row : count * row));
    for (std::size_t k = 0; k < values.size(); ++k) values[k] = -7 * static_cast<std::int64_t>(k) - 1;
    RawView view{reinterpret_cast<std::byte*>(values.data()), sizeof(std::int64_t), {}, {}};
    if (broadcast) {
      view.shape = {row}, view.strides = {1};
    } else {
      view.shape = shape, view.shape[0] = count, view.strides = shape.size() > 1 ? std::vector<std::int64_t>{row, 1} : std::vector<std::int64_t>{1};
    }
    std::vector<std::int64_t> expected(static_cast<std::size_t>(test::element_count(shape)));
    for (std::size_t f = 0; f < expected.size(); ++f) expected[f] = 3 * static_cast<std::int64_t>(f) + 1;
    for (std::int64_t j = 0; j < count; ++j) {  // in index order: the last write wins
      const std::int64_t i = indices[j] < 0 ? indices[j] + n : indices[j];
      for (std::int64_t c = 0; c < row; ++c) expected[i * row + c] = values[broadcast ? c : j * row + c];
    }
    assign_take(x, indices.data(), count, 0, view);
    EXPECT_TRUE(all_ranks(shard_holds(x, [&](std::int64_t f) { return expected[f]; })))
        << "trial " << trial << " " << x.distribution().describe();
    assign_take(x, indices.data(), count, 0, Scalar(std::int64_t{5}));
    for (std::int64_t j = 0; j < count; ++j) {
      const std::int64_t i = indices[j] < 0 ? indices[j] + n : indices[j];
      for (std::int64_t c = 0; c < row; ++c) expected[i * row + c] = 5;
    }
    EXPECT_TRUE(all_ranks(shard_holds(x, [&](std::int64_t f) { return expected[f]; }))) << "trial " << trial;
  }
}

TEST(Gathers, AssignTakeRefusesBadInputEverywhere) {
  std::mt19937 random(184);
  const Array x = numbered(random, {10, 2});
  const std::vector<std::int64_t> outside{0, 10}, fine{0, 1};
  std::vector<std::int64_t> three(3, 0);
  const RawView short_values{reinterpret_cast<std::byte*>(three.data()), sizeof(std::int64_t), {3}, {1}};
  const RawView narrow{reinterpret_cast<std::byte*>(three.data()), 4, {2}, {1}};
  const auto out = test::thrown_by([&] { assign_take(x, outside.data(), 2, 0, Scalar(std::int64_t{1})); });
  const auto shape = test::thrown_by([&] { assign_take(x, fine.data(), 2, 0, short_values); });
  const auto item = test::thrown_by([&] { assign_take(x, fine.data(), 2, 0, narrow); });
  ASSERT_TRUE(all_ranks(out.has_value() && shape.has_value() && item.has_value()));
  EXPECT_EQ(out->kind, ErrorKind::index);
  EXPECT_EQ(shape->kind, ErrorKind::value);
  EXPECT_EQ(item->kind, ErrorKind::value);
  EXPECT_TRUE(all_ranks(shard_holds(x, [](std::int64_t f) { return 3 * f + 1; })));  // nothing written
}

TEST(Gathers, TakeAlongAnAxisHeldWholeMatchesLoops) {
  std::mt19937 random(185);
  const int ranks = test::world_size();
  for (int trial = 0; trial < 6; ++trial) {
    const std::vector<std::int64_t> shape{draw(random, 1, 40), draw(random, 1, 3000)};
    const ProcessGrid grid(Comm::world(), {ranks});
    // x and the indices split over axis 0 alike, axis 1 whole on every rank: no exchange.
    const Distribution layout(shape, {AxisLayout::block(), AxisLayout::not_distributed()}, {ranks});
    std::vector<std::int64_t> whole(static_cast<std::size_t>(test::element_count(shape))), along(whole.size());
    for (std::size_t f = 0; f < whole.size(); ++f) {
      whole[f] = 3 * static_cast<std::int64_t>(f) + 1;
      along[f] = draw(random, static_cast<int>(-shape[1]), static_cast<int>(shape[1]) - 1);
    }
    const Array x = test::array_of(grid, layout, whole), indices = test::array_of(grid, layout, along);
    const Array y = take_along_axis(x, indices, 1);
    EXPECT_TRUE(all_ranks(shard_holds(y, [&](std::int64_t f) {
      const std::int64_t r = f / shape[1], i = along[f];
      return 3 * (r * shape[1] + (i < 0 ? i + shape[1] : i)) + 1;
    }))) << "trial " << trial;
    if (trial == 0) {  // one index out of range on the last rank only: the same error everywhere
      along.back() = shape[1];
      const Array bad = test::array_of(grid, layout, along);
      const auto thrown = test::thrown_by([&] { take_along_axis(x, bad, 1); });
      ASSERT_TRUE(all_ranks(thrown.has_value()));
      EXPECT_EQ(thrown->kind, ErrorKind::index);
    }
  }
}

}  // namespace
}  // namespace gingham
