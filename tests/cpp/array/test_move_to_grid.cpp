// move_to_grid: arrays moved between a Split sub-communicator's grids and the parent's grids (both ways,
// every group receiving its own copy), random layouts on both sides, checked element by element; and the
// errors every rank must raise alike.
#include <gtest/gtest.h>

#include <random>

#include "gingham/array/move_to_grid.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::positions;
using test::shard_mismatch;
using test::thrown_by;

/// Runs `trials` random moves from one group of world.split(rank % groups) to a world grid and back to every
/// group's own grid; returns the first failure's description, or "".
std::string random_round_trips(unsigned seed, int trials) {
  const Comm world = Comm::world();
  const int groups = std::min(2, world.size());
  const int color = world.rank() % groups;
  const Comm group = world.split(color, world.rank());
  std::mt19937 shared(seed);                         // the same draws on every rank
  std::mt19937 own(seed + 1000 * (color + 1));       // the same draws within a group
  for (int trial = 0; trial < trials; ++trial) {
    std::vector<std::int64_t> shape;
    const int ndim = draw(shared, 0, 3);
    for (int axis = 0; axis < ndim; ++axis) shape.push_back(draw(shared, 0, ndim == 1 ? 30 : 7));
    const int source_color = draw(shared, 0, groups - 1);
    const ProcessGrid world_grid(world, test::random_grid(shared, world.size()));
    std::shared_ptr<const Distribution> there;  // null: the default layout
    if (draw(shared, 0, 2) > 0) {
      there = std::make_shared<const Distribution>(test::random_layout(shared, shape, world_grid.dims()));
    }
    const ProcessGrid group_grid(group, test::random_grid(own, group.size()));
    auto here = std::make_shared<const Distribution>(test::random_layout(own, shape, group_grid.dims()));
    auto back = std::make_shared<const Distribution>(test::random_layout(own, shape, group_grid.dims()));

    const std::optional<DistArray<std::int64_t>> x =
        color == source_color ? std::optional(positions(group_grid, here)) : std::nullopt;
    const std::optional<Array> y = move_to_grid(world, x ? &x->array() : nullptr, &world_grid, there);
    std::string problem = y ? shard_mismatch(DistArray<std::int64_t>(*y), IndexMap::identity(shape))
                            : "no array on the parent's grid";
    const std::optional<Array> z = move_to_grid(world, &*y, &group_grid, back);  // every group receives
    if (problem.empty()) {
      problem = z ? shard_mismatch(DistArray<std::int64_t>(*z), IndexMap::identity(shape)) : "no array back";
    }
    if (problem.empty() && z->layout()->describe() != back->describe()) problem = "the way back lost its layout";
    if (!all_ranks(problem.empty())) {
      return "trial " + std::to_string(trial) + " on rank " + std::to_string(world.rank()) + ": " +
             (problem.empty() ? "another rank failed" : problem) + "\n  group layout " + here->describe() +
             "\n  parent layout " + (there ? there->describe() : "(default)");
    }
  }
  return "";
}

TEST(MoveToGrid, SubCommunicatorArraysMoveToTheParentAndBack) {
  const std::string failure = random_round_trips(2026, 120);
  EXPECT_TRUE(failure.empty()) << failure;
}

TEST(MoveToGrid, EnclosingCommunicatorIsTheOneHoldingTheOther) {
  const Comm world = Comm::world();
  const Comm group = world.split(world.rank() % 2, world.rank());
  const ProcessGrid world_grid(world), group_grid(group);
  const auto x = positions(group_grid, std::make_shared<const Distribution>(
                                           Distribution({5}, {AxisLayout::block()}, group_grid.dims())));
  EXPECT_EQ(enclosing_comm(&x.array(), &world_grid), world);
  EXPECT_EQ(enclosing_comm(nullptr, &group_grid), group);
  const auto y = positions(world_grid, std::make_shared<const Distribution>(
                                           Distribution({5}, {AxisLayout::cyclic()}, world_grid.dims())));
  if (world.size() > 1) EXPECT_EQ(enclosing_comm(&y.array(), &group_grid), world);  // one rank: either holds the other
  EXPECT_THROW(enclosing_comm(nullptr, nullptr), std::invalid_argument);
  const ProcessGrid reversed(world.split(0, world.size() - world.rank()));  // the world's ranks in reverse
  EXPECT_EQ(enclosing_comm(&x.array(), &reversed), reversed.comm());
  EXPECT_TRUE(all_ranks(true));
}

/// The message every rank saw (identical on all), or "" when a rank saw none.
std::string agreed_message(const std::optional<test::Thrown>& thrown) {
  const std::string message = thrown ? thrown->message.substr(0, thrown->message.find(" [raised")) : "";
  return all_ranks(thrown.has_value() && thrown->kind == ErrorKind::value) ? message : "";
}

TEST(MoveToGrid, BadCallsRaiseOnEveryRank) {
  const Comm world = Comm::world();
  const Comm group = world.split(world.rank() % 2, world.rank());
  const ProcessGrid world_grid(world), group_grid(group);
  const auto x = positions(group_grid, std::make_shared<const Distribution>(
                                           Distribution({6, 2}, {AxisLayout::block(), AxisLayout::not_distributed()},
                                                        group_grid.dims())));
  // No target grid anywhere.
  const Array* group_zeros = world.rank() % 2 == 0 ? &x.array() : nullptr;  // group 0's array
  EXPECT_EQ(agreed_message(thrown_by([&] { move_to_grid(world, group_zeros, nullptr); })),
            "gingham::move_to_grid: no rank passed a target grid");
  // A target layout of another shape.
  const auto wrong = std::make_shared<const Distribution>(Distribution({7}, {AxisLayout::block()}, world_grid.dims()));
  EXPECT_NE(agreed_message(thrown_by([&] { move_to_grid(world, group_zeros, &world_grid, wrong); })).find("expected "),
            std::string::npos);
  if (world.size() >= 2) {  // both groups pass their arrays
    EXPECT_EQ(agreed_message(thrown_by([&] { move_to_grid(world, &x.array(), &world_grid); })),
              "gingham::move_to_grid: expected the ranks of one communicator to pass the array (the others pass "
              "none), got arrays from 2 communicators");
  }
  if (world.size() >= 3) {  // group 0 is ranks 0, 2, ...: rank 2 keeps its array back
    const bool passes = world.rank() == 0;
    const std::string message =
        agreed_message(thrown_by([&] { move_to_grid(world, passes ? &x.array() : nullptr, &world_grid); }));
    EXPECT_NE(message.find("every rank of the array's communicator must pass it"), std::string::npos) << message;
  }
  // A communicator outside the move's: a group's array moved "over" the group, to the world's grid.
  const std::string outside = agreed_message(thrown_by([&] {
    move_to_grid(group, &x.array(), &world_grid);
  }));
  if (world.size() >= 2) EXPECT_NE(outside.find("outside the communicator of the move"), std::string::npos) << outside;
  EXPECT_TRUE(all_ranks(true));
}

}  // namespace
}  // namespace gingham
