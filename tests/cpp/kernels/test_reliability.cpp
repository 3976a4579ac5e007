// Issue 12, items 4, 7, 8 and 9: plans executed into their own input (aliasing), index-taking functions on
// empty axes at every rank count, arguments that differ between ranks (with and without the checking
// mode), and messages (allocation sizes, in-place dtype errors, grids told apart).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "gingham/array/redistribute.hpp"
#include "gingham/core/aliasing.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/plans/redistribution_plan.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/indexing.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::thrown_by;
using test::world_rank;
using test::world_size;
using Layout = std::shared_ptr<const Distribution>;

/// The layout families along one axis of a 1-D grid of `parts`: Block, Cyclic, BlockCyclic(2), BlockCyclic(3)
/// from the last process, and not distributed.
std::vector<AxisLayout> families(int parts) {
  return {AxisLayout::block(), AxisLayout::cyclic(), AxisLayout::block_cyclic(2),
          AxisLayout::block_cyclic(3, parts - 1), AxisLayout::not_distributed()};
}

/// -3, -1.5, 0, 1.5, ... laid out as `layout` (element i = 1.5 * i - 3 in row-major order).
DistArray<double> ramp(const ProcessGrid& grid, Layout layout) {
  std::vector<double> whole(static_cast<std::size_t>(layout->global_size()));
  for (std::size_t i = 0; i < whole.size(); ++i) whole[i] = 1.5 * static_cast<double>(i) - 3.0;
  const std::vector<std::int64_t>& shape = layout->global_shape();
  std::vector<std::int64_t> strides(shape.size(), 1);  // row-major, whatever the layout's storage order
  for (int k = static_cast<int>(shape.size()) - 2; k >= 0; --k) strides[k] = strides[k + 1] * shape[k + 1];
  const RawView view = LocalView<double>(whole.data(), shape, strides).raw();
  return DistArray<double>(from_whole(DType::float64, grid, std::move(layout), view));
}

/// The whole array on every rank, row-major.
std::vector<double> whole_of(const DistArray<double>& x) { return gather_to_all(x); }

/// The other array over x's shards (zero copy), in `layout` (which must give the same local shapes).
Array over_the_same_memory(const Array& x, Layout layout) {
  return Array::wrap(x.dtype(), x.grid(), std::move(layout), x.local().data, x.local().strides, nullptr);
}

// ---- Item 4: aliasing -------------------------------------------------------------------------------

TEST(Aliasing, ReversalPlanIntoItsOwnInputInEveryLayoutFamily) {
  const ProcessGrid grid(Comm::world());
  const std::int64_t n = 7;
  for (const AxisLayout& axis : families(grid.size())) {
    auto layout = std::make_shared<const Distribution>(std::vector<std::int64_t>{n}, std::vector<AxisLayout>{axis},
                                                       grid.dims());
    const RedistributionPlan plan(grid.comm(), layout, layout,
                                  IndexMap::slices({n}, {IndexMap::Slice{std::nullopt, std::nullopt, -1}}));
    for (bool view : {false, true}) {
      DistArray<double> x = ramp(grid, layout);
      Array out = view ? over_the_same_memory(x.array(), layout) : x.array();
      redistribute(plan, x.array(), out);
      const std::vector<double> whole = whole_of(x);
      bool reversed = true;
      for (std::int64_t i = 0; i < n; ++i) reversed = reversed && whole[i] == 1.5 * static_cast<double>(n - 1 - i) - 3.0;
      EXPECT_TRUE(all_ranks(reversed)) << axis.describe() << (view ? " into a view" : " into itself");
    }
  }
}

