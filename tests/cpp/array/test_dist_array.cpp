// The foundation slice: 1-D block arrays, arange/full, sum and gather, against serial loops.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/reductions.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::thrown_by;

/// Serial reference of arange: start + i * step while it lies before stop (NumPy's length rule).
template <class T>
std::vector<T> reference_arange(T start, T stop, T step) {
  std::vector<T> values;
  const double length = std::ceil((static_cast<double>(stop) - static_cast<double>(start)) / static_cast<double>(step));
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(length); ++i) values.push_back(start + static_cast<T>(i) * step);
  return values;
}

/// Checks this rank's shard against its slice of `expected`, then the gathered whole.
template <class T>
void expect_matches(const DistArray<T>& x, const std::vector<T>& expected) {
  ASSERT_EQ(x.ndim(), 1);
  ASSERT_EQ(x.global_shape()[0], static_cast<std::int64_t>(expected.size()));
  const std::vector<std::int64_t> owned = x.distribution().owned_indices(x.grid().coords(), 0);
  std::vector<T> slice;
  for (std::int64_t i : owned) slice.push_back(expected[i]);
  const std::span<T> local = x.local().flat();
  EXPECT_EQ(std::vector<T>(local.begin(), local.end()), slice);
  EXPECT_EQ(gather_to_all(x), expected);
}

/// True on every rank when `value` has the same bits on every rank of `comm`.
bool same_bits_everywhere(double value, const Comm& comm) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  std::uint64_t low = bits, high = bits;
  MPI_Allreduce(MPI_IN_PLACE, &low, 1, MPI_UINT64_T, MPI_MIN, comm.get());
  MPI_Allreduce(MPI_IN_PLACE, &high, 1, MPI_UINT64_T, MPI_MAX, comm.get());
  return low == high;
}

TEST(DistArray, ArangeOfTenSumsToFortyFiveOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  const auto x = arange<double>(grid, 0, 10);
  expect_matches(x, reference_arange<double>(0, 10, 1));
  EXPECT_EQ(sum(x), 45.0);
}

TEST(DistArray, ArangeMatchesTheSerialReferenceForManyLengthsAndSteps) {
  const ProcessGrid grid(Comm::world());
  for (std::int64_t n : {0, 1, 2, 3, 4, 5, 7, 10, 17, 100, 1001}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    expect_matches(arange<std::int64_t>(grid, 0, n), reference_arange<std::int64_t>(0, n, 1));
    expect_matches(arange<std::int64_t>(grid, n, -3, -2), reference_arange<std::int64_t>(n, -3, -2));
    expect_matches(arange<double>(grid, 0.5, 0.5 + 0.1 * n, 0.1), reference_arange<double>(0.5, 0.5 + 0.1 * n, 0.1));
    expect_matches(full<double>(grid, n, 2.5), std::vector<double>(n, 2.5));
    std::int64_t expected_sum = 0;
    for (std::int64_t v : reference_arange<std::int64_t>(-n, n * 2, 3)) expected_sum += v;
    EXPECT_EQ(sum(arange<std::int64_t>(grid, -n, n * 2, 3)), expected_sum);
  }
  EXPECT_EQ(arange<double>(grid, 0.0, 1.0, 0.1).global_size(), 10);  // as numpy.arange(0, 1, 0.1)
  EXPECT_EQ(arange<std::int64_t>(grid, 5, 0).global_size(), 0);
}

TEST(DistArray, FloatingPointSumsAreBitwiseIdenticalOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  const auto x = arange<double>(grid, 0.1, 1000.0, 0.37);
  const double total = sum(x);
  EXPECT_TRUE(same_bits_everywhere(total, grid.grid_comm()));
  double reference = 0;
  for (double v : reference_arange<double>(0.1, 1000.0, 0.37)) reference += v;
  EXPECT_NEAR(total, reference, 1e-9 * std::abs(reference));
}

TEST(DistArray, IntegerSumsWrapModuloTwoToTheSixtyFourLikeNumpy) {
  const ProcessGrid grid(Comm::world());
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const auto x = full<std::int64_t>(grid, 3, big);
  EXPECT_EQ(sum(x), static_cast<std::int64_t>(3 * static_cast<std::uint64_t>(big)));
  const auto extremes = arange<std::int64_t>(grid, std::numeric_limits<std::int64_t>::min(), big, big);
  expect_matches(extremes, {std::numeric_limits<std::int64_t>::min(), -1, big - 1});
}

TEST(DistArray, ScalarsAreReplicatedAndCountOnce) {
  const ProcessGrid grid(Comm::world());
  const auto s = scalar<double>(grid, 4.25);
  EXPECT_EQ(s.ndim(), 0);
  ASSERT_EQ(s.local().size(), 1);
  EXPECT_EQ(*s.local().data(), 4.25);
  EXPECT_EQ(sum(s), 4.25);
  EXPECT_EQ(gather_to_all(s), std::vector<double>{4.25});
}

TEST(DistArray, VectorsOnATwoDimensionalGridAreCopiedAlongTheSecondAxis) {
  const ProcessGrid grid(Comm::world(), {0, 0});
  const auto x = arange<std::int64_t>(grid, 0, 11);
  expect_matches(x, reference_arange<std::int64_t>(0, 11, 1));
  EXPECT_EQ(sum(x), 55);
}

