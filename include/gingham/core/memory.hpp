#pragma once
/// \file
/// Memory for shards and communication buffers. Large blocks are 2 MiB aligned and asked to be backed
/// by transparent huge pages (as NumPy does): faulting in 4 KiB pages costs about 10 us each on some
/// virtual machines, 30x more than huge pages, and dominated every first touch of a new array.
///
/// Large blocks that are freed are kept in a small per-process cache (like PyTorch's caching allocator)
/// and handed out again for the next request of the same size, so loops that create and drop arrays of
/// one size (x + y in a time step) do not pay the kernel's page faults and zeroing again. The cache
/// holds at most memory_cache_limit() bytes (default 1 GiB, environment GINGHAM_MEMORY_CACHE_BYTES) and
/// is emptied when an allocation fails.

#include <cstddef>
#include <memory>

namespace gingham {

/// What new memory holds.
enum class MemoryFill {
  none,     ///< unspecified contents; its pages may not be there yet (the first write faults them in)
  zero,     ///< zeros
  touched,  ///< unspecified contents, its pages there: for memory about to be written whole by a copy that
            ///< is slow into pages never touched (MPI's single-copy transfers); a cached block is already
            ///< touched, a new one is zeroed
};

/// Local. `bytes` of memory, 64-byte aligned, holding what `fill` says; from 4 MiB up, 2 MiB aligned and
/// advised to use huge pages (madvise(MADV_HUGEPAGE)), reusing a cached block of the same size if there
/// is one. Throws gingham::MemoryError (a std::bad_alloc) naming `bytes` and `purpose` when the memory
/// is not there (after emptying the cache). Thread-safe.
std::shared_ptr<std::byte> allocate_memory(std::size_t bytes, MemoryFill fill = MemoryFill::none,
                                           const char* purpose = "a buffer");

/// Local. The most bytes the cache of freed large blocks keeps.
std::size_t memory_cache_limit() noexcept;
/// Local. Sets the cache's limit (0 turns it off), releasing cached blocks beyond it.
void set_memory_cache_limit(std::size_t bytes);
/// Local. The bytes held in the cache now.
std::size_t cached_memory_bytes() noexcept;
/// Local. Gives every cached block back to the system.
void release_cached_memory() noexcept;

}  // namespace gingham
