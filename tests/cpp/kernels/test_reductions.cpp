// Reductions, cumulative sums and diff on random layouts, grids and axes, each compared with plain
// loops over the whole array; the deterministic mode against a one-rank grid; errors on every rank.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <limits>
#include <random>

#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/kernels/scans.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::gathered;
using test::thrown_by;

/// A random array of T on a random grid and layout (every rank draws the same), and its whole values.
template <class T>
std::pair<DistArray<T>, std::vector<T>> random_array(std::mt19937& random, const ProcessGrid& grid,
                                                     const std::vector<std::int64_t>& shape) {
  std::int64_t size = 1;
  for (std::int64_t e : shape) size *= e;
  std::vector<T> whole(size);
  for (T& v : whole) {
    if constexpr (std::is_floating_point_v<T>) v = T(draw(random, -1000, 1000)) / T(8);
    else v = T(draw(random, -4, 5));
  }
  auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
  std::vector<std::int64_t> strides(shape.size(), 1);
  for (int a = int(shape.size()) - 2; a >= 0; --a) strides[a] = strides[a + 1] * shape[a + 1];
  const RawView view = LocalView<T>(whole.data(), shape, strides).raw();
  return {DistArray<T>(from_whole(dtype_of<T>, grid, layout, view)), whole};
}

/// The plain-loop reduction of `whole` (shape) over `axes`: result[k] for each kept row-major index k.
template <class R, class T, class F>
std::vector<R> reference(const std::vector<T>& whole, const std::vector<std::int64_t>& shape, const std::vector<int>& axes,
                         R initial, F step) {
  std::vector<char> reduced(shape.size(), 0);
  for (int a : axes) reduced[a] = 1;
  std::int64_t kept = 1;
  for (std::size_t a = 0; a < shape.size(); ++a) kept *= reduced[a] ? 1 : shape[a];
  std::vector<R> out(kept, initial);
  std::vector<std::int64_t> index(shape.size(), 0);
  for (std::size_t e = 0; e < whole.size(); ++e) {
    std::int64_t k = 0, r = 0;
    for (std::size_t a = 0; a < shape.size(); ++a) {
      if (reduced[a]) r = r * shape[a] + index[a];
      else k = k * shape[a] + index[a];
    }
    step(out[k], whole[e], r);
    for (int a = int(shape.size()) - 1; a >= 0 && ++index[a] == shape[a]; --a) index[a] = 0;
  }
  return out;
}

