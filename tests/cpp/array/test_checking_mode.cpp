// The checking mode on the C++ API (issue 12): with set_collective_checks(true), every public collective
// entry point compares its arguments across ranks first (check_call, gingham/core/call_check.hpp). Here, for
// one entry of each header, the last rank passes a different shape, dtype, layout, axis, key or scalar:
// every rank throws std::invalid_argument naming the operation, the argument and that rank. The same calls
// with equal arguments succeed and give what they give with the mode off. At one rank nothing can differ.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/kernels/assignment.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/kernels/scans.hpp"
#include "gingham/kernels/searching.hpp"
#include "gingham/kernels/sets.hpp"
#include "gingham/kernels/slicing.hpp"
#include "gingham/kernels/sorting.hpp"
#include "gingham/linalg/lu.hpp"
#include "gingham/linalg/matmul.hpp"
#include "gingham/plans/redistribution_plan.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using test::gathered;
using test::thrown_by;
using test::world_rank;
using test::world_size;

/// Whether this rank is the one that passes something else: the last (none at one rank, where the calls
/// must then succeed).
bool odd_one() { return world_size() > 1 && world_rank() == world_size() - 1; }

/// The checking mode on for one scope (and off again after it, whatever happens).
struct CheckingOn {
  CheckingOn() { set_collective_checks(true); }
  ~CheckingOn() { set_collective_checks(false); }
};

/// Runs `call` in the checking mode. Beyond one rank: std::invalid_argument on every rank whose message
/// starts with `operation`, names `argument` as the one that differs and shows the last rank's value. At
/// one rank: success.
void expect_differing(const std::string& operation, const std::string& argument, const std::function<void()>& call) {
  std::optional<test::Thrown> thrown;
  {
    CheckingOn on;
    thrown = thrown_by(call);
  }
  if (world_size() == 1) {
    EXPECT_FALSE(thrown.has_value()) << operation << ": " << thrown->message;
    return;
  }
  ASSERT_TRUE(all_ranks(thrown.has_value())) << operation;
  EXPECT_EQ(thrown->kind, ErrorKind::value) << thrown->message;
  const std::string last = std::to_string(world_size() - 1);
  EXPECT_EQ(thrown->message.rfind(operation + ": every rank must pass the same " + argument + " to this collective call, "
                                  "but rank 0 and rank " + last + " of " + std::to_string(world_size()) + " differ",
                                  0),
            0u)
      << thrown->message;
  EXPECT_NE(thrown->message.find("rank " + last + " passed " + argument + " = "), std::string::npos) << thrown->message;
}

/// `call` with equal arguments succeeds in the checking mode and gives, gathered, what it gives off.
void expect_same_result(const std::function<Array()>& call) {
  const std::vector<double> off = gathered<double>(call());
  std::vector<double> on;
  {
    CheckingOn checking;
    on = gathered<double>(call());
  }
  EXPECT_TRUE(all_ranks(on == off));
}

struct Fixture {
  ProcessGrid grid{Comm::world()};
  Array x = arange(DType::float64, grid, default_layout({12}, grid), 0.0, 1.0);  // 0, 1, ..., 11
  Array m = reshape(x, {3, 4});
  Array y = arange(DType::float64, grid, default_layout({13}, grid), 0.0, 1.0);  // another shape
  Array x32 = astype(x, DType::float32);                                          // another dtype
  Array x_cyclic = redistribute(x, std::make_shared<const Distribution>(
                                       Distribution({12}, {AxisLayout::cyclic()}, grid.dims())));  // another layout
  /// `a` on every rank but the last, which passes `b`.
  const Array& odd(const Array& a, const Array& b) const { return odd_one() ? b : a; }
};

TEST(CheckingMode, Elementwise) {
  const Fixture f;
  expect_differing("add", "x2", [&] { apply(BinaryOp::add, f.x, f.odd(f.x, f.y)); });           // a shape
  expect_differing("multiply", "x2", [&] { apply(BinaryOp::multiply, f.x, f.odd(f.x, f.x32)); });  // a dtype
  expect_differing("add", "x2", [&] { apply(BinaryOp::add, f.x, Scalar(odd_one() ? 2.0 : 1.0)); });  // a scalar
  expect_differing("astype", "dtype", [&] { astype(f.x, odd_one() ? DType::int32 : DType::int64); });
  expect_same_result([&] { return apply(BinaryOp::add, f.x, f.x_cyclic); });
}

