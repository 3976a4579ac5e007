// gingham::random::Generator against serial references built from philox_words (the stream's words at
// each global row-major index, transformed by the documented rule) in random layouts on random grids
// (sub-grids, replicated axes, column-major shards, sizes 0 and 1, 0-D); the Philox known-answer
// vector; the stream's word order; positions; permutations; spawn and local streams; errors alike on
// every rank. (NumPy equality of random() is checked by tests/python/test_random.py.)
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <numeric>
#include <random>
#include <set>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/random/generator.hpp"
#include "src/random/key_argsort.hpp"  // internal: the bucket argsort with keys that are not uniform
#include "support.hpp"

namespace gingham {
namespace {

using random::Generator;
using random::PhiloxKey;
using random::philox_words;
using test::all_ranks;
using test::holds;
using Shape = std::vector<std::int64_t>;

constexpr std::uint64_t kSeed = 20261206;
const Shape kShapes[] = {{}, {0}, {1}, {23}, {4, 0}, {7, 5}, {3, 4, 5}};

std::vector<std::uint64_t> words(std::uint64_t position, std::int64_t n) {
  std::vector<std::uint64_t> w(static_cast<std::size_t>(std::max<std::int64_t>(n, 0)));
  philox_words(PhiloxKey{kSeed, 0}, PhiloxKey{0, 0}, position, n, w.data());
  return w;
}

double unit(std::uint64_t w) { return static_cast<double>(w >> 11) * 0x1.0p-53; }
double unit_open(std::uint64_t w) { return static_cast<double>((w >> 11) + 1) * 0x1.0p-53; }

/// The documented Box-Muller pairs of n elements from `position`.
std::vector<double> box_muller(std::uint64_t position, std::int64_t n) {
  const std::vector<std::uint64_t> w = words(position, n + n % 2);
  std::vector<double> z(w.size());
  for (std::size_t k = 0; k < w.size(); k += 2) {
    const double r = std::sqrt(-2.0 * std::log(unit_open(w[k]))), angle = 2.0 * std::numbers::pi * unit(w[k + 1]);
    z[k] = r * std::cos(angle);
    z[k + 1] = r * std::sin(angle);
  }
  z.resize(static_cast<std::size_t>(n));
  return z;
}

/// Collective: x (float64) gathered equals `expected` within 1e-13 relative (the SIMD log/sin/cos of
/// libmvec against <cmath>'s).
bool close_to(const Array& x, const std::vector<double>& expected) {
  const std::vector<double> got = test::gathered<double>(x);
  if (got.size() != expected.size()) return false;
  for (std::size_t k = 0; k < got.size(); ++k) {
    if (!(std::abs(got[k] - expected[k]) <= 1e-13 * std::max(1.0, std::abs(expected[k])))) return false;
  }
  return true;
}

std::shared_ptr<const Distribution> layout_of(std::mt19937& random, const Shape& shape, const ProcessGrid& grid) {
  return std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
}

TEST(RandomPhilox, KnownAnswerAndWordOrder) {
  // Random123's kat_vectors: philox4x64_10 of counter 0 under key 0.
  const auto block = random::philox_block(PhiloxKey{0, 0}, {0, 0, 0, 0});
  EXPECT_EQ(block[0], 0x16554d9eca36314cULL);
  EXPECT_EQ(block[1], 0xdb20fe9d672d0fdcULL);
  EXPECT_EQ(block[2], 0xd7e772cee186176bULL);
  EXPECT_EQ(block[3], 0x7e68b68aec7ba23bULL);
  // Word w is word w mod 4 of block w / 4 + 1; any window of the stream is a slice of a longer one.
  const std::vector<std::uint64_t> all = words(0, 64);
  for (std::uint64_t first = 0; first < 20; ++first) {
    for (std::int64_t n : {0, 1, 3, 4, 5, 9, 40}) {
      const std::vector<std::uint64_t> part = words(first, n);
      ASSERT_TRUE(std::equal(part.begin(), part.end(), all.begin() + static_cast<std::ptrdiff_t>(first)));
    }
  }
  for (std::uint64_t w = 0; w < 12; ++w) {
    const auto b = random::philox_block(PhiloxKey{kSeed, 0}, {w / 4 + 1, 0, 0, 0});
    EXPECT_EQ(all[w], b[w % 4]);
  }
  random::PhiloxStream stream(PhiloxKey{kSeed, 0}, 5);
  for (std::size_t k = 5; k < 30; ++k) EXPECT_EQ(stream.next_uint64(), all[k]);
}

TEST(RandomGenerator, ContinuousMethodsInRandomLayouts) {
  std::mt19937 random(16);
  for (const Shape& shape : kShapes) {
    const std::int64_t n = test::element_count(shape);
    const ProcessGrid grid = test::random_world_grid(random);
    auto layout = layout_of(random, shape, grid);
    Generator g(kSeed);
    g.advance(3);
    const std::vector<std::uint64_t> w = words(3, n);
    std::vector<double> uniform(w.size()), exponential(w.size());
    std::vector<float> uniform32(w.size());
    for (std::size_t k = 0; k < w.size(); ++k) {
      uniform[k] = unit(w[k]);
      uniform32[k] = static_cast<float>(w[k] >> 40) * 0x1.0p-24f;
      exponential[k] = -2.0 * std::log(unit_open(w[k]));
    }
    ASSERT_TRUE(all_ranks(holds(g.random(DType::float64, grid, layout), shape, uniform))) << layout->describe();
    ASSERT_EQ(g.position(), 3 + static_cast<std::uint64_t>(n));
    Generator g32(PhiloxKey{kSeed, 0}, 3);
    ASSERT_TRUE(all_ranks(holds(g32.random(DType::float32, grid, layout), shape, uniform32)));
    Generator ge(PhiloxKey{kSeed, 0}, 3);
    ASSERT_TRUE(all_ranks(close_to(ge.exponential(DType::float64, grid, layout, 2.0), exponential)));
    std::vector<double> normal = box_muller(3, n);
    for (double& v : normal) v = 1.0 + 0.5 * v;
    Generator gn(PhiloxKey{kSeed, 0}, 3);
    const Array z = gn.normal(DType::float64, grid, layout, 1.0, 0.5);
    ASSERT_TRUE(all_ranks(close_to(z, normal)));
    // Every layout gives the same bits: the replicated array computes every element on every rank.
    Generator gr(PhiloxKey{kSeed, 0}, 3);
    const Array replicated = gr.normal(DType::float64, grid,
                                       std::make_shared<const Distribution>(Distribution::replicated(shape, grid.dims())),
                                       1.0, 0.5);
    ASSERT_TRUE(all_ranks(holds(z, shape, test::gathered<double>(replicated))));
    ASSERT_EQ(gn.position(), 3 + static_cast<std::uint64_t>(n + n % 2));
  }
}

TEST(RandomGenerator, IntegersInRandomLayouts) {
  std::mt19937 random(17);
  struct Case {
    DType dtype;
    std::int64_t low, high;
    bool endpoint;
  };
  const Case cases[] = {{DType::int64, 0, 10, false}, {DType::int8, -128, 127, true}, {DType::uint16, 3, 4, false},
                        {DType::int32, -7, 1 << 20, false}, {DType::int64, INT64_MIN, INT64_MAX, true},
                        // 5 * 2^61 values: 2^64 mod it = 3 * 2^61, so 3 words in 8 are redrawn
                        {DType::int64, -3 * (std::int64_t{1} << 61), std::int64_t{1} << 62, false},
                        {DType::int64, INT64_MIN + 5, INT64_MAX - 3, true},
                        // 32-bit draws: 3 * 2^30 values (2^32 mod it = 2^30: 1 draw in 4 redrawn), 2^32 values
                        {DType::int64, 0, std::int64_t{3} << 30, false}, {DType::uint32, 0, 0xFFFFFFFF, true},
                        {DType::int64, -1, std::int64_t{1} << 32, false}};  // 2^32 + 1 values: 64-bit draws
  for (const Case& c : cases) {
    const Shape shape{7, 5};
    const ProcessGrid grid = test::random_world_grid(random);
    auto layout = layout_of(random, shape, grid);
    Generator g(kSeed);
    const Array x = g.integers(c.dtype, grid, layout, c.low, c.high, c.endpoint);
    const unsigned __int128 count =
        static_cast<unsigned __int128>(static_cast<__int128>(c.high) - c.low + (c.endpoint ? 1 : 0));
    const bool power = (count & (count - 1)) == 0;
    // b-bit draws: the 32-bit halves of the words (low half first) up to 2^32 values, else whole words
    const int b = count <= (static_cast<unsigned __int128>(1) << 32) ? 32 : 64;
    const std::vector<std::uint64_t> w = words(0, b == 32 ? 18 : 35);
    const unsigned __int128 draws = static_cast<unsigned __int128>(1) << b;
    auto draw = [&](std::uint64_t word, std::size_t k) { return b == 64 ? word : (word >> (32 * (k % 2))) & 0xFFFFFFFFu; };
    std::vector<std::int64_t> expected(35);
    for (std::size_t k = 0; k < 35; ++k) {
      const std::uint64_t v = draw(w[b == 32 ? k / 2 : k], k);
      unsigned __int128 offset;
      if (power) {
        int bits = 0;
        while ((static_cast<unsigned __int128>(1) << bits) < count) ++bits;
        offset = bits == 0 ? 0 : v >> (b - bits);
      } else {  // Lemire: floor(count v / 2^b), v redrawn from stream {0x6c656d697265, attempt} while rejected
        const unsigned __int128 threshold = draws % count;
        unsigned __int128 product = count * v;
        for (std::uint64_t attempt = 1; product % draws < threshold; ++attempt) {
          std::uint64_t again = 0;
          philox_words(PhiloxKey{kSeed, 0}, PhiloxKey{0x6c656d697265, attempt}, k, 1, &again);
          product = count * (b == 64 ? again : again & 0xFFFFFFFFu);
        }
        offset = product >> b;
      }
      expected[k] = static_cast<std::int64_t>(static_cast<std::uint64_t>(c.low) + static_cast<std::uint64_t>(offset));
      ASSERT_TRUE(expected[k] >= c.low && (expected[k] < c.high || (c.endpoint && expected[k] == c.high)));
    }
    const std::vector<std::int64_t> got = test::gathered<std::int64_t>(astype(x, DType::int64));
    ASSERT_TRUE(all_ranks(got == expected)) << dtype_name(c.dtype) << " " << c.low << " " << c.high;
    ASSERT_EQ(g.position(), b == 32 ? 18u : 35u);
  }
}

TEST(RandomGenerator, PermutationIsTheStableArgsortOfTheWords) {
  std::mt19937 random(20);
  for (std::int64_t n : {0, 1, 2, 31, 1000, 3, 600, 100003}) {  // 600 and more: buckets over several ranks
    const ProcessGrid grid = n < 1000 ? test::random_world_grid(random) : ProcessGrid(Comm::world(), {test::world_size()});
    Generator g(kSeed);
    const std::vector<std::int64_t> p = test::gathered<std::int64_t>(g.permutation(grid, n));
    const std::vector<std::uint64_t> w = words(0, n);
    std::vector<std::int64_t> expected(static_cast<std::size_t>(n));
    std::iota(expected.begin(), expected.end(), 0);
    std::stable_sort(expected.begin(), expected.end(), [&](std::int64_t a, std::int64_t b) { return w[a] < w[b]; });
    ASSERT_TRUE(all_ranks(p == expected)) << n;
    ASSERT_EQ(g.position(), static_cast<std::uint64_t>(n));
  }
}

TEST(RandomGenerator, KeyArgsortIsStableForAnyKeys) {
  // The bucket argsort behind permutation with keys far from uniform: few distinct values (long runs of
  // ties, ordered by index), all equal, and all in one top-bits bucket; against std::stable_sort.
  const Comm world = Comm::world();
  const int ranks = world.size(), me = world.rank();
  const std::vector<std::uint64_t> w = words(0, 5000);
  const std::function<std::uint64_t(std::uint64_t)> shapes[] = {
      [](std::uint64_t v) { return (v % 5) << 61 | (v & 3); }, [](std::uint64_t) { return std::uint64_t{42}; },
      [](std::uint64_t v) { return v >> 20; }};
  for (std::int64_t n : {0, 1, 17, 5000}) {
    for (const auto& shape : shapes) {
      std::vector<std::int64_t> bounds(2 * static_cast<std::size_t>(ranks));
      const std::int64_t block = (n + ranks - 1) / ranks;
      for (int q = 0; q < ranks; ++q) bounds[2 * q] = std::min(n, q * block), bounds[2 * q + 1] = std::min(n, (q + 1) * block);
      std::vector<std::int64_t> got(static_cast<std::size_t>(bounds[2 * me + 1] - bounds[2 * me]));
      random::detail::argsort_keys(world, n, bounds, [&](std::int64_t first, std::int64_t count, std::uint64_t* out) {
        for (std::int64_t k = 0; k < count; ++k) out[k] = shape(w[first + k]);
      }, got.data());
      std::vector<std::int64_t> expected(static_cast<std::size_t>(n));
      std::iota(expected.begin(), expected.end(), 0);
      std::stable_sort(expected.begin(), expected.end(), [&](std::int64_t a, std::int64_t b) { return shape(w[a]) < shape(w[b]); });
      ASSERT_TRUE(all_ranks(std::equal(got.begin(), got.end(), expected.begin() + bounds[2 * me]))) << n;
    }
  }
}

TEST(RandomGenerator, ShuffleReordersSlabsInPlace) {
  std::mt19937 random(18);
  const Shape shape{6, 4};
  std::vector<double> whole(24);
  std::iota(whole.begin(), whole.end(), 0.0);
  for (int trial = 0; trial < 4; ++trial) {
    const ProcessGrid grid = test::random_world_grid(random);
    const Array x = test::random_array_of(random, grid, shape, whole);
    Generator g(kSeed);
    g.shuffle(x, 0);
    Generator h(kSeed);
    const std::vector<std::int64_t> order = test::gathered<std::int64_t>(h.permutation(grid, 6));
    std::vector<double> expected;
    for (std::int64_t row : order) expected.insert(expected.end(), whole.begin() + 4 * row, whole.begin() + 4 * row + 4);
    ASSERT_TRUE(all_ranks(holds(x, shape, expected))) << x.distribution().describe();
  }
}

TEST(RandomGenerator, PermutedShufflesEachLine) {
  std::mt19937 random(19);
  const Shape shape{5, 6};
  std::vector<double> whole(30);
  std::iota(whole.begin(), whole.end(), 0.0);
  const std::vector<std::uint64_t> w = words(0, 30);
  for (int axis : {0, 1}) {
    std::vector<double> expected(30);
    for (int line = 0; line < shape[1 - axis]; ++line) {  // the stable argsort of the line's keys
      auto at = [&](std::int64_t k) { return axis == 1 ? line * 6 + k : k * 6 + line; };
      std::vector<std::int64_t> order(static_cast<std::size_t>(shape[axis]));
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) { return w[at(a)] < w[at(b)]; });
      for (std::size_t k = 0; k < order.size(); ++k) expected[at(static_cast<std::int64_t>(k))] = whole[at(order[k])];
    }
    const ProcessGrid grid = test::random_world_grid(random);
    const Array x = test::random_array_of(random, grid, shape, whole);
    Generator g(kSeed);
    const Array y = g.permuted(x, axis);
    ASSERT_TRUE(all_ranks(*y.layout() == *x.layout() && holds(y, shape, expected))) << x.distribution().describe();
    ASSERT_EQ(g.position(), 30u);
  }
}

