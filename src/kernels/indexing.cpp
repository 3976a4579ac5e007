#include "gingham/kernels/indexing.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/distributions/derived.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/plans/exchange.hpp"
#include "axis_place.hpp"
#include "host_indices.hpp"
#include "local_parallel.hpp"
#include "slab_copy.hpp"
#include "take_by.hpp"

namespace gingham {
namespace {

/// Source indices fetched per call of a SlabIndices in the local copy (kept on the stack, in cache).
constexpr std::int64_t kIndexBatch = 512;

}  // namespace

Array take(const Array& x, std::vector<std::int64_t> indices, int axis) {
  return take(x, indices.data(), static_cast<std::int64_t>(indices.size()), axis);
}

Array take(const Array& x, const std::int64_t* data, std::int64_t count, int axis) {
  const std::span<const std::int64_t> indices(data, static_cast<std::size_t>(count));
  const auto checked = check_call(x.grid().comm(), "take", arg("x", x), arg("indices", indices), arg("axis", axis));
  const detail::IndexSummary summary = detail::summarize(indices);
  // Host indices must be the same on every rank; different ones would give a garbled result silently.
  require_same_arguments(x.grid().comm(), CallArguments{"take", {{"indices", detail::describe_indices(indices, summary)},
                                                                 {"axis", std::to_string(axis)}}});
  axis = detail::take_axis(x, axis, "take");
  const std::int64_t n = x.global_shape()[axis];
  detail::require_in_bounds(indices, summary, n, axis, "take");
  const bool negatives = summary.smallest < 0;
  const detail::SlabIndices normalized = [&](std::int64_t first, std::int64_t count, std::int64_t* out) {
    const std::int64_t* in = indices.data() + first;
    if (!negatives) {
      std::copy_n(in, count, out);
      return;
    }
    for (std::int64_t k = 0; k < count; ++k) out[k] = in[k] < 0 ? in[k] + n : in[k];
  };
  return detail::take_by(x, static_cast<std::int64_t>(indices.size()), normalized, axis);
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
  return take_by(
      x, m,
      [&](std::int64_t first, std::int64_t n, std::int64_t* out) {
        for (std::int64_t k = 0; k < n; ++k) out[k] = index_of(first + k);
      },
      axis);
}

Array take_by(const Array& x, std::int64_t m, const SlabIndices& indices_of, int axis) {
  const Distribution& d = x.distribution();
  Array y = Array::allocate(x.dtype(), x.grid(), std::make_shared<const Distribution>(derived::resized(d, axis, m)), {}, false);
  const int grid_axis = d.grid_axis_of(axis);
  if (!x.holds_shard()) return y;
  const RawView from = x.local(), to = y.local();
  const SlabCopy slabs(from, to, axis);
  const AxisMap& source_map = d.axis_map(axis);
  if (grid_axis < 0 || source_map.parts() == 1) {  // the axis is local: every rank copies its own slabs
    if (slabs.empty()) return y;
    for_each_range(m, [&](std::int64_t begin, std::int64_t end) {
      std::int64_t index[kIndexBatch];
      for (std::int64_t j0 = begin; j0 < end; j0 += kIndexBatch) {
        const std::int64_t n = std::min(kIndexBatch, end - j0);
        indices_of(j0, n, index);
        slabs.copy_many(index, j0, n);
      }
    });
    return y;
  }
  const Comm& comm = x.grid().axis_comm(grid_axis);
  const int parts = source_map.parts(), me = x.grid().coords()[grid_axis];
  const AxisPlace source(source_map), target(y.distribution().axis_map(axis));
  const std::int64_t slab_bytes = slabs.elements() * static_cast<std::int64_t>(from.item_size);
  // In rounds of result slabs [j0, j1) of about 16 MiB in all (the same rounds on every rank; few rounds, as
  // each one synchronises the ranks twice, and bounded buffers), each part sends each part the slabs of the round's target
  // indices it owns, in the target's local order; slabs a part holds and receives itself are copied.
  std::int64_t global_slab_bytes = static_cast<std::int64_t>(from.item_size);
  for (int a = 0; a < x.ndim(); ++a) global_slab_bytes *= a == axis ? 1 : x.global_shape()[a];
  const std::int64_t per_round = std::max<std::int64_t>(1, (std::int64_t{1} << 24) / std::max<std::int64_t>(global_slab_bytes, 1));
  std::shared_ptr<std::byte> send_buffer, receive_buffer;  // from the memory cache: no zero-filling, no fresh pages
  // Per slab of a round: its source index, then where it goes or comes from (kSend: pack for peer[k];
  // kCopy: held and kept here; kReceive: unpack from peer[k]; kNone: not this rank's business).
  enum Role : unsigned char { kNone, kCopy, kSend, kReceive };
  scratch_vector<std::int64_t> index(static_cast<std::size_t>(std::min(per_round, m)));
  scratch_vector<int> peer(index.size());
  scratch_vector<std::int64_t> send_list(index.size()), copy_list(index.size()), receive_list(index.size());
  const OwnedBy mine_at_source(source_map, me), mine_at_target(y.distribution().axis_map(axis), me);
  for (std::int64_t j0 = 0; j0 < m; j0 += per_round) {
    const std::int64_t j1 = std::min(m, j0 + per_round), n = j1 - j0;
    indices_of(j0, n, index.data());
    std::vector<std::int64_t> send_slabs(parts, 0), receive_slabs(parts, 0);
    // Both owners are computed only where this rank is one of them (a range test each for Block layouts).
    // The slabs of each role are listed (appended without a branch) so that the loops moving them below
    // have no unpredictable branch between their independent random reads.
    std::int64_t sends = 0, copies = 0, receives = 0;
    for (std::int64_t k = 0; k < n; ++k) {
      const bool holds = mine_at_source(index[k]), keeps = mine_at_target(j0 + k);
      const Role role = holds ? (keeps ? kCopy : kSend) : (keeps ? kReceive : kNone);
      if (role == kSend) ++send_slabs[peer[k] = target.owner(j0 + k)];
      if (role == kReceive) ++receive_slabs[peer[k] = source.owner(index[k])];
      send_list[sends] = k, copy_list[copies] = k, receive_list[receives] = k;
      sends += role == kSend, copies += role == kCopy, receives += role == kReceive;
    }
    // Both sides know the counts: the plan needs no messages to be built.
    const ExchangePlan plan = ExchangePlan::from_counts(comm, send_slabs, receive_slabs);
    agree_on_errors(x.grid().grid_comm(), [&] {  // only grid ranks get here
      exchange_piece_items(static_cast<std::size_t>(slab_bytes), 0, parts);  // slabs of 2^31 bytes are refused here
      send_buffer = allocate_memory(static_cast<std::size_t>(plan.send_total() * slab_bytes), MemoryFill::none, "take's send buffer");
      receive_buffer = allocate_memory(static_cast<std::size_t>(plan.receive_total() * slab_bytes), MemoryFill::none,
                                       "take's receive buffer");
    });
    std::vector<std::int64_t> out(parts);
    for (int p = 0; p < parts; ++p) out[p] = plan.send_offset(p);
    slabs.visit([&](const auto& move) {
      for (std::int64_t i = 0; i < sends; ++i) {
        const std::int64_t k = send_list[i];
        move.pack(mine_at_source.local(index[k]), send_buffer.get(), out[peer[k]]++);
      }
      for (std::int64_t i = 0; i < copies; ++i) {
        const std::int64_t k = copy_list[i];
        move.copy(mine_at_source.local(index[k]), mine_at_target.local(j0 + k));
      }
    });
    plan.forward(send_buffer.get(), static_cast<std::size_t>(slab_bytes), receive_buffer.get());
    std::vector<std::int64_t> next(parts);
    for (int p = 0; p < parts; ++p) next[p] = plan.receive_offset(p);
    slabs.visit([&](const auto& move) {
      for (std::int64_t i = 0; i < receives; ++i) {
        const std::int64_t k = receive_list[i];
        move.unpack(receive_buffer.get(), next[peer[k]]++, mine_at_target.local(j0 + k));
      }
    });
  }
  return y;
}

}  // namespace detail
}  // namespace gingham
