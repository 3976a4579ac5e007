#include "gingham/kernels/indexing.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/distributions/derived.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/plans/exchange.hpp"
#include "reduction_engine.hpp"
#include "shard_walk.hpp"
#include "take_by.hpp"

namespace gingham {
namespace {

/// Calls f(element_offset) for every element of `view` whose index along `axis` is `at`, the other axes
/// in row-major order (so two views of one shape visit matching elements in the same order).
template <class F>
void for_each_in_slab(const RawView& view, int axis, std::int64_t at, F&& f) {
  const int nd = static_cast<int>(view.shape.size());
  std::int64_t elements = 1;
  for (int a = 0; a < nd; ++a) elements *= a == axis ? 1 : view.shape[a];
  if (elements == 0) return;
  if (elements == 1) return f(at * view.strides[axis]);  // a slab of one element (1-D arrays): no odometer
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
    detail::copy_item(out, from.data + offset * from.item_size, from.item_size);
    out += from.item_size;
  });
}

void unpack_slab(const RawView& to, int axis, std::int64_t at, const std::byte*& in) {
  for_each_in_slab(to, axis, at, [&](std::int64_t offset) {
    detail::copy_item(to.data + offset * to.item_size, in, to.item_size);
    in += to.item_size;
  });
}

/// Host indices for messages: up to 8 of them, then their count and a digest of all.
std::string describe_indices(const std::vector<std::int64_t>& indices) {
  std::string text = "[";
  std::uint64_t digest = 1469598103934665603ULL;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    if (k < 8) text += (k ? ", " : "") + std::to_string(indices[k]);
    digest = (digest ^ static_cast<std::uint64_t>(indices[k])) * 1099511628211ULL;
  }
  if (indices.size() > 8) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest));
    text += ", ...] (" + std::to_string(indices.size()) + " indices, digest " + hex + ")";
    return text;
  }
  return text + "]";
}

}  // namespace

Array take(const Array& x, std::vector<std::int64_t> indices, int axis) {
  const auto checked = check_call(x.grid().comm(), "take", arg("x", x), arg("indices", indices), arg("axis", axis));
  // Host indices must be the same on every rank; different ones would give a garbled result silently.
  require_same_arguments(x.grid().comm(), CallArguments{"take", {{"indices", describe_indices(indices)},
                                                                 {"axis", std::to_string(axis)}}});
  axis = detail::take_axis(x, axis, "take");
  const std::int64_t n = x.global_shape()[axis];
  for (std::int64_t& i : indices) {
    if (i < -n || i >= n) {
      throw std::out_of_range("take: index " + std::to_string(i) + " is out of bounds for axis " + std::to_string(axis) +
                              " with size " + std::to_string(n));
    }
    if (i < 0) i += n;
  }
  return detail::take_by(x, static_cast<std::int64_t>(indices.size()), [&](std::int64_t j) { return indices[j]; }, axis);
}

