// Redistribution: random arrays between random pairs of layouts (grids, block sizes, offsets, storage
// orders, subsets of ranks), through random slices, flips, permutations, fixed and broadcast axes,
// and on different communicators; every shard is compared with a serial reference.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <sstream>

#include "gingham/array/redistribute.hpp"
#include "gingham/plans/redistribution_plan.hpp"
#include "gingham/kernels/gather.hpp"
#include "src/plans/buffer_pool.hpp"  // the pool is internal; its bound is part of the memory contract
#include "src/plans/mechanism_tuner.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::linear_index;
using test::positions;
using test::shard_mismatch;
using test::source_index;
using test::thrown_by;

/// Empty when the gathered whole of y is the serial reference.
std::string whole_mismatch(const DistArray<std::int64_t>& y, const IndexMap& map) {
  const std::vector<std::int64_t> whole = gather_to_all(y);
  const std::vector<std::int64_t> shape = map.target_shape();
  std::vector<std::int64_t> j(shape.size(), 0);
  for (std::size_t e = 0; e < whole.size(); ++e) {
    std::int64_t rest = static_cast<std::int64_t>(e);
    for (int k = static_cast<int>(shape.size()) - 1; k >= 0; --k) j[k] = rest % shape[k], rest /= shape[k];
    if (whole[e] != linear_index(map.source_shape(), source_index(map, j))) {
      return "gathered element " + format_shape(j) + " is wrong";
    }
  }
  return "";
}

/// Runs `trials` random redistributions on `comm`; returns the first failure's description, or "".
std::string random_trials(const Comm& comm, unsigned seed, int trials) {
  std::mt19937 random(seed);
  for (int trial = 0; trial < trials; ++trial) {
    std::vector<std::int64_t> shape;
    const int ndim = draw(random, 0, 3);
    for (int axis = 0; axis < ndim; ++axis) shape.push_back(draw(random, 0, ndim == 1 ? 40 : 9));
    const ProcessGrid source_grid(comm, test::random_grid(random, comm.size()));
    const ProcessGrid target_grid(comm, test::random_grid(random, comm.size()));
    auto source = std::make_shared<const Distribution>(test::random_layout(random, shape, source_grid.dims()));
    const IndexMap map = draw(random, 0, 3) == 0 ? IndexMap::identity(shape) : test::random_index_map(random, shape);
    auto target = std::make_shared<const Distribution>(test::random_layout(random, map.target_shape(), target_grid.dims()));
    PlanOptions options;
    options.chunk_bytes = std::vector<std::size_t>{0, 8, 24, 200, std::size_t{1} << 20}[draw(random, 0, 4)];
    // Slices through datatypes whenever their runs are contiguous, by default, or always packed.
    options.datatype_min_run_bytes = std::vector<std::size_t>{0, 256, SIZE_MAX}[draw(random, 0, 2)];
    const auto x = positions(source_grid, source);
    const auto y = redistribute(x, target_grid, target, map, options);
    std::string problem = shard_mismatch(y, map);
    const std::string whole_problem = whole_mismatch(y, map);  // collective: every rank gathers
    if (problem.empty()) problem = whole_problem;
    if (!all_ranks(problem.empty(), comm.get())) {
      return "trial " + std::to_string(trial) + " on rank " + std::to_string(comm.rank()) + ": " +
             (problem.empty() ? "another rank failed" : problem) + "\n  source " + source->describe() +
             "\n  target " + target->describe() + "\n  " + map.describe();
    }
  }
  return "";
}

TEST(Redistribution, RandomLayoutsAndIndexMapsMatchTheSerialReference) {
  const std::string failure = random_trials(Comm::world(), 2026, 400);
  EXPECT_TRUE(failure.empty()) << failure;
}

TEST(Redistribution, IndependentGroupsOnSplitCommunicatorsWorkAtTheSameTime) {
  const Comm world = Comm::world();
  const Comm half = world.split(world.rank() % 2, world.rank());
  const std::string failure = random_trials(half, 77 + world.rank() % 2, 100);  // the groups draw differently
  EXPECT_TRUE(failure.empty()) << failure;
}

