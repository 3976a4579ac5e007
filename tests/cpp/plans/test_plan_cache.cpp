// The plan cache: repeated moves between the same layouts reuse one plan; the reduction that agrees on a
// hit keeps ranks whose caches differ in step; ranks that pass different layouts get an error, not a hang.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "gingham/gingham.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::thrown_by;

constexpr std::int64_t kLength = 1000;

std::shared_ptr<const Distribution> layout_1d(const ProcessGrid& grid, AxisLayout axis) {
  return std::make_shared<const Distribution>(std::vector<std::int64_t>{kLength}, std::vector<AxisLayout>{axis},
                                              grid.dims());
}

/// 0, 1, ..., kLength - 1 laid out as `layout`.
DistArray<double> positions(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  return DistArray<double>(arange(DType::float64, grid, std::move(layout), Scalar(0.0), Scalar(1.0)));
}

/// Whether x + y, gathered, is 2 i at every i.
bool sum_is_right(const DistArray<double>& x, const DistArray<double>& y) {
  const std::vector<double> sum = gather_to_all(x + y);
  bool ok = static_cast<std::int64_t>(sum.size()) == kLength;
  for (std::int64_t i = 0; ok && i < kLength; ++i) ok = sum[i] == 2.0 * static_cast<double>(i);
  return ok;
}

/// x[::step] (step may be negative) into a Block layout: a move through an index map, so a plan at any rank count.
DistArray<double> every(const DistArray<double>& x, std::int64_t step) {
  const IndexMap map = IndexMap::slices({kLength}, {IndexMap::Slice{std::nullopt, std::nullopt, step}});
  auto target = std::make_shared<const Distribution>(map.target_shape(), std::vector<AxisLayout>{AxisLayout::block()},
                                                     x.grid().dims());
  return DistArray<double>(redistribute(x.array(), std::move(target), map));
}

/// Whether y holds x[::step] of positions(): the values start, start + step, ...
bool holds_every(const DistArray<double>& y, std::int64_t step) {
  const std::vector<double> values = gather_to_all(y);
  const std::int64_t start = step > 0 ? 0 : kLength - 1;
  bool ok = static_cast<std::int64_t>(values.size()) == (kLength + std::abs(step) - 1) / std::abs(step);
  for (std::size_t j = 0; ok && j < values.size(); ++j) ok = values[j] == static_cast<double>(start + step * std::int64_t(j));
  return ok;
}

class PlanCache : public ::testing::Test {
 protected:
  void SetUp() override { clear_plan_cache(), set_plan_cache_capacity(32); }
  void TearDown() override { clear_plan_cache(), set_plan_cache_capacity(32); }
};

TEST_F(PlanCache, RepeatedAlignmentBetweenTwoLayoutsBuildsOnePlan) {
  const ProcessGrid grid(Comm::world());
  const auto x = positions(grid, layout_1d(grid, AxisLayout::block()));
  const auto y = positions(grid, layout_1d(grid, AxisLayout::cyclic()));
  for (int call = 0; call < 5; ++call) EXPECT_TRUE(all_ranks(sum_is_right(x, y))) << "call " << call;
  const PlanCacheStatistics s = plan_cache_statistics();
  // The first x + y builds the Cyclic -> Block plan (on one rank the two layouts are one: nothing moves)
  // and the first gather_to_all its plan into the replicated layout; the other four calls find theirs.
  const std::int64_t plans = x.distribution() == y.distribution() ? 1 : 2;
  EXPECT_TRUE(all_ranks(s.misses == plans && s.hits == 4 * plans)) << s.misses << " misses, " << s.hits << " hits";
}

TEST_F(PlanCache, CapacityZeroCachesNothingAndTheLeastRecentlyUsedEntryGoesFirst) {
  const ProcessGrid grid(Comm::world());
  const auto x = positions(grid, layout_1d(grid, AxisLayout::block()));
  set_plan_cache_capacity(0);
  EXPECT_TRUE(all_ranks(sum_is_right(x, positions(grid, layout_1d(grid, AxisLayout::cyclic())))));
  PlanCacheStatistics s = plan_cache_statistics();
  EXPECT_TRUE(all_ranks(s.entries == 0 && s.hits == 0 && s.misses == 0));

  set_plan_cache_capacity(2);
  for (std::int64_t step : {2, 3, -1}) EXPECT_TRUE(all_ranks(holds_every(every(x, step), step)));
  s = plan_cache_statistics();  // each move and each gather of a result of another length: 6 plans
  EXPECT_TRUE(all_ranks(s.entries == 2 && s.misses == 6)) << s.entries << " entries, " << s.misses << " misses";
  const auto kept = every(x, -1);   // still cached (with the gather of its result)
  const auto again = every(x, 2);   // dropped when the later ones came in
  s = plan_cache_statistics();
  EXPECT_TRUE(all_ranks(s.hits == 1 && s.misses == 7)) << s.hits << " hits, " << s.misses << " misses";
  EXPECT_TRUE(all_ranks(holds_every(kept, -1) && holds_every(again, 2)));
}

