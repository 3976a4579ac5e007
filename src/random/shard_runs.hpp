#pragma once
// Walking a shard by runs of consecutive global row-major indices (internal to src/random): along the
// last axis a shard holds blocks of consecutive global indices (one block for Block, nb-long blocks for
// BlockCyclic(nb), single elements for Cyclic), and each block's row-major global indices are
// consecutive too. Random kernels fill each run from the stream in one tight loop. Pure local work.

#include <cstdint>
#include <vector>

#include "gingham/array/array.hpp"

namespace gingham::random::detail {

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
  std::vector<std::vector<std::int64_t>> owned(static_cast<std::size_t>(ndim));
  for (int a = 0; a < ndim; ++a) owned[a] = layout.owned_indices(coords, a);
  std::vector<std::int64_t> global_stride(static_cast<std::size_t>(ndim), 1);
  for (int a = ndim - 1; a > 0; --a) global_stride[a - 1] = global_stride[a] * layout.global_shape()[a];

  struct Run {
    std::int64_t global_first, local_first, length;
  };
  std::vector<Run> runs;  // the last axis's runs of consecutive global indices
  const std::vector<std::int64_t>& last = owned[ndim - 1];
  for (std::size_t j = 0; j < last.size(); ++j) {
    if (!runs.empty() && last[j] == runs.back().global_first + runs.back().length) {
      ++runs.back().length;
    } else {
      runs.push_back({last[j], static_cast<std::int64_t>(j), 1});
    }
  }
  const std::int64_t step = view.strides[ndim - 1];
  std::vector<std::int64_t> local(static_cast<std::size_t>(ndim - 1), 0);
  while (true) {  // an odometer over the leading axes
    std::int64_t global_base = 0, local_base = 0;
    for (int a = 0; a < ndim - 1; ++a) {
      global_base += owned[a][local[a]] * global_stride[a];
      local_base += local[a] * view.strides[a];
    }
    for (const Run& run : runs) {
      fill(global_base + run.global_first, run.length, data + local_base + run.local_first * step, step);
    }
    int a = ndim - 2;
    for (; a >= 0 && ++local[a] == view.shape[a]; --a) local[a] = 0;
    if (a < 0) return;
  }
}

}  // namespace gingham::random::detail