TEST(Reductions, RandomLayoutsAndAxesMatchPlainLoops) {
  std::mt19937 random(42);
  for (int trial = 0; trial < 40; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    std::vector<std::int64_t> shape(draw(random, 0, 3));
    for (auto& e : shape) e = draw(random, 0, 5);
    std::vector<int> axes;
    for (int a = 0; a < int(shape.size()); ++a) if (draw(random, 0, 1)) axes.push_back(a);
    const bool all_axes = draw(random, 0, 3) == 0;
    if (all_axes) axes.clear();
    ReduceOptions options{all_axes ? std::nullopt : std::optional<std::vector<int>>(axes), draw(random, 0, 1) == 1};
    if (all_axes) for (int a = 0; a < int(shape.size()); ++a) axes.push_back(a);
    std::int64_t count = 1;
    for (int a : axes) count *= shape[a];

    auto [xi, wi] = random_array<std::int32_t>(random, grid, shape);
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::sum, xi.array(), options)),
              reference<std::int64_t>(wi, shape, axes, std::int64_t(0), [](auto& p, auto v, auto) { p += v; }));
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::prod, xi.array(), options)),
              reference<std::int64_t>(wi, shape, axes, std::int64_t(1), [](auto& p, auto v, auto) { p *= v; }));
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::count_nonzero, xi.array(), options)),
              reference<std::int64_t>(wi, shape, axes, std::int64_t(0), [](auto& p, auto v, auto) { p += v != 0; }));
    EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::all, xi.array(), options), DType::int64)),
              reference<std::int64_t>(wi, shape, axes, std::int64_t(1), [](auto& p, auto v, auto) { p = p && v != 0; }));
    if (count > 0) {
      EXPECT_EQ(gathered<std::int32_t>(reduce(Reduction::max, xi.array(), options)),
                reference<std::int32_t>(wi, shape, axes, INT32_MIN, [](auto& p, auto v, auto) { p = std::max(p, v); }));
      if (axes.size() == 1 || all_axes) {
        using Best = std::pair<std::int32_t, std::int64_t>;
        const auto best = reference<Best>(wi, shape, axes, Best{INT32_MAX, -1}, [](auto& p, auto v, auto r) {
          if (p.second < 0 || v < p.first) p = {v, r};
        });
        std::vector<std::int64_t> expected;
        for (const auto& b : best) expected.push_back(b.second);
        EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::argmin, xi.array(), options)), expected);
      }
    } else {
      const auto thrown = thrown_by([&] { reduce(Reduction::min, xi.array(), options); });
      ASSERT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::value));
    }

    auto [xd, wd] = random_array<double>(random, grid, shape);
    const auto sums = reference<double>(wd, shape, axes, 0.0, [](auto& p, auto v, auto) { p += v; });
    const auto means = gathered<double>(reduce(Reduction::mean, xd.array(), options));
    const auto vars = gathered<double>(reduce(Reduction::var, xd.array(), {options.axis, options.keepdims, {}, 1.0}));
    ASSERT_EQ(means.size(), sums.size());
    for (std::size_t k = 0; k < sums.size(); ++k) {
      if (count == 0) {
        EXPECT_TRUE(std::isnan(means[k]));
        continue;
      }
      EXPECT_NEAR(means[k], sums[k] / double(count), 1e-9);  // inputs are multiples of 1/8: sums are exact
    }
    const auto squares = reference<double>(wd, shape, axes, 0.0, [](auto& p, auto v, auto) { p += v * v; });
    for (std::size_t k = 0; k < sums.size() && count > 1; ++k) {
      const double mean = sums[k] / double(count);
      EXPECT_NEAR(vars[k], (squares[k] - count * mean * mean) / double(count - 1), 1e-6 * (1 + squares[k]));
    }
  }
}

TEST(Reductions, DeterministicModeMatchesOneRankBitForBit) {
  std::mt19937 random(5);
  const std::vector<std::int64_t> shape{29, 13};
  std::vector<double> whole(29 * 13);
  for (double& v : whole) v = std::ldexp(std::uniform_real_distribution<double>(-1, 1)(random), draw(random, -30, 30));
  const std::vector<std::int64_t> strides{13, 1};
  const RawView view = LocalView<double>(whole.data(), shape, strides).raw();
  const ProcessGrid single(Comm::duplicate(MPI_COMM_SELF), {1});
  const ProcessGrid grid(Comm::world(), {0, 0});
  set_deterministic(true);
  for (int trial = 0; trial < 6; ++trial) {
    auto layout = std::make_shared<const Distribution>(test::random_layout(random, shape, grid.dims()));
    const Array x = from_whole(DType::float64, grid, layout, view);
    const Array one = from_whole(DType::float64, single, std::make_shared<const Distribution>(shape,
                                 std::vector<AxisLayout>{AxisLayout::block(), AxisLayout::not_distributed()},
                                 std::vector<int>{1}), view);
    for (Reduction op : {Reduction::sum, Reduction::prod, Reduction::mean, Reduction::var, Reduction::std}) {
      for (auto axis : {std::optional<std::vector<int>>{}, std::optional<std::vector<int>>{{0}},
                        std::optional<std::vector<int>>{{1}}}) {
        const auto got = gathered<double>(reduce(op, x, {axis}));
        const auto expected = gathered<double>(reduce(op, one, {axis}));
        ASSERT_EQ(got.size(), expected.size());
        EXPECT_TRUE(all_ranks(std::memcmp(got.data(), expected.data(), got.size() * sizeof(double)) == 0))
            << reduction_name(op) << " on " << layout->describe();
      }
    }
  }
  set_deterministic(false);
}

