// fftfreq, rfftfreq (each rank computes its own elements from their global indices) and fftshift/ifftshift
// (a roll on the engine).
#include <stdexcept>
#include <string>

#include "gingham/array/call_arguments.hpp"
#include "gingham/core/format.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/fft/fft.hpp"
#include "gingham/kernels/manipulation.hpp"

namespace gingham {
namespace {

/// `extent` values frequency(k) / (d n) laid out as `layout` (default layout when null).
template <class Frequency>
Array frequencies(const std::string& function, std::int64_t n, std::int64_t extent, double d, DType dtype,
                  const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, Frequency frequency) {
  const auto checked = check_call(grid.comm(), "fft." + function, arg("n", n), arg("d", d), arg("dtype", dtype),
                                  arg("grid", grid), arg("layout", layout));
  if (n < 1) throw std::invalid_argument("gingham::fft::" + function + ": expected n >= 1, got " + std::to_string(n));
  if (dtype != DType::float32 && dtype != DType::float64) {
    throw TypeError("gingham::fft::" + function + ": expected a real floating-point dtype (float32 or float64), got " +
                    std::string(dtype_name(dtype)));
  }
  if (!layout) layout = std::make_shared<const Distribution>(derived::default_layout({extent}, grid.dims()));
  if (layout->global_shape() != std::vector<std::int64_t>{extent}) {
    throw std::invalid_argument("gingham::fft::" + function + ": expected a layout of shape (" + std::to_string(extent) +
                                ",), got " + layout->describe());
  }
  Array y = Array::allocate(dtype, grid, layout, {}, false);
  if (!y.holds_shard()) return y;
  const auto owned = layout->owned_indices(grid.coords(), 0);
  const RawView view = y.local();
  const double scale = 1.0 / (static_cast<double>(n) * d);  // as numpy: integer frequencies times 1 / (n d)
  for (std::size_t i = 0; i < owned.size(); ++i) {
    const double value = static_cast<double>(frequency(owned[i])) * scale;
    const std::int64_t at = static_cast<std::int64_t>(i) * view.strides[0];
    if (dtype == DType::float32) {
      reinterpret_cast<float*>(view.data)[at] = static_cast<float>(value);
    } else {
      reinterpret_cast<double*>(view.data)[at] = value;
    }
  }
  return y;
}

/// x rolled by `direction` * floor(n / 2) along each of `axes` (all by default).
Array shifted(const Array& x, const std::optional<std::vector<int>>& axes, int direction, const std::string& function) {
  const auto checked = check_call(x.grid().comm(), "fft." + function, arg("x", x), arg("axes", axes));
  const int ndim = x.ndim();
  std::vector<int> chosen;
  if (axes) {
    for (int axis : *axes) {
      if (axis < -ndim || axis >= ndim) {
        throw std::out_of_range("gingham::fft::" + function + ": axis " + std::to_string(axis) +
                                " is out of bounds for an array of dimension " + std::to_string(ndim));
      }
      chosen.push_back(axis < 0 ? axis + ndim : axis);
    }
  } else {
    for (int a = 0; a < ndim; ++a) chosen.push_back(a);
  }
  std::vector<std::int64_t> shifts;
  for (int a : chosen) shifts.push_back(direction * (x.global_shape()[a] / 2));
  return roll(x, shifts, chosen);
}

}  // namespace

Array fftfreq(std::int64_t n, double d, DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  return frequencies("fftfreq", n, n, d, dtype, grid, std::move(layout),
                     [n](std::int64_t k) { return k < (n + 1) / 2 ? k : k - n; });
}

Array rfftfreq(std::int64_t n, double d, DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  return frequencies("rfftfreq", n, n / 2 + 1, d, dtype, grid, std::move(layout), [](std::int64_t k) { return k; });
}

Array fftshift(const Array& x, std::optional<std::vector<int>> axes) { return shifted(x, axes, 1, "fftshift"); }

Array ifftshift(const Array& x, std::optional<std::vector<int>> axes) { return shifted(x, axes, -1, "ifftshift"); }

}  // namespace gingham