TEST(CheckingMode, Reductions) {
  const Fixture f;
  expect_differing("sum", "axis", [&] { reduce(Reduction::sum, f.m, {.axis = std::vector<int>{odd_one() ? 1 : 0}}); });
  expect_differing("max", "x", [&] { reduce(Reduction::max, f.odd(f.x, f.x_cyclic)); });  // a layout
  expect_same_result([&] { return reduce(Reduction::sum, f.m, {.axis = std::vector<int>{1}}); });
}

TEST(CheckingMode, Scans) {
  const Fixture f;
  expect_differing("cumulative_sum", "axis", [&] { cumulative(ScanOp::sum, f.m, odd_one() ? 1 : 0); });
  expect_same_result([&] { return cumulative(ScanOp::sum, f.m, 0); });
}

TEST(CheckingMode, Manipulation) {
  const Fixture f;
  expect_differing("concat", "axis", [&] { concat({f.m, f.m}, odd_one() ? 1 : 0); });
  expect_differing("reshape", "shape", [&] { reshape(f.x, odd_one() ? std::vector<std::int64_t>{4, 3} : std::vector<std::int64_t>{3, 4}); });
  expect_same_result([&] { return concat({f.m, f.m}, 1); });
}

TEST(CheckingMode, SlicingAndIndexing) {
  const Fixture f;
  expect_differing("__getitem__", "key", [&] {
    getitem(f.x, {IndexKey(IndexMap::Slice{odd_one() ? 1 : 0, std::nullopt, 2})});  // the same shape
  });
  expect_differing("take", "indices", [&] { take(f.x, std::vector<std::int64_t>{3, odd_one() ? 5 : 4}, 0); });
  expect_differing("take", "axis", [&] { take(f.m, std::vector<std::int64_t>{0, 2}, odd_one() ? 1 : 0); });
  expect_same_result([&] { return getitem(f.m, {IndexKey(IndexMap::Slice{std::nullopt, std::nullopt, -1}), IndexKey(std::int64_t{2})}); });
  expect_same_result([&] { return take(f.x, std::vector<std::int64_t>{3, 0, 11}, 0); });
}

TEST(CheckingMode, Assignment) {
  const Fixture f;
  const Array target = full(DType::float64, f.grid, default_layout({12}, f.grid), Scalar(0.0));
  const IndexMap selection = IndexMap::slices({12}, {IndexMap::Slice{2, 6, 1}});
  expect_differing("assign", "value", [&] { assign(target, selection, Operand(Scalar(odd_one() ? 7.0 : 5.0))); });
  expect_same_result([&] {
    const Array t = full(DType::float64, f.grid, default_layout({12}, f.grid), Scalar(0.0));
    assign(t, selection, Operand(Scalar(5.0)));
    return t;
  });
}

TEST(CheckingMode, SortingSearchingAndSets) {
  const Fixture f;
  expect_differing("sort", "descending", [&] { sort(f.x, -1, odd_one()); });
  expect_differing("searchsorted", "x2", [&] { searchsorted(f.x, f.odd(f.x, f.x32), false); });
  expect_differing("isin", "invert", [&] { isin(f.x, f.x, odd_one()); });
  expect_same_result([&] { return sort(f.x, -1, true); });
  expect_same_result([&] { return astype(searchsorted(f.x, f.x_cyclic, true), DType::float64); });
}

TEST(CheckingMode, Creation) {
  const ProcessGrid grid(Comm::world());
  expect_differing("full", "value", [&] { full(DType::float64, grid, default_layout({5}, grid), Scalar(odd_one() ? 2.0 : 1.0)); });
  expect_differing("full", "dtype", [&] { full(odd_one() ? DType::int32 : DType::float64, grid, default_layout({5}, grid), Scalar(1.0)); });
  expect_differing("eye", "k", [&] { eye(DType::float64, grid, default_layout({3, 3}, grid), odd_one() ? 1 : 0); });
  // Host data every rank passes whole: compared by its values (shown) or a digest (large).
  std::vector<double> small{1, 2, 3, odd_one() ? 5.0 : 4.0};
  std::vector<double> large(100, 1.0);
  large[99] = odd_one() ? 2.0 : 1.0;
  expect_differing("from_whole", "whole", [&] { test::array_of(grid, *default_layout({4}, grid), small); });
  expect_differing("from_whole", "whole", [&] { test::array_of(grid, *default_layout({100}, grid), large); });
  expect_same_result([&] { return test::array_of(grid, *default_layout({4}, grid), std::vector<double>{1, 2, 3, 4}); });
}

