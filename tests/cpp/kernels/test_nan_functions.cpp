// NumPy's nan* functions (nan_functions.hpp) on random grids and layouts against plain loops over the
// lines of the whole array: the numbers of each line (NaNs dropped) reduced, scanned or selected as NumPy
// does, NaN (and the warning) for lines without numbers, along each axis and flattened, with keepdims.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <numeric>
#include <vector>

#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/nan_functions.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using Shape = std::vector<std::int64_t>;
using Line = std::vector<double>;
constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

/// The lines of `whole` (row-major 2-D `shape`) along `axis` (-1: the flattened array), in the row-major
/// order of the other axis.
std::vector<Line> lines_along(const Line& whole, const Shape& shape, int axis) {
  if (axis < 0) return {whole};
  std::vector<Line> lines;
  const std::int64_t n = shape[axis], others = shape[1 - axis];
  for (std::int64_t o = 0; o < others; ++o) {
    Line line;
    for (std::int64_t k = 0; k < n; ++k) line.push_back(whole[axis == 0 ? k * shape[1] + o : o * shape[1] + k]);
    lines.push_back(line);
  }
  return lines;
}

Line numbers(const Line& line) {
  Line kept;
  for (double v : line) {
    if (!std::isnan(v)) kept.push_back(v);
  }
  return kept;
}

/// NumPy's nan reduction of one line, by plain loops.
double line_reduction(NanReduction op, const Line& line, double ddof) {
  const Line v = numbers(line);
  const auto m = static_cast<double>(v.size());
  double sum = 0, prod = 1;
  for (double e : v) sum += e, prod *= e;
  switch (op) {
    case NanReduction::nansum: return sum;
    case NanReduction::nanprod: return prod;
    case NanReduction::nanmin: return v.empty() ? nan_value : *std::min_element(v.begin(), v.end());
    case NanReduction::nanmax: return v.empty() ? nan_value : *std::max_element(v.begin(), v.end());
    case NanReduction::nanmean: return v.empty() ? nan_value : sum / m;
    case NanReduction::nanvar:
    case NanReduction::nanstd: {
      if (m - ddof <= 0) return nan_value;
      double squares = 0;
      for (double e : v) squares += (e - sum / m) * (e - sum / m);
      const double var = squares / (m - ddof);
      return op == NanReduction::nanvar ? var : std::sqrt(var);
    }
    case NanReduction::nanargmin:
    case NanReduction::nanargmax: {
      std::size_t best = line.size();
      for (std::size_t k = 0; k < line.size(); ++k) {
        if (std::isnan(line[k])) continue;
        const bool better = op == NanReduction::nanargmin ? line[k] < line[best] : line[k] > line[best];
        if (best == line.size() || better) best = k;
      }
      return static_cast<double>(best);
    }
  }
  return 0;
}

/// NumPy's linear nanquantile and nanmedian of one line.
double line_quantile(const Line& line, double q) {
  Line v = numbers(line);
  if (v.empty()) return nan_value;
  std::sort(v.begin(), v.end());
  const double at = q * static_cast<double>(v.size() - 1), lo = std::floor(at), g = at - lo;
  const double a = v[static_cast<std::size_t>(lo)], b = v[std::min(static_cast<std::size_t>(lo) + 1, v.size() - 1)];
  return g >= 0.5 ? b - (b - a) * (1 - g) : a + (b - a) * g;
}