TEST(Redistribution, GridsOnCongruentCommunicatorsExchangeData) {
  const ProcessGrid rows(Comm::world(), {0});
  const ProcessGrid columns(Comm::duplicate(MPI_COMM_WORLD), {1, 0});
  auto source = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{7, 5}, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::not_distributed()}, rows.dims());
  auto target = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{5, 7}, std::vector<AxisLayout>{AxisLayout::not_distributed(), AxisLayout::cyclic()},
      columns.dims(), StorageOrder::row_major, std::vector<int>{-1, 1});
  const IndexMap transpose = IndexMap::permutation({7, 5}, {1, 0});
  const auto y = redistribute(positions(rows, source), columns, target, transpose);
  EXPECT_TRUE(all_ranks(shard_mismatch(y, transpose).empty()));
}

TEST(Redistribution, APlanIsBuiltOnceAndExecutedManyTimes) {
  const ProcessGrid grid(Comm::world(), {0, 0});
  auto source = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{13, 11}, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::block()}, grid.dims());
  auto target = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{13, 11}, std::vector<AxisLayout>{AxisLayout::block_cyclic(2), AxisLayout::cyclic(1 % grid.dims()[1])},
      grid.dims(), StorageOrder::column_major);
  PlanOptions options;
  options.datatype_min_run_bytes = 0;  // every slice has a datatype: the tuner chooses each time
  const RedistributionPlan plan(grid.comm(), source, target, std::nullopt, options);
  const auto x = positions(grid, source);
  const std::int64_t executions = 2 * detail::MechanismAverages::kProbePeriod + 3;
  for (std::int64_t repeat = 0; repeat < executions; ++repeat) {
    auto y = DistArray<std::int64_t>::allocate(grid, target);
    plan.execute(x.array().local(), y.array().local());
    EXPECT_TRUE(all_ranks(shard_mismatch(y, IndexMap::identity({13, 11})).empty()));
  }
  // A rank that packs something used both ways (the tuner tries each), and counted every execution.
  const PlanStatistics stats = plan.statistics(sizeof(std::int64_t));
  const std::int64_t counted = stats.datatype_executions + stats.packed_executions;
  EXPECT_TRUE(all_ranks(counted == 0 || (counted == executions && stats.datatype_executions > 0 && stats.packed_executions > 0)))
      << stats.datatype_executions << " with datatypes, " << stats.packed_executions << " packed";
  EXPECT_TRUE(all_ranks(grid.comm().size() == 1 || counted > 0 || stats.send_messages + stats.receive_messages == 0));
}

TEST(Redistribution, BuffersStayWithinTheChunkAndLargeMessagesAreSplitIntoRounds) {
  const ProcessGrid grid(Comm::world());
  const std::int64_t n = 100000;
  auto block = std::make_shared<const Distribution>(std::vector<std::int64_t>{n}, std::vector<AxisLayout>{AxisLayout::block()},
                                                    grid.dims());
  auto cyclic = std::make_shared<const Distribution>(std::vector<std::int64_t>{n}, std::vector<AxisLayout>{AxisLayout::cyclic()},
                                                     grid.dims());
  for (std::size_t chunk : {std::size_t{64}, std::size_t{4096}, std::size_t{1} << 20}) {
    PlanOptions options;
    options.chunk_bytes = chunk;
    const RedistributionPlan plan(grid.comm(), block, cyclic, std::nullopt, options);
    const PlanStatistics stats = plan.statistics(sizeof(std::int64_t));
    EXPECT_LE(stats.buffer_bytes, chunk);
    // Metadata does not grow with the data: block -> cyclic compresses to one progression per peer.
    EXPECT_LT(stats.metadata_bytes, std::size_t{4096} + 512 * static_cast<std::size_t>(grid.size()));
    if (grid.size() > 1) {
      const std::int64_t largest = (n / grid.size() + 1) * sizeof(std::int64_t);
      EXPECT_GE(stats.rounds, largest / static_cast<std::int64_t>(chunk));  // split, not sent at once
    }
    auto y = DistArray<std::int64_t>::allocate(grid, cyclic);
    plan.execute(positions(grid, block).array().local(), y.array().local());
    EXPECT_TRUE(all_ranks(shard_mismatch(y, IndexMap::identity({n})).empty()));
    // Between executions the buffer pool keeps at most one default chunk of idle buffers.
    EXPECT_LE(detail::pooled_bytes(), default_chunk_bytes());
  }
}