TEST(Aliasing, TransposePlanIntoItsOwnInput) {
  const ProcessGrid grid(Comm::world(), {0, 0});
  const std::int64_t n = 5;
  for (StorageOrder order : {StorageOrder::row_major, StorageOrder::column_major}) {
    for (const AxisLayout& axis : families(grid.dims()[0])) {
      const AxisLayout second = axis.is_distributed() ? AxisLayout::cyclic() : AxisLayout::not_distributed();
      auto layout = std::make_shared<const Distribution>(std::vector<std::int64_t>{n, n},
                                                         std::vector<AxisLayout>{axis, second}, grid.dims(), order);
      const RedistributionPlan plan(grid.comm(), layout, layout, IndexMap::permutation({n, n}, {1, 0}));
      DistArray<double> x = ramp(grid, layout);
      Array out = x.array();
      redistribute(plan, x.array(), out);
      const std::vector<double> whole = whole_of(x);
      bool transposed = true;
      for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = 0; j < n; ++j) transposed = transposed && whole[i * n + j] == 1.5 * static_cast<double>(j * n + i) - 3.0;
      }
      EXPECT_TRUE(all_ranks(transposed)) << layout->describe();
    }
  }
}

TEST(Aliasing, ShiftPlanIntoAnArrayOverTheSameShards) {
  const ProcessGrid grid(Comm::world());
  const std::int64_t n = 4 * grid.size();  // the same local size in both layouts
  for (bool cyclic : {false, true}) {
    auto make = [&](int offset) {
      const AxisLayout axis = cyclic ? AxisLayout::cyclic(offset) : AxisLayout::block(offset);
      return std::make_shared<const Distribution>(std::vector<std::int64_t>{n}, std::vector<AxisLayout>{axis}, grid.dims());
    };
    Layout source = make(0), target = make(1 % grid.size());
    DistArray<double> x = ramp(grid, source);
    Array shifted = over_the_same_memory(x.array(), target);
    redistribute(RedistributionPlan(grid.comm(), source, target), x.array(), shifted);
    const std::vector<double> whole = whole_of(DistArray<double>(shifted));
    bool same = true;
    for (std::int64_t i = 0; i < n; ++i) same = same && whole[i] == 1.5 * static_cast<double>(i) - 3.0;
    EXPECT_TRUE(all_ranks(same)) << (cyclic ? "cyclic" : "block");
  }
}

TEST(Aliasing, OverlapIsByAddressRanges) {
  double data[8] = {};
  const RawView all{reinterpret_cast<std::byte*>(data), sizeof(double), {8}, {1}};
  const RawView even{reinterpret_cast<std::byte*>(data), sizeof(double), {4}, {2}};
  const RawView odd{reinterpret_cast<std::byte*>(data + 1), sizeof(double), {4}, {2}};
  const RawView tail{reinterpret_cast<std::byte*>(data + 7), sizeof(double), {1}, {1}};
  const RawView head{reinterpret_cast<std::byte*>(data), sizeof(double), {7}, {1}};
  const RawView reversed{reinterpret_cast<std::byte*>(data + 7), sizeof(double), {8}, {-1}};
  EXPECT_TRUE(views_overlap(all, even));
  EXPECT_TRUE(views_overlap(even, odd));  // interleaved: the ranges meet (conservative)
  EXPECT_FALSE(views_overlap(tail, head));
  EXPECT_TRUE(views_overlap(reversed, tail));
  EXPECT_FALSE(views_overlap(RawView{}, all));
  const StagedView copy = dense_copy(reversed);
  for (int i = 0; i < 8; ++i) data[i] = i;
  const StagedView copied = dense_copy(reversed);
  EXPECT_EQ(reinterpret_cast<const double*>(copied.view.data)[0], 7.0);
  EXPECT_EQ(reinterpret_cast<const double*>(copied.view.data)[7], 0.0);
  EXPECT_FALSE(views_overlap(copy.view, all));
}

// ---- Item 7: index-taking functions on empty axes ---------------------------------------------------