TEST_F(PlanCache, RanksWhoseCachesDifferAllBuildAndStayCorrect) {
  const ProcessGrid grid(Comm::world());
  const auto x = positions(grid, layout_1d(grid, AxisLayout::block_cyclic(5)));
  EXPECT_TRUE(all_ranks(holds_every(every(x, -3), -3)));
  if (grid.comm().rank() == grid.comm().size() - 1) clear_plan_cache();  // the last rank forgets its plans
  EXPECT_TRUE(all_ranks(holds_every(every(x, -3), -3)));
  const PlanCacheStatistics s = plan_cache_statistics();
  // Every rank built again, since one rank missed: the hit of the others was not used (the last rank's
  // counters restarted when it cleared its cache).
  const std::int64_t misses = grid.comm().rank() == grid.comm().size() - 1 ? 2 : 4;
  EXPECT_TRUE(all_ranks(s.hits == 0 && s.misses == misses)) << s.hits << " hits, " << s.misses << " misses";
}

TEST_F(PlanCache, ALocalFailureRidingOnTheLookupIsThrownOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  const auto block = layout_1d(grid, AxisLayout::block()), cyclic = layout_1d(grid, AxisLayout::cyclic());
  for (bool cached : {false, true}) {  // a miss, then a hit: the failure is agreed on either way
    std::optional<CapturedError> failure;
    if (grid.comm().rank() == grid.comm().size() - 1) failure = CapturedError{ErrorKind::memory, "no room here"};
    const auto thrown = thrown_by([&] { (void)cached_plan(grid.comm(), block, cyclic, std::nullopt, {}, nullptr, {}, &failure); });
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::memory &&
                          thrown->message.find("no room here") != std::string::npos))
        << (cached ? "hit: " : "miss: ") << (thrown ? thrown->message : "nothing thrown");
    if (!cached) (void)cached_plan(grid.comm(), block, cyclic);  // cached for the second round
  }
  std::optional<CapturedError> none;
  EXPECT_TRUE(all_ranks(cached_plan(grid.comm(), block, cyclic, std::nullopt, {}, nullptr, {}, &none) != nullptr));
}

TEST_F(PlanCache, RanksPassingDifferentLayoutsGetTheSameErrorEverywhere) {
  if (test::world_size() < 2) GTEST_SKIP() << "needs two ranks";
  const ProcessGrid grid(Comm::world());
  const auto x = positions(grid, layout_1d(grid, AxisLayout::block()));
  const auto cyclic = layout_1d(grid, AxisLayout::cyclic());
  (void)redistribute(x.array(), cyclic);  // cached on every rank
  // Rank 0 asks for the cached plan, the others for another one: nobody may run the cached plan alone.
  const auto target = grid.comm().rank() == 0 ? cyclic : layout_1d(grid, AxisLayout::block_cyclic(2));
  const auto thrown = thrown_by([&] { (void)redistribute(x.array(), target); });
  // The cache's reduction finds the fingerprints differ, so every rank builds: the building names both.
  EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::value && thrown->message.find("differ") != std::string::npos &&
                        thrown->message.find("Cyclic()") != std::string::npos &&
                        thrown->message.find("BlockCyclic(2)") != std::string::npos))
      << (thrown ? thrown->message : "nothing thrown");
}

}  // namespace
}  // namespace gingham

namespace gingham {
namespace {

TEST_F(PlanCache, LayoutsWithOneOwnershipButTwoDescriptionsKeepTheirOwn) {
  const ProcessGrid grid(Comm::world());
  const auto x = positions(grid, layout_1d(grid, AxisLayout::cyclic()));
  const std::int64_t block = (kLength + test::world_size() - 1) / test::world_size();
  const auto as_block = layout_1d(grid, AxisLayout::block());
  const auto as_block_cyclic = layout_1d(grid, AxisLayout::block_cyclic(block));
  EXPECT_TRUE(all_ranks(*as_block == *as_block_cyclic));  // the same ownership: == holds
  const Array a = redistribute(x.array(), as_block);
  const Array b = redistribute(x.array(), as_block_cyclic);  // must not be handed a's Block layout
  EXPECT_TRUE(all_ranks(a.layout()->describe() == as_block->describe() &&
                        b.layout()->describe() == as_block_cyclic->describe()))
      << a.layout()->describe() << " / " << b.layout()->describe();
}

}  // namespace
}  // namespace gingham
