#include "gingham/kernels/indexing.hpp"

#include <climits>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "reduction_engine.hpp"

namespace gingham {
namespace {

/// Calls f(element_offset) for every element of `view` whose index along `axis` is `at`, the other axes
/// in row-major order (so two views of one shape visit matching elements in the same order).
template <class F>
void for_each_in_slab(const RawView& view, int axis, std::int64_t at, F&& f) {
  const int nd = static_cast<int>(view.shape.size());
  for (int a = 0; a < nd; ++a) {
    if (a != axis && view.shape[a] == 0) return;
  }
  std::vector<std::int64_t> index(nd, 0);
  index[axis] = at;
  while (true) {
    std::int64_t offset = 0;
    for (int a = 0; a < nd; ++a) offset += index[a] * view.strides[a];
    f(offset);
    int a = nd - 1;
    for (; a >= 0; --a) {
      if (a == axis) continue;
      if (++index[a] < view.shape[a]) break;
      index[a] = 0;
    }
    if (a < 0) return;
  }
}

void pack_slab(const RawView& from, int axis, std::int64_t at, std::byte*& out) {
  for_each_in_slab(from, axis, at, [&](std::int64_t offset) {
    std::memcpy(out, from.data + offset * from.item_size, from.item_size);
    out += from.item_size;
  });
}

void unpack_slab(const RawView& to, int axis, std::int64_t at, const std::byte*& in) {
  for_each_in_slab(to, axis, at, [&](std::int64_t offset) {
    std::memcpy(to.data + offset * to.item_size, in, to.item_size);
    in += to.item_size;
  });
}

}  // namespace

Array take(const Array& x, std::vector<std::int64_t> indices, int axis) {
  if (x.ndim() == 0) throw std::invalid_argument("take: expected an array of at least one dimension, got 0-D");
  if (axis < -x.ndim() || axis >= x.ndim()) {
    throw std::out_of_range("take: axis " + std::to_string(axis) + " is out of bounds for an array of dimension " +
                            std::to_string(x.ndim()));
  }
  if (axis < 0) axis += x.ndim();
  const std::int64_t n = x.global_shape()[axis];
  for (std::int64_t& i : indices) {
    if (i < -n || i >= n) {
      throw std::out_of_range("take: index " + std::to_string(i) + " is out of bounds for axis " + std::to_string(axis) +
                              " with size " + std::to_string(n));
    }
    if (i < 0) i += n;
  }
  const Distribution& d = x.distribution();
  const auto m = static_cast<std::int64_t>(indices.size());
  Array y = Array::allocate(x.dtype(), x.grid(), detail::with_axis(d, axis, m, d.axis_layout(axis)), {}, false);
  const int grid_axis = d.grid_axis_of(axis);
  if (!x.holds_shard()) return y;
  const RawView from = x.local(), to = y.local();
  const AxisMap& source = d.axis_map(axis);
  const AxisMap& target = y.distribution().axis_map(axis);
  if (grid_axis < 0) {  // the axis is local: every rank copies its own slabs
    std::vector<std::byte> slab;
    for (std::int64_t j = 0; j < m; ++j) {
      slab.resize(static_cast<std::size_t>(from.size() / std::max<std::int64_t>(from.shape[axis], 1)) * from.item_size);
      std::byte* out = slab.data();
      pack_slab(from, axis, indices[j], out);
      const std::byte* in = slab.data();
      unpack_slab(to, axis, j, in);
    }
    return y;
  }
  const Comm& comm = x.grid().axis_comm(grid_axis);
  const int parts = source.parts(), me = x.grid().coords()[grid_axis];
  std::int64_t slab_elements = 1;
  for (int a = 0; a < x.ndim(); ++a) slab_elements *= a == axis ? 1 : from.shape[a];
  const std::int64_t slab_bytes = slab_elements * static_cast<std::int64_t>(from.item_size);
  // What each part sends to each part: the slabs of target indices it owns, in the target's local order.
  std::vector<std::int64_t> send_slabs(parts, 0), receive_slabs(parts, 0);
  for (int t = 0; t < parts; ++t) {
    for (std::int64_t k = 0; k < target.owned_block_count(t); ++k) {
      const OwnedBlock block = target.owned_block(t, k);
      for (std::int64_t j = block.global_begin; j < block.global_begin + block.length; ++j) {
        const int s = source.owner(indices[j]);
        if (s == me) ++send_slabs[t];
        if (t == me) ++receive_slabs[s];
      }
    }
  }
  std::vector<int> send_counts(parts), receive_counts(parts), send_offsets(parts), receive_offsets(parts);
  std::vector<std::byte> send_buffer, receive_buffer;
  agree_on_errors(x.grid().grid_comm(), [&] {  // only grid ranks get here
    std::int64_t sent = 0, received = 0;
    for (int p = 0; p < parts; ++p) {
      send_offsets[p] = static_cast<int>(sent);
      receive_offsets[p] = static_cast<int>(received);
      sent += send_slabs[p] * slab_bytes;
      received += receive_slabs[p] * slab_bytes;
      if (sent > INT_MAX || received > INT_MAX) {
        throw std::length_error("take: more than 2^31 bytes to exchange on one rank; take fewer indices at a time");
      }
      send_counts[p] = static_cast<int>(send_slabs[p] * slab_bytes);
      receive_counts[p] = static_cast<int>(receive_slabs[p] * slab_bytes);
    }
    send_buffer.resize(static_cast<std::size_t>(sent));
    receive_buffer.resize(static_cast<std::size_t>(received));
  });
  std::byte* out = send_buffer.data();
  for (int t = 0; t < parts; ++t) {
    for (std::int64_t k = 0; k < target.owned_block_count(t); ++k) {
      const OwnedBlock block = target.owned_block(t, k);
      for (std::int64_t j = block.global_begin; j < block.global_begin + block.length; ++j) {
        if (source.owner(indices[j]) == me) pack_slab(from, axis, source.to_local(indices[j]), out);
      }
    }
  }
  GINGHAM_MPI(MPI_Alltoallv(send_buffer.data(), send_counts.data(), send_offsets.data(), MPI_BYTE,
                            receive_buffer.data(), receive_counts.data(), receive_offsets.data(), MPI_BYTE, comm.get()));
  std::vector<const std::byte*> next(parts);
  for (int p = 0; p < parts; ++p) next[p] = receive_buffer.data() + receive_offsets[p];
  for (std::int64_t k = 0; k < target.owned_block_count(me); ++k) {
    const OwnedBlock block = target.owned_block(me, k);
    for (std::int64_t j = block.global_begin; j < block.global_begin + block.length; ++j) {
      unpack_slab(to, axis, block.local_begin + (j - block.global_begin), next[source.owner(indices[j])]);
    }
  }
  return y;
}

}  // namespace gingham
