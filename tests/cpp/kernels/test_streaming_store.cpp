// store_range (src/kernels/streaming_store.hpp) with non-temporal stores against a plain loop: every element
// of [begin, end) gets value_of(i), in increasing i, and nothing outside the range is written; for element
// sizes 1-16 bytes, ranges starting and ending anywhere in a cache line, short ranges (ordinary stores) and
// long ones.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <vector>

#include "src/kernels/streaming_store.hpp"

namespace gingham::detail {
namespace {

template <class T>
T value_at(std::int64_t i) {
  if constexpr (std::is_same_v<T, std::complex<double>>) return {double(i), -double(i)};
  else return static_cast<T>(i * 7 + 3);
}

template <class T>
void check_every_range() {
  constexpr std::int64_t n = 300 + kStreamingRangeBytes / sizeof(T);  // short ranges and streamed ones
  alignas(64) static T buffer[n];
  for (bool stream : {false, true}) {
    for (std::int64_t begin : {0, 1, 3, 7, 8, 15, 33}) {
      for (std::int64_t end = begin; end <= n; end += end < begin + 70 || end > n - 70 ? 1 : 37) {
        const T fill = value_at<T>(-1);
        for (T& e : buffer) e = fill;
        std::int64_t next = begin;
        bool in_order = true;
        store_range(buffer, begin, end, stream, [&](std::int64_t i) {
          in_order &= i == next++;
          return value_at<T>(i);
        });
        ASSERT_TRUE(in_order && next == end) << "stream " << stream << " [" << begin << ", " << end << ")";
        for (std::int64_t i = 0; i < n; ++i) {
          const T expected = i >= begin && i < end ? value_at<T>(i) : fill;
          ASSERT_EQ(buffer[i], expected) << "element " << i << " of [" << begin << ", " << end << "), stream " << stream;
        }
      }
    }
  }
}

TEST(StreamingStore, WritesExactlyTheRangeForEveryElementSize) {
  check_every_range<std::uint8_t>();
  check_every_range<std::int16_t>();
  check_every_range<float>();
  check_every_range<double>();
  check_every_range<std::complex<double>>();
}

TEST(StreamingStore, LargeResultsStreamAndSmallOnesDoNot) {
  EXPECT_FALSE(streams_result(kStreamingStoreBytes / 8 - 1, 8));
  EXPECT_TRUE(streams_result(kStreamingStoreBytes / 8, 8));
  EXPECT_FALSE(streams_result(kStreamingStoreBytes - 1, 1));
}

}  // namespace
}  // namespace gingham::detail
