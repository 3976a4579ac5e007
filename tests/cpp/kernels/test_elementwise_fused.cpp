// A binary operation whose one operand is in another layout than the result's: the operand's move and the
// operation run as one pass (RedistributionPlan::execute_combined). Random layouts, grids, shapes, dtypes
// and operand orders against plain loops; the same bits as operating on an aligned copy; an operand with
// ghost cells (other strides than the result's); a replicated operand moving into a distributed one's layout.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <random>
#include <vector>

#include "gingham/gingham.hpp"
#include "gingham/plans/plan_cache.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::array_of;
using test::draw;
using test::holds;
using test::random_layout;

/// Whether the last execution of the cached plan moving `mover` into `staying`'s layout was a combined one
/// (its prepared exchange is the combined kind): the operation was fused, not run on an aligned copy.
bool ran_fused(const Array& mover, const Array& staying) {
  const PlanViews views{mover.local(), staying.local(), true};
  const auto plan = cached_plan(mover.grid().comm(), mover.layout(), staying.layout(), std::nullopt, {}, nullptr);
  return plan->prepared_for(views.source, views.target, true);
}

template <class T, class F, class Op>
std::string check_operation(std::mt19937& random, BinaryOp op, F value, Op expected) {
  const ProcessGrid grid(Comm::world(), test::random_grid(random, test::world_size()));
  std::vector<std::int64_t> shape;
  for (int k = draw(random, 1, 3); k > 0; --k) shape.push_back(draw(random, 0, k == 1 ? 50 : 7));
  const std::int64_t n = test::element_count(shape);
  std::vector<T> a(n), b(n);
  for (std::int64_t i = 0; i < n; ++i) a[i] = value(i), b[i] = value(3 * i + 1);
  // The first operand decides the layout when it is distributed; make it so, and the second one differ.
  Distribution stay = random_layout(random, shape, grid.dims()), move = random_layout(random, shape, grid.dims());
  if (move == stay) return "";  // nothing to move this time
  const Array x = array_of(grid, stay, a), y = array_of(grid, move, b);
  const bool swap = draw(random, 0, 1) == 1;  // the moving operand second or first
  const Array z = swap ? apply(op, y, x) : apply(op, x, y);
  using Out = decltype(expected(T{}, T{}));
  std::vector<Out> whole(n);
  for (std::int64_t i = 0; i < n; ++i) whole[i] = swap ? expected(b[i], a[i]) : expected(a[i], b[i]);
  if (!all_ranks(holds(z, shape, whole))) return "wrong values: " + stay.describe() + " with " + move.describe();
  // The same bits as the operation on an aligned copy of the mover.
  const Array first = redistribute(swap ? y : x, grid, z.layout()), second = redistribute(swap ? x : y, grid, z.layout());
  const Array reference = apply(op, first, second);
  if (!all_ranks(holds(reference, shape, whole))) return "the aligned reference differs";
  return "";
}

TEST(FusedElementwise, OneOperandInAnotherLayoutMatchesLoopsForEveryOrderAndDtype) {
  std::mt19937 random(909);
  for (int trial = 0; trial < 30; ++trial) {
    std::string problem = check_operation<double>(random, BinaryOp::subtract, [](std::int64_t i) { return 0.5 * i - 3; },
                                                  [](double p, double q) { return p - q; });
    if (problem.empty()) {
      problem = check_operation<std::int32_t>(random, BinaryOp::maximum, [](std::int64_t i) { return int((i * 7) % 23) - 11; },
                                              [](std::int32_t p, std::int32_t q) { return std::max(p, q); });
    }
    if (problem.empty()) {
      problem = check_operation<double>(random, BinaryOp::less, [](std::int64_t i) { return double((i * 5) % 9); },
                                        [](double p, double q) { return p < q; });
    }
    if (problem.empty()) {
      problem = check_operation<std::complex<double>>(
          random, BinaryOp::multiply, [](std::int64_t i) { return std::complex<double>(0.5 * i, 1.0 - i); },
          [](std::complex<double> p, std::complex<double> q) { return p * q; });
    }
    if (problem.empty()) {
      problem = check_operation<std::uint8_t>(random, BinaryOp::bitwise_xor, [](std::int64_t i) { return std::uint8_t(i * 37); },
                                              [](std::uint8_t p, std::uint8_t q) { return std::uint8_t(p ^ q); });
    }
    ASSERT_TRUE(problem.empty()) << "trial " << trial << ": " << problem;
  }
}

TEST(FusedElementwise, ALargeCyclicOperandIsOperatedOnWhereItsValuesLand) {
  // Large enough for several parts per message, ring slots reused, and the streamed stores of large results.
  const ProcessGrid grid(Comm::world(), {test::world_size()});
  const std::int64_t n = 3'000'001;
  std::vector<double> a(n), b(n), sum(n);
  for (std::int64_t i = 0; i < n; ++i) a[i] = 0.25 * i, b[i] = 1.0 - 0.5 * i, sum[i] = a[i] + b[i];
  const Distribution block = *default_layout({n}, grid);
  const Distribution cyclic({n}, {AxisLayout::cyclic()}, grid.dims());
  const Array x = array_of(grid, block, a), y = array_of(grid, cyclic, b);
  for (int round = 0; round < 2; ++round) {  // the second reuses the prepared combined exchange
    const Array z = apply(BinaryOp::add, x, y);
    EXPECT_TRUE(all_ranks(z.distribution() == block && holds(z, {n}, sum)));
    // (On one rank both layouts are one block: nothing moves.)
    EXPECT_TRUE(all_ranks(x.distribution() == y.distribution() || ran_fused(y, x)));
  }
}

TEST(FusedElementwise, AnOperandWithGhostCellsHasTheMovedValuesStagedFirst) {
  const ProcessGrid grid(Comm::world(), {test::world_size()});
  const std::int64_t n = 41;
  const auto block = default_layout({n}, grid);
  const Array x = full(DType::float64, grid, block, Scalar(1.5), HaloSpec{{2}, {1}, {}, Stencil::box});
  std::vector<double> b(n), difference(n);
  for (std::int64_t i = 0; i < n; ++i) b[i] = 0.5 * i, difference[i] = 1.5 - b[i];
  const Array y = array_of(grid, Distribution({n}, {AxisLayout::block_cyclic(3)}, grid.dims()), b);
  const Array z = apply(BinaryOp::subtract, x, y);
  EXPECT_TRUE(all_ranks(z.distribution() == *block && holds(z, {n}, difference)));
}

TEST(FusedElementwise, AReplicatedOperandMovesIntoTheDistributedOnesLayout) {
  const ProcessGrid grid(Comm::world(), {test::world_size()});
  const std::int64_t n = 29;
  std::vector<double> a(n), b(n), quotient(n);
  for (std::int64_t i = 0; i < n; ++i) a[i] = 1.0 + i, b[i] = 2.0 + (i % 5), quotient[i] = a[i] / b[i];
  const Array x = array_of(grid, Distribution::replicated({n}, grid.dims()), a);
  const Array y = array_of(grid, Distribution({n}, {AxisLayout::cyclic()}, grid.dims()), b);
  const Array z = apply(BinaryOp::divide, x, y);
  EXPECT_TRUE(all_ranks(z.distribution() == y.distribution() && holds(z, {n}, quotient)));
  EXPECT_TRUE(all_ranks(x.distribution() == y.distribution() || ran_fused(x, y)));
}

}  // namespace
}  // namespace gingham