TEST(Reductions, CumulativeSumAndDiffMatchPlainLoops) {
  std::mt19937 random(9);
  for (int trial = 0; trial < 30; ++trial) {
    const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
    std::vector<std::int64_t> shape(draw(random, 1, 3));
    for (auto& e : shape) e = draw(random, 0, 9);
    const int axis = draw(random, 0, int(shape.size()) - 1);
    const bool initial = draw(random, 0, 1) == 1;
    auto [x, whole] = random_array<std::int64_t>(random, grid, shape);
    std::vector<std::int64_t> outer_shape = shape;
    outer_shape[axis] += initial ? 1 : 0;
    std::vector<std::int64_t> expected;
    std::int64_t inner = 1, outer = 1;
    for (int a = axis + 1; a < int(shape.size()); ++a) inner *= shape[a];
    for (int a = 0; a < axis; ++a) outer *= shape[a];
    expected.assign(outer * outer_shape[axis] * inner, 0);
    for (std::int64_t o = 0; o < outer; ++o) {
      for (std::int64_t i = 0; i < inner; ++i) {
        std::int64_t running = 0;
        for (std::int64_t k = 0; k < shape[axis]; ++k) {
          running += whole[(o * shape[axis] + k) * inner + i];
          expected[(o * outer_shape[axis] + k + (initial ? 1 : 0)) * inner + i] = running;
        }
      }
    }
    EXPECT_EQ(gathered<std::int64_t>(cumulative(ScanOp::sum, x.array(), axis, std::nullopt, initial)), expected);
    std::vector<std::int64_t> differences;
    for (std::int64_t o = 0; o < outer; ++o) {
      for (std::int64_t k = 0; k + 1 < shape[axis]; ++k) {
        for (std::int64_t i = 0; i < inner; ++i) {
          differences.push_back(whole[(o * shape[axis] + k + 1) * inner + i] - whole[(o * shape[axis] + k) * inner + i]);
        }
      }
    }
    EXPECT_EQ(gathered<std::int64_t>(diff(x.array(), axis)), differences);
  }
}

/// `whole` (shape, row-major) in the default layout of `grid`: dense local rows, the kernels' fast paths.
template <class T>
Array dense_array(const ProcessGrid& grid, std::vector<T>& whole, const std::vector<std::int64_t>& shape) {
  std::vector<std::int64_t> strides(shape.size(), 1);
  for (int a = int(shape.size()) - 2; a >= 0; --a) strides[a] = strides[a + 1] * shape[a + 1];
  return from_whole(dtype_of<T>, grid, default_layout(shape, grid), LocalView<T>(whole.data(), shape, strides).raw());
}

/// The first index of the extreme of `row` (a NaN first, as NumPy), by a plain loop.
template <class T>
std::int64_t plain_arg_extreme(const std::vector<T>& row, bool max) {
  std::int64_t best = 0;
  for (std::int64_t i = 0; i < std::int64_t(row.size()); ++i) {
    if (row[i] != row[i]) return i;
    if (max ? row[i] > row[best] : row[i] < row[best]) best = i;
  }
  return best;
}

/// argmax/argmin of `whole` (rows x n, row-major) along the last axis and of the flat whole, against
/// plain loops.
template <class T>
void expect_arg_extremes(const ProcessGrid& grid, std::vector<T> whole, std::int64_t rows, const std::string& what) {
  const std::int64_t n = std::int64_t(whole.size()) / rows;
  for (bool max : {true, false}) {
    const Reduction op = max ? Reduction::argmax : Reduction::argmin;
    EXPECT_EQ(gathered<std::int64_t>(reduce(op, dense_array(grid, whole, {std::int64_t(whole.size())})))[0],
              plain_arg_extreme(whole, max)) << what << " max " << max;
    std::vector<std::int64_t> expected(rows);
    for (std::int64_t r = 0; r < rows; ++r) {
      expected[r] = plain_arg_extreme(std::vector<T>(whole.begin() + r * n, whole.begin() + (r + 1) * n), max);
    }
    ReduceOptions along_rows;
    along_rows.axis = std::vector<int>{1};
    EXPECT_EQ(gathered<std::int64_t>(reduce(op, dense_array(grid, whole, {rows, n}), along_rows)), expected)
        << what << " rows, max " << max;
  }
}