TEST(EmptyAxes, TakeFromAnEmptyAxisRaisesAtEveryRankCount) {
  const ProcessGrid grid(Comm::world());
  const Array x = full(DType::float64, grid, default_layout({5, 0}, grid), 0.0);
  const auto host = thrown_by([&] { take(x, std::vector<std::int64_t>{0}, 1); });
  ASSERT_TRUE(all_ranks(host.has_value()));
  EXPECT_EQ(host->kind, ErrorKind::index);
  // Indices in a distributed array, and an empty result whose indices are out of bounds (x is (0, 5)).
  const Array indices = arange(DType::int64, grid, default_layout({1}, grid), std::int64_t{7}, std::int64_t{1});
  const Array y = full(DType::float64, grid, default_layout({0, 5}, grid), 0.0);
  const auto distributed = thrown_by([&] { take(y, indices, 1); });
  ASSERT_TRUE(all_ranks(distributed.has_value()));
  EXPECT_EQ(distributed->kind, ErrorKind::index);
  EXPECT_NE(distributed->message.find("index 7 is out of bounds for axis 1 with size 5"), std::string::npos)
      << distributed->message;
  // Empty indices on an empty axis: an empty result, as NumPy.
  const Array none = take(x, std::vector<std::int64_t>{}, 1);
  EXPECT_EQ(none.global_shape(), (std::vector<std::int64_t>{5, 0}));
}

// ---- Item 8: arguments that differ between ranks ----------------------------------------------------

/// Runs `misuse` with the checking mode off and on; expects std::invalid_argument on every rank naming
/// `argument` and rank 1 (at one rank, nothing differs: the call must succeed).
void expect_differing_argument(const std::function<void()>& misuse, const std::string& argument) {
  for (bool checking : {false, true}) {
    set_collective_checks(checking);
    const auto thrown = thrown_by(misuse);
    set_collective_checks(false);
    if (world_size() == 1) {
      EXPECT_FALSE(thrown.has_value()) << thrown->message;
      continue;
    }
    ASSERT_TRUE(all_ranks(thrown.has_value())) << argument;
    EXPECT_EQ(thrown->kind, ErrorKind::value) << thrown->message;
    EXPECT_NE(thrown->message.find(argument), std::string::npos) << thrown->message;
    EXPECT_NE(thrown->message.find("rank 1"), std::string::npos) << thrown->message;
  }
}

TEST(RankAgreement, GridDimsThatDiffer) {
  const int size = world_size();
  expect_differing_argument(
      [&] { ProcessGrid(Comm::world(), world_rank() == 0 ? std::vector<int>{size} : std::vector<int>{1, size}); },
      "dims");
}

TEST(RankAgreement, DtypesThatDiffer) {
  const ProcessGrid grid(Comm::world());
  expect_differing_argument(
      [&] { Array::allocate(world_rank() == 0 ? DType::float64 : DType::float32, grid, default_layout({6}, grid)); },
      "dtype");
}

TEST(RankAgreement, ShapesThatDiffer) {
  const ProcessGrid grid(Comm::world());
  expect_differing_argument([&] { full(DType::float64, grid, default_layout({world_rank() == 0 ? 6 : 7}, grid), 1.0); },
                            "layout");
}

TEST(RankAgreement, KeysThatDiffer) {
  const ProcessGrid grid(Comm::world());
  const Array x = arange(DType::float64, grid, default_layout({8}, grid), 0.0, 1.0);
  expect_differing_argument([&] { take(x, std::vector<std::int64_t>{0, world_rank() == 0 ? 1 : 2}, 0); }, "indices");
  // A slice key: the redistribution plan compares its index maps.
  expect_differing_argument(
      [&] {
        redistribute(x, default_layout({4}, grid),
                     IndexMap::slices({8}, {IndexMap::Slice{world_rank() == 0 ? 0 : 1, std::nullopt, 2}}));
      },
      "index map");
}

TEST(RankAgreement, CheckingModeComparesTheDescribedCall) {
  const Comm comm = Comm::world();
  int described = 0;
  auto describe = [&] {
    ++described;
    return CallArguments{"example", {{"axis", std::to_string(world_rank() == 0 ? 0 : 1)}}};
  };
  set_collective_checks(false);
  check_collective_call(comm, describe);  // off: local, nothing described
  EXPECT_EQ(described, 0);
  set_collective_checks(true);
  const auto thrown = thrown_by([&] { check_collective_call(comm, describe); });
  set_collective_checks(false);
  EXPECT_EQ(described, 1);
  if (world_size() > 1) {
    ASSERT_TRUE(all_ranks(thrown.has_value()));
    EXPECT_EQ(thrown->message, "example: every rank must pass the same axis to this collective call, but rank 0 and "
                               "rank 1 of " + std::to_string(world_size()) +
                               " differ: rank 0 passed axis = 0, rank 1 passed axis = 1");
  } else {
    EXPECT_FALSE(thrown.has_value());
  }
}

