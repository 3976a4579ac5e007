// The summary of a host index list (src/kernels/host_indices.hpp) against plain loops: smallest, largest,
// whether it never decreases; the digest the same at every SIMD level and changed by any one change of an
// element or of the order; lists of every length up to 40 (the vector loop's edges) and long ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "gingham/core/simd_level.hpp"
#include "src/kernels/host_indices.hpp"

namespace gingham::detail {
namespace {

IndexSummary at_level(SimdLevel level, const std::vector<std::int64_t>& list, bool digest = true) {
  const SimdLevel previous = set_simd_level_cap(level);
  const IndexSummary summary = summarize(list, digest);
  set_simd_level_cap(previous);
  return summary;
}

void check(const std::vector<std::int64_t>& list) {
  const IndexSummary base = at_level(SimdLevel::baseline, list);
  const IndexSummary widest = at_level(SimdLevel::avx512, list);
  for (const IndexSummary& s : {base, widest, at_level(SimdLevel::avx512, list, false)}) {
    ASSERT_EQ(s.smallest, *std::min_element(list.begin(), list.end())) << list.size() << " indices";
    ASSERT_EQ(s.largest, *std::max_element(list.begin(), list.end())) << list.size() << " indices";
    ASSERT_EQ(s.ascending, std::is_sorted(list.begin(), list.end())) << list.size() << " indices";
  }
  ASSERT_EQ(base.digest, widest.digest) << list.size() << " indices";
}

TEST(HostIndices, SummaryMatchesPlainLoopsAtEveryLength) {
  std::mt19937_64 random(5);
  for (std::size_t n = 1; n <= 40; ++n) {
    std::vector<std::int64_t> list(n);
    for (auto& i : list) i = static_cast<std::int64_t>(random() % 50) - 25;
    check(list);
    std::sort(list.begin(), list.end());
    check(list);
    if (n > 1) {  // one descent at each position
      for (std::size_t k = 1; k < n; ++k) {
        std::vector<std::int64_t> one = list;
        one[k] = one[k - 1] - 1;
        check(one);
      }
    }
  }
  std::vector<std::int64_t> longer(1000003);
  for (auto& i : longer) i = static_cast<std::int64_t>(random() >> 1);
  check(longer);
  std::sort(longer.begin(), longer.end());
  check(longer);
  EXPECT_TRUE(summarize({}, true).ascending);
}

TEST(HostIndices, DigestChangesWithAnyElementOrTheOrder) {
  std::vector<std::int64_t> list(37);
  for (std::size_t k = 0; k < list.size(); ++k) list[k] = static_cast<std::int64_t>(k * 3);
  const std::uint64_t digest = summarize(list, true).digest;
  for (std::size_t k = 0; k < list.size(); ++k) {
    std::vector<std::int64_t> changed = list;
    ++changed[k];
    EXPECT_NE(summarize(changed, true).digest, digest) << "element " << k;
    if (k + 1 < list.size()) {
      std::vector<std::int64_t> swapped = list;
      std::swap(swapped[k], swapped[k + 1]);
      EXPECT_NE(summarize(swapped, true).digest, digest) << "elements " << k << " and " << k + 1 << " swapped";
    }
  }
  std::vector<std::int64_t> shorter(list.begin(), list.end() - 1);
  EXPECT_NE(summarize(shorter, true).digest, digest);
}

}  // namespace
}  // namespace gingham::detail