double line_median(const Line& line) {
  Line v = numbers(line);
  if (v.empty()) return nan_value;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

bool close(const Line& got, const Line& expected) {
  if (got.size() != expected.size()) return false;
  for (std::size_t k = 0; k < got.size(); ++k) {
    if (std::isnan(expected[k]) != std::isnan(got[k])) return false;
    if (!std::isnan(expected[k]) && std::abs(got[k] - expected[k]) > 1e-12 * (1 + std::abs(expected[k]))) return false;
  }
  return true;
}

Line gathered(const Array& y) {
  if (y.dtype() == DType::int64) {
    const auto values = gather_to_all(DistArray<std::int64_t>(y));
    return Line(values.begin(), values.end());
  }
  return gather_to_all(DistArray<double>(y));
}

/// A random 2-D array whose first line along axis 1 holds only NaNs when `empty_line`, and otherwise
/// NaNs at random.
Line random_values(std::mt19937& random, const Shape& shape, bool empty_line) {
  Line whole(static_cast<std::size_t>(shape[0] * shape[1]));
  for (double& v : whole) v = draw(random, 0, 4) == 0 ? nan_value : 0.25 * draw(random, -40, 40);
  if (empty_line) std::fill(whole.begin(), whole.begin() + shape[1], nan_value);
  return whole;
}

/// A random 2-D case on a random grid and layout (see random_values).
struct Case {
  Shape shape;
  Line whole;
  Array x;
};

Case random_case(std::mt19937& random, bool empty_line) {
  const ProcessGrid grid = test::random_world_grid(random);
  const Shape shape{draw(random, 1, 8), draw(random, 1, 7)};
  Line whole = random_values(random, shape, empty_line);
  Array x = test::random_array_of(random, grid, shape, whole);
  return {shape, std::move(whole), std::move(x)};
}

TEST(NanFunctions, ReductionsMatchLoopsOnRandomLayouts) {
  std::mt19937 random(2001);
  for (int round = 0; round < 8; ++round) {
    const Case c = random_case(random, round % 2 == 1);
    const Shape& shape = c.shape;
    const Line& whole = c.whole;
    const Array& x = c.x;
    for (int k = 0; k < 9; ++k) {
      const auto op = static_cast<NanReduction>(k);
      const bool arg = op == NanReduction::nanargmin || op == NanReduction::nanargmax;
      for (int axis = -1; axis < 2; ++axis) {
        const double ddof = op == NanReduction::nanvar || op == NanReduction::nanstd ? draw(random, 0, 2) : 0;
        ReduceOptions options{axis < 0 ? std::nullopt : std::optional<std::vector<int>>(std::vector<int>{axis}), axis == 1, std::nullopt,
                              ddof};
        Line expected;
        bool some_empty = false;
        for (const Line& line : lines_along(whole, shape, axis)) {
          expected.push_back(line_reduction(op, line, ddof));
          some_empty = some_empty || numbers(line).size() <= static_cast<std::size_t>(ddof);
        }
        if (arg && some_empty) {
          const auto thrown = test::thrown_by([&] { nan_reduce(op, x, options); });
          EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::value &&
                                thrown->message == std::string(nan_reduction_name(op)) + ": All-NaN slice encountered"));
          continue;
        }
        const NanResult r = nan_reduce(op, x, options);
        const Shape kept = axis < 0 ? Shape{} : axis == 1 ? Shape{shape[0], 1} : Shape{shape[1]};
        const bool warns = op != NanReduction::nansum && op != NanReduction::nanprod && !arg && some_empty;
        EXPECT_TRUE(all_ranks(r.value.global_shape() == kept && r.warning.empty() != warns &&
                              r.value.dtype() == (arg ? DType::int64 : DType::float64)))
            << nan_reduction_name(op) << " axis " << axis << " warning '" << r.warning << "'";
        EXPECT_TRUE(all_ranks(close(gathered(r.value), expected)))
            << nan_reduction_name(op) << " axis " << axis << " " << x.distribution().describe();
      }
    }
  }
}

TEST(NanFunctions, ScansMatchLoops) {
  std::mt19937 random(2002);
  for (int round = 0; round < 6; ++round) {
    const Case c = random_case(random, round % 2 == 1);
    const Shape& shape = c.shape;
    const Line& whole = c.whole;
    const Array& x = c.x;
    for (const ScanOp op : {ScanOp::sum, ScanOp::prod}) {
      for (int axis = 0; axis < 2; ++axis) {
        Line expected(whole.size());
        for (std::int64_t o = 0; o < shape[1 - axis]; ++o) {
          double acc = op == ScanOp::sum ? 0 : 1;
          for (std::int64_t k = 0; k < shape[axis]; ++k) {
            const std::size_t at = static_cast<std::size_t>(axis == 0 ? k * shape[1] + o : o * shape[1] + k);
            if (!std::isnan(whole[at])) acc = op == ScanOp::sum ? acc + whole[at] : acc * whole[at];
            expected[at] = acc;
          }
        }
        const Array y = nan_cumulative(op, x, axis);
        EXPECT_TRUE(all_ranks(y.global_shape() == shape && close(gathered(y), expected))) << "axis " << axis;
      }
    }
  }
}

