// The Array API's creation functions on dtype-erased arrays: every element is computed from its global
// index on the rank that holds it, so nothing but the allocation agreement crosses the network.
#include <stdexcept>
#include <string>
#include <type_traits>

#include "gingham/array/promotion.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/creation.hpp"
#include "global_runs.hpp"

namespace gingham {
namespace {

template <class T>
constexpr bool is_complex_type = !std::is_arithmetic_v<T>;

void require_ndim(const Distribution& layout, int ndim, const char* function) {
  if (layout.ndim() != ndim) {
    throw std::invalid_argument(std::string(function) + ": expected a " + std::to_string(ndim) + "-D layout, got " +
                                std::to_string(layout.ndim()) + "-D");
  }
}

Array triangle(const Array& x, std::int64_t k, bool lower, const char* function) {
  if (x.ndim() < 2) {
    throw std::invalid_argument(std::string(function) + ": expected at least 2 dimensions, got " +
                                std::to_string(x.ndim()));
  }
  Array y = Array::allocate(x.dtype(), x.grid(), x.layout(), {}, /*zero=*/false);
  if (!x.holds_shard()) return y;
  const int row = x.ndim() - 2, column = x.ndim() - 1;
  const std::vector<std::int64_t> rows = x.distribution().owned_indices(x.grid().coords(), row);
  const std::vector<std::int64_t> columns = x.distribution().owned_indices(x.grid().coords(), column);
  const RawView in = x.local(), out = y.local();
  if (out.size() == 0) return y;
  visit_dtype(x.dtype(), [&]<class T>() {
    const T* from = reinterpret_cast<const T*>(in.data);
    T* to = reinterpret_cast<T*>(out.data);
    // Row by row of each matrix of the stack (an odometer over the leading axes): a typed inner loop.
    std::vector<std::int64_t> batch(static_cast<std::size_t>(row), 0);
    while (true) {
      std::int64_t base_in = 0, base_out = 0;
      for (int a = 0; a < row; ++a) base_in += batch[a] * in.strides[a], base_out += batch[a] * out.strides[a];
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const T* source = from + base_in + static_cast<std::int64_t>(i) * in.strides[row];
        T* target = to + base_out + static_cast<std::int64_t>(i) * out.strides[row];
        for (std::size_t j = 0; j < columns.size(); ++j) {
          const std::int64_t offset = columns[j] - rows[i];
          const bool keep = lower ? offset <= k : offset >= k;
          target[static_cast<std::int64_t>(j) * out.strides[column]] =
              keep ? source[static_cast<std::int64_t>(j) * in.strides[column]] : T{};
        }
      }
      int a = row - 1;
      for (; a >= 0 && ++batch[a] == in.shape[a]; --a) batch[a] = 0;
      if (a < 0) break;
    }
  });
  return y;
}

}  // namespace

std::shared_ptr<const Distribution> default_layout(const std::vector<std::int64_t>& shape, const ProcessGrid& grid) {
  return std::make_shared<const Distribution>(derived::default_layout(shape, grid.dims()));
}

Array full(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const Scalar& value,
           HaloSpec halo) {
  const auto checked = check_call(grid.comm(), "full", arg("dtype", dtype), arg("grid", grid), arg("layout", layout),
                                  arg("value", value), arg("halo", halo));
  require_scalar_fits(value, dtype, "full");
  Array y = Array::allocate(dtype, grid, std::move(layout), std::move(halo), /*zero=*/false);
  visit_dtype(dtype, [&]<class T>() {
    const T v = scalar_value<T>(value);
    detail::for_each_global_run<T>(y, [&](std::int64_t, std::int64_t length, T* out, std::int64_t stride) {
      for (std::int64_t k = 0; k < length; ++k) out[k * stride] = v;
    });
  });
  return y;
}

