// AxisMap: exhaustive checks against ScaLAPACK's own NUMROC/INDXG2P/INDXG2L/INDXL2G over small extents,
// block sizes, process counts and offsets, plus a randomised sweep of large extents (no MPI).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <stdexcept>
#include <utility>

#include "gingham/distributions/axis_layout.hpp"
#include "gingham/distributions/axis_map.hpp"

extern "C" {
int numroc_(const int* n, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
int indxg2p_(const int* indxglob, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
int indxg2l_(const int* indxglob, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
int indxl2g_(const int* indxloc, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
}

namespace gingham {
namespace {

TEST(AxisMap, ExhaustivelyMatchesScalapackAndIsABijection) {
  int checked = 0;
  for (int n = 0; n <= 40; ++n) {
    for (int nb = 1; nb <= 8; ++nb) {
      for (int P = 1; P <= 5; ++P) {
        for (int src = 0; src < P; ++src) {
          const AxisMap map(n, P, nb, src);
          SCOPED_TRACE(map.describe());
          std::set<std::pair<int, std::int64_t>> places;
          std::int64_t total = 0;
          for (int p = 0; p < P; ++p) {
            ASSERT_EQ(map.local_extent(p), numroc_(&n, &nb, &p, &src, &P));
            total += map.local_extent(p);
            // Owned blocks list exactly this process's indices, in local order.
            std::int64_t next_local = 0;
            for (std::int64_t k = 0; k < map.owned_block_count(p); ++k) {
              const OwnedBlock block = map.owned_block(p, k);
              ASSERT_EQ(block.local_begin, next_local);
              ASSERT_GT(block.length, 0);
              for (std::int64_t t = 0; t < block.length; ++t) {
                ASSERT_EQ(map.owner(block.global_begin + t), p);
                ASSERT_EQ(map.to_local(block.global_begin + t), next_local++);
              }
            }
            ASSERT_EQ(next_local, map.local_extent(p));
            for (int l = 0; l < map.local_extent(p); ++l) {
              const int l1 = l + 1;
              ASSERT_EQ(map.to_global(p, l), indxl2g_(&l1, &nb, &p, &src, &P) - 1);
            }
          }
          ASSERT_EQ(total, n);
          for (int i = 0; i < n; ++i) {
            const int i1 = i + 1, any = 0;
            const int p = map.owner(i);
            ASSERT_EQ(p, indxg2p_(&i1, &nb, &any, &src, &P));
            ASSERT_EQ(map.to_local(i), indxg2l_(&i1, &nb, &any, &src, &P) - 1);
            ASSERT_EQ(map.to_global(p, map.to_local(i)), i);
            ASSERT_TRUE(places.emplace(p, map.to_local(i)).second);
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 820 * 8 * 15);  // sum of n over n <= 40, times 8 block sizes, times 15 (P, src) pairs
}

TEST(AxisMap, RandomLargeExtentsRoundTrip) {
  std::mt19937_64 random(20261122);
  for (int trial = 0; trial < 50000; ++trial) {
    const std::int64_t n = std::uniform_int_distribution<std::int64_t>(1, std::int64_t{1} << 40)(random);
    const int P = std::uniform_int_distribution<int>(1, 4096)(random);
    const std::int64_t nb = trial % 3 == 0 ? (n + P - 1) / P
                                           : std::uniform_int_distribution<std::int64_t>(1, std::int64_t{1} << 20)(random);
    const int src = std::uniform_int_distribution<int>(0, P - 1)(random);
    const AxisMap map(n, P, nb, src);
    const std::int64_t i = std::uniform_int_distribution<std::int64_t>(0, n - 1)(random);
    const int p = map.owner(i);
    ASSERT_GE(p, 0);
    ASSERT_LT(p, P);
    ASSERT_LT(map.to_local(i), map.local_extent(p)) << map.describe() << " i=" << i;
    ASSERT_EQ(map.to_global(p, map.to_local(i)), i) << map.describe();
    // The block holding i is the one owned_block reports.
    const std::int64_t k = map.to_local(i) / nb;
    const OwnedBlock block = map.owned_block(p, k);
    ASSERT_LE(block.global_begin, i);
    ASSERT_LT(i, block.global_begin + block.length);
    ASSERT_LT(k, map.owned_block_count(p));
  }
}

TEST(AxisMap, LayoutsResolveToTheRightBlockSizes) {
  EXPECT_EQ(AxisLayout::block().resolve(10, 4), AxisMap(10, 4, 3));
  EXPECT_EQ(AxisLayout::block().resolve(10, 4), AxisLayout::block_cyclic(3).resolve(10, 4));
  EXPECT_EQ(AxisLayout::cyclic(2).resolve(10, 4), AxisMap(10, 4, 1, 2));
  EXPECT_EQ(AxisLayout::not_distributed().resolve(10, 1), AxisMap::whole(10));
  EXPECT_TRUE(AxisLayout::block().resolve(10, 4).is_contiguous());
  EXPECT_FALSE(AxisLayout::cyclic().resolve(10, 4).is_contiguous());
  // Block sizes and offsets that do not matter do not make maps different.
  EXPECT_EQ(AxisMap(5, 1, 2), AxisMap(5, 1, 7));
  EXPECT_EQ(AxisMap(5, 3, 5, 1), AxisMap(5, 3, 9, 1));
  EXPECT_NE(AxisMap(5, 3, 5, 1), AxisMap(5, 3, 5, 2));
  EXPECT_NE(AxisMap(10, 4, 2), AxisMap(10, 4, 3));
  EXPECT_EQ(AxisLayout::block_cyclic(64, 1).describe(), "BlockCyclic(64, offset=1)");
  EXPECT_EQ(AxisLayout::cyclic().describe(), "Cyclic()");
  EXPECT_EQ(AxisLayout::block(2).describe(), "Block(offset=2)");
}

TEST(AxisMap, HugeBlockSizesBehaveLikeOneBlockOfTheWholeAxis) {
  // nb far beyond n (nb * P and n + nb - 1 overflow 64 bits unless nb is clamped to n).
  for (std::int64_t nb : {std::int64_t{1} << 62, INT64_MAX}) {
    for (int P : {1, 3, 7}) {
      for (int src = 0; src < P; ++src) {
        const AxisMap huge(10, P, nb, src), whole(10, P, 10, src);
        SCOPED_TRACE(huge.describe());
        EXPECT_EQ(huge.block_size(), 10);
        EXPECT_TRUE(huge == whole);
        EXPECT_TRUE(huge.is_contiguous());
        std::int64_t total = 0;
        for (int p = 0; p < P; ++p) {
          EXPECT_EQ(huge.local_extent(p), p == src ? 10 : 0);
          EXPECT_EQ(huge.owned_block_count(p), p == src ? 1 : 0);
          total += huge.local_extent(p);
        }
        EXPECT_EQ(total, 10);
        const OwnedBlock block = huge.owned_block(src, 0);
        EXPECT_EQ(block.global_begin, 0);
        EXPECT_EQ(block.length, 10);
        for (std::int64_t i = 0; i < 10; ++i) {
          EXPECT_EQ(huge.owner(i), src);
          EXPECT_EQ(huge.to_local(i), i);
          EXPECT_EQ(huge.to_global(src, i), i);
        }
      }
    }
  }
  // Through a layout, too.
  EXPECT_TRUE(AxisLayout::block_cyclic(std::int64_t{1} << 62).resolve(10, 4) == AxisMap(10, 4, 10));
}

TEST(AxisMap, RejectsBadParameters) {
  EXPECT_THROW(AxisMap(-1, 2, 1), std::invalid_argument);
  EXPECT_THROW(AxisMap(5, 0, 1), std::invalid_argument);
  EXPECT_THROW(AxisMap(5, 2, 0), std::invalid_argument);
  EXPECT_THROW(AxisMap(5, 2, 1, 2), std::invalid_argument);
  EXPECT_THROW(AxisLayout::block_cyclic(0), std::invalid_argument);
  EXPECT_THROW(AxisLayout::cyclic(-1), std::invalid_argument);
  EXPECT_THROW(AxisLayout::cyclic(3).resolve(10, 3), std::invalid_argument);
  try {
    AxisLayout::block_cyclic(0);
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "gingham::BlockCyclic: expected a block size >= 1, got 0");
  }
}

}  // namespace
}  // namespace gingham
