#pragma once
// Argsort by 128-bit codes (internal): each element becomes one unsigned 128-bit number, its key's order
// code (local_sort.hpp's order_code, complemented for descending order) above its global index, so that
// vqsort's plain ascending sort of the codes is the stable argsort: no separate (key, index) pairs, no
// gather after the sort, 16 bytes per element in all. The sorted codes' indices can then be packed into
// the first half of the same memory and the second half given back to the system, so that the result
// lives where the codes were.
#include <hwy/contrib/sort/vqsort.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "local_sort.hpp"

namespace gingham::detail {

using SortCode = hwy::uint128_t;

/// Local. The code of `key` at global `index`: its order code (complemented when `descending`, so equal
/// keys still come in index order: stable) as the high word, the index as the low word.
template <class S>
SortCode sort_code(S key, std::int64_t index, bool descending) {
  const std::uint64_t code = order_code(key);
  SortCode c;
  c.hi = descending ? ~code : code;
  c.lo = static_cast<std::uint64_t>(index);
  return c;
}

/// Local. Sorts codes[0, n) ascending with vqsort (in place, no scratch of n's size).
inline void sort_codes(SortCode* codes, std::size_t n) {
  thread_local const hwy::Sorter sorter;  // its scratch space is per thread
  if (n > 1) sorter(codes, n, hwy::SortAscending());
}

/// Local. Writes the index (low word) of codes[i] as the int64 at byte 8 i of the codes' memory, for i in
/// order (each write lands on a code already read), and returns that memory as int64 indices.
inline std::int64_t* pack_indices(SortCode* codes, std::size_t n) {
  auto* bytes = reinterpret_cast<std::byte*>(codes);
  for (std::size_t i = 0; i < n; ++i) {
    std::uint64_t index;
    std::memcpy(&index, bytes + i * sizeof(SortCode) + offsetof(SortCode, lo), sizeof index);
    std::memcpy(bytes + i * sizeof(std::int64_t), &index, sizeof index);
  }
  return reinterpret_cast<std::int64_t*>(codes);
}

/// Local. Gives the whole 2 MiB pages within [begin, end) back to the system (madvise MADV_DONTNEED: the
/// resident memory drops; the range stays mapped and reads as zeros if touched again). Whole huge pages
/// only (gingham's large blocks are 2 MiB aligned and use transparent huge pages): splitting one would
/// make the next use of the block fault in 4 KiB pages, which costs far more than the memory saved.
inline void release_pages(std::byte* begin, std::byte* end) noexcept {
  constexpr std::uintptr_t page = std::uintptr_t{1} << 21;
  const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
  const std::uintptr_t last = reinterpret_cast<std::uintptr_t>(end) / page * page;
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);  // advice: may fail
}

}  // namespace gingham::detail
