// BlockMap: exhaustive checks over small extents and a randomised sweep of large ones (no MPI).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>

#include "gingham/distributions/block.hpp"

namespace gingham {
namespace {

TEST(BlockMap, ExhaustiveSmallExtentsAreABijectionWithContiguousBalancedParts) {
  for (std::int64_t n = 0; n <= 40; ++n) {
    for (int parts = 1; parts <= 5; ++parts) {
      const BlockMap map(n, parts);
      SCOPED_TRACE(map.describe());
      std::int64_t total = 0, largest = 0;
      for (int p = 0; p < parts; ++p) {
        const std::int64_t extent = map.local_extent(p);
        ASSERT_GE(extent, 0);
        EXPECT_EQ(map.global_begin(p), std::min(n, p * map.block_size()));
        for (std::int64_t l = 0; l < extent; ++l) {
          const std::int64_t i = map.to_global(p, l);
          ASSERT_EQ(i, map.global_begin(p) + l);  // contiguous
          ASSERT_EQ(map.owner(i), p);
          ASSERT_EQ(map.to_local(i), l);
        }
        total += extent;
        largest = std::max(largest, extent);
      }
      EXPECT_EQ(total, n);
      EXPECT_EQ(largest, (n + parts - 1) / parts);  // no split has a smaller largest part
      for (std::int64_t i = 0; i < n; ++i) {
        const int p = map.owner(i);
        ASSERT_GE(p, 0);
        ASSERT_LT(p, parts);
        ASSERT_LT(map.to_local(i), map.local_extent(p));
        ASSERT_EQ(map.to_global(p, map.to_local(i)), i);
      }
    }
  }
}

TEST(BlockMap, RandomLargeExtentsRoundTrip) {
  std::mt19937_64 random(20261122);
  for (int trial = 0; trial < 20000; ++trial) {
    const std::int64_t n = std::uniform_int_distribution<std::int64_t>(1, std::int64_t{1} << 40)(random);
    const int parts = std::uniform_int_distribution<int>(1, 4096)(random);
    const BlockMap map(n, parts);
    const std::int64_t i = std::uniform_int_distribution<std::int64_t>(0, n - 1)(random);
    const int p = map.owner(i);
    ASSERT_GE(p, 0);
    ASSERT_LT(p, parts);
    ASSERT_LT(map.to_local(i), map.local_extent(p));
    ASSERT_EQ(map.to_global(p, map.to_local(i)), i);
    ASSERT_LE(map.global_begin(p), i);
    ASSERT_LT(i, map.global_begin(p) + map.local_extent(p));
  }
}

TEST(BlockMap, RejectsNegativeExtentsAndEmptyGrids) {
  EXPECT_THROW(BlockMap(-1, 2), std::invalid_argument);
  EXPECT_THROW(BlockMap(5, 0), std::invalid_argument);
  try {
    BlockMap(-3, 2);
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "gingham::BlockMap: expected an extent >= 0, got -3");
  }
}

}  // namespace
}  // namespace gingham
