#pragma once
// Random layouts and index maps for the redistribution tests. Every rank draws the same values (same
// seed, same sequence of calls), so the collective calls that follow match.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "gingham/distributions/basic_key.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham::test {

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

}  // namespace gingham::test