TEST(RandomGenerator, ChoiceWithoutReplacementIsDistinct) {
  const ProcessGrid grid(Comm::world(), {test::world_size()});
  Generator g(kSeed);
  const std::vector<std::int64_t> sample = test::gathered<std::int64_t>(g.choice(grid, default_layout({12}, grid), 40, false, std::nullopt));
  Generator h(kSeed);
  std::vector<std::int64_t> first = test::gathered<std::int64_t>(h.permutation(grid, 40));
  first.resize(12);
  ASSERT_TRUE(all_ranks(sample == first));
  const std::vector<double> p{0.0, 0.5, 0.0, 0.25, 0.25};
  Generator weighted(kSeed);
  const std::vector<std::int64_t> drawn =
      test::gathered<std::int64_t>(weighted.choice(grid, default_layout({3}, grid), 5, false, p));
  const std::set<std::int64_t> distinct(drawn.begin(), drawn.end());
  ASSERT_TRUE(all_ranks(distinct == std::set<std::int64_t>{1, 3, 4}));  // the only 3 of nonzero weight
  Generator with(kSeed);
  const std::vector<std::int64_t> replaced =
      test::gathered<std::int64_t>(with.choice(grid, default_layout({500}, grid), 5, true, p));
  ASSERT_TRUE(all_ranks(std::all_of(replaced.begin(), replaced.end(), [](std::int64_t v) { return v == 1 || v == 3 || v == 4; })));
}