/// An int64 array with ghost cells (so its views are not dense) holding its positions.
DistArray<std::int64_t> positions_with_halo(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  auto x = DistArray<std::int64_t>::allocate(grid, layout, HaloSpec::uniform(layout->ndim(), 2));
  RedistributionPlan(grid.comm(), layout, layout).execute(positions(grid, layout).array().local(), x.array().local());
  return x;
}

TEST(Redistribution, LargeBlockLayoutsMoveByPiecesAlsoBetweenNonDenseViews) {
  const ProcessGrid rows(Comm::world(), {0, 1});
  const std::int64_t n = 640, m = 300;
  auto block = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{n, m}, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::not_distributed()}, rows.dims());
  auto blocks64 = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{n, m}, std::vector<AxisLayout>{AxisLayout::block_cyclic(64), AxisLayout::not_distributed()},
      rows.dims());
  const RedistributionPlan plan(rows.comm(), block, blocks64);
  EXPECT_EQ(plan.statistics(8).moves_by_pieces, rows.size() > 1);
  const IndexMap identity = IndexMap::identity({n, m});
  for (bool halo_source : {false, true}) {
    for (bool halo_target : {false, true}) {
      const auto x = halo_source ? positions_with_halo(rows, block) : positions(rows, block);
      auto y = halo_target ? DistArray<std::int64_t>::allocate(rows, blocks64, HaloSpec{{0, 1}, {0, 1}, {}, Stencil::box})
                           : DistArray<std::int64_t>::allocate(rows, blocks64);
      plan.execute(x.array().local(), y.array().local());
      EXPECT_TRUE(all_ranks(shard_mismatch(y, identity).empty())) << halo_source << halo_target;
    }
  }
}

/// A dense shard of `layout` on this rank whose 8-byte elements start 4 bytes past an 8-byte boundary
/// (like complex64 data, or a slice), holding value(global index) per element.
struct MisalignedShard {
  std::vector<std::byte> storage;
  RawView view;
};
template <class Value>
MisalignedShard misaligned_shard(const ProcessGrid& grid, const Distribution& layout, Value value) {
  MisalignedShard shard;
  if (!grid.contains_this_rank()) return shard;
  const std::vector<std::int64_t> shape = layout.local_shape(grid.coords());
  const std::vector<std::int64_t> strides = layout.dense_strides(shape);
  std::int64_t n = 1;
  for (std::int64_t e : shape) n *= e;
  shard.storage.resize(static_cast<std::size_t>(n) * 8 + 16);
  const auto address = reinterpret_cast<std::uintptr_t>(shard.storage.data());
  shard.view = RawView{shard.storage.data() + (8 - address % 8) % 8 + 4, 8, shape, strides};
  std::vector<std::int64_t> index(shape.size(), 0);
  for (std::int64_t e = 0; e < n; ++e) {
    std::int64_t rest = e, offset = 0;
    for (int k = static_cast<int>(shape.size()) - 1; k >= 0; --k) index[k] = rest % shape[k], rest /= shape[k];
    for (std::size_t k = 0; k < shape.size(); ++k) offset += index[k] * strides[k];
    const std::int64_t v = value(layout.to_global(grid.coords(), index));
    std::memcpy(shard.view.data + offset * 8, &v, 8);
  }
  return shard;
}

