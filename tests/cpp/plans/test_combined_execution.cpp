// RedistributionPlan::execute_combined: every target position is handed to the combine exactly once, with
// the value a plain execution stores there, for random layouts, grids, index maps and chunk sizes; plans
// that cannot combine say so and refuse.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "gingham/kernels/creation.hpp"
#include "gingham/plans/redistribution_plan.hpp"
#include "gingham/plans/target_combine.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::positions;
using test::shard_mismatch;

/// Stores each int64 value handed over at its offset of a target shard, and counts the hand-overs per offset.
class RecordingCombine final : public TargetCombine {
 public:
  RecordingCombine(std::int64_t* into, std::vector<int>& counts) : into_(into), counts_(counts) {}
  void apply(std::int64_t at, std::int64_t step, const std::byte* from, std::int64_t from_step,
             std::int64_t n) const noexcept override {
    for (std::int64_t k = 0; k < n; ++k) {
      const std::int64_t offset = at + k * step;
      if (offset < 0 || offset >= static_cast<std::int64_t>(counts_.size())) {
        ++outside_;
        continue;
      }
      std::memcpy(into_ + offset, from + k * from_step * 8, 8);
      ++counts_[offset];
    }
  }
  mutable int outside_ = 0;

 private:
  std::int64_t* into_;
  std::vector<int>& counts_;
};

/// Empty when every offset of this rank's target shard was handed over once and no offset outside it.
std::string hand_over_problem(const std::vector<int>& counts, const RecordingCombine& combine) {
  if (combine.outside_ > 0) return std::to_string(combine.outside_) + " values handed over outside the shard";
  for (std::size_t o = 0; o < counts.size(); ++o) {
    if (counts[o] != 1) return "offset " + std::to_string(o) + " handed over " + std::to_string(counts[o]) + " times";
  }
  return "";
}

TEST(CombinedExecution, EveryTargetPositionIsHandedOverOnceWithThePlainExecutionsValue) {
  const Comm& comm = Comm::world();
  std::mt19937 random(2027);
  int combined = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::vector<std::int64_t> shape;
    const int ndim = draw(random, 0, 3);
    for (int axis = 0; axis < ndim; ++axis) shape.push_back(draw(random, 0, ndim == 1 ? 60 : 9));
    const ProcessGrid source_grid(comm, test::random_grid(random, comm.size()));
    const ProcessGrid target_grid(comm, test::random_grid(random, comm.size()));
    auto source = std::make_shared<const Distribution>(test::random_layout(random, shape, source_grid.dims()));
    const IndexMap map = draw(random, 0, 2) == 0 ? IndexMap::identity(shape) : test::random_index_map(random, shape);
    auto target = std::make_shared<const Distribution>(test::random_layout(random, map.target_shape(), target_grid.dims()));
    PlanOptions options;
    options.chunk_bytes = std::vector<std::size_t>{0, 8, 200, std::size_t{1} << 20}[draw(random, 0, 3)];
    options.datatype_min_run_bytes = std::vector<std::size_t>{0, 256, SIZE_MAX}[draw(random, 0, 2)];
    const RedistributionPlan plan(comm, source, target, map, options);
    const auto x = positions(source_grid, source);
    auto y = DistArray<std::int64_t>::allocate(target_grid, target, {}, /*zero=*/true);
    const RawView from = x.array().local(), to = y.array().local();
    bool broadcast = false;
    for (const auto& axis : map.target_axes()) broadcast = broadcast || axis.source_axis < 0;
    ASSERT_EQ(plan.can_combine(), !broadcast) << map.describe();
    std::vector<int> counts(static_cast<std::size_t>(to.size()), 0);
    RecordingCombine combine(reinterpret_cast<std::int64_t*>(to.data), counts);
    if (broadcast) {  // refused on every rank alike, before any message
      EXPECT_THROW(plan.execute_combined(from, to, combine), std::logic_error);
      continue;
    }
    ++combined;
    // A plain execution first (its exchange is prepared), then two combined ones (the second reuses the
    // combined exchange), each checked; then a plain one again.
    plan.execute(from, to, ViewCheck::local);
    std::string problem = shard_mismatch(y, map);
    for (int round = 0; round < 2 && problem.empty(); ++round) {
      std::fill(reinterpret_cast<std::int64_t*>(to.data), reinterpret_cast<std::int64_t*>(to.data) + to.size(), -1);
      std::fill(counts.begin(), counts.end(), 0);
      plan.execute_combined(from, to, combine);
      problem = hand_over_problem(counts, combine);
      if (problem.empty()) problem = shard_mismatch(y, map);
    }
    plan.execute(from, to, ViewCheck::local);
    if (problem.empty()) problem = shard_mismatch(y, map);
    ASSERT_TRUE(all_ranks(problem.empty())) << "trial " << trial << " on rank " << comm.rank() << ": " << problem
                                            << "\n  source " << source->describe() << "\n  target " << target->describe()
                                            << "\n  " << map.describe();
  }
  EXPECT_GT(combined, 100);
}

TEST(CombinedExecution, APlanWritingABoxOfItsTargetCannotCombine) {
  const ProcessGrid grid(Comm::world(), {test::world_size()});
  const auto whole = default_layout({10}, grid), part = default_layout({4}, grid);
  const RedistributionPlan box(grid.comm(), part, whole, std::nullopt, {}, {}, {3});
  EXPECT_FALSE(box.can_combine());
  const RedistributionPlan identity(grid.comm(), whole, whole);
  EXPECT_TRUE(identity.can_combine());
}

}  // namespace
}  // namespace gingham
