// The profile log: off by default (nothing recorded); in a Profile scope, a Block -> Cyclic redistribution
// done twice is two calls, one plan build (the plan cache), and exactly the bytes and messages that the two
// layouts say each rank must send to the others (owner arithmetic, no MPI); the report on rank 0 sums them.
#include <gtest/gtest.h>

#include <mpi.h>

#include <set>
#include <string>

#include "gingham/array/redistribute.hpp"
#include "gingham/core/profile.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/plans/plan_cache.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;

struct Expected {
  std::int64_t bytes = 0, messages = 0;
};

/// What rank `me` sends to other ranks when `from` becomes `to` (1-D, no copies): the elements it owns in
/// `from` that another rank owns in `to`, and the number of distinct such ranks.
Expected expected_sends(const Distribution& from, const Distribution& to, int me, std::int64_t item) {
  Expected expected;
  std::set<int> peers;
  for (std::int64_t i = 0; i < from.global_shape()[0]; ++i) {
    const int source = from.owner_coords(std::vector<std::int64_t>{i})[0];
    const int target = to.owner_coords(std::vector<std::int64_t>{i})[0];
    if (source == me && target != me) expected.bytes += item, peers.insert(target);
  }
  expected.messages = static_cast<std::int64_t>(peers.size());
  return expected;
}

std::int64_t summed(std::int64_t value) {
  std::int64_t total = 0;
  MPI_Allreduce(&value, &total, 1, MPI_INT64_T, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

TEST(Profile, OffByDefaultRecordsNothing) {
  ASSERT_FALSE(profiling_requested_by_environment()) << "run without GINGHAM_PROFILE";
  ASSERT_FALSE(profiling());
  reset_profile();
  const ProcessGrid grid(Comm::world());
  const auto from = std::make_shared<const Distribution>(std::vector<std::int64_t>{101},
                                                         std::vector<AxisLayout>{AxisLayout::block()}, grid.dims());
  const auto to = std::make_shared<const Distribution>(std::vector<std::int64_t>{101},
                                                       std::vector<AxisLayout>{AxisLayout::cyclic()}, grid.dims());
  const Array y = redistribute(full(DType::float64, grid, from, Scalar(2.0)), to);
  EXPECT_TRUE(all_ranks(profile_snapshot().empty()));
}

TEST(Profile, CountsCallsBytesMessagesAndPlanBuildsOfARedistribution) {
  const ProcessGrid grid(Comm::world());
  const std::int64_t n = 1000;
  const auto from = std::make_shared<const Distribution>(std::vector<std::int64_t>{n},
                                                         std::vector<AxisLayout>{AxisLayout::block()}, grid.dims());
  const auto to = std::make_shared<const Distribution>(std::vector<std::int64_t>{n},
                                                       std::vector<AxisLayout>{AxisLayout::cyclic()}, grid.dims());
  const Array x = full(DType::float64, grid, from, Scalar(1.5));
  clear_plan_cache();
  std::map<std::string, OperationProfile> figures;
  std::string text;
  {
    const Profile scope(Comm::world(), nullptr);  // nothing printed: the test reads the figures
    const Array first = redistribute(x, to);
    const Array second = redistribute(x, to);
    figures = profile_snapshot();
    text = scope.report();
  }
  EXPECT_FALSE(profiling());
  const int me = grid.comm().rank();
  const Expected expected = expected_sends(*from, *to, me, 8);
  ASSERT_TRUE(all_ranks(figures.count("redistribute") == 1));
  const OperationProfile& redistributions = figures.at("redistribute");
  EXPECT_TRUE(all_ranks(redistributions.calls == 2)) << redistributions.calls;
  EXPECT_TRUE(all_ranks(redistributions.bytes_sent == 2 * expected.bytes))
      << redistributions.bytes_sent << " bytes, expected " << 2 * expected.bytes;
  EXPECT_TRUE(all_ranks(redistributions.messages == 2 * expected.messages))
      << redistributions.messages << " messages, expected " << 2 * expected.messages;
  EXPECT_TRUE(all_ranks(redistributions.plan_builds == 1)) << redistributions.plan_builds << " plan builds";
  // The collectives of src/core have rows of their own: the new arrays' allocations agree on failures.
  const auto agreements = figures.find("agree_on_errors (MPI_Allreduce)");
  EXPECT_TRUE(all_ranks(agreements != figures.end() && agreements->second.calls >= 2));
  // The report: rank 0 only, summed over ranks.
  const std::int64_t total_bytes = summed(2 * expected.bytes), total_messages = summed(2 * expected.messages);
  if (me == 0) {
    EXPECT_NE(text.find("gingham profile on " + std::to_string(grid.size())), std::string::npos) << text;
    const std::size_t row = text.find("\nredistribute ");
    ASSERT_NE(row, std::string::npos) << text;
    const std::string line = text.substr(row + 1, text.find('\n', row + 1) - row - 1);
    EXPECT_NE(line.find(" " + std::to_string(total_bytes) + " "), std::string::npos) << line;
    EXPECT_NE(line.find(" " + std::to_string(total_messages) + " "), std::string::npos) << line;
  } else {
    EXPECT_TRUE(text.empty());
  }
  // After the scope: recording is off again.
  reset_profile();
  const Array third = redistribute(x, to);
  EXPECT_TRUE(all_ranks(profile_snapshot().empty()));
}

TEST(Profile, ImplicitGathersAreCountedOnlyWhenOn) {
  reset_profile();
  record_implicit_gather(800);
  EXPECT_TRUE(profile_snapshot().empty());
  set_profiling(true);
  record_implicit_gather(800);
  record_implicit_gather(80);
  set_profiling(false);
  const auto figures = profile_snapshot();
  ASSERT_EQ(figures.count("implicit gather (__array__)"), 1u);
  EXPECT_EQ(figures.at("implicit gather (__array__)").calls, 2);
  EXPECT_EQ(figures.at("implicit gather (__array__)").bytes_sent, 880);
  reset_profile();
}

}  // namespace
}  // namespace gingham