TEST(DistArray, ArraysOnASubGridAreHeldByItsRanksAndReducedOverTheCommunicator) {
  const ProcessGrid first_rank(Comm::world(), {1});
  const auto x = arange<double>(first_rank, 0, 10);  // collective over the communicator
  EXPECT_EQ(x.holds_shard(), first_rank.contains_this_rank());
  EXPECT_EQ(x.local().size(), first_rank.contains_this_rank() ? 10 : 0);
  EXPECT_EQ(sum(x), 45.0);  // on every rank of the communicator
  EXPECT_EQ(gather_to_all(x), reference_arange<double>(0, 10, 1));
}

TEST(DistArray, BadArgumentsRaiseTheSameValueErrorOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  const auto negative = thrown_by([&] { full<double>(grid, -1, 0.0); });
  ASSERT_TRUE(negative.has_value());
  EXPECT_EQ(negative->kind, ErrorKind::value);
  EXPECT_EQ(negative->message, "gingham::full: expected a length >= 0, got -1");
  const auto zero_step = thrown_by([&] { arange<std::int64_t>(grid, 0, 10, 0); });
  ASSERT_TRUE(zero_step.has_value());
  EXPECT_EQ(zero_step->message, "gingham::arange: expected a non-zero step, got 0");
  EXPECT_THROW(arange<double>(grid, 0.0, std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_THROW(arange<double>(grid, std::nan(""), 1.0), std::invalid_argument);
  EXPECT_TRUE(all_ranks(true));
}

TEST(DistArray, AShardOfTheWrongSizeIsRejectedOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  auto layout = std::make_shared<const Distribution>(std::vector<std::int64_t>{5},
                                                     std::vector<AxisLayout>{AxisLayout::block()}, grid.dims());
  const std::int64_t right = layout->local_size(grid.coords());
  const auto x = DistArray<double>::from_local(grid, layout, std::vector<double>(right, 1.0));
  EXPECT_EQ(sum(x), 5.0);
  // Only the last rank passes a wrong shard; every rank raises.
  const bool last = grid.comm().rank() == grid.comm().size() - 1;
  const auto thrown = thrown_by([&] { DistArray<double>::from_local(grid, layout, std::vector<double>(right + (last ? 1 : 0))); });
  ASSERT_TRUE(thrown.has_value());
  EXPECT_EQ(thrown->kind, ErrorKind::value);
  EXPECT_NE(thrown->message.find("[raised on rank " + std::to_string(grid.comm().size() - 1)), std::string::npos);
  const ProcessGrid other(Comm::world(), {1, 0});
  EXPECT_THROW(DistArray<double>::allocate(other, layout), std::invalid_argument);
  EXPECT_THROW(DistArray<std::int64_t>(x.array()), TypeError);
}

TEST(DistArray, FromLocalAgreesOnShardsOffTheGridAndOfZeroDimensionalLayouts) {
  const Comm world = Comm::world();
  const ProcessGrid one(world, {1});  // only rank 0 is on the grid; the others hold no shard
  const bool on = one.contains_this_rank();
  auto scalar = std::make_shared<const Distribution>(std::vector<std::int64_t>{}, std::vector<AxisLayout>{}, one.dims());
  // A 0-D shard is one element on the grid and nothing off it (not the empty product, 1).
  const auto x = DistArray<double>::from_local(one, scalar, on ? std::vector<double>{2.5} : std::vector<double>{});
  EXPECT_EQ(x.holds_shard(), on);
  EXPECT_EQ(x.local().size(), on ? 1 : 0);
  if (on) EXPECT_EQ(*x.local().data(), 2.5);
  auto row = std::make_shared<const Distribution>(std::vector<std::int64_t>{4}, std::vector<AxisLayout>{AxisLayout::block()},
                                                  one.dims());
  const auto b = DistArray<bool>::from_local(one, row, on ? std::vector<bool>{true, false, true, true} : std::vector<bool>{});
  if (on) EXPECT_TRUE(b.local()(0) && !b.local()(1) && b.local()(2) && b.local()(3));
  if (world.size() > 1) {
    // Only the last rank, off the grid, passes data: every rank raises, naming it, and nobody hangs.
    const bool last = world.rank() == world.size() - 1;
    for (const auto& layout : {scalar, row}) {
      const std::size_t right = on ? static_cast<std::size_t>(layout->local_size(std::vector<int>{0})) : 0;
      const auto thrown = thrown_by([&] { DistArray<double>::from_local(one, layout, std::vector<double>(last ? 1 : right, 1.0)); });
      ASSERT_TRUE(thrown.has_value());
      EXPECT_EQ(thrown->kind, ErrorKind::value);
      EXPECT_NE(thrown->message.find("rank " + std::to_string(world.size() - 1) + " "), std::string::npos) << thrown->message;
      EXPECT_NE(thrown->message.find("[raised on rank " + std::to_string(world.size() - 1)), std::string::npos) << thrown->message;
    }
  }
  // A layout for another grid shape: every rank sees it and raises the same error at once.
  const ProcessGrid all(world, {1, 0});
  const auto wrong_grid = thrown_by([&] { DistArray<double>::from_local(all, row, std::vector<double>{}); });
  ASSERT_TRUE(wrong_grid.has_value());
  EXPECT_EQ(wrong_grid->kind, ErrorKind::value);
  EXPECT_EQ(wrong_grid->message, "gingham::DistArray::from_local: the distribution's grid shape (1,) is not the grid's (1, " +
                                     std::to_string(world.size()) + ")");
  EXPECT_TRUE(all_ranks(true));
}

}  // namespace
}  // namespace gingham
