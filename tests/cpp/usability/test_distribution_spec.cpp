// make_distribution: a Distribution's arguments by name (designated initializers) give the same layout as
// the positional constructor; left-out fields take Python's defaults (default layout, row-major).
#include <gtest/gtest.h>

#include "gingham/core/process_grid.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/distributions/distribution_spec.hpp"
#include "support.hpp"

namespace gingham {
namespace {

TEST(DistributionSpec, NamedArgumentsEqualThePositionalConstructor) {
  const ProcessGrid grid(Comm::world(), {0, 0});  // MPI chooses a 2-D shape
  const Distribution named = make_distribution({.shape = {40, 30}, .grid_dims = grid.dims(),
                                                .axes = {AxisLayout::block_cyclic(4), AxisLayout::cyclic(1 % grid.dims()[1])},
                                                .local_order = StorageOrder::column_major});
  const Distribution positional({40, 30}, {AxisLayout::block_cyclic(4), AxisLayout::cyclic(1 % grid.dims()[1])},
                                grid.dims(), StorageOrder::column_major);
  EXPECT_EQ(named, positional);
  EXPECT_EQ(named.storage_order(), StorageOrder::column_major);
}

TEST(DistributionSpec, GridAxesPlaceTheAxes) {
  const Distribution named = make_distribution({.shape = {6, 8, 5}, .grid_dims = {2, 3},
                                                .axes = {AxisLayout::block(), AxisLayout::not_distributed(), AxisLayout::cyclic()},
                                                .grid_axes = {1, -1, 0}});
  EXPECT_EQ(named.grid_axis_of(0), 1);
  EXPECT_EQ(named.grid_axis_of(1), -1);
  EXPECT_EQ(named.grid_axis_of(2), 0);
  EXPECT_EQ(named, Distribution({6, 8, 5}, {AxisLayout::block(), AxisLayout::not_distributed(), AxisLayout::cyclic()},
                                {2, 3}, StorageOrder::row_major, {1, -1, 0}));
}

TEST(DistributionSpec, LeftOutAxesGiveTheDefaultLayoutInEitherOrder) {
  for (const std::vector<int>& grid_dims : {std::vector<int>{3}, std::vector<int>{2, 2}}) {
    EXPECT_EQ(make_distribution({.shape = {9, 4, 2}, .grid_dims = grid_dims}), derived::default_layout({9, 4, 2}, grid_dims));
    const Distribution fortran = make_distribution({.shape = {9, 4, 2}, .grid_dims = grid_dims,
                                                    .local_order = StorageOrder::column_major});
    EXPECT_EQ(fortran.storage_order(), StorageOrder::column_major);
    const Distribution reference = derived::default_layout({9, 4, 2}, grid_dims);
    for (int axis = 0; axis < 3; ++axis) {
      EXPECT_EQ(fortran.axis_layout(axis), reference.axis_layout(axis));
      EXPECT_EQ(fortran.grid_axis_of(axis), reference.grid_axis_of(axis));
    }
  }
}

TEST(DistributionSpec, MissingGridOrAxesForGridAxesAreClearErrors) {
  const auto no_grid = test::thrown_by([] { (void)make_distribution({.shape = {4}}); });
  ASSERT_TRUE(no_grid.has_value());
  EXPECT_NE(no_grid->message.find("expected .grid_dims"), std::string::npos) << no_grid->message;
  const auto stray = test::thrown_by([] { (void)make_distribution({.shape = {4}, .grid_dims = {2}, .grid_axes = {0}}); });
  ASSERT_TRUE(stray.has_value());
  EXPECT_NE(stray->message.find("no .axes"), std::string::npos) << stray->message;
  const auto wrong_length = test::thrown_by([] {
    (void)make_distribution({.shape = {4, 4}, .grid_dims = {2}, .axes = {AxisLayout::block()}});
  });
  ASSERT_TRUE(wrong_length.has_value());
  EXPECT_EQ(wrong_length->kind, ErrorKind::value);
}

}  // namespace
}  // namespace gingham
