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
  // The owned blocks of each axis (AxisMap::owned_block: O(blocks), no per-index arithmetic); leading
  // axes are expanded to their global indices, the last axis stays as runs.
  auto blocks_of = [&](int a) {
    const AxisMap& map = layout.axis_map(a);
    const int part = layout.part_of(a, coords);
    std::vector<OwnedBlock> blocks(static_cast<std::size_t>(map.owned_block_count(part)));
    for (std::size_t k = 0; k < blocks.size(); ++k) blocks[k] = map.owned_block(part, static_cast<std::int64_t>(k));
    return blocks;
  };
  std::vector<std::vector<std::int64_t>> owned(static_cast<std::size_t>(ndim - 1));
  for (int a = 0; a < ndim - 1; ++a) {
    for (const OwnedBlock& block : blocks_of(a)) {
      for (std::int64_t k = 0; k < block.length; ++k) owned[a].push_back(block.global_begin + k);
    }
  }
  std::vector<std::int64_t> global_stride(static_cast<std::size_t>(ndim), 1);
  for (int a = ndim - 1; a > 0; --a) global_stride[a - 1] = global_stride[a] * layout.global_shape()[a];
  const std::vector<OwnedBlock> runs = blocks_of(ndim - 1);  // consecutive global indices each
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

}  // namespace gingham::random::detail