// argmax/argmin find a block's extreme without indices and read again only the first block reaching the
// row's extreme: extremes and ties at block edges (1024 elements) and piece edges (32768), rows that beat
// their extreme in every block (ascending and descending), -0.0 against 0.0 in later blocks, NaNs before
// and after the extreme (the first NaN wins), and every real dtype width.
TEST(Reductions, ArgExtremeBlocksMatchPlainLoops) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(29);
  const std::int64_t rows = 3, n = 3 * 32768 + 1029;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto pattern = [&](int kind) {
    std::vector<double> v(rows * n);
    for (std::int64_t i = 0; i < rows * n; ++i) {
      const std::int64_t k = i % n;
      switch (kind) {
        case 0: v[i] = double(draw(random, -40, 40)) / 4; break;  // many ties
        case 1: v[i] = double(k); break;                          // ascending
        case 2: v[i] = -double(k); break;                         // descending
        default: v[i] = -1.0; break;
      }
    }
    return v;
  };
  for (int kind = 0; kind < 4; ++kind) {
    for (std::int64_t at : {std::int64_t{1023}, std::int64_t{1024}, std::int64_t{32767}, std::int64_t{32768}, n - 1}) {
      std::vector<double> v = pattern(kind);
      for (std::int64_t r = 0; r < rows; ++r) {
        double* row = v.data() + r * n;
        if (kind == 3) {  // the maximum is zero: -0.0 first, 0.0 in a later block
          row[at] = -0.0, row[(at + 2048 * (r + 1)) % n] = 0.0;
        } else {
          row[at] = 1e6, row[at + (at + 1 < n ? 1 : -1)] = 1e6;  // a tie across an edge
        }
        row[(at * 7 + r) % n] = -1e6;
      }
      expect_arg_extremes(grid, v, rows, "kind " + std::to_string(kind) + " at " + std::to_string(at));
      std::vector<double> late_nan = v, early_nan = v;
      for (std::int64_t r = 0; r < rows; ++r) {
        late_nan[r * n + std::min(n - 1, at + 1500 * (r + 1))] = nan;
        early_nan[r * n + at / (r + 2)] = nan, early_nan[r * n + n - 1 - r] = -nan;
      }
      expect_arg_extremes(grid, late_nan, rows, "late NaN at " + std::to_string(at));
      expect_arg_extremes(grid, early_nan, rows, "early NaN at " + std::to_string(at));
      std::vector<float> floats(early_nan.begin(), early_nan.end());
      expect_arg_extremes(grid, floats, rows, "float32 at " + std::to_string(at));
    }
  }
  std::vector<std::int8_t> bytes(rows * n);
  std::vector<std::uint64_t> words(rows * n);
  std::vector<std::int32_t> ints(rows * n);
  std::vector<std::uint16_t> shorts(rows * n);
  for (std::int64_t i = 0; i < rows * n; ++i) {
    bytes[i] = std::int8_t(draw(random, -128, 127)), words[i] = std::uint64_t(draw(random, 0, 1000)) << 40;
    ints[i] = draw(random, -5, 5), shorts[i] = std::uint16_t(draw(random, 0, 65535));
  }
  expect_arg_extremes(grid, bytes, rows, "int8");
  expect_arg_extremes(grid, words, rows, "uint64");
  expect_arg_extremes(grid, ints, rows, "int32");
  expect_arg_extremes(grid, shorts, rows, "uint16");
}

/// min/max of `whole` (rows x n, default layout) along each axis and flat, against plain loops (NaN if any).
template <class T>
void expect_extremes(const ProcessGrid& grid, std::vector<T>& whole, std::int64_t rows, const std::string& what) {
  const std::int64_t n = std::int64_t(whole.size()) / rows;
  for (const bool max : {false, true}) {
    const Reduction op = max ? Reduction::max : Reduction::min;
    auto step = [max](T& p, T v, std::int64_t) {
      if ((max ? v > p : v < p) || v != v || p != p) p = p != p ? p : v;
    };
    const T start = max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
    for (const int axis : {-1, 0, 1}) {
      std::vector<int> axes;
      if (axis < 0) axes = {0, 1};
      else axes = {axis};
      const std::vector<T> expected = reference<T>(whole, {rows, n}, axes, start, step);
      ReduceOptions options;
      if (axis >= 0) options.axis = std::vector<int>{axis};
      const std::vector<T> got = gathered<T>(reduce(op, dense_array(grid, whole, {rows, n}), options));
      bool ok = got.size() == expected.size();
      for (std::size_t k = 0; ok && k < got.size(); ++k) ok = test::same_value(got[k], expected[k]);
      EXPECT_TRUE(all_ranks(ok)) << what << " axis " << axis << " max " << max;
    }
  }
}

