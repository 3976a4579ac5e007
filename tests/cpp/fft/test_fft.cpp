// gingham::fft against a plain-loop DFT (the definition, O(n^2) per axis): 1-D, 2-D and 3-D arrays with
// lengths 1, odd and prime, random layouts on random grids (block-cyclic, cyclic, 2-D grids, replicated,
// sub-grids, column-major shards), subsets and orders of axes, n/s cropping and padding, every norm,
// complex128 and complex64, the real transforms, keep_layout, the frequencies and shifts; bad arguments
// raise the same error on every rank.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <stdexcept>

#include "gingham/core/format.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/fft/fft.hpp"
#include "support.hpp"

namespace gingham {
namespace {

using test::all_ranks;
using Shape = std::vector<std::int64_t>;
using Complex = std::complex<double>;

/// Row-major data of a shape.
struct Data {
  Shape shape;
  std::vector<Complex> values;
};

/// `data` cropped or zero-padded to `n` along `axis`, then its DFT along `axis` with exp(sign 2 pi i jk/n).
Data dft_axis(const Data& data, int axis, std::int64_t n, int sign) {
  Data out{data.shape, {}};
  out.shape[axis] = n;
  out.values.assign(test::element_count(out.shape), Complex{});
  const std::int64_t m = std::min(n, data.shape[axis]);
  for (std::int64_t f = 0; f < test::element_count(out.shape); ++f) {
    std::vector<std::int64_t> index = test::unravel(f, out.shape);
    const std::int64_t k = index[axis];
    Complex sum{};
    for (std::int64_t j = 0; j < m; ++j) {
      index[axis] = j;
      const double angle = sign * 2 * std::numbers::pi * static_cast<double>((j * k) % n) / static_cast<double>(n);
      sum += data.values[test::linear_index(data.shape, index)] * std::polar(1.0, angle);
    }
    out.values[f] = sum;
  }
  return out;
}

/// `data` cropped or zero-padded to `n` along `axis` (no transform).
Data resize_axis(const Data& data, int axis, std::int64_t n) {
  Data out{data.shape, {}};
  out.shape[axis] = n;
  out.values.assign(test::element_count(out.shape), Complex{});
  for (std::int64_t f = 0; f < test::element_count(out.shape); ++f) {
    std::vector<std::int64_t> index = test::unravel(f, out.shape);
    if (index[axis] < data.shape[axis]) out.values[f] = data.values[test::linear_index(data.shape, index)];
  }
  return out;
}

void scale(Data& data, double factor) {
  for (Complex& v : data.values) v *= factor;
}

double factor_of(FftNorm norm, bool inverse, double points) {
  if (norm == FftNorm::ortho) return 1 / std::sqrt(points);
  return (norm == FftNorm::backward) == inverse ? 1 / points : 1.0;
}

/// The reference of fftn/ifftn over `axes` with lengths `s`.
Data reference_complex(Data data, const std::vector<int>& axes, const Shape& s, bool inverse, FftNorm norm) {
  double points = 1;
  for (std::size_t k = 0; k < axes.size(); ++k) data = dft_axis(data, axes[k], s[k], inverse ? 1 : -1), points *= s[k];
  scale(data, factor_of(norm, inverse, points));
  return data;
}

/// The reference of rfftn: fftn, cropped to n/2 + 1 along the last axis.
Data reference_rfftn(const Data& data, const std::vector<int>& axes, const Shape& s, FftNorm norm) {
  const Data full = reference_complex(data, axes, s, false, norm);
  return resize_axis(full, axes.back(), s.back() / 2 + 1);
}

/// The reference of irfftn: the inverse over all but the last axis, then the Hermitian extension of the last.
Data reference_irfftn(Data data, const std::vector<int>& axes, const Shape& s, FftNorm norm) {
  double points = 1;
  for (std::size_t k = 0; k + 1 < axes.size(); ++k) data = dft_axis(data, axes[k], s[k], 1), points *= s[k];
  const int last = axes.back();
  const std::int64_t n = s.back();
  data = resize_axis(data, last, n / 2 + 1);
  Data full{data.shape, {}};
  full.shape[last] = n;
  full.values.assign(test::element_count(full.shape), Complex{});
  for (std::int64_t f = 0; f < test::element_count(full.shape); ++f) {
    std::vector<std::int64_t> index = test::unravel(f, full.shape);
    const std::int64_t k = index[last];
    const bool mirrored = k > n / 2;
    index[last] = mirrored ? n - k : k;
    const Complex v = data.values[test::linear_index(data.shape, index)];
    full.values[f] = mirrored ? std::conj(v) : v;
  }
  // Imaginary parts at k = 0 (and n/2 for even n) do not contribute: the real part of the inverse DFT drops them.
  full = dft_axis(full, last, n, 1);
  points *= n;
  for (Complex& v : full.values) v = Complex(v.real() * factor_of(norm, true, points), 0);
  return full;
}

/// Whether the gathered y (complex or real of precision T) matches `expected` within a relative tolerance.
template <class T>
bool close_to(const Array& y, const Data& expected, double tolerance) {
  if (y.global_shape() != expected.shape) return false;
  double scale_of = 1e-30, error = 0;
  for (const Complex& v : expected.values) scale_of = std::max(scale_of, std::abs(v));
  if (y.dtype() == dtype_of<std::complex<T>>) {
    const auto whole = test::gathered<std::complex<T>>(y);
    for (std::size_t f = 0; f < whole.size(); ++f) {
      error = std::max(error, std::abs(Complex(whole[f].real(), whole[f].imag()) - expected.values[f]));
    }
  } else if (y.dtype() == dtype_of<T>) {
    const auto whole = test::gathered<T>(y);
    for (std::size_t f = 0; f < whole.size(); ++f) error = std::max(error, std::abs(Complex(whole[f]) - expected.values[f]));
  } else {
    return false;
  }
  return error <= tolerance * scale_of;
}

/// Random test data: values in [-1, 1] + i [-1, 1] (real when `real`).
Data random_data(std::mt19937& random, const Shape& shape, bool real) {
  std::uniform_real_distribution<double> value(-1, 1);
  Data data{shape, {}};
  for (std::int64_t f = 0; f < test::element_count(shape); ++f) data.values.push_back(Complex(value(random), real ? 0 : value(random)));
  return data;
}

template <class T>
Array distributed(std::mt19937& random, const ProcessGrid& grid, const Data& data, bool real) {
  Distribution layout = test::random_layout(random, data.shape, grid.dims());
  if (real) {
    std::vector<T> whole;
    for (const Complex& v : data.values) whole.push_back(static_cast<T>(v.real()));
    return test::array_of(grid, layout, whole);
  }
  std::vector<std::complex<T>> whole;
  for (const Complex& v : data.values) whole.emplace_back(static_cast<T>(v.real()), static_cast<T>(v.imag()));
  return test::array_of(grid, layout, whole);
}

/// A random shape of 1 to 3 axes with extents from {1, 2, 3, 4, 5, 6, 7, 8, 11} (primes and 1 included).
Shape random_fft_shape(std::mt19937& random) {
  static const std::int64_t extents[] = {1, 2, 3, 4, 5, 6, 7, 8, 11};
  Shape shape(test::draw(random, 1, 3));
  for (auto& e : shape) e = extents[test::draw(random, 0, 8)];
  return shape;
}

/// Random axes (a subset in a random order) and lengths: -1 (keep), smaller or larger than the extent.
void random_axes_and_lengths(std::mt19937& random, const Shape& shape, std::vector<int>& axes, Shape& s) {
  std::vector<int> all(shape.size());
  for (std::size_t a = 0; a < shape.size(); ++a) all[a] = static_cast<int>(a);
  std::shuffle(all.begin(), all.end(), random);
  all.resize(test::draw(random, 1, static_cast<int>(shape.size())));
  axes = all;
  s.clear();
  for (int a : axes) {
    const int choice = test::draw(random, 0, 3);
    s.push_back(choice == 0 ? std::max<std::int64_t>(1, shape[a] - 2) : choice == 1 ? shape[a] + 3 : shape[a]);
  }
}

FftNorm random_norm(std::mt19937& random) {
  const FftNorm norms[] = {FftNorm::backward, FftNorm::ortho, FftNorm::forward};
  return norms[test::draw(random, 0, 2)];
}

TEST(Fft, ComplexTransformsAgainstDft) {
  std::mt19937 random(1701);
  for (int round = 0; round < 40; ++round) {
    const ProcessGrid grid = test::random_world_grid(random);
    const Shape shape = random_fft_shape(random);
    const Data data = random_data(random, shape, false);
    std::vector<int> axes;
    Shape s;
    random_axes_and_lengths(random, shape, axes, s);
    const FftNorm norm = random_norm(random);
    const bool inverse = test::draw(random, 0, 1) == 1;
    const bool single = round % 4 == 3;
    const bool keep = test::draw(random, 0, 3) != 0;
    const Array x = single ? distributed<float>(random, grid, data, false) : distributed<double>(random, grid, data, false);
    const FftOptions options{norm, keep};
    const Array y = inverse ? ifftn(x, s, axes, options) : fftn(x, s, axes, options);
    const Data expected = reference_complex(data, axes, s, inverse, norm);
    const bool ok = single ? close_to<float>(y, expected, 1e-4) : close_to<double>(y, expected, 1e-10);
    Distribution expected_layout = x.distribution();  // with keep_layout: x's layout at the output's extents
    for (int a = 0; a < x.ndim(); ++a) {
      if (expected.shape[a] != x.global_shape()[a]) expected_layout = derived::resized(expected_layout, a, expected.shape[a]);
    }
    const bool layout_kept = !keep || (y.grid() == x.grid() && y.distribution() == expected_layout);
    ASSERT_TRUE(all_ranks(ok && layout_kept)) << "round " << round << " shape " << format_shape(shape)
                                              << " axes " << format_shape(axes) << " s " << format_shape(s)
                                              << " inverse " << inverse << " layout " << x.distribution().describe();
  }
}

TEST(Fft, OneAxisFunctionsAgainstDft) {
  std::mt19937 random(1702);
  for (int round = 0; round < 30; ++round) {
    const ProcessGrid grid = test::random_world_grid(random);
    const Shape shape = random_fft_shape(random);
    const Data data = random_data(random, shape, false);
    const int axis = test::draw(random, -static_cast<int>(shape.size()), static_cast<int>(shape.size()) - 1);
    const int a = axis < 0 ? axis + static_cast<int>(shape.size()) : axis;
    const std::int64_t n = test::draw(random, 0, 1) ? shape[a] : test::draw(random, 1, 13);
    const FftNorm norm = random_norm(random);
    const Array x = distributed<double>(random, grid, data, false);
    const Array y = fft(x, n, axis, {norm});
    const Array z = ifft(x, n, axis, {norm});
    const bool ok = close_to<double>(y, reference_complex(data, {a}, {n}, false, norm), 1e-10) &&
                    close_to<double>(z, reference_complex(data, {a}, {n}, true, norm), 1e-10);
    ASSERT_TRUE(all_ranks(ok)) << "round " << round << " shape " << format_shape(shape) << " axis " << axis << " n " << n;
  }
}

TEST(Fft, RealTransformsAgainstDft) {
  std::mt19937 random(1703);
  for (int round = 0; round < 40; ++round) {
    const ProcessGrid grid = test::random_world_grid(random);
    const Shape shape = random_fft_shape(random);
    std::vector<int> axes;
    Shape s;
    random_axes_and_lengths(random, shape, axes, s);
    const FftNorm norm = random_norm(random);
    const bool single = round % 4 == 1;
    const bool keep = test::draw(random, 0, 3) != 0;
    const FftOptions options{norm, keep};
    if (round % 2 == 0) {
      const Data data = random_data(random, shape, true);
      const Array x = single ? distributed<float>(random, grid, data, true) : distributed<double>(random, grid, data, true);
      const Array y = rfftn(x, s, axes, options);
      const Data expected = reference_rfftn(data, axes, s, norm);
      const bool ok = single ? close_to<float>(y, expected, 1e-4) : close_to<double>(y, expected, 1e-10);
      ASSERT_TRUE(all_ranks(ok)) << "rfftn round " << round << " shape " << format_shape(shape) << " axes "
                                 << format_shape(axes) << " s " << format_shape(s);
    } else {
      const Data data = random_data(random, shape, false);
      const Array x = single ? distributed<float>(random, grid, data, false) : distributed<double>(random, grid, data, false);
      const Array y = irfftn(x, s, axes, options);
      const Data expected = reference_irfftn(data, axes, s, norm);
      const bool ok = single ? close_to<float>(y, expected, 1e-4) : close_to<double>(y, expected, 1e-10);
      ASSERT_TRUE(all_ranks(ok)) << "irfftn round " << round << " shape " << format_shape(shape) << " axes "
                                 << format_shape(axes) << " s " << format_shape(s);
    }
  }
}

TEST(Fft, HermitianTransforms) {
  std::mt19937 random(1704);
  for (int round = 0; round < 12; ++round) {
    const ProcessGrid grid = test::random_world_grid(random);
    const Shape shape = random_fft_shape(random);
    const int axis = static_cast<int>(shape.size()) - 1;
    const std::int64_t n = test::draw(random, 1, 12);
    const FftNorm norm = random_norm(random);
    const FftNorm swapped = norm == FftNorm::backward ? FftNorm::forward : norm == FftNorm::forward ? FftNorm::backward : norm;
    Data data = random_data(random, shape, false);
    const Array x = distributed<double>(random, grid, data, false);
    Data conjugated = data;
    for (Complex& v : conjugated.values) v = std::conj(v);
    const bool hfft_ok = close_to<double>(hfft(x, n, axis, {norm}), reference_irfftn(conjugated, {axis}, {n}, swapped), 1e-10);
    const Data real_data = random_data(random, shape, true);
    const Array r = distributed<double>(random, grid, real_data, true);
    Data expected = reference_rfftn(real_data, {axis}, {n}, swapped);
    for (Complex& v : expected.values) v = std::conj(v);
    const bool ihfft_ok = close_to<double>(ihfft(r, n, axis, {norm}), expected, 1e-10);
    ASSERT_TRUE(all_ranks(hfft_ok && ihfft_ok)) << "round " << round << " shape " << format_shape(shape) << " n " << n;
  }
}

TEST(Fft, LongOneDimensionalArrays) {  // four-step (composite) and Bluestein (prime) paths at every rank count
  std::mt19937 random(1705);
  for (std::int64_t n : {60, 97, 128, 131}) {
    const ProcessGrid grid(Comm::world());
    const Data data = random_data(random, {n}, false);
    const Array x = distributed<double>(random, grid, data, false);
    const bool ok = close_to<double>(fftn(x), reference_complex(data, {0}, {n}, false, FftNorm::backward), 1e-10) &&
                    close_to<double>(ifftn(x, Shape{n + 5}), reference_complex(data, {0}, {n + 5}, true, FftNorm::backward), 1e-10);
    ASSERT_TRUE(all_ranks(ok)) << "n " << n;
  }
}

TEST(Fft, EveryPlannerEffortGivesTheSameResults) {  // FFTW_MEASURE plans on scratch memory, never on the arrays
  std::mt19937 random(1707);
  const FftPlanner before = fft_planner();
  set_fft_planner(before == FftPlanner::measure ? FftPlanner::estimate : FftPlanner::measure);
  const FftPlanner other = fft_planner();
  for (int round = 0; round < 8; ++round) {
    const ProcessGrid grid = test::random_world_grid(random);
    const Shape shape = random_fft_shape(random);
    const Data data = random_data(random, shape, round % 2 == 0);
    const Array x = round % 2 == 0 ? distributed<double>(random, grid, data, true) : distributed<float>(random, grid, data, false);
    std::vector<int> axes;
    Shape s;
    random_axes_and_lengths(random, shape, axes, s);
    const bool ok = round % 2 == 0 ? close_to<double>(rfftn(x, s, axes), reference_rfftn(data, axes, s, FftNorm::backward), 1e-10)
                                   : close_to<float>(ifftn(x, s, axes), reference_complex(data, axes, s, true, FftNorm::backward), 1e-4);
    ASSERT_TRUE(all_ranks(ok && fft_planner() == other)) << "round " << round;
  }
  set_fft_planner(before);
}

TEST(Fft, FrequenciesAndShifts) {
  const ProcessGrid grid(Comm::world());
  for (std::int64_t n : {1, 2, 7, 8}) {
    const Array f = fftfreq(n, 0.5, DType::float64, grid);
    const Array r = rfftfreq(n, 0.5, DType::float32, grid);
    std::vector<double> expected_f;
    std::vector<float> expected_r;
    for (std::int64_t k = 0; k < n; ++k) expected_f.push_back(static_cast<double>(k < (n + 1) / 2 ? k : k - n) * (1.0 / (n * 0.5)));
    for (std::int64_t k = 0; k <= n / 2; ++k) expected_r.push_back(static_cast<float>(static_cast<double>(k) * (1.0 / (n * 0.5))));
    ASSERT_TRUE(all_ranks(test::gathered<double>(f) == expected_f && test::gathered<float>(r) == expected_r)) << n;
  }
  std::mt19937 random(1706);
  for (int round = 0; round < 10; ++round) {
    const ProcessGrid g = test::random_world_grid(random);
    const Shape shape = random_fft_shape(random);
    std::vector<std::int64_t> whole(test::element_count(shape));
    for (std::size_t f = 0; f < whole.size(); ++f) whole[f] = static_cast<std::int64_t>(f);
    const Array x = test::random_array_of(random, g, shape, whole);
    const Array shifted = fftshift(x), back = ifftshift(shifted);
    std::vector<std::int64_t> expected(whole.size());
    for (std::size_t f = 0; f < whole.size(); ++f) {
      std::vector<std::int64_t> index = test::unravel(static_cast<std::int64_t>(f), shape);
      for (std::size_t a = 0; a < shape.size(); ++a) index[a] = (index[a] + shape[a] / 2) % shape[a];
      expected[test::linear_index(shape, index)] = whole[f];
    }
    ASSERT_TRUE(all_ranks(test::holds(shifted, shape, expected) && test::holds(back, shape, whole))) << round;
  }
}

TEST(Fft, TypedArrays) {  // the DistArray<T> versions: the same transforms, typed results
  std::mt19937 random(1708);
  const ProcessGrid grid(Comm::world());
  const Data data = random_data(random, {6, 5}, true);
  const DistArray<double> x(distributed<double>(random, grid, data, true));
  const DistArray<std::complex<double>> y = rfftn(x);
  const DistArray<double> back = irfftn(y, Shape{6, 5});
  const DistArray<std::complex<double>> z = fft(x, 7, 0);
  const DistArray<std::complex<double>> w = rfft(x);
  const DistArray<double> v = irfft(w, 5);
  const DistArray<double> shifted = ifftshift(fftshift(x));
  const bool ok = close_to<double>(y.array(), reference_rfftn(data, {0, 1}, {6, 5}, FftNorm::backward), 1e-10) &&
                  close_to<double>(back.array(), data, 1e-12) && close_to<double>(v.array(), data, 1e-12) &&
                  close_to<double>(z.array(), reference_complex(data, {0}, {7}, false, FftNorm::backward), 1e-10) &&
                  close_to<double>(shifted.array(), data, 0);
  ASSERT_TRUE(all_ranks(ok));
}

TEST(Fft, BadArgumentsRaiseOnEveryRank) {
  const ProcessGrid grid(Comm::world());
  const Array x = test::array_of(grid, Distribution(Shape{4, 6}, {AxisLayout::block(), AxisLayout::not_distributed()}, grid.dims()),
                                 std::vector<Complex>(24, Complex(1, 0)));
  const Array r = test::array_of(grid, Distribution(Shape{4, 6}, {AxisLayout::block(), AxisLayout::not_distributed()}, grid.dims()),
                                 std::vector<double>(24, 1.0));
  const Array one = test::array_of(grid, Distribution(Shape{1}, {AxisLayout::block()}, grid.dims()), std::vector<Complex>{Complex(1, 0)});
  const Array i = test::array_of(grid, Distribution(Shape{5}, {AxisLayout::block()}, grid.dims()), std::vector<std::int64_t>(5, 1));
  struct Case {
    std::function<void()> call;
    ErrorKind kind;
  };
  const Case cases[] = {
      {[&] { fftn(x, std::nullopt, std::vector<int>{}); }, ErrorKind::value},
      {[&] { fftn(x, std::nullopt, std::vector<int>{1, -1}); }, ErrorKind::value},
      {[&] { fftn(x, Shape{3, 4, 5}); }, ErrorKind::value},
      {[&] { fftn(x, Shape{3}, std::vector<int>{0, 1}); }, ErrorKind::value},
      {[&] { fft(x, -2); }, ErrorKind::value},
      {[&] { ifft(x, 0); }, ErrorKind::value},
      {[&] { fft(x, std::nullopt, 2); }, ErrorKind::index},
      {[&] { rfft(x); }, ErrorKind::type},
      {[&] { ihfft(x); }, ErrorKind::type},
      {[&] { fft(i); }, ErrorKind::type},
      {[&] { irfft(one); }, ErrorKind::value},  // the default length 2 (1 - 1) = 0
      {[&] { fftfreq(0, 1.0, DType::float64, grid); }, ErrorKind::value},
      {[&] { fftfreq(4, 1.0, DType::int64, grid); }, ErrorKind::type},
  };
  int index = 0;
  for (const Case& c : cases) {
    const auto thrown = test::thrown_by(c.call);
    const bool ok = thrown && thrown->kind == c.kind;
    ASSERT_TRUE(all_ranks(ok)) << "case " << index << ": " << (thrown ? thrown->message : std::string("nothing thrown"));
    ++index;
  }
}

}  // namespace
}  // namespace gingham
