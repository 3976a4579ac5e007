// IndexMap arithmetic near 2^63: reads whose span overflows 64 bits are refused instead of wrapping
// back into range, and slices of huge axes get their exact extents (no MPI).
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>

#include "gingham/distributions/index_map.hpp"

namespace gingham {
namespace {

constexpr std::int64_t kMax = INT64_MAX;

TEST(IndexMap, ReadsWhoseSpanOverflowsAreRefusedNotWrapped) {
  // 2^62 * 4 = 2^64 wraps to 0, so an unchecked last index would be `start`, in range.
  EXPECT_THROW(IndexMap({10}, {{0, 1, std::int64_t{1} << 62, 5}}), std::out_of_range);
  // start + step * (extent - 1) overflows only in the addition.
  EXPECT_THROW(IndexMap({kMax}, {{0, kMax - 1, kMax / 2, 3}}), std::out_of_range);
  // Negative steps: the product underflows.
  EXPECT_THROW(IndexMap({10}, {{0, 9, -(std::int64_t{1} << 62), 5}}), std::out_of_range);
  try {
    IndexMap({10}, {{0, 1, std::int64_t{1} << 62, 5}});
  } catch (const std::out_of_range& error) {
    EXPECT_STREQ(error.what(), "gingham::IndexMap: reading 5 elements from 1 by 4611686018427387904 leaves source axis 0 of extent 10");
  }
  // Reads at the very end of a 2^63 - 1 axis are fine.
  const IndexMap last({kMax}, {{0, kMax - 1, -1, 2}});
  EXPECT_EQ(last.target_shape(), std::vector<std::int64_t>{2});
  const IndexMap far({kMax}, {{0, 0, kMax - 1, 2}});
  EXPECT_EQ(far.target_axes()[0].step, kMax - 1);
}

TEST(IndexMap, SlicesOfHugeAxesHaveExactExtents) {
  // Python: len(range(n)[::k]) for n = 2^63 - 1.
  EXPECT_EQ(IndexMap::slices({kMax}, {{std::nullopt, std::nullopt, kMax}}).target_shape(), std::vector<std::int64_t>{1});
  EXPECT_EQ(IndexMap::slices({kMax}, {{std::nullopt, std::nullopt, kMax - 1}}).target_shape(), std::vector<std::int64_t>{2});
  EXPECT_EQ(IndexMap::slices({kMax}, {{std::nullopt, std::nullopt, std::int64_t{1} << 62}}).target_shape(),
            std::vector<std::int64_t>{2});
  EXPECT_EQ(IndexMap::slices({kMax}, {{std::nullopt, std::nullopt, -kMax}}).target_shape(), std::vector<std::int64_t>{1});
  EXPECT_EQ(IndexMap::slices({kMax}, {{std::nullopt, std::nullopt, 1}}).target_shape(), std::vector<std::int64_t>{kMax});
  EXPECT_EQ(IndexMap::slices({kMax}, {{-3, std::nullopt, -kMax}}).target_axes()[0].start, kMax - 3);
  // Starts and stops near -2^63 and 2^63 clamp like Python's slice.indices.
  EXPECT_EQ(IndexMap::slices({10}, {{INT64_MIN, kMax, 3}}).target_shape(), std::vector<std::int64_t>{4});
  EXPECT_EQ(IndexMap::slices({10}, {{kMax, INT64_MIN, -4}}).target_shape(), std::vector<std::int64_t>{3});
  EXPECT_EQ(IndexMap::slices({kMax}, {{std::nullopt, std::nullopt, INT64_MIN}}).target_shape(), std::vector<std::int64_t>{1});
}

}  // namespace
}  // namespace gingham
