// Plans that write a box of their target (RedistributionPlan's target_offset, what concat, stack, tile and
// roll use): random source and target layouts, index maps and boxes; every element in the box holds the
// source element it reads, every element outside keeps what the target held before.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "gingham/plans/plan_cache.hpp"
#include "gingham/plans/redistribution_plan.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::linear_index;
using test::positions;
using test::source_index;
using test::thrown_by;

constexpr std::int64_t kUntouched = -7;

/// Empty when y's shard holds map's reads inside the box from `offset` and kUntouched elsewhere.
std::string box_mismatch(const DistArray<std::int64_t>& y, const IndexMap& map, const std::vector<std::int64_t>& offset) {
  if (!y.holds_shard()) return "";
  const LocalView<std::int64_t> local = y.local();
  const std::vector<std::int64_t> box = map.target_shape();
  std::vector<std::int64_t> index(local.ndim(), 0);
  for (std::int64_t e = 0; e < local.size(); ++e) {
    std::int64_t rest = e;
    for (int k = local.ndim() - 1; k >= 0; --k) index[k] = rest % local.shape()[k], rest /= local.shape()[k];
    const std::vector<std::int64_t> j = y.distribution().to_global(y.grid().coords(), index);
    std::vector<std::int64_t> in_box(j.size());
    bool inside = true;
    for (std::size_t k = 0; k < j.size(); ++k) {
      in_box[k] = j[k] - offset[k];
      inside = inside && in_box[k] >= 0 && in_box[k] < box[k];
    }
    const std::int64_t expected = inside ? linear_index(map.source_shape(), source_index(map, in_box)) : kUntouched;
    if (local.at(index) != expected) {
      std::ostringstream text;
      text << "target index " << format_shape(j) << " holds " << local.at(index) << ", expected " << expected;
      return text.str();
    }
  }
  return "";
}

/// A map without broadcast axes (a box may not be offset along one; see BadBoxes).
IndexMap random_map_without_broadcast(std::mt19937& random, const std::vector<std::int64_t>& shape) {
  while (true) {
    IndexMap map = draw(random, 0, 2) == 0 ? IndexMap::identity(shape) : test::random_index_map(random, shape);
    bool broadcast = false;
    for (const auto& axis : map.target_axes()) broadcast = broadcast || axis.source_axis < 0;
    if (!broadcast) return map;
  }
}

TEST(BoxPlans, RandomBoxesMatchTheSerialReferenceAndLeaveTheRestAlone) {
  std::mt19937 random(4242);
  const Comm& comm = Comm::world();
  for (int trial = 0; trial < 150; ++trial) {
    std::vector<std::int64_t> shape;
    const int ndim = draw(random, 1, 3);
    for (int axis = 0; axis < ndim; ++axis) shape.push_back(draw(random, 0, ndim == 1 ? 40 : 9));
    const ProcessGrid source_grid(comm, test::random_grid(random, comm.size()));
    const ProcessGrid target_grid(comm, test::random_grid(random, comm.size()));
    const IndexMap map = random_map_without_broadcast(random, shape);
    const std::vector<std::int64_t> box = map.target_shape();
    std::vector<std::int64_t> whole, offset;
    for (std::int64_t extent : box) {
      offset.push_back(draw(random, 0, 6));
      whole.push_back(offset.back() + extent + draw(random, 0, 6));
    }
    auto source = std::make_shared<const Distribution>(test::random_layout(random, shape, source_grid.dims()));
    auto target = std::make_shared<const Distribution>(test::random_layout(random, whole, target_grid.dims()));
    PlanOptions options;
    options.chunk_bytes = std::vector<std::size_t>{0, 8, 200, std::size_t{1} << 20}[draw(random, 0, 3)];
    options.datatype_min_run_bytes = std::vector<std::size_t>{0, 256, SIZE_MAX}[draw(random, 0, 2)];
    const auto x = positions(source_grid, source);
    auto y = DistArray<std::int64_t>::allocate(target_grid, target, {}, false);
    if (y.holds_shard()) std::fill(y.local().data(), y.local().data() + y.local().size(), kUntouched);
    const bool cached = draw(random, 0, 1) == 1;
    if (cached) {
      cached_plan(comm, source, target, map, options, nullptr, offset)->execute(x.array().local(), y.array().local());
    } else {
      RedistributionPlan(comm, source, target, map, options, {}, offset).execute(x.array().local(), y.array().local());
    }
    const std::string problem = box_mismatch(y, map, offset);
    ASSERT_TRUE(all_ranks(problem.empty())) << "trial " << trial << " (" << (cached ? "cached" : "built") << ") on rank "
                                            << comm.rank() << ": " << problem << "\n  source " << source->describe()
                                            << "\n  target " << target->describe() << "\n  " << map.describe()
                                            << "\n  offset " << format_shape(offset);
  }
}

