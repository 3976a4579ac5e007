#pragma once
// Local loops on this rank's threads and widest SIMD instructions (internal). for_each_piece(count, body)
// calls body(k) for every piece k, in contiguous static blocks of pieces per thread (OpenMP, num_threads()
// of gingham/core/threads.hpp), each call compiled for the widest SIMD level (simd_dispatch.hpp). Work is
// cut into pieces of a fixed size, never by the thread count, so results do not depend on the number of
// threads. Bodies must not throw (an exception cannot leave an OpenMP region): they are loops over memory
// already allocated.

#include <algorithm>
#include <cstdint>

#include <omp.h>

#include "gingham/core/threads.hpp"
#include "simd_dispatch.hpp"

namespace gingham::detail {

/// Elements per piece of a long loop: large enough that a piece's overhead vanishes, small enough that
/// 2-8 threads share a 10^6-element loop.
inline constexpr std::int64_t piece_elements = std::int64_t(1) << 15;

/// Local. The number of pieces of piece_elements that cover n elements.
inline std::int64_t piece_count(std::int64_t n) { return (n + piece_elements - 1) / piece_elements; }

/// Local. Calls body(k) for k in [0, count) with SIMD dispatch, on num_threads() threads when there is more
/// than one piece (each thread a contiguous block of k), else on the calling thread.
template <class Body>
void for_each_piece(std::int64_t count, const Body& body) {
  const std::int64_t threads = std::min<std::int64_t>(num_threads(), count);
  if (threads <= 1) {
    with_simd([&] {
      for (std::int64_t k = 0; k < count; ++k) body(k);
    });
    return;
  }
#pragma omp parallel num_threads(static_cast<int>(threads))
  {
    const std::int64_t t = omp_get_thread_num(), share = count / threads, extra = count % threads;
    const std::int64_t begin = t * share + std::min(t, extra), end = begin + share + (t < extra ? 1 : 0);
    with_simd([&] {
      for (std::int64_t k = begin; k < end; ++k) body(k);
    });
  }
}

/// Local. Calls body(begin, end) over [0, n) cut into pieces of piece_elements (see for_each_piece).
template <class Body>
void for_each_range(std::int64_t n, const Body& body) {
  for_each_piece(piece_count(n), [&](std::int64_t k) { body(k * piece_elements, std::min(n, (k + 1) * piece_elements)); });
}

}  // namespace gingham::detail
