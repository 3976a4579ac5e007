#pragma once
// Helpers for the linear algebra tests: random matrices, arrays built from a whole matrix, the rounding
// unit of each dtype, and the block-cyclic layouts every test runs on (1-D, 1xN, Nx1 and, at 4 ranks,
// 2x2 grids; block sizes 1, 3, 16 and 64; both storage orders).

#include <complex>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <random>
#include <type_traits>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/kernels/creation.hpp"
#include "support.hpp"

namespace gingham::test {

/// A complex number in long double, for references computed by plain loops.
using Wide = std::complex<long double>;

/// `v` (real or complex) as a Wide.
template <class T>
Wide wide(T v) {
  return Wide(std::real(v), std::imag(v));
}

/// `count` values uniform in [-1, 1] (and i[-1, 1] for complex T).
template <class T>
std::vector<T> random_values(std::mt19937& random, std::int64_t count) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<T> values(static_cast<std::size_t>(count));
  for (T& v : values) {
    if constexpr (std::is_floating_point_v<T>) v = static_cast<T>(uniform(random));
    else v = T(static_cast<typename T::value_type>(uniform(random)), static_cast<typename T::value_type>(uniform(random)));
  }
  return values;
}

/// Collective. An array of `layout` holding `whole` (row-major, every rank passes the same).
template <class T>
Array make_array(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const std::vector<T>& whole) {
  std::vector<std::int64_t> strides(layout->ndim(), 1);
  for (int axis = layout->ndim() - 2; axis >= 0; --axis) strides[axis] = strides[axis + 1] * layout->global_shape()[axis + 1];
  return from_whole(dtype_of<T>, grid, layout, LocalView<T>(const_cast<T*>(whole.data()), layout->global_shape(), strides).raw());
}

/// The rounding unit of T's precision.
template <class T>
double epsilon() {
  if constexpr (std::is_floating_point_v<T>) return std::numeric_limits<T>::epsilon();
  else return std::numeric_limits<typename T::value_type>::epsilon();
}

/// A function giving the 2-D layout (rows, cols) with BlockCyclic(nb) axes on the grid axes of `dims`.
using LayoutOf = std::function<std::shared_ptr<const Distribution>(std::int64_t rows, std::int64_t cols)>;

/// Collective. Calls body(grid, layout_of) for every grid shape (1-D, 1xN, Nx1, 2x2 at 4 ranks), block
/// size (1, 3, 16, 64) and storage order.
inline void for_each_block_cyclic_layout(const std::function<void(const ProcessGrid&, const LayoutOf&)>& body) {
  const int ranks = world_size();
  std::vector<std::vector<int>> grids = {{ranks}, {1, ranks}, {ranks, 1}};
  if (ranks == 4) grids.push_back({2, 2});
  for (const std::vector<int>& dims : grids) {
    const ProcessGrid grid(Comm::world(), dims);
    for (std::int64_t nb : {1, 3, 16, 64}) {
      for (StorageOrder order : {StorageOrder::row_major, StorageOrder::column_major}) {
        const LayoutOf layout = [&](std::int64_t rows, std::int64_t cols) {
          std::vector<AxisLayout> axes;
          for (std::size_t g = 0; g < 2; ++g) {
            axes.push_back(g < dims.size() ? AxisLayout::block_cyclic(nb) : AxisLayout::not_distributed());
          }
          return std::make_shared<const Distribution>(std::vector<std::int64_t>{rows, cols}, axes, dims, order);
        };
        SCOPED_TRACE("grid of " + std::to_string(dims.size()) + " axes, nb " + std::to_string(nb) +
                     (order == StorageOrder::row_major ? ", row-major" : ", column-major"));
        body(grid, layout);
      }
    }
  }
}

}  // namespace gingham::test
