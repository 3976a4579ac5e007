// ProcessGrid: shapes, coordinates, per-axis sub-communicators, sub-grids and bad shapes.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "gingham/core/process_grid.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::thrown_by;
using test::world_size;

/// Checks coordinates, ranks and axis communicators of a grid that contains this rank.
void expect_consistent(const ProcessGrid& grid) {
  ASSERT_TRUE(grid.contains_this_rank());
  const std::vector<int>& coords = grid.coords();
  EXPECT_EQ(grid.grid_rank_of(coords), grid.grid_comm().rank());
  EXPECT_EQ(grid.coords_of(grid.grid_comm().rank()), coords);
  for (int axis = 0; axis < grid.ndim(); ++axis) {
    const Comm& line = grid.axis_comm(axis);
    EXPECT_EQ(line.size(), grid.dims()[axis]);
    EXPECT_EQ(line.rank(), coords[axis]);
    // Every rank on the line agrees on all other coordinates.
    for (int other = 0; other < grid.ndim(); ++other) {
      int lowest = coords[other], highest = coords[other];
      MPI_Allreduce(MPI_IN_PLACE, &lowest, 1, MPI_INT, MPI_MIN, line.get());
      MPI_Allreduce(MPI_IN_PLACE, &highest, 1, MPI_INT, MPI_MAX, line.get());
      if (other != axis) EXPECT_EQ(lowest, highest);
      else EXPECT_EQ(highest - lowest, grid.dims()[axis] - 1);
    }
  }
  for (int r = 0; r < grid.size(); ++r) EXPECT_EQ(grid.grid_rank_of(grid.coords_of(r)), r);
}

TEST(ProcessGrid, OneDimensionalGridOverAllRanks) {
  const ProcessGrid grid(Comm::world());
  EXPECT_EQ(grid.ndim(), 1);
  EXPECT_EQ(grid.dims(), std::vector<int>{world_size()});
  EXPECT_EQ(grid.size(), world_size());
  expect_consistent(grid);
}

TEST(ProcessGrid, ZerosAreFilledInByMpiDimsCreate) {
  const ProcessGrid grid(Comm::world(), {0, 0});
  EXPECT_EQ(grid.size(), world_size());
  EXPECT_GE(grid.dims()[0], grid.dims()[1]);
  expect_consistent(grid);
  const ProcessGrid three_d(Comm::world(), {0, 1, 0});
  EXPECT_EQ(three_d.dims()[1], 1);
  EXPECT_EQ(three_d.size(), world_size());
  expect_consistent(three_d);
}

TEST(ProcessGrid, RowMajorRankOrderLikeScalapack) {
  const ProcessGrid grid(Comm::world(), {1, world_size()});
  EXPECT_EQ(grid.coords(), (std::vector<int>{0, grid.comm().rank()}));
  if (world_size() % 2 == 0) {
    const ProcessGrid columns(Comm::world(), {2, 0});
    const int cols = columns.dims()[1];
    EXPECT_EQ(columns.coords(), (std::vector<int>{columns.comm().rank() / cols, columns.comm().rank() % cols}));
  }
}

TEST(ProcessGrid, SmallerGridLeavesTheOtherRanksOut) {
  const ProcessGrid single(Comm::world(), {1});
  EXPECT_EQ(single.contains_this_rank(), single.comm().rank() == 0);
  if (single.contains_this_rank()) {
    expect_consistent(single);
  } else {
    EXPECT_TRUE(single.grid_comm().is_null());
    EXPECT_THROW(single.coords(), std::logic_error);
    EXPECT_THROW(single.axis_comm(0), std::logic_error);
  }
}

TEST(ProcessGrid, BadShapesRaiseTheSameValueErrorOnEveryRank) {
  const int size = world_size();
  const auto too_large = thrown_by([&] { ProcessGrid(Comm::world(), {size + 1}); });
  ASSERT_TRUE(too_large.has_value());
  EXPECT_EQ(too_large->kind, ErrorKind::value);
  EXPECT_EQ(too_large->message, "gingham::ProcessGrid: a grid of shape (" + std::to_string(size + 1) +
                                    ",) needs " + std::to_string(size + 1) + " ranks, but the communicator has " +
                                    std::to_string(size));
  const auto negative = thrown_by([&] { ProcessGrid(Comm::world(), {-1, 1}); });
  ASSERT_TRUE(negative.has_value());
  EXPECT_EQ(negative->message, "gingham::ProcessGrid: grid extents must be >= 0 (0 = choose), got (-1, 1)");
  EXPECT_THROW(ProcessGrid(Comm::world(), std::vector<int>{}), std::invalid_argument);
  if (size >= 3) {  // size - 1 does not divide size
    EXPECT_THROW(ProcessGrid(Comm::world(), {0, size - 1}), std::invalid_argument);
  }
  const ProcessGrid grid(Comm::world());
  EXPECT_THROW(grid.axis_comm(1), std::out_of_range);
  EXPECT_THROW(grid.coords_of(size), std::out_of_range);
  EXPECT_THROW(grid.grid_rank_of(std::vector<int>{size}), std::out_of_range);
  std::string ranks;
  for (int r = 0; r < size; ++r) ranks += (r ? ", " : "") + std::to_string(r);
  EXPECT_EQ(grid.describe(), "ProcessGrid(dims=(" + std::to_string(size) + ",), ranks=[" + ranks + "])");
}

TEST(ProcessGrid, AxesCommunicatorSpansTheChosenGridAxes) {
  // On a 3-D grid, the communicator of each set of axes holds exactly the ranks that agree on the other
  // coordinates, ranked row-major by the chosen coordinates; the same set gives the same (cached) comm.
  const ProcessGrid grid(Comm::world(), {0, 1, 0});
  for (const std::vector<int>& axes : std::vector<std::vector<int>>{{}, {0}, {2}, {0, 2}, {2, 0}, {0, 1, 2}}) {
    const Comm& sub = grid.axes_comm(axes);
    std::vector<int> sorted = axes;
    std::sort(sorted.begin(), sorted.end());
    int expected_size = 1, expected_rank = 0;
    for (int g : sorted) expected_size *= grid.dims()[g], expected_rank = expected_rank * grid.dims()[g] + grid.coords()[g];
    EXPECT_EQ(sub.size(), expected_size);
    EXPECT_EQ(sub.rank(), expected_rank);
    for (int other = 0; other < grid.ndim(); ++other) {
      if (std::find(axes.begin(), axes.end(), other) != axes.end()) continue;
      int lowest = grid.coords()[other], highest = lowest;
      MPI_Allreduce(MPI_IN_PLACE, &lowest, 1, MPI_INT, MPI_MIN, sub.get());
      MPI_Allreduce(MPI_IN_PLACE, &highest, 1, MPI_INT, MPI_MAX, sub.get());
      EXPECT_EQ(lowest, highest);
    }
    EXPECT_EQ(&grid.axes_comm(axes), &sub);  // cached
  }
  EXPECT_THROW(grid.axes_comm(std::vector<int>{3}), std::out_of_range);
  EXPECT_THROW(grid.axes_comm(std::vector<int>{0, 0}), std::out_of_range);
}

}  // namespace
}  // namespace gingham