TEST(Redistribution, TransposesBetweenMisalignedShardsOfEightByteElements) {
  const ProcessGrid grid(Comm::world(), {0, 1});
  const std::vector<std::int64_t> shape{45, 38};
  auto rows = std::make_shared<const Distribution>(
      shape, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::not_distributed()}, grid.dims());
  auto transposed = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{38, 45}, std::vector<AxisLayout>{AxisLayout::block_cyclic(5), AxisLayout::not_distributed()},
      grid.dims());
  const IndexMap transpose = IndexMap::permutation(shape, {1, 0});
  for (std::size_t chunk : {std::size_t{0}, std::size_t{512}}) {
    PlanOptions options;
    options.chunk_bytes = chunk;
    const RedistributionPlan plan(grid.comm(), rows, transposed, transpose, options);
    const auto x = misaligned_shard(grid, *rows, [&](const std::vector<std::int64_t>& i) { return linear_index(shape, i); });
    auto y = misaligned_shard(grid, *transposed, [](const std::vector<std::int64_t>&) { return std::int64_t{-1}; });
    plan.execute(x.view, y.view);
    const auto expected = misaligned_shard(grid, *transposed, [&](const std::vector<std::int64_t>& j) {
      return linear_index(shape, {j[1], j[0]});
    });
    const std::size_t bytes = static_cast<std::size_t>(y.view.size()) * 8;
    EXPECT_TRUE(all_ranks(bytes == 0 || std::memcmp(y.view.data, expected.view.data, bytes) == 0)) << "chunk " << chunk;
  }
}

TEST(Redistribution, FlipsOfShardsLargerThanTheCacheMatchTheSerialReference) {
  // Targets of more than 32 MiB per rank are written with non-temporal stores, reversed runs too (flips):
  // 1-D across ranks, and 2-D with the rows, the columns (reversed within a rank) or both flipped. Odd
  // extents leave runs that do not fill the last register.
  const ProcessGrid grid(Comm::world(), {0});
  const std::int64_t p = grid.comm().size();
  const ProcessGrid rows(Comm::world(), {0, 1});
  struct Case {
    const ProcessGrid* grid;
    std::vector<std::int64_t> shape;
    std::vector<bool> flipped;
  };
  const std::vector<Case> cases = {{&grid, {p * 4'400'000 + 3}, {true}},
                                   {&rows, {p * 275 + 1, 16001}, {false, true}},
                                   {&rows, {p * 275 + 1, 16001}, {true, false}},
                                   {&rows, {p * 275 + 1, 16001}, {true, true}}};
  for (const Case& c : cases) {
    std::vector<AxisLayout> axes(c.shape.size(), AxisLayout::not_distributed());
    axes[0] = AxisLayout::block();
    auto layout = std::make_shared<const Distribution>(c.shape, axes, c.grid->dims());
    std::vector<IndexMap::TargetAxis> targets;
    for (std::size_t a = 0; a < c.shape.size(); ++a) {
      const std::int64_t n = c.shape[a];
      targets.push_back(c.flipped[a] ? IndexMap::TargetAxis{static_cast<int>(a), n - 1, -1, n}
                                     : IndexMap::TargetAxis{static_cast<int>(a), 0, 1, n});
    }
    const IndexMap flip(c.shape, std::move(targets));
    const RedistributionPlan plan(c.grid->comm(), layout, layout, flip);
    const auto x = positions(*c.grid, layout);
    auto y = DistArray<std::int64_t>::allocate(*c.grid, layout);
    ASSERT_GE(y.array().local().size() * 8, std::int64_t{32} << 20);
    plan.execute(x.array().local(), y.array().local());
    EXPECT_TRUE(all_ranks(shard_mismatch(y, flip).empty())) << c.shape.size() << "-D, flipped " << c.flipped[0];
  }
}

