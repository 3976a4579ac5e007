// The large-block cache of allocate_memory: reuse of freed blocks, the limit, release.
#include <gtest/gtest.h>

#include <cstring>

#include "gingham/core/memory.hpp"

namespace gingham {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

TEST(Memory, FreedLargeBlocksAreReusedForTheSameSize) {
  release_cached_memory();
  std::byte* first = nullptr;
  {
    auto block = allocate_memory(9 * kMiB);
    first = block.get();
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(first) % (2 * kMiB), 0u);
  }
  EXPECT_EQ(cached_memory_bytes(), 10 * kMiB);  // rounded up to whole 2 MiB pages
  auto again = allocate_memory(10 * kMiB);      // the same rounded size
  EXPECT_EQ(again.get(), first);
  EXPECT_EQ(cached_memory_bytes(), 0u);
  auto other = allocate_memory(20 * kMiB);  // another size: a new block
  EXPECT_NE(other.get(), first);
}

TEST(Memory, ZerosReuseACachedBlockEmptiedOfItsPages) {
  release_cached_memory();
  std::byte* first = nullptr;
  {
    auto block = allocate_memory(9 * kMiB);
    first = block.get();
    std::memset(first, 0x5a, 9 * kMiB);
  }
  auto zeros = allocate_memory(9 * kMiB, MemoryFill::zero);
  EXPECT_EQ(zeros.get(), first);             // the cached block, not a new mapping
  EXPECT_EQ(cached_memory_bytes(), 0u);
  for (std::size_t i = 0; i < 9 * kMiB; i += 4093) ASSERT_EQ(zeros.get()[i], std::byte{0}) << "byte " << i;
  ASSERT_EQ(zeros.get()[9 * kMiB - 1], std::byte{0});
}

TEST(Memory, TheLimitBoundsTheCache) {
  release_cached_memory();
  const std::size_t limit = memory_cache_limit();
  set_memory_cache_limit(12 * kMiB);
  {
    auto a = allocate_memory(8 * kMiB);
    auto b = allocate_memory(8 * kMiB);
  }
  EXPECT_EQ(cached_memory_bytes(), 8 * kMiB);  // the second no longer fits under 12 MiB
  set_memory_cache_limit(0);
  EXPECT_EQ(cached_memory_bytes(), 0u);
  { auto c = allocate_memory(8 * kMiB); }
  EXPECT_EQ(cached_memory_bytes(), 0u);  // limit 0: nothing is kept
  set_memory_cache_limit(limit);
}

TEST(Memory, AFullCacheFreesTheBlocksFreedLongestAgo) {
  // A loop over arrays of one size keeps finding its blocks after earlier work filled the cache.
  release_cached_memory();
  const std::size_t limit = memory_cache_limit();
  set_memory_cache_limit(20 * kMiB);
  std::byte *eight = nullptr, *ten = nullptr;
  { auto first = allocate_memory(8 * kMiB); }  // the oldest
  {
    auto second = allocate_memory(8 * kMiB);  // the block `first` freed
    auto other = allocate_memory(8 * kMiB);   // a new one
    eight = other.get();
    second.reset();  // freed before `other`: 16 MiB cached
  }
  EXPECT_EQ(cached_memory_bytes(), 16 * kMiB);
  {
    auto block = allocate_memory(10 * kMiB);
    ten = block.get();
  }  // 26 MiB over 20: the 8 MiB block freed longest ago goes
  EXPECT_EQ(cached_memory_bytes(), 18 * kMiB);
  { auto huge = allocate_memory(22 * kMiB); }  // larger than the limit: freed at once, nothing else goes
  EXPECT_EQ(cached_memory_bytes(), 18 * kMiB);
  auto again_ten = allocate_memory(10 * kMiB);
  auto again_eight = allocate_memory(8 * kMiB);
  EXPECT_EQ(again_ten.get(), ten);
  EXPECT_EQ(again_eight.get(), eight);  // the one freed last of the two eights stayed
  EXPECT_EQ(cached_memory_bytes(), 0u);
  again_ten.reset(), again_eight.reset();
  set_memory_cache_limit(limit);
  release_cached_memory();
}

TEST(Memory, SmallBlocksAreNotCached) {
  release_cached_memory();
  { auto small = allocate_memory(1000); }
  EXPECT_EQ(cached_memory_bytes(), 0u);
  EXPECT_NE(allocate_memory(0).get(), nullptr);
}

}  // namespace
}  // namespace gingham