// min/max compare whole vectors of lanes and check them for NaNs (rows) or take each contiguous row into
// the row of partials (columns): extremes at lane, block and piece edges, NaNs early, late and in one
// column only, and every real width.
TEST(Reductions, ExtremesOfRowsAndColumnsMatchPlainLoops) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(31);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [rows, n] : {std::pair<std::int64_t, std::int64_t>{3, 3 * 32768 + 1029}, {211, 301}, {5, 37}}) {
    std::vector<double> v(rows * n);
    for (double& e : v) e = double(draw(random, -400, 400)) / 4;
    for (std::int64_t r = 0; r < rows; ++r) v[r * n + (r * 977) % n] = 1000.0 + double(r), v[r * n + (r * 31 + 5) % n] = -1000.0;
    expect_extremes(grid, v, rows, "float64");
    std::vector<float> f(v.begin(), v.end());
    expect_extremes(grid, f, rows, "float32");
    for (std::int64_t at : {std::int64_t{0}, n / 3, n - 1}) {
      std::vector<double> with_nan = v;
      with_nan[(rows / 2) * n + at] = nan;  // one column and one row
      expect_extremes(grid, with_nan, rows, "NaN at " + std::to_string(at));
      std::vector<float> f_nan(with_nan.begin(), with_nan.end());
      expect_extremes(grid, f_nan, rows, "float32 NaN at " + std::to_string(at));
    }
    std::vector<std::int8_t> bytes(rows * n);
    std::vector<std::uint64_t> words(rows * n);
    std::vector<std::int32_t> ints(rows * n);
    std::vector<std::uint16_t> shorts(rows * n);
    for (std::int64_t i = 0; i < rows * n; ++i) {
      bytes[i] = std::int8_t(draw(random, -128, 127)), words[i] = std::uint64_t(draw(random, 0, 1 << 20)) << 43;
      ints[i] = draw(random, -100000, 100000), shorts[i] = std::uint16_t(draw(random, 0, 65535));
    }
    expect_extremes(grid, bytes, rows, "int8");
    expect_extremes(grid, words, rows, "uint64");
    expect_extremes(grid, ints, rows, "int32");
    expect_extremes(grid, shorts, rows, "uint16");
  }
}

