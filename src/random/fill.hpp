#pragma once
// Filling a new array from the Philox stream (internal to src/random): each element from the words at
// its global row-major index, chunk by chunk over the shard's runs (global_runs.hpp), long runs cut into
// pieces on num_threads() threads (local_parallel.hpp; the values do not depend on it). Pure local work.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "gingham/array/array.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/random/philox.hpp"
#include "../kernels/global_runs.hpp"
#include "../kernels/local_parallel.hpp"

namespace gingham::random::detail {

inline constexpr std::int64_t kChunkElements = 256;  // a chunk's words stay in L1

/// Local. Fills y's shard: the element at global row-major index i is transform(words) (or
/// transform(words, i) when it takes the index too), words being the W stream words from position + W i.
template <class T, int W, class Transform>
void fill_by_element(const Array& y, const PhiloxKey& key, std::uint64_t position, Transform&& transform) {
  auto value = [&](const std::uint64_t* words, std::int64_t global) {
    if constexpr (std::is_invocable_v<Transform&, const std::uint64_t*, std::int64_t>) return transform(words, global);
    else return transform(words);
  };
  gingham::detail::for_each_global_run<T>(y, [&](std::int64_t global_first, std::int64_t length, T* out, std::int64_t stride) {
    gingham::detail::for_each_range(length, [&](std::int64_t begin, std::int64_t end) {  // pieces on threads
      std::uint64_t words[kChunkElements * W];
      for (std::int64_t done = begin; done < end; done += kChunkElements) {
        const std::int64_t n = std::min(kChunkElements, end - done);
        const std::int64_t first = global_first + done;
        philox_words(key, PhiloxKey{0, 0}, position + static_cast<std::uint64_t>(first) * W, n * W, words);
        T* o = out + done * stride;
        if (stride == 1) {
          for (std::int64_t k = 0; k < n; ++k) o[k] = value(words + k * W, first + k);
        } else {
          for (std::int64_t k = 0; k < n; ++k) o[k * stride] = value(words + k * W, first + k);
        }
      }
    });
  });
}

/// Local. Fills y's shard from 32-bit halves of the stream: the element at global row-major index i
/// takes half i, the low (i even) or high (i odd) 32 bits of word position + floor(i / 2) (NumPy's
/// buffered next_uint32 order), so two elements share one Philox word. Chunk by chunk,
/// transform(halves, n, first, values) turns the halves of global elements first .. first + n - 1 into
/// their values (a whole chunk at once, so that the common path can be one vector loop).
template <class T, class Transform>
void fill_by_half_words(const Array& y, const PhiloxKey& key, std::uint64_t position, Transform&& transform) {
  gingham::detail::for_each_global_run<T>(y, [&](std::int64_t global_first, std::int64_t length, T* out, std::int64_t stride) {
    gingham::detail::for_each_range(length, [&](std::int64_t begin, std::int64_t end) {  // pieces on threads
      std::uint64_t words[kChunkElements / 2 + 1];
      std::uint32_t halves[kChunkElements];
      T values[kChunkElements];
      for (std::int64_t done = begin; done < end; done += kChunkElements) {
        const std::int64_t n = std::min(kChunkElements, end - done);
        const std::int64_t first = global_first + done;
        const std::int64_t first_word = first >> 1, word_count = ((first + n - 1) >> 1) - first_word + 1;
        philox_words(key, PhiloxKey{0, 0}, position + static_cast<std::uint64_t>(first_word), word_count, words);
        const std::int64_t skip = first & 1;  // the chunk starts at the high half of its first word
        for (std::int64_t k = 0; k < n; ++k) {
          const std::int64_t j = skip + k;
          halves[k] = static_cast<std::uint32_t>(words[j >> 1] >> (32 * (j & 1)));
        }
        T* o = out + done * stride;
        if (stride == 1) {
          transform(static_cast<const std::uint32_t*>(halves), n, first, o);
        } else {
          transform(static_cast<const std::uint32_t*>(halves), n, first, values);
          for (std::int64_t k = 0; k < n; ++k) o[k * stride] = values[k];
        }
      }
    });
  });
}

/// Local. Fills y's shard chunk by chunk: transform(words, n, values) turns the n words (n even) at
/// position + g .. position + g + n - 1, g even, into the values of global elements g .. g + n - 1
/// (element i may use the words of its pair {i, i xor 1}: Box-Muller). Every chunk starts at an even
/// element, so each pair is always transformed together whatever the layout.
template <class T, class Transform>
void fill_by_pairs(const Array& y, const PhiloxKey& key, std::uint64_t position, Transform&& transform) {
  gingham::detail::for_each_global_run<T>(y, [&](std::int64_t global_first, std::int64_t length, T* out, std::int64_t stride) {
    std::uint64_t words[kChunkElements];
    double values[kChunkElements];
    const std::int64_t begin = global_first & ~std::int64_t{1}, end = global_first + length;
    for (std::int64_t pair = begin; pair < end; pair += kChunkElements) {
      const std::int64_t n = std::min(kChunkElements, (end - pair + 1) & ~std::int64_t{1});  // even
      philox_words(key, PhiloxKey{0, 0}, position + static_cast<std::uint64_t>(pair), n, words);
      transform(words, n, values);
      const std::int64_t skip = pair < global_first ? 1 : 0;  // a run starting at an odd element
      const std::int64_t count = std::min(n, end - pair);
      T* o = out + (pair + skip - global_first) * stride;
      if (stride == 1) {
        for (std::int64_t k = skip; k < count; ++k) o[k - skip] = static_cast<T>(values[k]);
      } else {
        for (std::int64_t k = skip; k < count; ++k) o[(k - skip) * stride] = static_cast<T>(values[k]);
      }
    }
  });
}

/// Local. Throws gingham::TypeError unless dtype is float32 or float64.
inline void require_real_floating(DType dtype, const char* method) {
  if (dtype != DType::float32 && dtype != DType::float64) {
    throw TypeError(std::string("Generator.") + method + ": expected dtype float32 or float64, got " +
                    std::string(dtype_name(dtype)));
  }
}

/// Local. The number of elements of `layout` as an unsigned word count.
inline std::uint64_t element_count(const Distribution& layout) {
  return static_cast<std::uint64_t>(layout.global_size());
}

}  // namespace gingham::random::detail