TEST(NanFunctions, QuantilesAndMediansMatchLoops) {
  std::mt19937 random(2003);
  const std::vector<double> q{0.0, 0.3, 0.5, 1.0};
  for (int round = 0; round < 8; ++round) {
    const Case c = random_case(random, round % 2 == 1);
    const Shape& shape = c.shape;
    const Line& whole = c.whole;
    const Array& x = c.x;
    for (int axis = -1; axis < 2; ++axis) {
      const auto lines = lines_along(whole, shape, axis);
      Line expected, expected_median;
      bool some_empty = false;
      for (double p : q) {
        for (const Line& line : lines) expected.push_back(line_quantile(line, p));
      }
      for (const Line& line : lines) {
        expected_median.push_back(line_median(line));
        some_empty = some_empty || numbers(line).empty();
      }
      const std::optional<int> a = axis < 0 ? std::nullopt : std::optional<int>(axis);
      const NanResult y = nan_quantile(x, q, a, QuantileMethod::linear, axis == 1);
      const NanResult m = nan_median(x, a, axis == 1);
      const Shape kept = axis < 0 ? Shape{} : axis == 1 ? Shape{shape[0], 1} : Shape{shape[1]};
      Shape with_q = kept;
      with_q.insert(with_q.begin(), static_cast<std::int64_t>(q.size()));
      EXPECT_TRUE(all_ranks(y.value.global_shape() == with_q && m.value.global_shape() == kept &&
                            y.value.grid() == x.grid() && y.warning.empty() != some_empty &&
                            m.warning.empty() != some_empty));
      EXPECT_TRUE(all_ranks(close(gathered(y.value), expected) && close(gathered(m.value), expected_median)))
          << x.distribution().describe() << " axis " << axis;
    }
  }
}

TEST(NanFunctions, IntegersAreThePlainFunctionsAndBadArgumentsRaiseEverywhere) {
  const ProcessGrid grid(Comm::world());
  std::mt19937 random(2004);
  const Array ints = test::random_array_of(random, grid, Shape{5}, std::vector<std::int32_t>{4, -2, 7, 0, 3});
  const NanResult s = nan_reduce(NanReduction::nansum, ints);
  EXPECT_TRUE(all_ranks(s.value.dtype() == DType::int64 && gathered(s.value) == Line{12.0} && s.warning.empty()));
  const NanResult m = nan_median(ints, std::nullopt);
  EXPECT_TRUE(all_ranks(gathered(m.value) == Line{3.0}));
  const Array x = test::random_array_of(random, grid, Shape{3, 4}, Line(12, 1.0));
  const Array complex_x = test::random_array_of(random, grid, Shape{2}, std::vector<std::complex<double>>(2));
  for (const auto& [kind, body] : std::vector<std::pair<ErrorKind, std::function<void()>>>{
           {ErrorKind::type, [&] { nan_reduce(NanReduction::nanmean, ints); }},
           {ErrorKind::type, [&] { nan_reduce(NanReduction::nanvar, complex_x); }},
           {ErrorKind::index, [&] { nan_reduce(NanReduction::nansum, x, ReduceOptions{std::vector<int>{2}, false, std::nullopt, 0.0}); }},
           {ErrorKind::value, [&] { nan_quantile(x, {1.5}, 0); }},
           {ErrorKind::index, [&] { nan_median(x, -3); }}}) {
    const auto thrown = test::thrown_by(body);
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == kind)) << (thrown ? thrown->message : "nothing thrown");
  }
}

}  // namespace
}  // namespace gingham