TEST(Redistribution, CoprimeBlockCyclicLayoutsKeepMetadataOfOnePeriodNotOfTheAxis) {
  // BlockCyclic(3) -> BlockCyclic(5): a piece every few elements, in a pattern that repeats every
  // lcm(3P, 5P) indices; the plan keeps that pattern, not one entry per piece.
  const ProcessGrid grid(Comm::world());
  std::vector<std::size_t> metadata;
  for (std::int64_t n : {30000, 300000}) {
    auto three = std::make_shared<const Distribution>(std::vector<std::int64_t>{n},
                                                      std::vector<AxisLayout>{AxisLayout::block_cyclic(3)}, grid.dims());
    auto five = std::make_shared<const Distribution>(std::vector<std::int64_t>{n},
                                                     std::vector<AxisLayout>{AxisLayout::block_cyclic(5, grid.size() - 1)}, grid.dims());
    const RedistributionPlan plan(grid.comm(), three, five);
    metadata.push_back(plan.statistics(8).metadata_bytes);
    auto y = DistArray<std::int64_t>::allocate(grid, five);
    plan.execute(positions(grid, three).array().local(), y.array().local());
    EXPECT_TRUE(all_ranks(shard_mismatch(y, IndexMap::identity({n})).empty())) << "n = " << n;
  }
  EXPECT_EQ(metadata[0], metadata[1]);  // ten times the elements, the same metadata
  EXPECT_LT(metadata[1], std::size_t{8192} + 2048 * static_cast<std::size_t>(grid.size()));
}

TEST(Redistribution, ReplicatedToDistributedMovesNothing) {
  const ProcessGrid grid(Comm::world(), {0, 0});
  auto whole = std::make_shared<const Distribution>(Distribution::replicated({20, 6}, grid.dims()));
  auto spread = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{20, 6}, std::vector<AxisLayout>{AxisLayout::block_cyclic(3), AxisLayout::block()}, grid.dims());
  const RedistributionPlan plan(grid.comm(), whole, spread);
  const PlanStatistics stats = plan.statistics(8);
  EXPECT_EQ(stats.send_messages + stats.receive_messages, 0);
  EXPECT_EQ(stats.self_elements, spread->local_size(grid.coords()));
}

TEST(Redistribution, BadInputRaisesTheSameErrorOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  const int size = grid.size();
  auto a = std::make_shared<const Distribution>(std::vector<std::int64_t>{6}, std::vector<AxisLayout>{AxisLayout::block()},
                                                grid.dims());
  auto b = std::make_shared<const Distribution>(std::vector<std::int64_t>{7}, std::vector<AxisLayout>{AxisLayout::block()},
                                                grid.dims());
  const auto shapes = thrown_by([&] { RedistributionPlan(grid.comm(), a, b); });
  ASSERT_TRUE(shapes.has_value());
  EXPECT_EQ(shapes->kind, ErrorKind::value);
  EXPECT_EQ(shapes->message, "gingham::RedistributionPlan: the index map gives shape (6,), the target has shape (7,)");
  auto too_big = std::make_shared<const Distribution>(std::vector<std::int64_t>{6}, std::vector<AxisLayout>{AxisLayout::block()},
                                                      std::vector<int>{size + 1});
  EXPECT_EQ(thrown_by([&] { RedistributionPlan(grid.comm(), a, too_big); }).value().kind, ErrorKind::value);
  EXPECT_EQ(thrown_by([&] { IndexMap::slices({6}, {{0, 6, 0}}); }).value().kind, ErrorKind::value);
  EXPECT_EQ(thrown_by([&] { IndexMap({6}, {}, {{0, 6}}); }).value().kind, ErrorKind::index);
  // A view of the wrong shape on one rank only: every rank raises, nobody hangs.
  const RedistributionPlan plan(grid.comm(), a, a);
  auto x = DistArray<double>::allocate(grid, a);
  RawView wrong = x.array().local();
  if (grid.comm().rank() == size - 1) wrong.shape = {99};
  const auto view = thrown_by([&] { plan.execute(x.array().local(), wrong); });
  ASSERT_TRUE(view.has_value());
  EXPECT_EQ(view->kind, ErrorKind::value);
  EXPECT_NE(view->message.find("[raised on rank " + std::to_string(size - 1)), std::string::npos) << view->message;
  // Element sizes the executor cannot move, on every rank or on one rank only: every rank raises.
  RawView odd = x.array().local();
  odd.item_size = 3;
  const auto three = thrown_by([&] { plan.execute(odd, odd); });
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(three->kind, ErrorKind::value);
  EXPECT_EQ(three->message.substr(0, three->message.find(" [raised")),
            "gingham: expected source and target elements of one size of 1, 2, 4, 8 or 16 bytes, got 3 and 3");
  RawView wide = x.array().local();
  if (grid.comm().rank() == size - 1) wide.item_size = 32;
  const auto thirty_two = thrown_by([&] { plan.execute(x.array().local(), wide); });
  ASSERT_TRUE(thirty_two.has_value());
  EXPECT_EQ(thirty_two->kind, ErrorKind::value);
  EXPECT_NE(thirty_two->message.find("got 8 and 32"), std::string::npos) << thirty_two->message;
  EXPECT_THROW(plan.execute(odd, odd, ViewCheck::local), std::logic_error);  // a local check: this rank only
  // Grids on communicators with different ranks cannot exchange data.
  const Comm world = Comm::world();
  const ProcessGrid half(world.split(world.rank() % 2, world.rank()));
  if (size > 1) EXPECT_EQ(thrown_by([&] { redistribute(x.array(), half, a); }).value().kind, ErrorKind::value);
  EXPECT_TRUE(all_ranks(true));
}