Array arange(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const Scalar& start,
             const Scalar& step) {
  const auto checked = check_call(grid.comm(), "arange", arg("dtype", dtype), arg("grid", grid), arg("layout", layout),
                                  arg("start", start), arg("step", step));
  require_ndim(*layout, 1, "arange");
  if (!is_real_numeric(dtype)) {
    throw TypeError("arange: expected a real numeric dtype, got " + std::string(dtype_name(dtype)));
  }
  Array y = Array::allocate(dtype, grid, std::move(layout), {}, /*zero=*/false);
  visit_dtype(dtype, [&]<class T>() {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      const auto s0 = scalar_value<std::uint64_t>(start), ds = scalar_value<std::uint64_t>(step);
      detail::for_each_with_global_index<T>(y, [&](T& element, const std::int64_t* global) {
        element = static_cast<T>(s0 + static_cast<std::uint64_t>(global[0]) * ds);  // exact modulo 2^64
      });
    } else if constexpr (std::is_floating_point_v<T>) {
      // NumPy's fill rule, so values match it bit for bit: x0 = start, x1 = start + step (rounded to T),
      // then x_i = x0 + i * (x1 - x0) in T's arithmetic.
      const double s0 = scalar_value<double>(start), ds = scalar_value<double>(step);
      const T first = static_cast<T>(s0), second = static_cast<T>(s0 + ds), delta = second - first;
      detail::for_each_with_global_index<T>(y, [&](T& element, const std::int64_t* global) {
        const std::int64_t i = global[0];
        element = i == 0 ? first : i == 1 ? second : static_cast<T>(first + static_cast<T>(i) * delta);
      });
    }
  });
  return y;
}

Array linspace(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
               std::complex<double> start, std::complex<double> stop, bool endpoint) {
  const auto checked = check_call(grid.comm(), "linspace", arg("dtype", dtype), arg("grid", grid),
                                  arg("layout", layout), arg("start", start), arg("stop", stop),
                                  arg("endpoint", endpoint));
  require_ndim(*layout, 1, "linspace");
  if (!is_floating(dtype)) {
    throw TypeError("linspace: expected a floating-point dtype, got " + std::string(dtype_name(dtype)));
  }
  const std::int64_t num = layout->global_shape()[0];
  const std::int64_t div = endpoint ? num - 1 : num;
  Array y = Array::allocate(dtype, grid, std::move(layout), {}, /*zero=*/false);
  visit_dtype(dtype, [&]<class T>() {
    if constexpr (std::is_floating_point_v<T> || is_complex_type<T>) {
      using Value = std::conditional_t<is_complex_type<T>, std::complex<double>, double>;
      const Value first = scalar_value<Value>(start), last = scalar_value<Value>(stop);
      const Value delta = div > 0 ? (last - first) / static_cast<double>(div) : Value{};
      detail::for_each_with_global_index<T>(y, [&](T& element, const std::int64_t* global) {
        const std::int64_t i = global[0];
        const Value v = endpoint && num > 1 && i == num - 1 ? last : first + static_cast<double>(i) * delta;
        element = static_cast<T>(v);
      });
    }
  });
  return y;
}

Array eye(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, std::int64_t k) {
  const auto checked = check_call(grid.comm(), "eye", arg("dtype", dtype), arg("grid", grid), arg("layout", layout),
                                  arg("k", k));
  require_ndim(*layout, 2, "eye");
  Array y = Array::allocate(dtype, grid, std::move(layout), {}, /*zero=*/false);
  visit_dtype(dtype, [&]<class T>() {
    detail::for_each_with_global_index<T>(y, [&](T& element, const std::int64_t* global) {
      element = global[1] - global[0] == k ? T(1) : T(0);
    });
  });
  return y;
}

Array tril(const Array& x, std::int64_t k) {
  const auto checked = check_call(x.grid().comm(), "tril", arg("x", x), arg("k", k));
  return triangle(x, k, /*lower=*/true, "tril");
}
Array triu(const Array& x, std::int64_t k) {
  const auto checked = check_call(x.grid().comm(), "triu", arg("x", x), arg("k", k));
  return triangle(x, k, /*lower=*/false, "triu");
}

}  // namespace gingham
