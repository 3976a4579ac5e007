#pragma once
// The shared helpers of the C++ tests, in one header: assertions agreed across ranks and the exception
// a rank saw; random grids, layouts, index maps and keys; shard checks against a serial reference; arrays
// made from a whole host array, and gathered back.

#include <gtest/gtest.h>
#include <mpi.h>

#include <algorithm>
#include <complex>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/distributions/basic_key.hpp"
#include "gingham/distributions/distribution.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"

namespace gingham::test {

// ---- Helpers for MPI GoogleTests: assertions agreed across ranks, and the exception a rank saw.
/// Collective over MPI_COMM_WORLD. True on every rank when `ok` is true on every rank, so that every
/// rank takes the same branch after an assertion (no rank runs ahead into a collective alone).
inline bool all_ranks(bool ok, MPI_Comm comm = MPI_COMM_WORLD) {
  int value = ok ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_INT, MPI_MIN, comm);
  return value == 1;
}

/// Collective over MPI_COMM_WORLD. This rank's rank and the number of ranks.
inline int world_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}
inline int world_size() {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

/// What `body` threw on this rank: its kind and message, or nothing.
struct Thrown {
  gingham::ErrorKind kind;
  std::string message;
};
inline std::optional<Thrown> thrown_by(const std::function<void()>& body) {
  try {
    body();
  } catch (const std::exception& error) {
    return Thrown{gingham::classify(error), error.what()};
  }
  return std::nullopt;
}

// ---- Random layouts and index maps for the redistribution tests. Every rank draws the same values (same seed, same sequence of calls), so the collective calls that follow match.
inline int draw(std::mt19937& random, int low, int high) { return std::uniform_int_distribution<int>(low, high)(random); }

/// A random grid shape of 1 to 3 axes: half the time all `ranks` factored over the axes, otherwise
/// a random subset of the ranks (the first ones).
inline std::vector<int> random_grid(std::mt19937& random, int ranks) {
  const int ndim = draw(random, 1, 3);
  std::vector<int> dims(ndim, 1);
  if (draw(random, 0, 1) == 0) {
    int rest = ranks;
    for (int factor = 2; factor <= rest; ++factor) {
      while (rest % factor == 0) dims[draw(random, 0, ndim - 1)] *= factor, rest /= factor;
    }
    return dims;
  }
  int used = 1;
  for (int g = 0; g < ndim; ++g) dims[g] = draw(random, 1, ranks / used), used *= dims[g];
  return dims;
}

/// A random layout of `shape` on a grid of shape `grid`: per axis Block, Cyclic, BlockCyclic(1..4) or
/// not distributed, random offsets, sometimes an explicit grid-axis assignment, either storage order.
inline Distribution random_layout(std::mt19937& random, const std::vector<std::int64_t>& shape, const std::vector<int>& grid) {
  const int ndim = static_cast<int>(shape.size());
  std::vector<int> free_grid_axes;
  for (int g = 0; g < static_cast<int>(grid.size()); ++g) free_grid_axes.push_back(g);
  std::shuffle(free_grid_axes.begin(), free_grid_axes.end(), random);
  const bool explicit_axes = draw(random, 0, 2) == 0;
  std::vector<AxisLayout> axes;
  std::vector<int> grid_axes;
  int next_default = 0;
  for (int axis = 0; axis < ndim; ++axis) {
    const bool can_distribute = explicit_axes ? !free_grid_axes.empty() : next_default < static_cast<int>(grid.size());
    const int kind = can_distribute ? draw(random, 0, 3) : 3;
    if (kind == 3) {
      axes.push_back(AxisLayout::not_distributed());
      grid_axes.push_back(-1);
      continue;
    }
    const int g = explicit_axes ? free_grid_axes.back() : next_default++;
    if (explicit_axes) free_grid_axes.pop_back();
    grid_axes.push_back(g);
    const int offset = draw(random, 0, grid[g] - 1);
    axes.push_back(kind == 0 ? AxisLayout::block(offset)
                   : kind == 1 ? AxisLayout::cyclic(offset)
                               : AxisLayout::block_cyclic(draw(random, 1, 4), offset));
  }
  const StorageOrder order = draw(random, 0, 1) ? StorageOrder::row_major : StorageOrder::column_major;
  return Distribution(shape, axes, grid, order, explicit_axes ? grid_axes : std::vector<int>{});
}

/// A random index map from `source_shape`: per axis a random slice (any step, negative ones
/// included) or a fixed index, then the kept axes in random order with broadcast axes inserted.
inline IndexMap random_index_map(std::mt19937& random, const std::vector<std::int64_t>& source_shape) {
  const int ndim = static_cast<int>(source_shape.size());
  std::vector<IndexMap::Slice> slices;
  for (int axis = 0; axis < ndim; ++axis) {
    const int n = static_cast<int>(source_shape[axis]);
    IndexMap::Slice slice;
    slice.step = std::vector<int>{-3, -2, -1, 1, 1, 1, 2, 3}[draw(random, 0, 7)];
    if (draw(random, 0, 2) == 0) slice.start = draw(random, -n - 1, n + 1);
    if (draw(random, 0, 2) == 0) slice.stop = draw(random, -n - 1, n + 1);
    slices.push_back(slice);
  }
  const IndexMap sliced = IndexMap::slices(source_shape, slices);
  const std::vector<std::int64_t> shape = sliced.target_shape();
  std::vector<IndexMap::TargetAxis> axes;
  std::vector<IndexMap::FixedIndex> fixed;
  for (int axis = 0; axis < ndim; ++axis) {
    if (shape[axis] > 0 && draw(random, 0, 4) == 0) {
      fixed.push_back({axis, draw(random, 0, static_cast<int>(shape[axis]) - 1)});
    } else {
      axes.push_back({axis, 0, 1, shape[axis]});
    }
  }
  std::shuffle(axes.begin(), axes.end(), random);
  if (axes.size() < 3 && draw(random, 0, 3) == 0) {
    axes.insert(axes.begin() + draw(random, 0, static_cast<int>(axes.size())), IndexMap::TargetAxis{-1, 0, 1, draw(random, 1, 3)});
  }
  return sliced.then(IndexMap(shape, axes, fixed));
}

/// Python's a[start:stop:step] of the indices 0..n-1, written out as the language reference states it.
inline std::vector<std::int64_t> python_slice(std::int64_t n, const IndexMap::Slice& s) {
  std::vector<std::int64_t> out;
  if (s.step > 0) {
    std::int64_t begin = s.start.value_or(0), end = s.stop.value_or(n);
    if (begin < 0) begin = std::max<std::int64_t>(begin + n, 0);
    if (end < 0) end = std::max<std::int64_t>(end + n, 0);
    begin = std::min(begin, n), end = std::min(end, n);
    for (std::int64_t i = begin; i < end; i += s.step) out.push_back(i);
  } else {
    std::int64_t begin = s.start ? *s.start : n - 1;
    if (begin < 0) begin += n;
    if (begin >= n) begin = n - 1;
    std::int64_t end = -1;
    if (s.stop) {
      end = *s.stop < 0 ? *s.stop + n : *s.stop;
      if (end < -1) end = -1;
    }
    for (std::int64_t i = begin; i > end && i >= 0; i += s.step) out.push_back(i);
  }
  return out;
}

/// A random basic key for `shape`: integers (in bounds, either sign), slices with any step and bounds,
/// new axes, at most one ellipsis, and sometimes fewer entries than axes.
inline std::vector<BasicIndex> random_key(std::mt19937& random, const std::vector<std::int64_t>& shape) {
  const int ndim = static_cast<int>(shape.size());
  auto entry = [&](int axis) -> BasicIndex {
    const int n = static_cast<int>(shape[axis]);
    if (n > 0 && draw(random, 0, 3) == 0) return std::int64_t{draw(random, -n, n - 1)};
    IndexMap::Slice s;
    s.step = std::vector<int>{-3, -2, -1, 1, 1, 2, 3}[draw(random, 0, 6)];
    if (draw(random, 0, 1)) s.start = draw(random, -n - 2, n + 2);
    if (draw(random, 0, 1)) s.stop = draw(random, -n - 2, n + 2);
    return s;
  };
  // Entries for the first `before` axes, then (with an ellipsis) for the last `after` axes.
  const bool ellipsis = draw(random, 0, 1);
  const int before = draw(random, 0, ndim), after = ellipsis ? draw(random, 0, ndim - before) : 0;
  std::vector<BasicIndex> key;
  for (int axis = 0; axis < before; ++axis) key.push_back(entry(axis));
  if (ellipsis) key.push_back(Ellipsis{});
  for (int axis = ndim - after; axis < ndim; ++axis) key.push_back(entry(axis));
  for (int extra = draw(random, 0, 2); extra > 0; --extra) {
    key.insert(key.begin() + draw(random, 0, static_cast<int>(key.size())), NewAxis{});
  }
  return key;
}

/// Calls f(index) for every multi-index of `shape`, in row-major order (none when an extent is 0).
template <class F>
void for_each_index(const std::vector<std::int64_t>& shape, F f) {
  for (std::int64_t e : shape) {
    if (e == 0) return;
  }
  std::vector<std::int64_t> index(shape.size(), 0);
  while (true) {
    f(index);
    int k = static_cast<int>(shape.size()) - 1;
    for (; k >= 0 && ++index[k] == shape[k]; --k) index[k] = 0;
    if (k < 0) return;
  }
}

/// The source index that target index `j` reads under `map` (the serial reference).
inline std::vector<std::int64_t> source_index(const IndexMap& map, const std::vector<std::int64_t>& j) {
  std::vector<std::int64_t> i(map.source_shape().size(), 0);
  for (std::size_t k = 0; k < j.size(); ++k) {
    const auto& axis = map.target_axes()[k];
    if (axis.source_axis >= 0) i[axis.source_axis] = axis.start + axis.step * j[k];
  }
  for (const auto& f : map.fixed()) i[f.source_axis] = f.index;
  return i;
}

/// The row-major position of `index` in `shape`.
inline std::int64_t linear_index(const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& index) {
  std::int64_t position = 0;
  for (std::size_t k = 0; k < shape.size(); ++k) position = position * shape[k] + index[k];
  return position;
}

/// An int64 array whose every element holds its own row-major global position.
inline DistArray<std::int64_t> positions(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  auto x = DistArray<std::int64_t>::allocate(grid, layout, {}, false);
  if (!x.holds_shard()) return x;
  const LocalView<std::int64_t> local = x.local();
  std::vector<std::int64_t> index(local.ndim(), 0);
  for (std::int64_t e = 0; e < local.size(); ++e) {
    std::int64_t rest = e;
    for (int k = local.ndim() - 1; k >= 0; --k) index[k] = rest % local.shape()[k], rest /= local.shape()[k];
    local.at(index) = linear_index(layout->global_shape(), layout->to_global(grid.coords(), index));
  }
  return x;
}

/// Empty when y's shard holds, at each target index j, the position of the source index map(j);
/// otherwise the first difference.
inline std::string shard_mismatch(const DistArray<std::int64_t>& y, const IndexMap& map) {
  if (!y.holds_shard()) return y.local().data() == nullptr ? "" : "a rank off the grid holds data";
  const LocalView<std::int64_t> local = y.local();
  std::vector<std::int64_t> index(local.ndim(), 0);
  for (std::int64_t e = 0; e < local.size(); ++e) {
    std::int64_t rest = e;
    for (int k = local.ndim() - 1; k >= 0; --k) index[k] = rest % local.shape()[k], rest /= local.shape()[k];
    const std::vector<std::int64_t> j = y.distribution().to_global(y.grid().coords(), index);
    const std::int64_t expected = linear_index(map.source_shape(), source_index(map, j));
    if (local.at(index) != expected) {
      std::ostringstream text;
      text << "target index " << format_shape(j) << " holds " << local.at(index) << ", expected " << expected;
      return text.str();
    }
  }
  return "";
}

// ---- Checks a distributed int64 array shard by shard against a serial reference given per flat index.
/// Whether this rank's shard of x holds expected(flat index) at every element.
template <class F>
inline bool shard_holds(const Array& x, F expected) {
  if (!x.holds_shard()) return true;
  const Distribution& d = x.distribution();
  const auto view = x.local_as<std::int64_t>();
  std::vector<std::vector<std::int64_t>> owned;
  for (int a = 0; a < x.ndim(); ++a) owned.push_back(d.owned_indices(x.grid().coords(), a));
  bool ok = true;
  std::vector<std::int64_t> local(x.ndim(), 0);
  for (std::int64_t k = 0; k < view.size(); ++k) {
    std::int64_t rest = k, flat = 0, offset = 0;
    for (int a = x.ndim() - 1; a >= 0; --a) local[a] = rest % view.shape()[a], rest /= view.shape()[a];
    for (int a = 0; a < x.ndim(); ++a) flat = flat * x.global_shape()[a] + owned[a][local[a]], offset += local[a] * view.strides()[a];
    ok = ok && view.data()[offset] == expected(flat);
  }
  return ok;
}

// ---- Arrays of any element type made from a whole row-major vector in a given layout, and the check of every shard of a result (every copy of a replicated one too) against the whole serial reference.
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

/// Collective over x.grid().comm(). The whole of x (element type T) on every rank, row-major.
template <class T>
std::vector<T> gathered(const Array& x) {
  return gather_to_all(DistArray<T>(x));
}

}  // namespace gingham::test