TEST(CheckingMode, RedistributeAndPlans) {
  const Fixture f;
  const auto block = f.x.layout();
  const auto cyclic = f.x_cyclic.layout();
  expect_differing("redistribute", "target", [&] { redistribute(f.x, odd_one() ? cyclic : block); });
  expect_differing("RedistributionPlan", "target", [&] { RedistributionPlan(f.grid.comm(), block, odd_one() ? cyclic : block); });
  const RedistributionPlan plan(f.grid.comm(), block, cyclic);
  expect_differing("redistribute", "x", [&] { redistribute(plan, f.odd(f.x, f.x32), f.grid); });
  expect_same_result([&] { return redistribute(plan, f.x, f.grid); });
}

TEST(CheckingMode, Linalg) {
  const Fixture f;
  const Array a = reshape(astype(arange(DType::float64, f.grid, default_layout({16}, f.grid), 1.0, 1.0), DType::float64), {4, 4});
  const Array b = reshape(arange(DType::float64, f.grid, default_layout({12}, f.grid), 1.0, 1.0), {4, 3});
  const Array c = reshape(arange(DType::float64, f.grid, default_layout({12}, f.grid), 1.0, 1.0), {3, 4});
  expect_differing("matmul", "x2", [&] { matmul(a, f.odd(b, c)); });
  expect_differing("solve", "x2", [&] { solve(eye(DType::float64, f.grid, default_layout({4, 4}, f.grid), 0), f.odd(b, c)); });
  expect_same_result([&] { return matmul(a, b); });
}

// ---- The mechanism itself ------------------------------------------------------------------------------

/// An argument that counts its descriptions (to see when check_call describes nothing).
struct Counted {
  int* descriptions;
};
std::string describe_argument(const Counted& counted) {
  ++*counted.descriptions;
  return "counted";
}

TEST(CheckingMode, OffItDescribesNothingAndCommunicatesNothing) {
  set_collective_checks(false);
  int descriptions = 0;
  // Only rank 0 calls: a collective here would wait for the others forever (the harness's timeout fails it).
  if (world_rank() == 0) {
    const auto checked = check_call(Comm::world(), "example", arg("counted", Counted{&descriptions}));
    EXPECT_FALSE(CallCheck::inside_checked_call());
  }
  EXPECT_EQ(descriptions, 0);
  EXPECT_TRUE(all_ranks(true));
}

TEST(CheckingMode, EntriesInsideACheckedCallAreNotCheckedAgain) {
  CheckingOn on;
  int outer = 0, inner = 0;
  {
    const auto checked = check_call(Comm::world(), "outer", arg("counted", Counted{&outer}));
    EXPECT_TRUE(CallCheck::inside_checked_call());
    const auto again = check_call(Comm::world(), "inner", arg("counted", Counted{&inner}));
  }
  EXPECT_FALSE(CallCheck::inside_checked_call());
  EXPECT_EQ(outer, 1);
  EXPECT_EQ(inner, 0);
  // A call that failed its check leaves no mark behind.
  expect_differing("outer", "axis", [] { const auto checked = check_call(Comm::world(), "outer", arg("axis", odd_one() ? 1 : 0)); });
  EXPECT_FALSE(CallCheck::inside_checked_call());
}

TEST(CheckingMode, Descriptions) {
  EXPECT_EQ(gingham::describe_argument(std::optional<std::vector<int>>{}), "none");
  EXPECT_EQ(gingham::describe_argument(std::vector<std::int64_t>{3, -1}), "[3, -1]");
  EXPECT_EQ(gingham::describe_argument(std::string("reduced")), "'reduced'");
  EXPECT_EQ(gingham::describe_argument(0.1), "0.10000000000000001");
  EXPECT_EQ(gingham::describe_argument(IndexMap::Slice{std::nullopt, 4, 2}), "None:4:2");
  EXPECT_EQ(gingham::describe_argument(Scalar(true)), "true");
  EXPECT_EQ(gingham::describe_argument(DType::int16), "int16");
  std::vector<std::int32_t> values{1, 2, 3, 4, 5, 6};
  const RawView view = LocalView<std::int32_t>(values.data(), {2, 3}, {1, 2}).raw();  // column-major: [[1, 3, 5], [2, 4, 6]]
  EXPECT_EQ(gingham::describe_argument(HostData{DType::int32, view}), "int32 (2, 3) [1, 3, 5, 2, 4, 6]");
  std::vector<double> many(40, 0.5);
  const RawView long_view = LocalView<double>(many.data(), {40}, {1}).raw();
  const std::string digest = gingham::describe_argument(HostData{DType::float64, long_view});
  EXPECT_EQ(digest.rfind("float64 array of shape (40,) (digest ", 0), 0u) << digest;
  many[7] = 0.25;
  EXPECT_NE(gingham::describe_argument(HostData{DType::float64, long_view}), digest);
}

}  // namespace
}  // namespace gingham
