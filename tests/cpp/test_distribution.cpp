// Distribution (foundation scope): block product over a grid, replication on extra grid axes (no MPI).
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "gingham/distributions/distribution.hpp"

namespace gingham {
namespace {

TEST(Distribution, LocalShapesTileTheGlobalShape) {
  const Distribution layout({7, 5}, {3, 2});
  std::int64_t covered = 0;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 2; ++c) {
      const std::vector<int> coords{r, c};
      const auto shape = layout.local_shape(coords);
      ASSERT_EQ(shape.size(), 2u);
      EXPECT_EQ(shape[0], BlockMap(7, 3).local_extent(r));
      EXPECT_EQ(shape[1], BlockMap(5, 2).local_extent(c));
      EXPECT_EQ(layout.local_size(coords), shape[0] * shape[1]);
      EXPECT_TRUE(layout.holds_primary_copy(coords));
      covered += layout.local_size(coords);
    }
  }
  EXPECT_EQ(covered, layout.global_size());
  EXPECT_EQ(layout.describe(),
            "Distribution(shape=(7, 5), grid=(3, 2), axes=[Block(n=7, parts=3, b=3), Block(n=5, parts=2, b=3)])");
}

TEST(Distribution, ExtraGridAxesHoldCopies) {
  const Distribution vector_on_2d_grid({10}, {2, 3});
  for (int c = 0; c < 3; ++c) {
    const std::vector<int> coords{1, c};
    EXPECT_EQ(vector_on_2d_grid.local_shape(coords), std::vector<std::int64_t>{5});
    EXPECT_EQ(vector_on_2d_grid.holds_primary_copy(coords), c == 0);
  }
  const Distribution scalar({}, {4});
  EXPECT_EQ(scalar.global_size(), 1);
  for (int r = 0; r < 4; ++r) {
    const std::vector<int> coords{r};
    EXPECT_EQ(scalar.local_size(coords), 1);
    EXPECT_EQ(scalar.holds_primary_copy(coords), r == 0);
  }
}

TEST(Distribution, RejectsBadShapes) {
  EXPECT_THROW(Distribution({-1}, {2}), std::invalid_argument);
  EXPECT_THROW(Distribution({4}, {0}), std::invalid_argument);
  EXPECT_THROW(Distribution({4, 4}, {2}), std::invalid_argument);
  const Distribution layout({4}, {2});
  EXPECT_THROW(layout.local_shape(std::vector<int>{0, 0}), std::invalid_argument);
}

}  // namespace
}  // namespace gingham
