// Distribution: N-D products of axis maps over grids, copies along unused grid axes (no MPI).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <stdexcept>
#include <vector>

#include "gingham/distributions/distribution.hpp"
#include "gingham/distributions/distribution_codec.hpp"

namespace gingham {
namespace {

AxisLayout random_layout(std::mt19937& random, int grid_extent) {
  const int offset = std::uniform_int_distribution<int>(0, grid_extent - 1)(random);
  switch (std::uniform_int_distribution<int>(0, 3)(random)) {
    case 0: return AxisLayout::block(offset);
    case 1: return AxisLayout::cyclic(offset);
    case 2: return AxisLayout::block_cyclic(std::uniform_int_distribution<int>(1, 4)(random), offset);
    default: return AxisLayout::not_distributed();
  }
}

/// Every global index is held exactly once among primary copies, at to_local on owner_coords, and
/// to_global inverts it; owned_indices agree; every grid rank along a copy axis holds the same shard.
void expect_consistent(const Distribution& d) {
  SCOPED_TRACE(d.describe());
  std::map<std::vector<std::int64_t>, int> held;  // global index -> how often held by primary copies
  for (int r = 0; r < d.grid_size(); ++r) {
    const std::vector<int> coords = d.grid_coords_of(r);
    ASSERT_EQ(d.grid_rank_of(coords), r);
    const std::vector<std::int64_t> shape = d.local_shape(coords);
    std::vector<std::vector<std::int64_t>> owned(d.ndim());
    for (int axis = 0; axis < d.ndim(); ++axis) {
      owned[axis] = d.owned_indices(coords, axis);
      ASSERT_EQ(static_cast<std::int64_t>(owned[axis].size()), shape[axis]);
    }
    const std::int64_t size = d.local_size(coords);
    std::vector<std::int64_t> local(d.ndim(), 0);
    for (std::int64_t e = 0; e < size; ++e) {
      std::int64_t rest = e;
      for (int axis = d.ndim() - 1; axis >= 0; --axis) local[axis] = rest % shape[axis], rest /= shape[axis];
      const std::vector<std::int64_t> global = d.to_global(coords, local);
      for (int axis = 0; axis < d.ndim(); ++axis) ASSERT_EQ(global[axis], owned[axis][local[axis]]);
      ASSERT_EQ(d.to_local(global), local);
      const std::vector<int> owner = d.owner_coords(global);
      for (int g = 0; g < d.grid_ndim(); ++g) {
        if (owner[g] >= 0) ASSERT_EQ(owner[g], coords[g]);
      }
      if (d.holds_primary_copy(coords)) ++held[global];
    }
  }
  EXPECT_EQ(static_cast<std::int64_t>(held.size()), d.global_size());
  for (const auto& [index, count] : held) ASSERT_EQ(count, 1);
}

/// A layout on a random grid of 1-3 axes, with random axis layouts; column-major on even trials.
Distribution random_distribution(std::mt19937& random, int trial) {
  const int grid_ndim = std::uniform_int_distribution<int>(1, 3)(random);
  std::vector<int> grid;
  for (int g = 0; g < grid_ndim; ++g) grid.push_back(std::uniform_int_distribution<int>(1, 3)(random));
  const int ndim = std::uniform_int_distribution<int>(0, grid_ndim)(random);
  std::vector<std::int64_t> shape;
  std::vector<AxisLayout> axes;
  int next_grid_axis = 0;
  for (int axis = 0; axis < ndim; ++axis) {
    shape.push_back(std::uniform_int_distribution<int>(0, 7)(random));
    axes.push_back(random_layout(random, grid[next_grid_axis]));
    if (axes.back().is_distributed()) ++next_grid_axis;
  }
  const StorageOrder order = trial % 2 ? StorageOrder::row_major : StorageOrder::column_major;
  return Distribution(shape, axes, grid, order);
}

TEST(Distribution, RandomLayoutsCoverEveryIndexExactlyOnce) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 300; ++trial) expect_consistent(random_distribution(random, trial));
}

