// operator<< (gingham::array_repr): Python's repr of the same arrays, NumPy's array2string with the default
// print options (the expected texts were printed by NumPy 1.24), gathered or summarized, on every rank.
// tests/python/test_printing_cpp.py compares the same routine with Python's repr on random layouts.
#include <gtest/gtest.h>

#include <complex>
#include <numeric>
#include <sstream>

#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/printing.hpp"
#include "gingham/kernels/reductions.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;

std::string printed(const Array& x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

std::string expected(const Array& x, const std::string& values) {
  return "gingham.Array(" + values + ", dtype=" + std::string(dtype_name(x.dtype())) +
         ", distribution=gingham." + x.distribution().describe() + ")";
}

template <class T>
Array whole_array(const ProcessGrid& grid, std::vector<std::int64_t> shape, std::vector<T> values) {
  return test::array_of(grid, derived::default_layout(std::move(shape), grid.dims()), std::move(values));
}

TEST(Printing, SmallArraysAsPythonRepr) {
  const ProcessGrid grid(Comm::world());
  const DistArray<double> x = arange<double>(grid, 0, 5);
  std::ostringstream out;
  out << x;
  EXPECT_TRUE(all_ranks(out.str() == expected(x.array(), "[0., 1., 2., 3., 4.]"))) << out.str();

  std::vector<std::int32_t> twelve(12);
  std::iota(twelve.begin(), twelve.end(), 0);
  const Array matrix = whole_array(grid, {3, 4}, twelve);
  EXPECT_TRUE(all_ranks(printed(matrix) == expected(matrix, "[[ 0,  1,  2,  3],\n               [ 4,  5,  6,  7],\n"
                                                            "               [ 8,  9, 10, 11]]")))
      << printed(matrix);

  const Array complex = whole_array(grid, {2}, std::vector<std::complex<double>>{{1, 2}, {-0.5, -1}});
  EXPECT_TRUE(all_ranks(printed(complex) == expected(complex, "[ 1. +2.j, -0.5-1.j]"))) << printed(complex);

  std::vector<double> seven(7);
  for (int i = 0; i < 7; ++i) seven[i] = i / 6.0;
  const Array wrapped = whole_array(grid, {7}, seven);
  EXPECT_TRUE(all_ranks(printed(wrapped) == expected(wrapped, "[0.        , 0.16666667, 0.33333333, 0.5       , "
                                                              "0.66666667,\n               0.83333333, 1.        ]")))
      << printed(wrapped);
}

TEST(Printing, LargeArraysAreSummarizedAsPythonRepr) {
  const ProcessGrid grid(Comm::world());
  std::vector<std::int64_t> many(5000);
  std::iota(many.begin(), many.end(), 0);
  const Array x = whole_array(grid, {5000}, many);
  EXPECT_TRUE(all_ranks(printed(x) == expected(x, "[   0,    1,    2, ..., 4997, 4998, 4999]"))) << printed(x);

  std::vector<double> values(2000);
  std::iota(values.begin(), values.end(), 0.0);
  const Array y = whole_array(grid, {40, 50}, values);
  const std::string rows =
      "[[0.000e+00, 1.000e+00, 2.000e+00, ..., 4.700e+01,\n                4.800e+01, 4.900e+01],\n"
      "               [5.000e+01, 5.100e+01, 5.200e+01, ..., 9.700e+01,\n                9.800e+01, 9.900e+01],\n"
      "               [1.000e+02, 1.010e+02, 1.020e+02, ..., 1.470e+02,\n                1.480e+02, 1.490e+02],\n"
      "               ...,\n"
      "               [1.850e+03, 1.851e+03, 1.852e+03, ..., 1.897e+03,\n                1.898e+03, 1.899e+03],\n"
      "               [1.900e+03, 1.901e+03, 1.902e+03, ..., 1.947e+03,\n                1.948e+03, 1.949e+03],\n"
      "               [1.950e+03, 1.951e+03, 1.952e+03, ..., 1.997e+03,\n                1.998e+03, 1.999e+03]]";
  EXPECT_TRUE(all_ranks(printed(y) == expected(y, rows))) << printed(y);
  // Only the corners were read: (3 + 3) x (3 + 3) values with one stand-in row and column (on one rank the
  // array is held whole, replicated, and printed from the local copy without a message).
  const PrintedValues corners = printed_values(y, 1000, 3);
  const std::vector<std::int64_t> read_shape =
      y.distribution().is_replicated() ? std::vector<std::int64_t>{40, 50} : std::vector<std::int64_t>{7, 7};
  EXPECT_TRUE(all_ranks(corners.summarized && corners.shape == read_shape));
}

TEST(Printing, ZeroDimensionalResultsPrintTheirValue) {
  const ProcessGrid grid(Comm::world());
  std::vector<double> twelve(12);
  std::iota(twelve.begin(), twelve.end(), 0.0);
  const Array total = sum(whole_array(grid, {12}, twelve));
  EXPECT_TRUE(all_ranks(printed(total) == expected(total, "66."))) << printed(total);
}

}  // namespace
}  // namespace gingham
