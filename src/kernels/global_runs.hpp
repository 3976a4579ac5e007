#pragma once
// Walking a shard by runs of consecutive global indices (internal): along the last axis a shard holds blocks
// of consecutive global indices (one block for Block, nb-long blocks for BlockCyclic(nb), single elements for
// Cyclic), found per block (AxisMap::owned_block), never per element. Kernels that compute each element from
// its global index (creation, random arrays) fill each run in one tight loop. Pure local work.

#include <cstdint>
#include <vector>

#include "gingham/array/array.hpp"

namespace gingham::detail {

/// Local. Calls fill(global_first, length, first_element, stride) for each run of `length` elements of
/// y's shard whose global row-major indices are global_first, global_first + 1, ...; the k-th is stored at
/// first_element + k * stride (element units). A 0-D array is one run of one element at global index 0;
/// ranks off the grid and empty shards make no call.
template <class T, class F>
void for_each_global_run(const Array& y, F&& fill) {
  if (!y.holds_shard()) return;
  const RawView view = y.local();
  if (view.size() == 0) return;
  T* data = reinterpret_cast<T*>(view.data);
  const int ndim = y.ndim();
  if (ndim == 0) {
    fill(std::int64_t{0}, std::int64_t{1}, data, std::int64_t{1});
    return;
  }
  const Distribution& layout = y.distribution();
  const std::vector<int>& coords = y.grid().coords();
  // Leading axes expanded to their global indices; the last axis stays as runs.
  std::vector<std::vector<std::int64_t>> owned(static_cast<std::size_t>(ndim - 1));
  for (int a = 0; a < ndim - 1; ++a) owned[a] = layout.owned_indices(coords, a);
  std::vector<std::int64_t> global_stride(static_cast<std::size_t>(ndim), 1);
  for (int a = ndim - 1; a > 0; --a) global_stride[a - 1] = global_stride[a] * layout.global_shape()[a];
  const AxisMap& last = layout.axis_map(ndim - 1);
  const int last_part = layout.part_of(ndim - 1, coords);
  std::vector<OwnedBlock> runs(static_cast<std::size_t>(last.owned_block_count(last_part)));
  for (std::size_t k = 0; k < runs.size(); ++k) runs[k] = last.owned_block(last_part, static_cast<std::int64_t>(k));
  const std::int64_t step = view.strides[ndim - 1];
  std::vector<std::int64_t> local(static_cast<std::size_t>(ndim - 1), 0);
  while (true) {  // an odometer over the leading axes
    std::int64_t global_base = 0, local_base = 0;
    for (int a = 0; a < ndim - 1; ++a) {
      global_base += owned[a][local[a]] * global_stride[a];
      local_base += local[a] * view.strides[a];
    }
    for (const OwnedBlock& run : runs) {
      if (run.length > 0) {
        fill(global_base + run.global_begin, run.length, data + local_base + run.local_begin * step, step);
      }
    }
    int a = ndim - 2;
    for (; a >= 0 && ++local[a] == view.shape[a]; --a) local[a] = 0;
    if (a < 0) return;
  }
}

/// Local. Calls f(element, global) for every element of y's shard, global[a] being its global index along
/// axis a (ndim values; nullptr for a 0-D array), by the runs of for_each_global_run.
template <class T, class F>
void for_each_with_global_index(const Array& y, F&& f) {
  const int ndim = y.ndim();
  std::vector<std::int64_t> global(static_cast<std::size_t>(ndim), 0);
  std::vector<std::int64_t> extent(y.distribution().global_shape());
  for_each_global_run<T>(y, [&](std::int64_t first, std::int64_t length, T* out, std::int64_t stride) {
    if (ndim == 0) return f(*out, static_cast<const std::int64_t*>(nullptr));
    std::int64_t rest = first;  // unravel the run's first row-major index; the run stays within one row
    for (int a = ndim - 1; a >= 0; --a) global[a] = rest % extent[a], rest /= extent[a];
    const std::int64_t begin = global[ndim - 1];
    for (std::int64_t k = 0; k < length; ++k) {
      global[ndim - 1] = begin + k;
      f(out[k * stride], static_cast<const std::int64_t*>(global.data()));
    }
  });
}

}  // namespace gingham::detail