TEST(Distribution, EncodedLayoutsDecodeToThemselves) {
  std::mt19937 random(11);
  for (int trial = 0; trial < 300; ++trial) {
    const Distribution d = random_distribution(random, trial);
    SCOPED_TRACE(d.describe());
    EXPECT_EQ(decode_distribution(encode_distribution(d)), d);
  }
  const Distribution explicit_axes({6, 4}, {AxisLayout::block_cyclic(2, 1), AxisLayout::cyclic()}, {2, 3},
                                   StorageOrder::column_major, {1, 0});
  EXPECT_EQ(decode_distribution(encode_distribution(explicit_axes)), explicit_axes);
  std::vector<std::int64_t> broken = encode_distribution(explicit_axes);
  broken.pop_back();
  EXPECT_THROW(decode_distribution(broken), std::invalid_argument);
}

TEST(Distribution, ExplicitGridAxesAndCopies) {
  // Axis 0 over grid axis 1, axis 1 over grid axis 0: the transpose of the default assignment.
  const Distribution d({6, 4}, {AxisLayout::block(), AxisLayout::cyclic()}, {2, 3}, StorageOrder::row_major, {1, 0});
  expect_consistent(d);
  EXPECT_EQ(d.grid_axis_of(0), 1);
  EXPECT_EQ(d.array_axis_on(0), 1);
  EXPECT_EQ(d.local_shape(std::vector<int>{1, 2}), (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(d.describe(), "Distribution(shape=(6, 4), axes=(Block(), Cyclic()), grid=(2, 3), grid_axes=(1, 0))");

  const Distribution vector_on_2d({10}, {AxisLayout::block()}, {2, 3});
  expect_consistent(vector_on_2d);
  EXPECT_EQ(vector_on_2d.owner_coords(std::vector<std::int64_t>{7}), (std::vector<int>{1, -1}));
  EXPECT_FALSE(vector_on_2d.holds_primary_copy(std::vector<int>{0, 1}));

  const Distribution whole = Distribution::replicated({3, 2}, {4});
  EXPECT_TRUE(whole.is_replicated());
  EXPECT_EQ(whole.local_shape(std::vector<int>{3}), (std::vector<std::int64_t>{3, 2}));
  expect_consistent(whole);
  EXPECT_EQ(Distribution::replicated({}, {2}).local_size(std::vector<int>{1}), 1);
}

TEST(Distribution, StorageOrderGivesTheStrides) {
  const Distribution c({4, 5, 6}, {AxisLayout::block(), AxisLayout::not_distributed(), AxisLayout::not_distributed()}, {2});
  const Distribution f({4, 5, 6}, {AxisLayout::block(), AxisLayout::not_distributed(), AxisLayout::not_distributed()},
                       {2}, StorageOrder::column_major);
  const std::vector<std::int64_t> shape{2, 5, 6};
  EXPECT_EQ(c.dense_strides(shape), (std::vector<std::int64_t>{30, 6, 1}));
  EXPECT_EQ(f.dense_strides(shape), (std::vector<std::int64_t>{1, 2, 10}));
  EXPECT_NE(c, f);
}

TEST(Distribution, EqualityComparesLayoutsNotSpellings) {
  const Distribution block({10, 3}, {AxisLayout::block(), AxisLayout::not_distributed()}, {4});
  const Distribution block_cyclic({10, 3}, {AxisLayout::block_cyclic(3), AxisLayout::not_distributed()}, {4});
  EXPECT_EQ(block, block_cyclic);
  EXPECT_NE(block, Distribution({10, 3}, {AxisLayout::cyclic(), AxisLayout::not_distributed()}, {4}));
  EXPECT_NE(block, Distribution({10, 3}, {AxisLayout::block(), AxisLayout::not_distributed()}, {2, 2}));
}

TEST(Distribution, ScalapackCompatibility) {
  const auto bc = AxisLayout::block_cyclic(2);
  const auto none = AxisLayout::not_distributed();
  // Either storage order, any grid-axis assignment, any kind: S = X (column-major) or S = X^T (row-major).
  EXPECT_TRUE(Distribution({8, 8}, {bc, bc}, {2, 2}, StorageOrder::column_major).is_scalapack_compatible());
  EXPECT_TRUE(Distribution({8, 8}, {bc, bc}, {2, 2}).is_scalapack_compatible());
  EXPECT_TRUE(Distribution({8, 8}, {bc, bc}, {2, 2}, StorageOrder::column_major, {1, 0}).is_scalapack_compatible());
  EXPECT_TRUE(Distribution({8, 8}, {AxisLayout::block(), AxisLayout::block()}, {2, 2}).is_scalapack_compatible());
  EXPECT_TRUE(Distribution({8, 8}, {none, bc}, {1, 2}, StorageOrder::column_major, {-1, 1}).is_scalapack_compatible());
  EXPECT_TRUE(Distribution({8, 8}, {AxisLayout::block(), none}, {4, 1}).is_scalapack_compatible());
  EXPECT_TRUE(Distribution::replicated({8, 8}, {1}).is_scalapack_compatible());
  // Not 2-D, or a grid axis of extent > 1 holding copies.
  EXPECT_EQ(Distribution({8}, {bc}, {2}, StorageOrder::column_major).scalapack_incompatibility(),
            "ScaLAPACK takes 2-D arrays, this one is 1-D");
  EXPECT_EQ(Distribution({8, 8}, {AxisLayout::block(), none}, {2, 3}).scalapack_incompatibility(),
            "grid axis 1 (extent 3) holds copies of the array instead of spreading one of its axes");
  EXPECT_FALSE(Distribution::replicated({8, 8}, {2}).is_scalapack_compatible());
  EXPECT_FALSE(Distribution({2, 2, 2}, {bc, bc, none}, {2, 2}).is_scalapack_compatible());
  EXPECT_NE(Distribution({std::int64_t{1} << 31, 1}, {bc, none}, {2}).scalapack_incompatibility().find("32-bit"),
            std::string::npos);
}

TEST(Distribution, RejectsBadInput) {
  const auto b = AxisLayout::block();
  EXPECT_THROW(Distribution({-1}, {b}, {2}), std::invalid_argument);
  EXPECT_THROW(Distribution({4}, {b}, {0}), std::invalid_argument);
  EXPECT_THROW(Distribution({4}, {b}, {}), std::invalid_argument);
  EXPECT_THROW(Distribution({4, 4}, {b}, {2}), std::invalid_argument);
  EXPECT_THROW(Distribution({4, 4}, {b, b}, {2}), std::invalid_argument);
  EXPECT_THROW(Distribution({4, 4}, {b, b}, {2, 2}, StorageOrder::row_major, {0, 0}), std::invalid_argument);
  EXPECT_THROW(Distribution({4, 4}, {b, b}, {2, 2}, StorageOrder::row_major, {0, -1}), std::invalid_argument);
  EXPECT_THROW(Distribution({4}, {AxisLayout::cyclic(2)}, {2}), std::invalid_argument);
  EXPECT_THROW(Distribution({std::int64_t{1} << 40, std::int64_t{1} << 40}, {b, b}, {1, 1}), std::invalid_argument);
  const Distribution d({4}, {b}, {2});
  EXPECT_THROW(d.local_shape(std::vector<int>{2}), std::out_of_range);
  EXPECT_THROW(d.owner_coords(std::vector<std::int64_t>{4}), std::out_of_range);
  EXPECT_THROW(d.to_global(std::vector<int>{1}, std::vector<std::int64_t>{2}), std::out_of_range);
  try {
    Distribution({4, 4, 4}, {b, b, b}, {2, 2});
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "gingham::Distribution: 3 distributed axes need 3 grid axes, but the grid (2, 2) has 2");
  }
}

}  // namespace
}  // namespace gingham
