// Four-step and Bluestein transforms of 1-D distributed arrays (see one_axis_transform.hpp). Math, for
// n = n1 n2, j = n2 j1 + j2, k = k1 + n1 k2 and w_n = exp(-+2 pi i / n):
//   X[k1 + n1 k2] = sum_j2 w_n2^(j2 k2) w_n^(j2 k1) sum_j1 w_n1^(j1 k1) x[n2 j1 + j2].
// Bluestein: j k = (j^2 + k^2 - (k - j)^2) / 2, so X_k = c_k sum_j (x_j c_j) conj(c_(k-j)), c_j = w_2n^(j^2).
#include "one_axis_transform.hpp"

#include <cmath>
#include <complex>
#include <functional>
#include <numbers>

#include "gingham/array/redistribute.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/elementwise_functions.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "line_four_step.hpp"

namespace gingham::fft_detail {
namespace {

using Kind = TransformSpec::Kind;

/// `extent` elements Block over the 1-D `grid`.
std::shared_ptr<const Distribution> block_line(std::int64_t extent, const ProcessGrid& grid) {
  return std::make_shared<const Distribution>(std::vector<std::int64_t>{extent}, std::vector<AxisLayout>{AxisLayout::block()},
                                              std::vector<int>{grid.size()});
}

/// The 1-D x cropped or zero-padded to `extent`, Block on `grid`.
Array resized_line(const Array& x, std::int64_t extent, const ProcessGrid& grid) {
  const std::int64_t have = x.global_shape()[0];
  auto line = block_line(extent, grid);
  if (extent == have && x.grid() == grid && x.distribution() == *line) return x;  // callers only read it
  if (extent <= have) {
    IndexMap crop(x.global_shape(), {IndexMap::TargetAxis{0, 0, 1, extent}});
    return redistribute(x, grid, line, std::move(crop));
  }
  const Array head = redistribute(x, grid, block_line(have, grid));
  const Array tail = Array::allocate(x.dtype(), grid, block_line(extent - have, grid), {}, true);
  return redistribute(concat({head, tail}, 0), grid, line);
}

/// Multiplies each element of x's shard (complex, 1-D or 2-D, any layout) by factor(global index).
template <class C>
void multiply_by_index(const Array& x, const std::function<std::complex<double>(const std::vector<std::int64_t>&)>& factor) {
  if (!x.holds_shard()) return;
  const LocalView<C> view = x.local_as<C>();
  if (view.size() == 0) return;
  const Distribution& d = x.distribution();
  const int ndim = x.ndim();
  std::vector<std::vector<std::int64_t>> owned(ndim);
  for (int a = 0; a < ndim; ++a) owned[a] = d.owned_indices(x.grid().coords(), a);
  std::vector<std::int64_t> index(ndim, 0), global(ndim);
  using Real = typename C::value_type;
  while (true) {
    for (int a = 0; a < ndim; ++a) global[a] = owned[a][index[a]];
    const std::complex<double> f = factor(global);
    view.at(index) *= C(static_cast<Real>(f.real()), static_cast<Real>(f.imag()));
    int a = ndim - 1;
    for (; a >= 0 && ++index[a] == view.shape()[a]; --a) index[a] = 0;
    if (a < 0) return;
  }
}

void multiply_by_index(const Array& x, const std::function<std::complex<double>(const std::vector<std::int64_t>&)>& factor) {
  if (x.dtype() == DType::complex64) return multiply_by_index<std::complex<float>>(x, factor);
  multiply_by_index<std::complex<double>>(x, factor);
}

/// exp(i pi numerator / denominator), numerator reduced mod 2 denominator first (exact integer arithmetic).
std::complex<double> unit_root(std::int64_t numerator, std::int64_t denominator) {
  const std::int64_t period = 2 * denominator;
  numerator = ((numerator % period) + period) % period;
  return std::polar(1.0, std::numbers::pi * static_cast<double>(numerator) / static_cast<double>(denominator));
}

/// (a * b) mod m without overflow for the sizes an array can have.
std::int64_t product_mod(std::int64_t a, std::int64_t b, std::int64_t m) {
  __extension__ using Wide = __int128;
  return static_cast<std::int64_t>((static_cast<Wide>(a) * b) % m);
}

Array complex_line_transform(const Array& x, bool inverse, const ProcessGrid& grid, std::int64_t extent = -1);

Array bluestein(const Array& x, bool inverse, const ProcessGrid& grid) {
  const std::int64_t n = x.global_shape()[0];
  std::int64_t m = 1;
  while (m < 2 * n - 1) m *= 2;
  const int sign = inverse ? 1 : -1;
  auto chirp = [n, sign](std::int64_t j) { return unit_root(sign * product_mod(j, j, 2 * n), n); };
  const Array weighted = redistribute(x, grid, block_line(n, grid));  // a new array: written in place below
  multiply_by_index(weighted, [&](const std::vector<std::int64_t>& j) { return chirp(j[0]); });
  // The kernel: conj(c_l) for l < n and for l > m - n (as c_(m - l): the negative lags wrapped), zero between.
  const Array kernel = Array::allocate(x.dtype(), grid, block_line(m, grid), {}, true);
  {
    if (kernel.holds_shard()) {
      const auto owned = kernel.distribution().owned_indices(grid.coords(), 0);
      auto fill = [&](auto* data) {
        using C = std::remove_pointer_t<decltype(data)>;
        const auto strides = kernel.local().strides;
        for (std::size_t i = 0; i < owned.size(); ++i) {
          const std::int64_t l = owned[i];
          const std::int64_t j = l < n ? l : (l > m - n ? m - l : -1);
          if (j < 0) continue;
          const std::complex<double> v = std::conj(chirp(j));
          data[static_cast<std::int64_t>(i) * strides[0]] = C(static_cast<typename C::value_type>(v.real()),
                                                              static_cast<typename C::value_type>(v.imag()));
        }
      };
      if (x.dtype() == DType::complex64) {
        fill(reinterpret_cast<std::complex<float>*>(kernel.local().data));
      } else {
        fill(reinterpret_cast<std::complex<double>*>(kernel.local().data));
      }
    }
  }
  const Array spectrum = multiply(complex_line_transform(resized_line(weighted, m, grid), false, grid),
                                  complex_line_transform(kernel, false, grid));
  Array convolved = resized_line(complex_line_transform(spectrum, true, grid), n, grid);
  const double scale = 1.0 / static_cast<double>(m);
  multiply_by_index(convolved, [&](const std::vector<std::int64_t>& k) { return chirp(k[0]) * scale; });
  return convolved;
}

/// The first `extent` elements (-1: all) of the unnormalized complex transform of the 1-D complex x.
Array complex_line_transform(const Array& x, bool inverse, const ProcessGrid& grid, std::int64_t extent) {
  const std::int64_t n = x.global_shape()[0];
  if (extent < 0) extent = n;
  if (n == 1) return redistribute(x, grid, block_line(n, grid));  // a copy (extent is 1 too)
  std::int64_t n1 = 1;
  for (std::int64_t f = 2; f * f <= n; ++f) {
    if (n % f == 0) n1 = f;
  }
  if (n1 > 1) return line_four_step(x, n1, inverse, grid, extent);
  const Array whole = bluestein(x, inverse, grid);
  return extent == n ? whole : resized_line(whole, extent, grid);
}

/// The Hermitian extension of the n/2 + 1 non-negative frequencies h: [h_0 .. h_(n/2 or (n-1)/2), conj(h_k) for
/// k = ceil(n/2) - 1 down to 1].
Array hermitian_extension(const Array& h, std::int64_t n, const ProcessGrid& grid) {
  const std::int64_t tail = n - n / 2 - 1;
  const std::int64_t head = n - tail;
  if (tail == 0) return resized_line(h, n, grid);
  IndexMap mirrored(h.global_shape(), {IndexMap::TargetAxis{0, tail, -1, tail}});
  const Array back = conj(redistribute(h, grid, block_line(tail, grid), std::move(mirrored)));
  return redistribute(concat({resized_line(h, head, grid), back}, 0), grid, block_line(n, grid));
}

}  // namespace

Array one_axis_transform(const Array& x, const TransformSpec& spec, const ProcessGrid& grid) {
  const std::int64_t n = spec.lengths[0];
  const bool single = x.dtype() == DType::float32 || x.dtype() == DType::complex64;
  const DType complex_type = single ? DType::complex64 : DType::complex128;
  switch (spec.kind) {
    case Kind::complex_forward:
    case Kind::complex_backward:
      return complex_line_transform(resized_line(x, n, grid), spec.kind == Kind::complex_backward, grid);
    case Kind::real_forward: {
      return complex_line_transform(astype(resized_line(x, n, grid), complex_type), false, grid, n / 2 + 1);
    }
    case Kind::real_backward: {
      const Array half = resized_line(x, n / 2 + 1, grid);
      return real(complex_line_transform(hermitian_extension(half, n, grid), true, grid));
    }
  }
  throw std::logic_error("gingham::fft: unknown transform kind");
}

}  // namespace gingham::fft_detail
