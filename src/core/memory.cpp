#include "gingham/core/memory.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <mutex>
#include <new>
#include <string>
#include <vector>

#include "gingham/core/errors.hpp"

namespace gingham {
namespace {
constexpr std::size_t kHugePage = std::size_t{2} << 20;
constexpr std::size_t kHugeFrom = std::size_t{2} << 20;
/// Below this, glibc's malloc serves a block from its heap (its mapping threshold starts at 128 KiB).
constexpr std::size_t kHeapBlockBelow = std::size_t{64} << 10;

std::size_t initial_limit() {
  const char* text = std::getenv("GINGHAM_MEMORY_CACHE_BYTES");
  if (text != nullptr && *text != '\0') {
    try {
      return static_cast<std::size_t>(std::stoull(text));
    } catch (const std::exception&) {  // an unreadable setting keeps the default
    }
  }
  return std::size_t{1} << 30;
}

/// Fresh pages straight from the kernel (mmap), 2 MiB aligned: they read as zeros until written, and the
/// kernel zeroes each one at its first touch, so a block asked to hold zeros needs no memset (calloc's way).
std::byte* map_huge_block(std::size_t size) {
  void* mapped = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) munmap(mapped, aligned - start);
  const std::size_t tail = start + size + kHugePage - (aligned + size);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + size), tail);
  return reinterpret_cast<std::byte*>(aligned);
}

void unmap_huge_block(std::byte* block, std::size_t size) noexcept { munmap(block, size); }

/// Freed large blocks (sizes are multiples of 2 MiB) in the order they came back. A request takes the block
/// of its size that came back last; a block coming back to a full cache makes room by freeing those that
/// came back first (sizes the program has stopped using), so a loop over arrays of one size keeps finding
/// its blocks after earlier work filled the cache with others.
class BlockCache {
 public:
  ~BlockCache() { release(0); }

  std::byte* take(std::size_t size) {
    const std::lock_guard lock(mutex_);
    for (std::size_t i = blocks_.size(); i-- > 0;) {
      if (blocks_[i].size != size) continue;
      std::byte* block = blocks_[i].block;
      blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(i));
      held_ -= size;
      return block;
    }
    return nullptr;
  }

  /// Keeps the block, freeing the blocks that came back first while the cache holds more than its limit; a
  /// block larger than the limit is freed at once.
  void give_back(std::byte* block, std::size_t size) noexcept {
    {
      const std::lock_guard lock(mutex_);
      if (size <= limit_) {
        try {
          blocks_.push_back({size, block});
          held_ += size;
          free_oldest_while_above(limit_);
          return;
        } catch (...) {  // no room for the bookkeeping: free the block instead
        }
      }
    }
    unmap_huge_block(block, size);
  }

  /// Frees cached blocks, those that came back first first, until at most `keep` bytes remain.
  void release(std::size_t keep) noexcept {
    const std::lock_guard lock(mutex_);
    free_oldest_while_above(keep);
  }

  std::size_t limit() const noexcept { return limit_; }
  void set_limit(std::size_t bytes) noexcept {
    {
      const std::lock_guard lock(mutex_);
      limit_ = bytes;
    }
    release(bytes);
  }
  std::size_t held() const noexcept {
    const std::lock_guard lock(mutex_);
    return held_;
  }

 private:
  struct Cached {
    std::size_t size;
    std::byte* block;
  };

  /// With the mutex held.
  void free_oldest_while_above(std::size_t keep) noexcept {
    std::size_t freed = 0;
    while (held_ > keep && freed < blocks_.size()) {
      unmap_huge_block(blocks_[freed].block, blocks_[freed].size);
      held_ -= blocks_[freed].size;
      ++freed;
    }
    blocks_.erase(blocks_.begin(), blocks_.begin() + static_cast<std::ptrdiff_t>(freed));
  }

  mutable std::mutex mutex_;
  std::vector<Cached> blocks_;  // in the order they came back
  std::size_t held_ = 0;
  std::size_t limit_ = initial_limit();
};

BlockCache& cache() {
  static BlockCache instance;
  return instance;
}

std::byte* new_huge_block(std::size_t size) {
  std::byte* data = nullptr;
  try {
    data = map_huge_block(size);
  } catch (const std::bad_alloc&) {
    release_cached_memory();  // the cache may hold what is missing
    data = map_huge_block(size);
  }
  madvise(data, size, MADV_HUGEPAGE);  // advice only: failure leaves ordinary pages
  return data;
}