// ---- Item 9: messages -------------------------------------------------------------------------------

TEST(Messages, AllocationFailuresNameTheBytesAndTheArray) {
  const ProcessGrid grid(Comm::world());
  const std::int64_t huge = std::int64_t{1} << 58;  // 2^61 bytes of float64 in all
  const auto thrown = thrown_by([&] { Array::allocate(DType::float64, grid, default_layout({huge}, grid)); });
  ASSERT_TRUE(all_ranks(thrown.has_value()));
  EXPECT_EQ(thrown->kind, ErrorKind::memory);
  EXPECT_NE(thrown->message.find("gingham: cannot allocate "), std::string::npos) << thrown->message;
  EXPECT_NE(thrown->message.find(" bytes) for a shard of local shape"), std::string::npos) << thrown->message;
  EXPECT_NE(thrown->message.find("of an array of shape (" + std::to_string(huge) + ",)"), std::string::npos)
      << thrown->message;
  try {
    throw allocation_error(3 * 1024 * 1024, "a test");
  } catch (const std::bad_alloc& error) {  // a std::bad_alloc: Python's MemoryError
    EXPECT_STREQ(error.what(), "gingham: cannot allocate 3.0 MiB (3145728 bytes) for a test");
  }
}

TEST(Messages, InPlaceDtypeErrorsAreTypeErrorsAndShapeErrorsValueErrors) {
  const ProcessGrid grid(Comm::world());
  const Array ints = full(DType::int32, grid, default_layout({4}, grid), std::int64_t{1});
  const Array wider = full(DType::int64, grid, default_layout({4}, grid), std::int64_t{2});
  const Array matrix = full(DType::int32, grid, default_layout({2, 4}, grid), std::int64_t{1});
  const auto dtype = thrown_by([&] { apply(BinaryOp::add, ints, wider, &ints); });
  ASSERT_TRUE(all_ranks(dtype.has_value()));
  EXPECT_EQ(dtype->kind, ErrorKind::type) << dtype->message;
  EXPECT_EQ(dtype->message, "add: the in-place result must keep the dtype int32, but the operation gives int64, "
                            "which cannot be stored in place");
  const auto shape = thrown_by([&] { apply(BinaryOp::add, ints, matrix, &ints); });
  ASSERT_TRUE(all_ranks(shape.has_value()));
  EXPECT_EQ(shape->kind, ErrorKind::value) << shape->message;
}

TEST(Messages, GridsAreNamedByTheirDimsAndRanks) {
  const int size = world_size();
  const ProcessGrid line(Comm::world()), column(Comm::world(), {size, 1}), again(Comm::world());
  std::string ranks;
  for (int r = 0; r < size; ++r) ranks += (r ? ", " : "") + std::to_string(r);
  EXPECT_EQ(column.describe(), "ProcessGrid(dims=(" + std::to_string(size) + ", 1), ranks=[" + ranks + "])");
  const Array a = full(DType::float64, line, default_layout({3}, line), 1.0);
  const Array b = full(DType::float64, column, default_layout({3}, column), 1.0);
  const Array c = full(DType::float64, again, default_layout({3}, again), 1.0);
  const auto different = thrown_by([&] { apply(BinaryOp::add, a, b); });
  ASSERT_TRUE(all_ranks(different.has_value()));
  EXPECT_EQ(different->message, "gingham: the arrays live on different devices (" + line.describe() + " and " +
                                    column.describe() + "); move one with to_device first");
  const auto alike = thrown_by([&] { apply(BinaryOp::add, a, c); });
  ASSERT_TRUE(all_ranks(alike.has_value()));
  EXPECT_NE(alike->message.find("two grid objects alike, " + line.describe() + ", made by separate ProcessGrid calls"),
            std::string::npos)
      << alike->message;
}

}  // namespace
}  // namespace gingham
