// item(): the one element of a size-1 array on every rank, as Python's x.item(): 0-D reduction results
// (replicated: no message), size-1 arrays in random layouts on random (sub-)grids (read from the owner),
// every dtype kind mapped to its Python-style scalar, and the error for other sizes.
#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <random>
#include <variant>

#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/element.hpp"
#include "gingham/kernels/reductions.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;

TEST(Item, OfAZeroDimensionalSumIsTheSumOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  std::vector<double> whole(37);
  for (std::size_t i = 0; i < whole.size(); ++i) whole[i] = 0.5 * static_cast<double>(i);
  const Array x = test::array_of(grid, Distribution({37}, {AxisLayout::cyclic()}, grid.dims()), whole);
  const Array total = sum(x);
  ASSERT_EQ(total.ndim(), 0);
  const Scalar value = item(total);
  ASSERT_TRUE(std::holds_alternative<double>(value));
  EXPECT_TRUE(all_ranks(std::get<double>(value) == 0.5 * 36 * 37 / 2));
  EXPECT_TRUE(all_ranks(item(DistArray<double>(total)) == 0.5 * 36 * 37 / 2));
}

TEST(Item, OfSizeOneArraysInRandomLayoutsReadsTheOwnersElement) {
  std::mt19937 random(19);
  for (int trial = 0; trial < 12; ++trial) {
    const ProcessGrid grid = test::random_world_grid(random);
    std::vector<std::int64_t> shape(test::draw(random, 0, 3), 1);
    const std::int64_t expected = 1000 + trial;
    const Array x = test::random_array_of(random, grid, shape, std::vector<std::int64_t>{expected});
    EXPECT_TRUE(all_ranks(item(DistArray<std::int64_t>(x)) == expected)) << "trial " << trial;
    EXPECT_TRUE(all_ranks(std::get<std::int64_t>(item(x)) == expected)) << "trial " << trial;
  }
}

TEST(Item, GivesPythonStyleScalarsForEachDtypeKind) {
  const ProcessGrid grid(Comm::world());
  const Distribution zero_d = Distribution::replicated({}, grid.dims());
  const auto layout = std::make_shared<const Distribution>(zero_d);
  EXPECT_EQ(std::get<bool>(item(full(DType::bool_, grid, layout, Scalar(true)))), true);
  EXPECT_EQ(std::get<std::int64_t>(item(test::array_of(grid, zero_d, std::vector<std::int8_t>{-5}))), -5);
  EXPECT_EQ(std::get<std::uint64_t>(item(test::array_of(grid, zero_d, std::vector<std::uint16_t>{65535}))), 65535u);
  EXPECT_EQ(std::get<double>(item(test::array_of(grid, zero_d, std::vector<float>{0.25f}))), 0.25);
  EXPECT_EQ(std::get<std::complex<double>>(item(test::array_of(grid, zero_d, std::vector<std::complex<float>>{{1, -2}}))),
            std::complex<double>(1, -2));
}

TEST(Item, OfAnArrayWithOtherThanOneElementThrowsOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  for (std::int64_t n : {0, 2, 7}) {
    const Array x = test::array_of(grid, derived::default_layout({n}, grid.dims()), std::vector<double>(n, 1.0));
    const auto thrown = test::thrown_by([&] { (void)item(x); });
    EXPECT_TRUE(all_ranks(thrown && thrown->kind == ErrorKind::value &&
                          thrown->message.find("size 1") != std::string::npos &&
                          thrown->message.find("got size " + std::to_string(n)) != std::string::npos))
        << (thrown ? thrown->message : "nothing thrown");
  }
}

}  // namespace
}  // namespace gingham