namespace detail {

int take_axis(const Array& x, int axis, const char* function) {
  if (x.ndim() == 0) {
    throw std::invalid_argument(std::string(function) + ": expected an array of at least one dimension, got 0-D");
  }
  if (axis < -x.ndim() || axis >= x.ndim()) {
    throw std::out_of_range(std::string(function) + ": axis " + std::to_string(axis) +
                            " is out of bounds for an array of dimension " + std::to_string(x.ndim()));
  }
  return axis < 0 ? axis + x.ndim() : axis;
}

Array take_by(const Array& x, std::int64_t m, const std::function<std::int64_t(std::int64_t)>& index_of, int axis) {
  const Distribution& d = x.distribution();
  Array y = Array::allocate(x.dtype(), x.grid(), std::make_shared<const Distribution>(derived::resized(d, axis, m)), {}, false);
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
      pack_slab(from, axis, index_of(j), out);
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
  // In rounds of result slabs [j0, j1) of about 1 MiB in all (the same rounds on every rank; the buffers and
  // the round's index lists stay in cache), each part sends each part the slabs of the round's target
  // indices it owns, in the target's local order; slabs a part holds and receives itself are copied.
  std::int64_t global_slab_bytes = static_cast<std::int64_t>(from.item_size);
  for (int a = 0; a < x.ndim(); ++a) global_slab_bytes *= a == axis ? 1 : x.global_shape()[a];
  const std::int64_t per_round = std::max<std::int64_t>(1, (std::int64_t{1} << 20) / std::max<std::int64_t>(global_slab_bytes, 1));
  std::shared_ptr<std::byte> send_buffer, receive_buffer;  // from the memory cache: no zero-filling, no fresh pages
  std::vector<std::byte> slab;  // one slab, for the slabs this rank both holds and receives
  for (std::int64_t j0 = 0; j0 < m; j0 += per_round) {
    const std::int64_t j1 = std::min(m, j0 + per_round);
    // Each result slab's source index and both owners, computed once per round.
    std::vector<std::int64_t> index(static_cast<std::size_t>(j1 - j0));
    std::vector<int> source_owner(index.size()), target_owner(index.size());
    std::vector<std::int64_t> send_slabs(parts, 0), receive_slabs(parts, 0);
    for (std::int64_t j = j0; j < j1; ++j) {
      const std::size_t k = static_cast<std::size_t>(j - j0);
      index[k] = index_of(j);
      const int t = target_owner[k] = target.owner(j), s = source_owner[k] = source.owner(index[k]);
      if (s == me && t != me) ++send_slabs[t];  // this rank's own slabs are copied, not exchanged
      if (t == me && s != me) ++receive_slabs[s];
    }
    // Both sides know the counts: the plan needs no messages to be built.
    const ExchangePlan plan = ExchangePlan::from_counts(comm, send_slabs, receive_slabs);
    agree_on_errors(x.grid().grid_comm(), [&] {  // only grid ranks get here
      exchange_piece_items(static_cast<std::size_t>(slab_bytes), 0, parts);  // slabs of 2^31 bytes are refused here
      send_buffer = allocate_memory(static_cast<std::size_t>(plan.send_total() * slab_bytes), MemoryFill::none, "take's send buffer");
      receive_buffer = allocate_memory(static_cast<std::size_t>(plan.receive_total() * slab_bytes), MemoryFill::none,
                                       "take's receive buffer");
      slab.resize(static_cast<std::size_t>(slab_bytes));
    });
    std::vector<std::byte*> out(parts);
    for (int p = 0; p < parts; ++p) out[p] = send_buffer.get() + plan.send_offset(p) * slab_bytes;
    for (std::size_t k = 0; k < index.size(); ++k) {
      if (source_owner[k] != me) continue;
      const std::int64_t j = j0 + static_cast<std::int64_t>(k);
      if (target_owner[k] != me) {
        pack_slab(from, axis, source.to_local(index[k]), out[target_owner[k]]);
      } else {  // held and received here: copied through one slab's scratch
        std::byte* packed = slab.data();
        pack_slab(from, axis, source.to_local(index[k]), packed);
        const std::byte* unpacked = slab.data();
        unpack_slab(to, axis, target.to_local(j), unpacked);
      }
    }
    plan.forward(send_buffer.get(), static_cast<std::size_t>(slab_bytes), receive_buffer.get());
    std::vector<const std::byte*> next(parts);
    for (int p = 0; p < parts; ++p) next[p] = receive_buffer.get() + plan.receive_offset(p) * slab_bytes;
    for (std::size_t k = 0; k < index.size(); ++k) {
      if (target_owner[k] == me && source_owner[k] != me) {
        unpack_slab(to, axis, target.to_local(j0 + static_cast<std::int64_t>(k)), next[source_owner[k]]);
      }
    }
  }
  return y;
}

}  // namespace detail
}  // namespace gingham