// Long rows cross the dense kernels' block edges: any/all stop at the deciding element (placed at block
// edges, at the end, or absent), count_nonzero's byte and 32-bit counters, argmax/argmin's 8 lanes (ties
// between lanes, -0.0 and 0.0, NaNs), and the one-pass sum of squares; each against plain loops.
TEST(Reductions, DenseRowKernelsMatchPlainLoops) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(11);
  for (std::int64_t n : {std::int64_t{17}, std::int64_t{16320 * 2 + 77}, std::int64_t{(1 << 20) + 4099}}) {
    const std::vector<std::int64_t> shape{n};
    for (std::int64_t at : {std::int64_t{0}, std::int64_t{255}, std::int64_t{256}, n / 2, n - 1, n}) {
      std::vector<bool> flags(n, false);
      if (at < n) flags[at] = true;
      std::vector<std::uint8_t> bytes(flags.begin(), flags.end());
      std::vector<bool> zeros_at = flags;
      zeros_at.flip();
      std::vector<std::uint8_t> all_bytes(zeros_at.begin(), zeros_at.end());
      Array any_of = astype(dense_array(grid, bytes, shape), DType::bool_);
      Array all_of = astype(dense_array(grid, all_bytes, shape), DType::bool_);
      EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::any, any_of), DType::int64))[0], at < n) << n << " " << at;
      EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::all, all_of), DType::int64))[0], at >= n) << n << " " << at;
    }
    std::vector<std::uint8_t> sparse(n);
    std::vector<std::int32_t> words(n);
    for (std::int64_t i = 0; i < n; ++i) sparse[i] = draw(random, 0, 6) == 0, words[i] = draw(random, -1, 1);
    const std::int64_t ones = std::count(sparse.begin(), sparse.end(), 1);
    const std::int64_t nonzero_words = n - std::count(words.begin(), words.end(), 0);
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::count_nonzero, astype(dense_array(grid, sparse, shape), DType::bool_)))[0], ones);
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::count_nonzero, dense_array(grid, sparse, shape)))[0], ones);
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::count_nonzero, dense_array(grid, words, shape)))[0], nonzero_words);

    std::vector<double> values(n);
    for (double& v : values) v = double(draw(random, -50, 50)) / 4;  // many ties
    values[draw(random, 0, int(n) - 1)] = 13;                         // the maximum, twice
    values[draw(random, 0, int(n) - 1)] = 13;
    values[n / 3] = -0.0;
    const auto first_max = std::max_element(values.begin(), values.end()) - values.begin();
    const auto first_min = std::min_element(values.begin(), values.end()) - values.begin();
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::argmax, dense_array(grid, values, shape)))[0], first_max);
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::argmin, dense_array(grid, values, shape)))[0], first_min);
    std::vector<double> signed_zeros(n, 0.0);
    signed_zeros[n / 2] = -0.0;  // equal to 0.0: the first element is the answer
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::argmax, dense_array(grid, signed_zeros, shape)))[0], 0);
    std::vector<std::int16_t> shorts(n);
    for (auto& v : shorts) v = std::int16_t(draw(random, -300, 300));
    EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::argmax, dense_array(grid, shorts, shape)))[0],
              std::max_element(shorts.begin(), shorts.end()) - shorts.begin());
    for (std::int64_t nan_at : {std::int64_t{3}, n - 1}) {
      std::vector<double> with_nan = values;
      with_nan[nan_at] = std::numeric_limits<double>::quiet_NaN();
      with_nan[n - 1 - nan_at / 2] = std::numeric_limits<double>::quiet_NaN();
      const std::int64_t first_nan = std::min(nan_at, n - 1 - nan_at / 2);
      EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::argmax, dense_array(grid, with_nan, shape)))[0], first_nan);
      EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::argmin, dense_array(grid, with_nan, shape)))[0], first_nan);
    }

    // The sum of squares: float64 exactly (multiples of 1/4), float32, complex128; 2-D along each axis.
    double squares = 0;
    for (double v : values) squares += v * v;
    EXPECT_EQ(gathered<double>(sum_of_squares(dense_array(grid, values, shape), {0}))[0], squares);
    std::vector<float> floats(values.begin(), values.end());
    const Array f = sum_of_squares(dense_array(grid, floats, shape), {-1});
    EXPECT_EQ(f.dtype(), DType::float32);
    EXPECT_EQ(gathered<float>(f)[0], float(squares));
    std::vector<std::complex<double>> complexes(n);
    double magnitudes = 0;
    for (std::int64_t i = 0; i < n; ++i) {
      complexes[i] = {values[i], values[(i + 1) % n]};
      magnitudes += values[i] * values[i] + values[(i + 1) % n] * values[(i + 1) % n];
    }
    const Array c = sum_of_squares(dense_array(grid, complexes, shape), {0}, /*keepdims=*/true);
    EXPECT_EQ(c.dtype(), DType::float64);
    EXPECT_EQ(c.global_shape(), std::vector<std::int64_t>{1});
    EXPECT_EQ(gathered<double>(c)[0], magnitudes);
    if (n >= 17 * 1001) {
      const std::vector<std::int64_t> matrix{17, 1001};
      std::vector<double> part(values.begin(), values.begin() + 17 * 1001);
      for (int axis : {0, 1}) {
        const auto rows = gathered<double>(sum_of_squares(dense_array(grid, part, matrix), {axis}));
        const auto expected = reference<double>(part, matrix, {axis}, 0.0, [](auto& p, auto v, auto) { p += v * v; });
        EXPECT_EQ(rows, expected) << "axis " << axis;
      }
    }
  }
  const auto integer = thrown_by([&] { sum_of_squares(arange<std::int64_t>(grid, 0, 3).array(), {0}); });
  ASSERT_TRUE(all_ranks(integer.has_value() && integer->kind == ErrorKind::type));
  EXPECT_NE(integer->message.find("got int64"), std::string::npos);
}