TEST(BoxPlans, RandomBoxesExecutedTogetherMatchTheSerialReference) {
  // Up to four plans, each from its own source (random grid, layout and map) into its own box of one target
  // (boxes side by side along axis 0, as concat's), run as one exchange (detail::execute_plans_together);
  // sometimes one plan is listed twice (then they run one after another). Every element of a box holds the
  // element its plan reads, every other element what the target held before.
  std::mt19937 random(777);
  const Comm& comm = Comm::world();
  for (int trial = 0; trial < 80; ++trial) {
    const int ndim = draw(random, 1, 3), count = draw(random, 1, 4);
    std::vector<ProcessGrid> grids;
    std::vector<std::shared_ptr<const Distribution>> sources;
    std::vector<IndexMap> maps;
    std::vector<std::vector<std::int64_t>> offsets;
    std::vector<std::int64_t> whole(static_cast<std::size_t>(ndim), 0);
    std::int64_t along = 0;
    for (int p = 0; p < count; ++p) {
      std::vector<std::int64_t> shape;
      for (int axis = 0; axis < ndim; ++axis) shape.push_back(draw(random, 0, ndim == 1 ? 40 : 8));
      grids.emplace_back(comm, test::random_grid(random, comm.size()));
      sources.push_back(std::make_shared<const Distribution>(test::random_layout(random, shape, grids.back().dims())));
      IndexMap map = random_map_without_broadcast(random, shape);
      while (map.target_shape().size() != shape.size()) map = random_map_without_broadcast(random, shape);  // no axis dropped
      maps.push_back(map);
      const std::vector<std::int64_t> box = maps.back().target_shape();
      std::vector<std::int64_t> offset;
      for (int axis = 0; axis < ndim; ++axis) offset.push_back(axis == 0 ? along + draw(random, 0, 3) : draw(random, 0, 4));
      along = offset[0] + box[0];
      for (int axis = 0; axis < ndim; ++axis) whole[axis] = std::max(whole[axis], offset[axis] + box[axis] + draw(random, 0, 2));
      offsets.push_back(offset);
    }
    const ProcessGrid target_grid(comm, test::random_grid(random, comm.size()));
    auto target = std::make_shared<const Distribution>(test::random_layout(random, whole, target_grid.dims()));
    auto y = DistArray<std::int64_t>::allocate(target_grid, target, {}, false);
    if (y.holds_shard()) std::fill(y.local().data(), y.local().data() + y.local().size(), kUntouched);
    std::vector<DistArray<std::int64_t>> xs;
    std::vector<std::shared_ptr<const RedistributionPlan>> plans;
    std::vector<detail::PlanExecution> executions;
    for (int p = 0; p < count; ++p) {
      PlanOptions options;
      options.chunk_bytes = std::vector<std::size_t>{0, 8, 200, std::size_t{1} << 20}[draw(random, 0, 3)];
      options.datatype_min_run_bytes = std::vector<std::size_t>{0, 256, SIZE_MAX}[draw(random, 0, 2)];
      xs.push_back(positions(grids[p], sources[p]));
      plans.push_back(draw(random, 0, 1) == 1
                          ? cached_plan(comm, sources[p], target, maps[p], options, nullptr, offsets[p])
                          : std::make_shared<const RedistributionPlan>(comm, sources[p], target, maps[p], options,
                                                                      GridPlacement{}, offsets[p]));
      executions.push_back({plans.back().get(), xs.back().array().local(), y.array().local()});
    }
    const bool twice = draw(random, 0, 4) == 0;
    if (twice) executions.push_back(executions.front());
    detail::execute_plans_together(executions);
    std::string problem;
    if (y.holds_shard()) {
      const LocalView<std::int64_t> local = y.local();
      std::vector<std::int64_t> index(local.ndim(), 0);
      for (std::int64_t e = 0; e < local.size() && problem.empty(); ++e) {
        std::int64_t rest = e;
        for (int k = local.ndim() - 1; k >= 0; --k) index[k] = rest % local.shape()[k], rest /= local.shape()[k];
        const std::vector<std::int64_t> j = target->to_global(target_grid.coords(), index);
        std::int64_t expected = kUntouched;
        for (int p = 0; p < count; ++p) {
          const std::vector<std::int64_t> box = maps[p].target_shape();
          std::vector<std::int64_t> in_box(j.size());
          bool inside = true;
          for (std::size_t k = 0; k < j.size(); ++k) {
            in_box[k] = j[k] - offsets[p][k];
            inside = inside && in_box[k] >= 0 && in_box[k] < box[k];
          }
          if (inside) expected = linear_index(maps[p].source_shape(), source_index(maps[p], in_box));
        }
        if (local.at(index) != expected) {
          problem = "target index " + format_shape(j) + " holds " + std::to_string(local.at(index)) + ", expected " +
                    std::to_string(expected);
        }
      }
    }
    ASSERT_TRUE(all_ranks(problem.empty())) << "trial " << trial << " (" << count << " plans" << (twice ? ", one twice" : "")
                                            << ") on rank " << comm.rank() << ": " << problem;
  }
}

