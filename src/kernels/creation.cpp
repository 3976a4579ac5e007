#include "gingham/kernels/creation.hpp"

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/distributions/derived.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>


namespace gingham {
namespace {

/// The 1-D block layout of `n` elements on `grid`, shared by the arrays created with it.
std::shared_ptr<const Distribution> block_layout(const ProcessGrid& grid, std::int64_t n) {
  return std::make_shared<const Distribution>(derived::default_layout({n}, grid.dims()));
}

/// Allocates a 1-D block array and fills this rank's shard with element(global_index).
template <class T, class Element>
DistArray<T> build_1d(const ProcessGrid& grid, std::int64_t n, Element element) {
  auto x = DistArray<T>::allocate(grid, block_layout(grid, n), {}, /*zero=*/false);
  if (!x.holds_shard()) return x;
  const AxisMap& axis = x.distribution().axis_map(0);
  const int part = x.distribution().part_of(0, grid.coords());
  const std::int64_t begin = axis.owned_block_count(part) > 0 ? axis.owned_block(part, 0).global_begin : 0;
  const std::span<T> local = x.local().flat();
  for (std::size_t l = 0; l < local.size(); ++l) local[l] = element(begin + static_cast<std::int64_t>(l));
  return x;
}

void require_length(std::int64_t n, const char* function) {
  if (n < 0) {
    throw std::invalid_argument(std::string("gingham::") + function + ": expected a length >= 0, got " +
                                std::to_string(n));
  }
}

/// ceil((stop - start) / step) clamped to >= 0, in unsigned arithmetic so that no step overflows.
std::int64_t arange_length(std::int64_t start, std::int64_t stop, std::int64_t step) {
  if (step > 0 ? stop <= start : stop >= start) return 0;
  // |stop - start| and |step| fit in 64 unsigned bits; unsigned wrap-around gives their exact values.
  const std::uint64_t distance = step > 0 ? static_cast<std::uint64_t>(stop) - static_cast<std::uint64_t>(start)
                                          : static_cast<std::uint64_t>(start) - static_cast<std::uint64_t>(stop);
  const std::uint64_t stride = step > 0 ? static_cast<std::uint64_t>(step) : -static_cast<std::uint64_t>(step);
  const std::uint64_t length = distance / stride + (distance % stride != 0 ? 1 : 0);
  if (length > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw std::invalid_argument("gingham::arange: the requested length " + std::to_string(length) +
                                " exceeds 2^63 - 1 elements");
  }
  return static_cast<std::int64_t>(length);
}

std::int64_t arange_length(double start, double stop, double step) {
  if (!std::isfinite(start) || !std::isfinite(stop) || !std::isfinite(step)) {
    throw std::invalid_argument("gingham::arange: expected finite start, stop and step, got start=" +
                                std::to_string(start) + ", stop=" + std::to_string(stop) +
                                ", step=" + std::to_string(step));
  }
  const double length = std::ceil((stop - start) / step);
  if (!(length > 0)) return 0;
  if (length >= 0x1p62) {
    throw std::invalid_argument("gingham::arange: the requested length " + std::to_string(length) +
                                " exceeds 2^62 elements");
  }
  return static_cast<std::int64_t>(length);
}

}  // namespace

template <class T>
DistArray<T> full(const ProcessGrid& grid, std::int64_t n, T value) {
  const auto checked = check_call(grid.comm(), "full", arg("dtype", dtype_of<T>), arg("grid", grid), arg("n", n),
                                  arg("value", value));
  require_length(n, "full");
  return build_1d<T>(grid, n, [value](std::int64_t) { return value; });
}

template <class T>
DistArray<T> arange(const ProcessGrid& grid, T start, T stop, T step) {
  const auto checked = check_call(grid.comm(), "arange", arg("dtype", dtype_of<T>), arg("grid", grid),
                                  arg("start", start), arg("stop", stop), arg("step", step));
  if (step == T(0)) throw std::invalid_argument("gingham::arange: expected a non-zero step, got 0");
  const std::int64_t n = arange_length(start, stop, step);
  return build_1d<T>(grid, n, [start, step](std::int64_t i) -> T {
    if constexpr (std::is_integral_v<T>) {
      // Every element lies in [start, stop), but i * step alone may not fit: compute modulo 2^64.
      return static_cast<T>(static_cast<std::uint64_t>(start) +
                            static_cast<std::uint64_t>(i) * static_cast<std::uint64_t>(step));
    } else {
      return start + static_cast<T>(i) * step;
    }
  });
}

template <class T>
DistArray<T> scalar(const ProcessGrid& grid, T value) {
  const auto checked = check_call(grid.comm(), "scalar", arg("dtype", dtype_of<T>), arg("grid", grid),
                                  arg("value", value));
  auto x = DistArray<T>::allocate(grid, std::make_shared<const Distribution>(Distribution::replicated({}, grid.dims())));
  if (x.holds_shard()) *x.local().data() = value;
  return x;
}

Array from_whole(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const RawView& whole,
                 HaloSpec halo) {
  // The whole data is compared where every rank has it (ranks off a sub-grid may pass an empty view).
  const HostData data{dtype, whole, /*compared=*/grid.size() == grid.comm().size()};
  const auto checked = check_call(grid.comm(), "from_whole", arg("dtype", dtype), arg("grid", grid),
                                  arg("layout", layout), arg("whole", data), arg("halo", halo));
  auto everywhere = std::make_shared<const Distribution>(Distribution::replicated(layout->global_shape(), grid.dims()));
  const bool holds = grid.contains_this_rank();
  const Array source = Array::wrap(dtype, grid, std::move(everywhere), holds ? whole.data : nullptr,
                                   holds ? whole.strides : std::vector<std::int64_t>(layout->ndim(), 0), nullptr);
  return redistribute(source, grid, std::move(layout), std::nullopt, {}, std::move(halo));
}

template DistArray<double> full(const ProcessGrid&, std::int64_t, double);
template DistArray<std::int64_t> full(const ProcessGrid&, std::int64_t, std::int64_t);
template DistArray<double> arange(const ProcessGrid&, double, double, double);
template DistArray<std::int64_t> arange(const ProcessGrid&, std::int64_t, std::int64_t, std::int64_t);
template DistArray<double> scalar(const ProcessGrid&, double);
template DistArray<std::int64_t> scalar(const ProcessGrid&, std::int64_t);

}  // namespace gingham