// any and all of rows many pieces long (the engine's pieces of 32768 elements, taken in batches that double
// until the row is decided): the deciding element in the first piece, in the second, deep in a later batch,
// at a batch's last element, at the very end, or nowhere; rows of their own (axis 1) and the whole array.
TEST(Reductions, AnyAndAllOfLongRowsStopAtTheDecidingBatch) {
  const ProcessGrid grid(Comm::world());
  constexpr std::int64_t piece = 32768, m = 9 * piece + 123;
  const std::vector<std::int64_t> deciding{0, piece + 3, 5 * piece + 7, 7 * piece - 1, m - 1, m};  // m: none
  const std::vector<std::int64_t> shape{std::int64_t(deciding.size()), m};
  std::vector<std::uint8_t> any_bytes(shape[0] * m, 0), all_bytes(shape[0] * m, 1);
  for (std::size_t r = 0; r < deciding.size(); ++r) {
    if (deciding[r] < m) any_bytes[r * m + deciding[r]] = 1, all_bytes[r * m + deciding[r]] = 0;
  }
  const Array any_of = astype(dense_array(grid, any_bytes, shape), DType::bool_);
  const Array all_of = astype(dense_array(grid, all_bytes, shape), DType::bool_);
  std::vector<std::int64_t> expected_any, expected_all;
  for (std::int64_t at : deciding) expected_any.push_back(at < m), expected_all.push_back(at >= m);
  ReduceOptions rows;
  rows.axis = std::vector<int>{1};
  EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::any, any_of, rows), DType::int64)), expected_any);
  EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::all, all_of, rows), DType::int64)), expected_all);
  EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::any, any_of), DType::int64))[0], 1);
  EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::all, all_of), DType::int64))[0], 0);
  // Only the last row, which none decides: all pieces of every row are read.
  std::vector<std::uint8_t> last_row(any_bytes.end() - m, any_bytes.end()), last_all(all_bytes.end() - m, all_bytes.end());
  EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::any, astype(dense_array(grid, last_row, {m}), DType::bool_)),
                                          DType::int64))[0], 0);
  EXPECT_EQ(gathered<std::int64_t>(astype(reduce(Reduction::all, astype(dense_array(grid, last_all, {m}), DType::bool_)),
                                          DType::int64))[0], 1);
}

