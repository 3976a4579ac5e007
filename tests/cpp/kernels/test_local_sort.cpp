// The local sorts of one run (src/kernels/local_sort.hpp: Highway's vqsort with NumPy's order) against
// std::stable_sort with NumPy's comparison, bit for bit: keys with NaNs of several payloads, -0.0 and 0.0,
// infinities, the largest finite numbers and many ties; pairs (argsort) stable; ascending and descending.
// The threaded sort of long runs (threaded_sort.hpp) against the same reference on 1-4 threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "gingham/core/threads.hpp"
#include "src/kernels/local_sort.hpp"
#include "src/kernels/threaded_sort.hpp"

namespace gingham::detail {
namespace {

/// NumPy's ascending order: NaNs last.
template <class S>
bool numpy_less(S a, S b) {
  if constexpr (std::is_floating_point_v<S>) return std::isnan(b) ? !std::isnan(a) : a < b;
  else return a < b;
}

template <class S>
std::vector<S> keys(std::mt19937& random, std::size_t n) {
  std::vector<S> v(n);
  std::uniform_int_distribution<int> pick(0, 12);
  for (S& x : v) {
    const int k = pick(random);
    if constexpr (std::is_floating_point_v<S>) {
      const S specials[] = {std::numeric_limits<S>::quiet_NaN(), -std::numeric_limits<S>::quiet_NaN(), S(-0.0), S(0.0),
                            std::numeric_limits<S>::infinity(), -std::numeric_limits<S>::infinity(),
                            std::numeric_limits<S>::max(), std::numeric_limits<S>::lowest()};
      x = k < 8 ? specials[k] : S(static_cast<int>(random() % 7) - 3) / S(2);
    } else {
      x = k < 4 ? std::numeric_limits<S>::max() - S(k) : static_cast<S>(random());
    }
  }
  return v;
}

template <class S>
bool same_bits(const std::vector<S>& a, const std::vector<S>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(S)) == 0;
}

template <class S>
void check(std::size_t n) {
  std::mt19937 random(static_cast<unsigned>(n));
  // Random input, and input already sorted, reversed, and strictly reversed (the presorted paths).
  for (int shape = 0; shape < 8; ++shape) {
    const bool descending = shape % 2 == 1;
    SCOPED_TRACE(std::string(descending ? "descending" : "ascending") + ", n = " + std::to_string(n) +
                 ", input " + std::to_string(shape / 2));
    std::vector<S> input = keys<S>(random, n);
    auto order = [&](S a, S b) { return descending ? numpy_less(b, a) : numpy_less(a, b); };
    if (shape / 2 >= 1) std::stable_sort(input.begin(), input.end(), [](S a, S b) { return numpy_less(a, b); });
    if (shape / 2 == 2) std::reverse(input.begin(), input.end());
    if (shape / 2 == 3) {  // distinct keys, strictly decreasing (at most 100: they fit every key type)
      input.resize(std::min<std::size_t>(n, 100));
      for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<S>(input.size() - 1 - i);
    }
    if constexpr (vqsort_keys<S>) {
      std::vector<S> expected = input, got = input;
      std::stable_sort(expected.begin(), expected.end(), order);
      vq_sort_keys(got.data(), static_cast<std::int64_t>(got.size()), descending, /*stable=*/true);
      EXPECT_TRUE(same_bits(got, expected));
    }
    struct Pair {
      S key;
      std::int64_t index;
    };
    const std::size_t m = input.size();
    std::vector<Pair> pairs(m), reference(m);
    for (std::size_t i = 0; i < m; ++i) pairs[i] = reference[i] = Pair{input[i], static_cast<std::int64_t>(i) * 3};
    std::stable_sort(reference.begin(), reference.end(), [&](const Pair& a, const Pair& b) { return order(a.key, b.key); });
    vq_sort_pairs(pairs, descending);
    bool same = true;
    for (std::size_t i = 0; i < m; ++i) same = same && pairs[i].index == reference[i].index;
    EXPECT_TRUE(same);
  }
}

TEST(LocalSort, MatchesStableSortWithNumPysOrder) {
  for (std::size_t n : {0, 1, 2, 17, 1000, 100003}) {
    check<double>(n);
    check<float>(n);
    check<std::int64_t>(n);
    check<std::uint32_t>(n);
    check<std::int16_t>(n);
  }
  for (std::size_t n : {0, 5, 1000}) check<std::uint8_t>(n);  // pairs only sort bytes through vqsort
}

/// Whether a and b hold the same keys in NumPy's order up to the signs of zeros (an unstable sort may
/// order -0.0 and 0.0 either way).
template <class S>
bool same_order_codes(const std::vector<S>& a, const scratch_vector<S>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (order_code(a[i]) != order_code(b[i])) return false;
  }
  return true;
}

template <class S>
void check_threaded(std::size_t n, int threads) {
  std::mt19937 random(static_cast<unsigned>(n) + static_cast<unsigned>(threads));
  const int before = num_threads();
  set_num_threads(threads);
  // Random keys with ties, NaNs and zeros of both signs; sorted, reversed, and sorted but for one swapped pair.
  for (int shape = 0; shape < 8; ++shape) {
    const bool descending = shape % 2 == 1;
    SCOPED_TRACE(std::string(descending ? "descending" : "ascending") + ", n = " + std::to_string(n) + ", " +
                 std::to_string(threads) + " threads, input " + std::to_string(shape / 2));
    std::vector<S> input = keys<S>(random, n);
    auto order = [&](S a, S b) { return descending ? numpy_less(b, a) : numpy_less(a, b); };
    if (shape / 2 >= 1) std::stable_sort(input.begin(), input.end(), [](S a, S b) { return numpy_less(a, b); });
    if (shape / 2 == 2) std::reverse(input.begin(), input.end());
    if (shape / 2 == 3) std::swap(input[n / 3], input[2 * n / 3]);
    std::vector<S> expected = input;
    std::stable_sort(expected.begin(), expected.end(), order);
    for (bool stable : {true, false}) {
      scratch_vector<S> got(input.begin(), input.end());
      threaded_sort_keys(got, descending, stable);
      if (stable) {
        EXPECT_TRUE(same_bits(std::vector<S>(got.begin(), got.end()), expected)) << "stable";
      } else {
        EXPECT_TRUE(same_order_codes(expected, got)) << "unstable";
      }
    }
  }
  set_num_threads(before);
}

TEST(LocalSort, ThreadedSortMatchesStableSortOnAnyThreadCount) {
  const std::size_t n = static_cast<std::size_t>(4 * kThreadedSortMinKeys + 12345);  // up to 4 chunks
  for (int threads : {2, 3, 4}) {  // 2, 3 and 4 chunks: even and odd merge trees
    check_threaded<double>(n, threads);
    check_threaded<float>(n, threads);
    check_threaded<std::int16_t>(n, threads);
  }
}

}  // namespace
}  // namespace gingham::detail
