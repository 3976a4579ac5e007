// Local kernels at every SIMD level this CPU has and on 1, 2 and 3 threads per rank: reductions and
// elementwise operations give bitwise the same results at every level and thread count (the work is cut
// into pieces of a fixed size, and no a * b + c becomes an FMA), and the same values as plain loops.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "gingham/core/simd_level.hpp"
#include "gingham/core/threads.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/reductions.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::draw;
using test::gathered;

/// The SIMD levels this process may run (up to simd_level()), and thread counts to try.
std::vector<SimdLevel> levels() {
  std::vector<SimdLevel> out{SimdLevel::baseline};
  if (simd_level() >= SimdLevel::avx2) out.push_back(SimdLevel::avx2);
  if (simd_level() >= SimdLevel::avx512) out.push_back(SimdLevel::avx512);
  return out;
}
const std::vector<int> thread_counts{1, 2, 3};

/// f() run at SIMD level `level` on `threads` threads (both restored after).
template <class F>
auto run_at(SimdLevel level, int threads, F f) {
  const SimdLevel previous_cap = set_simd_level_cap(level);
  const int previous_threads = num_threads();
  set_num_threads(threads);
  auto result = f();
  set_num_threads(previous_threads);
  set_simd_level_cap(previous_cap);
  return result;
}

/// Whether two whole arrays hold the same bits (NaN equal to NaN).
template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (!test::same_value(a[k], b[k])) return false;
    if constexpr (std::is_floating_point_v<T>) {
      if (std::signbit(a[k]) != std::signbit(b[k])) return false;
    }
  }
  return true;
}

/// Shapes whose shards have long rows (cut into pieces), long kept inner axes, and many short rows.
const std::vector<std::vector<std::int64_t>> shapes{{300001}, {5, 70003}, {90001, 3}, {3, 4, 30011}, {2000, 60}};

TEST(LocalParallel, ReductionsAreTheSameAtEverySimdLevelAndThreadCount) {
  std::mt19937 random(2024);
  for (const auto& shape : shapes) {
    const ProcessGrid grid = test::random_world_grid(random);
    std::int64_t size = 1;
    for (std::int64_t e : shape) size *= e;
    std::vector<double> whole(size);
    for (double& v : whole) v = draw(random, -100000, 100000) / 4096.0 + (draw(random, 0, 99) == 0 ? 0.0 : 1e-3);
    whole[size / 3] = 5000.0;  // a unique maximum
    const Array x = test::random_array_of(random, grid, shape, whole);
    for (int axis = -1; axis < static_cast<int>(shape.size()); ++axis) {
      ReduceOptions options;
      if (axis >= 0) options.axis = std::vector<int>{axis};
      for (Reduction op : {Reduction::sum, Reduction::prod, Reduction::max, Reduction::argmax, Reduction::var,
                           Reduction::count_nonzero, Reduction::argmin}) {
        SCOPED_TRACE(std::string(reduction_name(op)) + " axis " + std::to_string(axis) + " of shape " +
                     std::to_string(shape.size()) + "-D, first extent " + std::to_string(shape[0]));
        auto whole_result = [&] {
          const Array y = reduce(op, x, options);
          std::vector<double> out;
          visit_dtype(y.dtype(), [&]<class R>() {
            if constexpr (std::is_arithmetic_v<R> && !std::is_same_v<R, bool>) {
              for (R v : gathered<R>(y)) out.push_back(static_cast<double>(v));
            }
          });
          return out;
        };
        const std::vector<double> first = run_at(SimdLevel::baseline, 1, whole_result);
        ASSERT_FALSE(first.empty());
        for (SimdLevel level : levels()) {
          for (int threads : thread_counts) {
            const std::vector<double> other = run_at(level, threads, whole_result);
            ASSERT_TRUE(all_ranks(same_bits(first, other)))
                << simd_level_name(level) << " on " << threads << " threads differs from baseline on 1";
          }
        }
        if (op == Reduction::sum && axis < 0) {
          double plain = 0;
          for (double v : whole) plain += v;
          EXPECT_NEAR(first[0], plain, 1e-9 * static_cast<double>(size) * 25);
        }
        if (op == Reduction::argmax && axis < 0) EXPECT_EQ(first[0], static_cast<double>(size / 3));
      }
    }
  }
}

TEST(LocalParallel, ElementwiseIsTheSameAtEveryThreadCountAndMatchesPlainLoops) {
  std::mt19937 random(7);
  const ProcessGrid grid = test::random_world_grid(random);
  const std::vector<std::int64_t> shape{200003};
  std::vector<double> a(shape[0]), b(shape[0]);
  for (double& v : a) v = draw(random, -4000, 4000) / 1000.0;
  for (double& v : b) v = draw(random, 1, 4000) / 1000.0;
  const Distribution layout = test::random_layout(random, shape, grid.dims());
  const Array x = test::array_of(grid, layout, a), y = test::array_of(grid, layout, b);
  for (SimdLevel level : levels()) {
    for (int threads : thread_counts) {
      SCOPED_TRACE(std::string(simd_level_name(level)) + " on " + std::to_string(threads) + " threads");
      const auto [sum, scaled, quotient, exp] = run_at(level, threads, [&] {
        return std::tuple{gathered<double>(apply(BinaryOp::add, x, y)),
                          gathered<double>(apply(BinaryOp::multiply, x, Operand(Scalar(2.5)))),
                          gathered<double>(apply(BinaryOp::divide, Operand(Scalar(1.0)), y)),
                          gathered<double>(apply(UnaryOp::exp, x))};
      });
      bool ok = true;
      for (std::size_t k = 0; k < a.size(); ++k) {
        ok = ok && sum[k] == a[k] + b[k] && scaled[k] == a[k] * 2.5 && quotient[k] == 1.0 / b[k];
        ok = ok && std::abs(exp[k] - std::exp(a[k])) <= 4e-16 * std::exp(a[k]) * 4;
      }
      EXPECT_TRUE(all_ranks(ok));
    }
  }
}

TEST(LocalParallel, ThreadCountIsSetAndRefused) {
  const int before = num_threads();
  EXPECT_GE(before, 1);
  set_num_threads(3);
  EXPECT_EQ(num_threads(), 3);
  EXPECT_THROW(set_num_threads(0), std::invalid_argument);
  set_num_threads(before);
  EXPECT_EQ(num_threads(), before);
}

}  // namespace
}  // namespace gingham