constexpr std::align_val_t kSmallAlignment{64};

std::size_t huge_size(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

/// A cached block of `size` bytes emptied of its pages (madvise(MADV_DONTNEED): a private anonymous mapping
/// then reads as zeros, each page faulted in fresh at its first touch), or null: fresh pages in one system
/// call, where a new mapping takes several (mmap, trimming to 2 MiB alignment, the huge-page advice, munmap).
std::byte* emptied_cached_block(std::size_t size) {
  std::byte* data = cache().take(size);
  if (data != nullptr && madvise(data, size, MADV_DONTNEED) != 0) {
    unmap_huge_block(data, size);
    return nullptr;
  }
  return data;
}

/// Raw memory of `bytes` (uninitialised) and whether it came from the cache with its pages; throws a plain
/// std::bad_alloc. `fresh`: a large block is fresh pages (reading as zeros): a cached one emptied, or new.
std::pair<std::byte*, bool> raw_block(std::size_t bytes, bool fresh = false) {
  if (bytes < kHugeFrom) return {static_cast<std::byte*>(::operator new(std::max<std::size_t>(bytes, 1), kSmallAlignment)), false};
  if (fresh) {
    std::byte* emptied = emptied_cached_block(huge_size(bytes));
    return {emptied != nullptr ? emptied : new_huge_block(huge_size(bytes)), false};
  }
  std::byte* data = cache().take(huge_size(bytes));
  if (data != nullptr) return {data, true};
  return {new_huge_block(huge_size(bytes)), false};
}

void free_block(std::byte* data, std::size_t bytes) noexcept {
  if (bytes < kHugeFrom) ::operator delete(data, kSmallAlignment);
  else cache().give_back(data, huge_size(bytes));
}

/// allocate_memory without the message: throws a plain std::bad_alloc.
std::shared_ptr<std::byte> allocate_block(std::size_t bytes, MemoryFill fill) {
  // Large zeros come as fresh pages (zero until written, faulted in at the first write, as NumPy's calloc).
  const bool fresh_zeros = fill == MemoryFill::zero && bytes >= kHugeFrom;
  const auto [data, cached] = raw_block(bytes, fresh_zeros);
  // Blocks below malloc's smallest mapping threshold come from its heap, whose pages are there already.
  const bool maybe_untouched = !cached && bytes >= kHeapBlockBelow;
  if ((fill == MemoryFill::zero && !fresh_zeros) || (fill == MemoryFill::touched && maybe_untouched)) std::memset(data, 0, bytes);
  return std::shared_ptr<std::byte>(data, [bytes](std::byte* p) { free_block(p, bytes); });
}

/// Beyond any process's address space (x86-64 and AArch64 give user space at most 2^47 bytes with 4-level
/// page tables): refused before asking, as the system would refuse it (and AddressSanitizer aborts on it).
void refuse_beyond_address_space(std::size_t bytes, const char* purpose) {
  constexpr std::size_t address_space = std::size_t{1} << 47;
  if (bytes > address_space) throw allocation_error(bytes, purpose);
}
}  // namespace

std::shared_ptr<std::byte> allocate_memory(std::size_t bytes, MemoryFill fill, const char* purpose) {
  refuse_beyond_address_space(bytes, purpose);
  try {
    return allocate_block(bytes, fill);
  } catch (const std::bad_alloc&) {
    throw allocation_error(bytes, purpose);
  }
}

std::byte* allocate_raw_memory(std::size_t bytes, const char* purpose) {
  refuse_beyond_address_space(bytes, purpose);
  try {
    return raw_block(bytes).first;
  } catch (const std::bad_alloc&) {
    throw allocation_error(bytes, purpose);
  }
}

void free_memory(std::byte* data, std::size_t bytes) noexcept { free_block(data, bytes); }

std::size_t memory_cache_limit() noexcept { return cache().limit(); }
void set_memory_cache_limit(std::size_t bytes) { cache().set_limit(bytes); }
std::size_t cached_memory_bytes() noexcept { return cache().held(); }
void release_cached_memory() noexcept { cache().release(0); }

}  // namespace gingham
