#pragma once
// Stores that bypass the cache for large results (internal). A loop writing a new array larger than the
// caches makes the CPU read every line of it from memory before overwriting it (a read for ownership):
// one third more memory traffic for c = a + b. Non-temporal stores of whole 64-byte lines skip that read.
// They also leave the result out of the cache, which loses for results small enough to be read again
// from it, hence the size threshold. The values stored are the same either way.

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#include <cstdint>
#include <cstring>

namespace gingham::detail {

/// Results of this many bytes and more (on this rank, in one call) are written with non-temporal stores.
inline constexpr std::int64_t kStreamingStoreBytes = std::int64_t{8} << 20;

/// Ranges shorter than this many bytes take ordinary stores even in a streamed result (short rows): the
/// fence that ends a streamed range would cost more than the lines it saves.
inline constexpr std::int64_t kStreamingRangeBytes = 1024;

/// Local. Whether a result of `n` elements of `item` bytes is written with non-temporal stores.
inline bool streams_result(std::int64_t n, std::size_t item) {
  return n * static_cast<std::int64_t>(item) >= kStreamingStoreBytes;
}

#if defined(__x86_64__)
/// Local. out[i] = value_of(i) for i in [begin, end) (out element-aligned), the whole 64-byte lines by
/// non-temporal stores of 16 bytes computed in a register, the partial lines at both ends by ordinary
/// stores; a store fence at the end.
template <class T, class ValueOf>
inline void stream_range(T* out, std::int64_t begin, std::int64_t end, const ValueOf& value_of) {
  static_assert(64 % sizeof(T) == 0);
  constexpr std::int64_t per_line = 64 / static_cast<std::int64_t>(sizeof(T));
  std::int64_t i = begin;
  for (; i < end && reinterpret_cast<std::uintptr_t>(out + i) % 64 != 0; ++i) out[i] = value_of(i);
  // Each 16 bytes of the line are computed into a register and stored from it (a line computed into memory
  // first is read back by wider loads than its stores: the CPU cannot forward those and waits).
  constexpr std::int64_t per_store = 16 / static_cast<std::int64_t>(sizeof(T));
  for (; i + per_line <= end; i += per_line) {
    auto* to = reinterpret_cast<__m128i*>(out + i);
    for (std::int64_t part = 0; part < 4; ++part) {
      T values[per_store];
      for (std::int64_t j = 0; j < per_store; ++j) values[j] = value_of(i + part * per_store + j);
      __m128i bits;
      std::memcpy(&bits, values, sizeof bits);
      _mm_stream_si128(to + part, bits);
    }
  }
  for (; i < end; ++i) out[i] = value_of(i);
  _mm_sfence();
}
#endif

/// Local. out[i] = value_of(i) for i in [begin, end), evaluated in increasing i; with `stream` (and an
/// x86-64 CPU, out aligned to its elements and a range of kStreamingRangeBytes or more) by stream_range, so
/// that other threads and processes see the values once this returns. T is trivially copyable, of 1, 2,
/// 4, 8 or 16 bytes.
template <class T, class ValueOf>
inline void store_range(T* out, std::int64_t begin, std::int64_t end, bool stream, const ValueOf& value_of) {
#if defined(__x86_64__)
  const bool long_range = (end - begin) * static_cast<std::int64_t>(sizeof(T)) >= kStreamingRangeBytes;
  if (stream && long_range && reinterpret_cast<std::uintptr_t>(out) % sizeof(T) == 0) {
    return stream_range(out, begin, end, value_of);
  }
#endif
  (void)stream;
  for (std::int64_t i = begin; i < end; ++i) out[i] = value_of(i);
}

}  // namespace gingham::detail