TEST(RandomGenerator, SpawnAndLocalStreamsAreDistinct) {
  Generator parent(kSeed);
  std::vector<Generator> children = parent.spawn(3);
  std::vector<Generator> more = parent.spawn(1);
  std::set<std::pair<std::uint64_t, std::uint64_t>> keys{{parent.key()[0], parent.key()[1]}};
  for (const Generator& c : children) keys.insert({c.key()[0], c.key()[1]});
  keys.insert({more[0].key()[0], more[0].key()[1]});
  EXPECT_EQ(keys.size(), 5u);
  Generator again(kSeed);
  EXPECT_EQ(again.spawn(3)[2].key(), children[2].key());
  const random::PhiloxStream a = parent.local_stream(0), b = parent.local_stream(0), c = parent.local_stream(1);
  EXPECT_NE(a.key(), b.key());
  EXPECT_NE(a.key(), c.key());
}

TEST(RandomGenerator, EntropySeedAgrees) {
  const Generator g = Generator::from_entropy(Comm::world());
  std::uint64_t mine[2] = {g.key()[0], g.key()[1]}, first[2] = {mine[0], mine[1]};
  MPI_Bcast(first, 2, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  EXPECT_TRUE(all_ranks(mine[0] == first[0] && mine[1] == first[1]));
}

TEST(RandomGenerator, BadArgumentsThrowOnEveryRank) {
  const ProcessGrid grid(Comm::world(), {test::world_size()});
  auto layout = default_layout({5}, grid);
  Generator g(kSeed);
  const std::function<void()> calls[] = {
      [&] { g.random(DType::int32, grid, layout); },
      [&] { g.normal(DType::float64, grid, layout, 0.0, -1.0); },
      [&] { g.uniform(DType::float64, grid, layout, 0.0, INFINITY); },
      [&] { g.integers(DType::uint8, grid, layout, std::int64_t{0}, std::int64_t{257}, false); },
      [&] { g.integers(DType::int64, grid, layout, std::int64_t{3}, std::int64_t{3}, false); },
      [&] { g.integers(DType::float32, grid, layout, std::int64_t{0}, std::int64_t{3}, false); },
      [&] { g.permutation(grid, -1); },
      [&] { g.choice(grid, layout, 3, false, std::nullopt); },
      [&] { g.choice(grid, layout, 2, true, std::vector<double>{0.5, 0.25}); },
  };
  const ErrorKind kinds[] = {ErrorKind::type, ErrorKind::value, ErrorKind::value, ErrorKind::value, ErrorKind::value,
                             ErrorKind::type, ErrorKind::value, ErrorKind::value, ErrorKind::value};
  for (std::size_t k = 0; k < std::size(calls); ++k) {
    const std::optional<test::Thrown> thrown = test::thrown_by(calls[k]);
    ASSERT_TRUE(all_ranks(thrown && thrown->kind == kinds[k])) << k;
  }
  EXPECT_EQ(g.position(), 0u);
}

}  // namespace
}  // namespace gingham