TEST(BoxPlans, ColumnsOfOnePositionGoIntoEveryOtherElement) {
  // Boxes whose last axis has one position (what stack's and repeat's new axis make): the copy folds that
  // axis away and moves whole strided runs, in place and through buffers (source in another layout).
  const ProcessGrid grid(Comm::world());
  const std::int64_t n = 1001;
  for (const AxisLayout& layout : {AxisLayout::block(), AxisLayout::cyclic(), AxisLayout::block_cyclic(7)}) {
    auto source = std::make_shared<const Distribution>(std::vector<std::int64_t>{n, 1},
                                                       std::vector<AxisLayout>{layout, AxisLayout::not_distributed()},
                                                       grid.dims());
    auto target = std::make_shared<const Distribution>(
        std::vector<std::int64_t>{n, 3}, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::not_distributed()},
        grid.dims());
    const auto x = positions(grid, source);
    auto y = DistArray<std::int64_t>::allocate(grid, target, {}, false);
    if (y.holds_shard()) std::fill(y.local().data(), y.local().data() + y.local().size(), kUntouched);
    const std::vector<std::int64_t> offset{0, 1};
    cached_plan(grid.comm(), source, target, std::nullopt, {}, nullptr, offset)->execute(x.array().local(), y.array().local());
    const std::string problem = box_mismatch(y, IndexMap::identity({n, 1}), offset);
    EXPECT_TRUE(all_ranks(problem.empty())) << layout.describe() << ": " << problem;
  }
}

TEST(BoxPlans, ARollOfABlockVectorSendsOnlyTheShiftAcrossEachBoundary) {
  // roll's two boxes: [s, n) reads x[0, n - s), [0, s) reads x[n - s, n). With P blocks of n / P, each rank
  // sends its last s elements to the next rank and keeps the rest.
  const ProcessGrid grid(Comm::world());
  const std::int64_t p = grid.size(), n = 1000 * p, s = 37;
  auto layout = std::make_shared<const Distribution>(std::vector<std::int64_t>{n}, std::vector<AxisLayout>{AxisLayout::block()},
                                                     grid.dims());
  const RedistributionPlan body(grid.comm(), layout, layout, IndexMap({n}, {{0, 0, 1, n - s}}), {}, {}, {s});
  const RedistributionPlan wrap(grid.comm(), layout, layout, IndexMap({n}, {{0, n - s, 1, s}}), {}, {}, {0});
  const PlanStatistics a = body.statistics(8), b = wrap.statistics(8);
  const std::int64_t crossing = p == 1 ? 0 : s;
  EXPECT_TRUE(all_ranks(a.send_elements + b.send_elements == crossing && a.receive_elements + b.receive_elements == crossing &&
                        a.self_elements + b.self_elements == n / p - crossing))
      << "sent " << a.send_elements << " + " << b.send_elements << ", kept " << a.self_elements << " + " << b.self_elements;
  const auto x = positions(grid, layout);
  auto y = DistArray<std::int64_t>::allocate(grid, layout, {}, false);
  body.execute(x.array().local(), y.array().local());
  wrap.execute(x.array().local(), y.array().local());
  const bool rolled = test::shard_holds(y.array(), [&](std::int64_t j) { return (j - s + n) % n; });
  EXPECT_TRUE(all_ranks(rolled));
}

TEST(BoxPlans, BoxesOutsideTheTargetRaiseTheSameErrorOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  auto source = std::make_shared<const Distribution>(std::vector<std::int64_t>{5}, std::vector<AxisLayout>{AxisLayout::block()},
                                                     grid.dims());
  auto target = std::make_shared<const Distribution>(std::vector<std::int64_t>{8}, std::vector<AxisLayout>{AxisLayout::block()},
                                                     grid.dims());
  for (const std::vector<std::int64_t>& offset : {std::vector<std::int64_t>{4}, {-1}, {0, 0}}) {
    const auto thrown = thrown_by([&] { RedistributionPlan(grid.comm(), source, target, std::nullopt, {}, {}, offset); });
    ASSERT_TRUE(thrown.has_value());
    EXPECT_EQ(thrown->kind, ErrorKind::value);
    EXPECT_NE(thrown->message.find("expected a target box inside the target of shape (8,)"), std::string::npos)
        << thrown->message;
  }
}

}  // namespace
}  // namespace gingham