// Kept inner axes wider than the reduction engine's pieces (2048 float64 partials), with the reduced axes
// before them: the rows are added piece by piece, four at a time when they share one row of partials.
// Random doubles with the reduced axes kept on each rank give a plain loop's bits (each partial gets its
// rows in order); other layouts, with exactly summable values, check that each element counts once.
TEST(Reductions, WideKeptAxesMatchPlainLoopsBitForBit) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(77);
  struct Case {
    std::vector<std::int64_t> shape;
    std::vector<int> axes;
  };
  const std::int64_t p = test::world_size();  // every rank's part of the last axis is wider than a piece
  const std::vector<Case> cases{{{9, 2 * 2048 * p + 77}, {0}},  // four rows at a time, one left over
                                {{3, 5, 2048 * p + 3}, {0, 1}},  // two reduced axes
                                {{4, 3, 2100 * p}, {0}},         // a kept outer axis: rows of partials of their own
                                {{2, 1, 2500 * p}, {0}},         // a kept outer axis of extent 1
                                {{7, 2049 * p}, {0}}};
  for (const Case& c : cases) {
    std::int64_t size = 1;
    for (std::int64_t e : c.shape) size *= e;
    std::vector<std::int64_t> strides(c.shape.size(), 1);
    for (int a = int(c.shape.size()) - 2; a >= 0; --a) strides[a] = strides[a + 1] * c.shape[a + 1];
    const std::string where = "shape " + std::to_string(c.shape.size()) + "-D, last extent " + std::to_string(c.shape.back());

    // Only the last axis distributed: every reduced row of a partial is on one rank, in order.
    std::vector<AxisLayout> axes(c.shape.size(), AxisLayout::not_distributed());
    axes.back() = AxisLayout::block();
    auto last_only = std::make_shared<const Distribution>(c.shape, axes, grid.dims());
    std::vector<double> noisy(size);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    for (double& v : noisy) v = uniform(random);
    const Array x = from_whole(DType::float64, grid, last_only, LocalView<double>(noisy.data(), c.shape, strides).raw());
    EXPECT_EQ(gathered<double>(reduce(Reduction::sum, x, {c.axes, false})),
              reference<double>(noisy, c.shape, c.axes, 0.0, [](auto& p, auto v, auto) { p += v; })) << where;
    EXPECT_EQ(gathered<double>(reduce(Reduction::max, x, {c.axes, false})),
              reference<double>(noisy, c.shape, c.axes, -2.0, [](auto& p, auto v, auto) { p = std::max(p, v); })) << where;
    std::vector<float> singles(noisy.begin(), noisy.end());
    const Array xf = from_whole(DType::float32, grid, last_only, LocalView<float>(singles.data(), c.shape, strides).raw());
    const auto float_sums = reference<double>(singles, c.shape, c.axes, 0.0, [](auto& p, auto v, auto) { p += double(v); });
    const auto got = gathered<float>(reduce(Reduction::sum, xf, {c.axes, false}));
    ASSERT_EQ(got.size(), float_sums.size()) << where;
    for (std::size_t k = 0; k < got.size(); ++k) EXPECT_EQ(got[k], float(float_sums[k])) << where << " at " << k;

    // Random layouts: exactly summable values, integer sums and wrapping products, means.
    for (int trial = 0; trial < 3; ++trial) {
      const auto [xi, wi] = random_array<std::int32_t>(random, grid, c.shape);
      EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::sum, xi.array(), {c.axes, trial == 1})),
                reference<std::int64_t>(wi, c.shape, c.axes, std::int64_t(0), [](auto& p, auto v, auto) { p += v; }))
          << where;
      EXPECT_EQ(gathered<std::int64_t>(reduce(Reduction::prod, xi.array(), {c.axes, false})),
                reference<std::int64_t>(wi, c.shape, c.axes, std::int64_t(1), [](auto& p, auto v, auto) {
                  p = std::int64_t(std::uint64_t(p) * std::uint64_t(std::int64_t(v)));
                })) << where;
      const auto [xd, wd] = random_array<double>(random, grid, c.shape);
      const auto sums = reference<double>(wd, c.shape, c.axes, 0.0, [](auto& p, auto v, auto) { p += v; });
      EXPECT_EQ(gathered<double>(reduce(Reduction::sum, xd.array(), {c.axes, false})), sums) << where;
      std::int64_t count = 1;
      for (int a : c.axes) count *= c.shape[a];
      const auto means = gathered<double>(reduce(Reduction::mean, xd.array(), {c.axes, false}));
      ASSERT_EQ(means.size(), sums.size());
      for (std::size_t k = 0; k < sums.size(); ++k) EXPECT_NEAR(means[k], sums[k] / double(count), 1e-12) << where;
      // var's second pass finds each partial's mean from the partial's address (partials updated in place).
      const auto squares = reference<double>(wd, c.shape, c.axes, 0.0, [](auto& p, auto v, auto) { p += v * v; });
      const auto vars = gathered<double>(reduce(Reduction::var, xd.array(), {c.axes, false, {}, 0.0}));
      ASSERT_EQ(vars.size(), sums.size());
      for (std::size_t k = 0; k < sums.size(); ++k) {
        const double mean = sums[k] / double(count);
        EXPECT_NEAR(vars[k], squares[k] / double(count) - mean * mean, 1e-9 * (1 + squares[k])) << where << " at " << k;
      }
    }
  }
}

TEST(Reductions, ErrorsAreTheSameOnEveryRankAndOffGridRanksTakePart) {
  const ProcessGrid grid(Comm::world());
  const auto x = arange<double>(grid, 0, 10);
  const auto thrown = thrown_by([&] { reduce(Reduction::sum, x.array(), {std::vector<int>{3}}); });
  ASSERT_TRUE(all_ranks(thrown.has_value()));
  EXPECT_EQ(thrown->kind, ErrorKind::index);
  EXPECT_NE(thrown->message.find("axis 3 is out of bounds for an array of dimension 1"), std::string::npos);
  const auto repeated = thrown_by([&] { reduce(Reduction::max, x.array(), {std::vector<int>{0, -1}}); });
  ASSERT_TRUE(all_ranks(repeated.has_value() && repeated->kind == ErrorKind::value));
  const auto integer_mean = thrown_by([&] { reduce(Reduction::mean, arange<std::int64_t>(grid, 0, 3).array()); });
  ASSERT_TRUE(all_ranks(integer_mean.has_value() && integer_mean->kind == ErrorKind::type));
  // A grid of rank 0 alone: the others hold no shard but receive the typed sum.
  const ProcessGrid first(Comm::world(), {1});
  EXPECT_EQ(sum(arange<double>(first, 0, 10)), 45.0);
  EXPECT_EQ(sum(arange<std::int64_t>(first, 0, 5)), 10);
}

}  // namespace
}  // namespace gingham