TEST(Redistribution, MessagesOfManyPartsStreamThroughRingsWithinTheChunk) {
  // Block columns <-> block rows and a transpose, with messages of several MiB: each message moves as many
  // parts, packed into and unpacked from rings of a few slots (both ways, several executions, so that the
  // tuner also tries datatypes), or every part posted at once (chunk 0).
  const Comm comm = Comm::world();
  const int p = comm.size();
  const ProcessGrid rows(comm, {p, 1}), columns(comm, {1, p});
  const std::int64_t n0 = 1100, n1 = 900;
  auto layout = [](std::vector<std::int64_t> shape, const ProcessGrid& grid) {
    return std::make_shared<const Distribution>(shape, std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::block()},
                                                grid.dims());
  };
  struct Case {
    const ProcessGrid* from_grid;
    std::shared_ptr<const Distribution> from;
    const ProcessGrid* to_grid;
    std::shared_ptr<const Distribution> to;
    IndexMap map;
  };
  const std::vector<Case> cases{
      {&columns, layout({n0, n1}, columns), &rows, layout({n0, n1}, rows), IndexMap::identity({n0, n1})},
      {&rows, layout({n0, n1}, rows), &columns, layout({n0, n1}, columns), IndexMap::identity({n0, n1})},
      {&rows, layout({n0, n1}, rows), &rows, layout({n1, n0}, rows), IndexMap::permutation({n0, n1}, {1, 0})}};
  for (const Case& c : cases) {
    for (std::size_t chunk : {std::size_t{0}, std::size_t{40000}, default_chunk_bytes()}) {
      PlanOptions options;
      options.chunk_bytes = chunk;
      const RedistributionPlan plan(comm, c.from, c.to, c.map, options);
      const PlanStatistics stats = plan.statistics(sizeof(std::int64_t));
      if (chunk != 0) EXPECT_LE(stats.buffer_bytes, chunk);
      // The largest message has n0 n1 / p^2 elements or more; parts carry at most 1 MiB (less with a small chunk).
      const std::int64_t largest_bytes = n0 * n1 / (p * p) * static_cast<std::int64_t>(sizeof(std::int64_t));
      if (p > 1) EXPECT_GE(stats.rounds, largest_bytes >> 20) << "chunk " << chunk;
      if (p > 1 && chunk == 40000) EXPECT_GE(stats.rounds, largest_bytes / 40000) << "chunk " << chunk;
      const auto x = positions(*c.from_grid, c.from);
      for (int execution = 0; execution < 2; ++execution) {
        auto y = DistArray<std::int64_t>::allocate(*c.to_grid, c.to);
        plan.execute(x.array().local(), y.array().local());
        EXPECT_TRUE(all_ranks(shard_mismatch(y, c.map).empty())) << "chunk " << chunk << ", execution " << execution;
      }
    }
  }
}

}  // namespace
}  // namespace gingham
