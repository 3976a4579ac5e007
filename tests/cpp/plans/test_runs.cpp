// AxisRuns: appended pieces compress into runs and repeating groups of runs, and every position reads
// back as appended (at() and for_each_segment against the uncompressed list). No MPI.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "src/plans/runs.hpp"

namespace gingham::detail {
namespace {

struct Piece {
  std::int64_t count, src, src_stride, dst, dst_stride;
};

/// Empty when `runs` holds exactly the (source, target) pairs of `pieces`, read position by position
/// with at() and range by range with for_each_segment; otherwise the first difference.
std::string mismatch(const AxisRuns& runs, const std::vector<Piece>& pieces, std::mt19937& random) {
  std::vector<std::pair<std::int64_t, std::int64_t>> expected;
  for (const Piece& p : pieces) {
    for (std::int64_t i = 0; i < p.count; ++i) expected.emplace_back(p.src + i * p.src_stride, p.dst + i * p.dst_stride);
  }
  const auto n = static_cast<std::int64_t>(expected.size());
  if (runs.elements() != n) return "holds " + std::to_string(runs.elements()) + " elements, expected " + std::to_string(n);
  for (std::int64_t m = 0; m < n; ++m) {
    const Segment s = runs.at(m);
    if (s.count < 1 || m + s.count > n) return "at(" + std::to_string(m) + ") continues for " + std::to_string(s.count);
    for (std::int64_t t = 0; t < s.count; ++t) {
      if (std::make_pair(s.src + t * s.src_stride, s.dst + t * s.dst_stride) != expected[m + t]) {
        return "position " + std::to_string(m + t) + " read through at(" + std::to_string(m) + ") differs";
      }
    }
  }
  for (int trial = 0; trial < 200; ++trial) {
    std::int64_t first = std::uniform_int_distribution<std::int64_t>(0, n)(random);
    std::int64_t last = std::uniform_int_distribution<std::int64_t>(0, n)(random);
    if (first > last) std::swap(first, last);
    std::int64_t m = first;
    std::string problem;
    runs.for_each_segment(first, last, [&](const Segment& s) {
      for (std::int64_t t = 0; t < s.count && problem.empty(); ++t, ++m) {
        if (m >= last || std::make_pair(s.src + t * s.src_stride, s.dst + t * s.dst_stride) != expected[m]) {
          problem = "for_each_segment(" + std::to_string(first) + ", " + std::to_string(last) + ") differs at " + std::to_string(m);
        }
      }
    });
    if (problem.empty() && m != last) problem = "for_each_segment(" + std::to_string(first) + ", " + std::to_string(last) + ") stops early";
    if (!problem.empty()) return problem;
  }
  return "";
}

/// A pattern of `length` random pieces repeated `cycles` times, each cycle shifted, followed by noise,
/// as several times over; pieces sometimes continue one another (so runs merge across pieces).
std::vector<Piece> random_pieces(std::mt19937& random) {
  auto draw = [&](std::int64_t low, std::int64_t high) { return std::uniform_int_distribution<std::int64_t>(low, high)(random); };
  std::vector<Piece> pieces;
  std::int64_t src = draw(0, 5), dst = draw(0, 5);
  for (int part = draw(1, 4); part > 0; --part) {
    std::vector<Piece> pattern;
    std::int64_t span_src = 0, span_dst = 0;
    for (int k = draw(1, 6); k > 0; --k) {
      const Piece p{draw(1, 4), span_src + draw(0, 2), draw(1, 3), span_dst + draw(0, 2), draw(1, 2)};
      span_src = p.src + p.count * p.src_stride, span_dst = p.dst + p.count * p.dst_stride;
      pattern.push_back(p);
    }
    const std::int64_t src_shift = span_src + draw(0, 3), dst_shift = span_dst + draw(0, 3);
    for (std::int64_t c = 0, cycles = draw(0, 40); c < cycles; ++c) {
      for (const Piece& p : pattern) pieces.push_back({p.count, src + c * src_shift + p.src, p.src_stride, dst + c * dst_shift + p.dst, p.dst_stride});
    }
    src += 50 * src_shift, dst += 50 * dst_shift;
    for (int k = draw(0, 5); k > 0; --k) pieces.push_back({draw(1, 5), src += draw(1, 9), draw(0, 2), dst += draw(1, 9), 1});
    src += 20, dst += 20;
  }
  return pieces;
}

TEST(AxisRuns, RandomPiecesReadBackAsAppended) {
  std::mt19937 random(31);
  int grouped = 0;  // trials where some runs formed a group of several cycles
  for (int trial = 0; trial < 400; ++trial) {
    const std::vector<Piece> pieces = random_pieces(random);
    AxisRuns runs;
    for (const Piece& p : pieces) runs.append(p.count, p.src, p.src_stride, p.dst, p.dst_stride);
    const std::string problem = mismatch(runs, pieces, random);
    ASSERT_TRUE(problem.empty()) << "trial " << trial << ": " << problem;
    grouped += std::any_of(runs.groups().begin(), runs.groups().end(), [](const auto& g) { return g.cycles > 2; });
  }
  EXPECT_GT(grouped, 100);
}

TEST(AxisRuns, RepeatingPatternsTakeMemoryForOneCycleNotForEveryElement) {
  // The pieces block-cyclic(3) -> block-cyclic(5) moves between two of two ranks: the lengths 3, 2, 1,
  // 3, 1 repeat with every period, shifted.
  std::mt19937 random(5);
  std::vector<std::size_t> bytes;
  for (std::int64_t cycles : {10, 1000, 100000}) {
    std::vector<Piece> pieces;
    const std::vector<std::int64_t> lengths = {3, 2, 1, 3, 1};
    for (std::int64_t c = 0; c < cycles; ++c) {
      std::int64_t src = 15 * c, dst = 20 * c + 1;
      for (std::int64_t length : lengths) pieces.push_back({length, src, 1, dst, 1}), src += length + 1, dst += length + 2;
    }
    AxisRuns runs;
    for (const Piece& p : pieces) runs.append(p.count, p.src, p.src_stride, p.dst, p.dst_stride);
    // One group of the whole cycles, and at most the last cycle as single runs (it is still open).
    EXPECT_LE(runs.runs().size(), 2 * lengths.size()) << cycles << " cycles";
    EXPECT_LE(runs.groups().size(), lengths.size() + 1) << cycles << " cycles";
    bytes.push_back(runs.metadata_bytes());
    if (cycles <= 1000) EXPECT_TRUE(mismatch(runs, pieces, random).empty()) << mismatch(runs, pieces, random);
  }
  EXPECT_EQ(bytes[1], bytes[2]);  // the same for 1000 and 100000 cycles
  EXPECT_LE(bytes[2], 4096u);
  // A single progression stays one run, seen whole by single_run().
  AxisRuns line;
  for (std::int64_t i = 0; i < 100; ++i) line.append(1, 2 * i, 1, i, 1);
  ASSERT_NE(line.single_run(), nullptr);
  EXPECT_EQ(line.single_run()->count, 100);
}

}  // namespace
}  // namespace gingham::detail
