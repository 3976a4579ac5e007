#pragma once
// Arrays of any element type made from a whole row-major vector in a given layout, and the check of every
// shard of a result (every copy of a replicated one too) against the whole serial reference.

#include <mpi.h>

#include <complex>
#include <cstdint>
#include <memory>
#include <random>
#include <type_traits>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/kernels/creation.hpp"
#include "random_layouts.hpp"

namespace gingham::test {

/// The number of elements of `shape`.
inline std::int64_t element_count(const std::vector<std::int64_t>& shape) {
  std::int64_t n = 1;
  for (std::int64_t e : shape) n *= e;
  return n;
}

/// The multi-index of row-major position `flat` in `shape`.
inline std::vector<std::int64_t> unravel(std::int64_t flat, const std::vector<std::int64_t>& shape) {
  std::vector<std::int64_t> index(shape.size());
  for (std::size_t k = shape.size(); k-- > 0;) index[k] = flat % shape[k], flat /= shape[k];
  return index;
}

/// The test value of element type T for the integer v (complex: v - vi).
template <class T>
T value_of(std::int64_t v) {
  if constexpr (std::is_arithmetic_v<T>) {
    return static_cast<T>(v);
  } else {
    return T(static_cast<typename T::value_type>(v), static_cast<typename T::value_type>(-v));
  }
}

/// Local. A random shape of min_ndim to max_ndim axes, each of extent 0 to max_extent.
inline std::vector<std::int64_t> random_shape(std::mt19937& random, int min_ndim, int max_ndim, int max_extent) {
  std::vector<std::int64_t> shape(draw(random, min_ndim, max_ndim));
  for (auto& e : shape) e = draw(random, 0, max_extent);
  return shape;
}

/// Collective over MPI_COMM_WORLD. A process grid of a random shape over all ranks or the first few.
inline ProcessGrid random_world_grid(std::mt19937& random) {
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  return ProcessGrid(Comm::world(), random_grid(random, ranks));
}

/// Collective over grid.comm(). The array of `whole` (row-major, `shape`) laid out as `layout`.
template <class T>
Array array_of(const ProcessGrid& grid, const Distribution& layout, std::vector<T> whole) {
  const std::vector<std::int64_t>& shape = layout.global_shape();
  std::vector<std::int64_t> strides(shape.size());
  for (std::int64_t a = static_cast<std::int64_t>(shape.size()) - 1, s = 1; a >= 0; --a) strides[a] = s, s *= shape[a];
  return from_whole(dtype_of<T>, grid, std::make_shared<const Distribution>(layout),
                    LocalView<T>(whole.data(), shape, strides).raw());
}

/// Collective over grid.comm(). The array of `whole` (row-major, `shape`) in a random layout on `grid`.
template <class T>
Array random_array_of(std::mt19937& random, const ProcessGrid& grid, const std::vector<std::int64_t>& shape,
                      std::vector<T> whole) {
  return array_of(grid, random_layout(random, shape, grid.dims()), std::move(whole));
}

/// Local. Whether a and b are equal, or both NaN.
template <class T>
bool same_value(const T& a, const T& b) {
  return a == b || (a != a && b != b);  // NOLINT(misc-redundant-expression): NaN is not equal to itself
}

/// Local. Whether y has `shape` and T's dtype, and this rank's shard holds whole[f] at every element of
/// row-major position f (NaN matching NaN).
template <class T>
bool holds(const Array& y, const std::vector<std::int64_t>& shape, const std::vector<T>& whole) {
  if (y.global_shape() != shape || y.dtype() != dtype_of<T>) return false;
  if (!y.holds_shard()) return true;
  const Distribution& d = y.distribution();
  const LocalView<T> view = y.local_as<T>();
  const int nd = y.ndim();
  std::vector<std::vector<std::int64_t>> owned;
  for (int a = 0; a < nd; ++a) owned.push_back(d.owned_indices(y.grid().coords(), a));
  std::vector<std::int64_t> local(nd, 0);
  for (std::int64_t k = 0; k < view.size(); ++k) {
    std::int64_t flat = 0, offset = 0;
    for (int a = 0; a < nd; ++a) flat = flat * shape[a] + owned[a][local[a]], offset += local[a] * view.strides()[a];
    if (!same_value(view.data()[offset], whole[flat])) return false;
    for (int a = nd - 1; a >= 0 && ++local[a] == view.shape()[a]; --a) local[a] = 0;
  }
  return true;
}

}  // namespace gingham::test
