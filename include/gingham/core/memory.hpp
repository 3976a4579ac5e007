#pragma once
/// \file
/// Memory for shards and communication buffers. Large blocks are 2 MiB aligned and asked to be backed
/// by transparent huge pages (as NumPy does): faulting in 4 KiB pages costs about 10 us each on some
/// virtual machines, 30x more than huge pages, and dominated every first touch of a new array.
///
/// Large blocks that are freed are kept in a small per-process cache (like PyTorch's caching allocator)
/// and handed out again for the next request of the same size, so loops that create and drop arrays of
/// one size (x + y in a time step) do not pay the kernel's page faults and zeroing again. The cache
/// holds at most memory_cache_limit() bytes (default 1 GiB, environment GINGHAM_MEMORY_CACHE_BYTES): a
/// block freed into a full cache makes room by freeing the blocks freed longest ago. It is emptied when
/// an allocation fails.

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace gingham {

/// What new memory holds.
enum class MemoryFill {
  none,     ///< unspecified contents; its pages may not be there yet (the first write faults them in)
  zero,     ///< zeros
  touched,  ///< unspecified contents, its pages there: for memory about to be written whole by a copy that
            ///< is slow into pages never touched (MPI's single-copy transfers); a cached block is already
            ///< touched, a new one is zeroed
};

/// Local. `bytes` of memory, 64-byte aligned, holding what `fill` says; from 2 MiB up, 2 MiB aligned and
/// advised to use huge pages (madvise(MADV_HUGEPAGE)), reusing a cached block of the same size if there
/// is one; large zeros are fresh pages from the kernel instead (no memset: each page is zeroed at its
/// first touch, as calloc does). Throws gingham::MemoryError (a std::bad_alloc) naming `bytes` and `purpose` when the memory
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

/// Local. allocate_memory's memory (fill none) as a raw pointer, to be given back with free_memory(p, bytes)
/// (the same bytes). Throws gingham::MemoryError like allocate_memory. Thread-safe.
std::byte* allocate_raw_memory(std::size_t bytes, const char* purpose = "a buffer");
/// Local. Gives back memory of allocate_raw_memory (to the cache when it is large). Thread-safe.
void free_memory(std::byte* data, std::size_t bytes) noexcept;

/// An allocator for scratch vectors of trivial elements: large ones come from the cache of freed blocks (no
/// page faults, huge pages), and resize() leaves new elements uninitialised (no zero-filling pass).
template <class T>
struct ScratchAllocator {
  using value_type = T;
  ScratchAllocator() noexcept = default;
  template <class U>
  ScratchAllocator(const ScratchAllocator<U>&) noexcept {}  // NOLINT(google-explicit-constructor): rebinding
  T* allocate(std::size_t n) { return reinterpret_cast<T*>(allocate_raw_memory(n * sizeof(T), "scratch space")); }
  void deallocate(T* p, std::size_t n) noexcept { free_memory(reinterpret_cast<std::byte*>(p), n * sizeof(T)); }
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialised: no zeroing
  }
  template <class U, class... A>
  void construct(U* p, A&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(args)...);
  }
  template <class U>
  bool operator==(const ScratchAllocator<U>&) const noexcept { return true; }
};

/// A std::vector for scratch space (see ScratchAllocator).
template <class T>
using scratch_vector = std::vector<T, ScratchAllocator<T>>;

}  // namespace gingham
