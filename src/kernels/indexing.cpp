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

/// The source indices of result slabs first .. first + n - 1: a pointer to n of them, either into the
/// caller's own list or into `scratch` (room for n), filled. May be called from several threads at once.
using RoundIndices = std::function<const std::int64_t*(std::int64_t first, std::int64_t n, std::int64_t* scratch)>;

/// A run of consecutive slabs of one round that this rank sends to one part: positions [first, end) of the
/// round's send list.
struct SendRun {
  int peer;
  std::int64_t first, end;
};

/// Calls run(owner, begin, end) for the global indices [j0, j1) of a block-cyclic map cut at its blocks
/// (each piece held by one part), in increasing order: one division per call, none per piece.
template <class Run>
void for_each_owned_run(const AxisMap& map, std::int64_t j0, std::int64_t j1, const Run& run) {
  if (j0 >= j1) return;
  const std::int64_t nb = map.block_size();
  std::int64_t block = j0 / nb;
  int owner = map.owner(j0);
  for (std::int64_t begin = j0; begin < j1; ++block) {
    const std::int64_t end = std::min(j1, (block + 1) * nb);
    run(owner, begin, end);
    begin = end;
    owner = owner + 1 == map.parts() ? 0 : owner + 1;
  }
}

/// take along `axis` of the m result slabs whose source indices (in [0, extent)) `indices_of` gives;
/// `ascending` when they never decrease (then the slabs of one source block are found by search, not
/// classified one by one).
Array take_rounds(const Array& x, std::int64_t m, const RoundIndices& indices_of, int axis, bool ascending = false);

/// The first position in [k, end) whose index is at least `bound`, for indices[k] < bound and indices
/// non-decreasing: a galloping search (steps 1, 2, 4, ... then halving), so a piece of length L costs
/// about 2 log2(L) comparisons however long [k, end) is.
std::int64_t first_at_least(const std::int64_t* indices, std::int64_t k, std::int64_t end, std::int64_t bound) {
  std::int64_t below = k, step = 1;  // indices[below] < bound
  while (below + step < end && indices[below + step] < bound) below += step, step *= 2;
  std::int64_t above = std::min(end, below + step);  // indices[above] >= bound, or above == end
  while (above - below > 1) {
    const std::int64_t middle = below + (above - below) / 2;
    (indices[middle] < bound ? below : above) = middle;
  }
  return above;
}

}  // namespace

Array take(const Array& x, std::vector<std::int64_t> indices, int axis) {
  return take(x, indices.data(), static_cast<std::int64_t>(indices.size()), axis);
}

Array take(const Array& x, const std::int64_t* data, std::int64_t count, int axis) {
  const std::span<const std::int64_t> indices(data, static_cast<std::size_t>(count));
  const auto checked = check_call(x.grid().comm(), "take", arg("x", x), arg("indices", indices), arg("axis", axis));
  const detail::IndexSummary summary = detail::summarize(indices, x.grid().comm().size() > 1);
  // Host indices must be the same on every rank; different ones would give a garbled result silently.
  require_same_arguments(x.grid().comm(), CallArguments{"take", {{"indices", detail::describe_indices(indices, summary)},
                                                                 {"axis", std::to_string(axis)}}});
  axis = detail::take_axis(x, axis, "take");
  const std::int64_t n = x.global_shape()[axis];
  detail::require_in_bounds(indices, summary, n, axis, "take");
  if (summary.smallest >= 0) {  // the caller's list is read where it is: no copy
    return take_rounds(x, count, [&](std::int64_t first, std::int64_t, std::int64_t*) { return data + first; }, axis,
                       summary.ascending);
  }
  return take_rounds(
      x, count,
      [&](std::int64_t first, std::int64_t length, std::int64_t* out) -> const std::int64_t* {
        const std::int64_t* in = data + first;
        for (std::int64_t k = 0; k < length; ++k) out[k] = in[k] + (in[k] < 0 ? n : 0);
        return out;
      },
      axis);
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
  return take_rounds(
      x, m,
      [&](std::int64_t first, std::int64_t n, std::int64_t* scratch) -> const std::int64_t* {
        indices_of(first, n, scratch);
        return scratch;
      },
      axis);
}

}  // namespace detail

namespace {

using detail::AxisPlace;
using detail::OwnedBy;
using detail::SlabCopy;

Array take_rounds(const Array& x, std::int64_t m, const RoundIndices& indices_of, int axis, bool ascending) {
  const Distribution& d = x.distribution();
  Array y = Array::allocate(x.dtype(), x.grid(), std::make_shared<const Distribution>(derived::resized(d, axis, m)), {}, false);
  const int grid_axis = d.grid_axis_of(axis);
  if (!x.holds_shard()) return y;
  const RawView from = x.local(), to = y.local();
  const SlabCopy slabs(from, to, axis);
  const AxisMap& source_map = d.axis_map(axis);
  if (grid_axis < 0 || source_map.parts() == 1) {  // the axis is local: every rank copies its own slabs
    if (slabs.empty()) return y;
    detail::for_each_range(m, [&](std::int64_t begin, std::int64_t end) {
      std::int64_t scratch[kIndexBatch];
      for (std::int64_t j0 = begin; j0 < end; j0 += kIndexBatch) {
        const std::int64_t n = std::min(kIndexBatch, end - j0);
        slabs.copy_many(indices_of(j0, n, scratch), j0, n);
      }
    });
    return y;
  }
  const Comm& comm = x.grid().axis_comm(grid_axis);
  const int parts = source_map.parts(), me = x.grid().coords()[grid_axis];
  const AxisMap& target_map = y.distribution().axis_map(axis);
  const AxisPlace source(source_map);
  const std::int64_t slab_bytes = slabs.elements() * static_cast<std::int64_t>(from.item_size);
  // In rounds of result slabs [j0, j1) of about 16 MiB in all (the same rounds on every rank; few rounds, as
  // each one synchronises the ranks twice, and bounded buffers), each part sends each part the slabs of the round's target
  // indices it owns, in the target's local order; slabs a part holds and receives itself are copied.
  std::int64_t global_slab_bytes = static_cast<std::int64_t>(from.item_size);
  for (int a = 0; a < x.ndim(); ++a) global_slab_bytes *= a == axis ? 1 : x.global_shape()[a];
  const std::int64_t per_round = std::max<std::int64_t>(1, (std::int64_t{1} << 24) / std::max<std::int64_t>(global_slab_bytes, 1));
  std::shared_ptr<std::byte> buffers;  // from the memory cache: no zero-filling, no fresh pages
  const std::size_t listed = static_cast<std::size_t>(std::min(per_round, m));
  scratch_vector<std::int64_t> index_scratch(listed);
  // The round's slabs by role, as positions k in the round, listed without a branch (an append whose
  // length grows by a comparison's result), so that the loops moving them below have no unpredictable
  // branch between their independent random reads: sent (packed for another part), copied (held and kept
  // here), received (from the source's owner, listed beside it in receive_from: for the tally and the unpack).
  scratch_vector<std::int64_t> send_list(listed), copy_list(listed), receive_list(listed);
  scratch_vector<std::int32_t> receive_from(listed);  // the source owner of each received slab
  std::vector<SendRun> runs;
  const OwnedBy mine_at_source(source_map, me), mine_at_target(target_map, me);
  for (std::int64_t j0 = 0; j0 < m; j0 += per_round) {
    const std::int64_t j1 = std::min(m, j0 + per_round), n = j1 - j0;
    const std::int64_t* index = indices_of(j0, n, index_scratch.data());
    std::vector<std::int64_t> send_slabs(parts, 0), receive_slabs(parts, 0);
    std::int64_t sends = 0, copies = 0, receives = 0;
    runs.clear();
    // The target's blocks cut the round into runs of one owner each: the owner of a result slab is never
    // computed per slab, and only its source owner is tested (a range test for Block layouts).
    // The counts are kept in locals while a run is listed: stored through a reference, each append
    // would wait for the previous one's store (the lists are of the same type, so they may alias).
    std::int64_t* const to_send = send_list.data();
    std::int64_t* const to_copy = copy_list.data();
    std::int64_t* const to_receive = receive_list.data();
    std::int32_t* const from_part = receive_from.data();
    const std::int64_t nb = source_map.block_size();
    // Appends the run of positions [first, stop) whose slabs all come from part `from` to the lists, or
    // copies them when this rank both holds them and keeps them: a piece of ascending indices (they lie in
    // one source block).
    auto list_piece = [&](bool mine, int from, std::int64_t first, std::int64_t stop) {
      // (The counts are copied to locals: the lists may alias them.)
      if (mine && from == me) {  // result slabs of this rank held here: copied now, with no list
        // One source block and one target block: both local indices are the position plus a constant.
        const std::int64_t from_shift = mine_at_source.local(index[first]) - index[first];
        const std::int64_t to_shift = mine_at_target.local(j0 + first) - first;
        slabs.visit([&](const auto& move) {
          for (std::int64_t k = first; k < stop; ++k) move.copy(index[k] + from_shift, k + to_shift);
        });
      } else if (mine) {
        const std::int64_t r = receives;
        for (std::int64_t k = first; k < stop; ++k) to_receive[r + k - first] = k, from_part[r + k - first] = from;
        receives = r + stop - first;
      } else if (from == me) {
        const std::int64_t s = sends;
        for (std::int64_t k = first; k < stop; ++k) to_send[s + k - first] = k;
        sends = s + stop - first;
      }
    };
    for_each_owned_run(target_map, j0, j1, [&](int owner, std::int64_t begin, std::int64_t end) {
      const std::int64_t first = sends;
      if (ascending) {  // the run's indices fall into source blocks in order: one piece per block met
        for (std::int64_t k = begin - j0; k < end - j0;) {
          const std::int64_t block = index[k] / nb;
          const std::int64_t stop = first_at_least(index, k, end - j0, (block + 1) * nb);
          list_piece(owner == me, source.owner(index[k]), k, stop);
          k = stop;
        }
      } else if (owner == me) {
        std::int64_t c = copies, r = receives;
        for (std::int64_t k = begin - j0; k < end - j0; ++k) {
          const bool holds = mine_at_source(index[k]);
          to_copy[c] = k, to_receive[r] = k;
          c += holds, r += !holds;
        }
        copies = c, receives = r;
      } else {
        std::int64_t s = sends;
        for (std::int64_t k = begin - j0; k < end - j0; ++k) {
          to_send[s] = k;
          s += mine_at_source(index[k]);
        }
        sends = s;
      }
      if (owner == me || sends == first) return;
      send_slabs[owner] += sends - first;
      if (!runs.empty() && runs.back().peer == owner && runs.back().end == first) {
        runs.back().end = sends;
      } else {
        runs.push_back({owner, first, sends});
      }
    });
    // With two parts every received slab comes from the other one. Else the source owner of each, which
    // the unsorted classification does not list (it only tests whether this rank holds the slab), is
    // computed once here for the tally and the unpack; tallied in four interleaved rows, so that
    // consecutive slabs from one part do not wait on one counter.
    if (parts == 2) {
      receive_slabs[1 - me] = receives;
    } else {
      if (!ascending) {
        for (std::int64_t i = 0; i < receives; ++i) from_part[i] = source.owner(index[receive_list[i]]);
      }
      std::vector<std::int64_t> tally(4 * static_cast<std::size_t>(parts), 0);
      for (std::int64_t i = 0; i < receives; ++i) ++tally[static_cast<std::size_t>((i & 3) * parts + from_part[i])];
      for (int p = 0; p < parts; ++p) receive_slabs[p] = tally[p] + tally[parts + p] + tally[2 * parts + p] + tally[3 * parts + p];
    }
    const ExchangePlan plan = ExchangePlan::from_counts(comm, send_slabs, receive_slabs);
    agree_on_errors(x.grid().grid_comm(), [&] {  // only grid ranks get here
      exchange_piece_items(static_cast<std::size_t>(slab_bytes), 0, parts);  // slabs of 2^31 bytes are refused here
      // One block for both (the receive part after the send part): a size that the cache of freed blocks
      // serves again on the next call more often than two smaller ones would be.
      buffers = allocate_memory(static_cast<std::size_t>((plan.send_total() + plan.receive_total()) * slab_bytes),
                                MemoryFill::none, "take's send and receive buffers");
    });
    std::byte* const send_buffer = buffers.get();
    std::byte* const receive_buffer = send_buffer + plan.send_total() * slab_bytes;
    std::vector<std::int64_t> out(parts);
    for (int p = 0; p < parts; ++p) out[p] = plan.send_offset(p);
    constexpr std::int64_t ahead = SlabCopy::kPrefetchAhead;
    slabs.visit([&](const auto& move) {
      // Each source slab's first element is prefetched `ahead` slabs before its move.
      for (const SendRun& run : runs) {
        std::int64_t slot = out[run.peer];
        for (std::int64_t i = run.first; i < run.end; ++i) {
          if (i + ahead < sends) move.prefetch(mine_at_source.local(index[send_list[i + ahead]]));
          move.pack(mine_at_source.local(index[send_list[i]]), send_buffer, slot++);
        }
        out[run.peer] = slot;
      }
      for (std::int64_t i = 0; i < copies; ++i) {
        if (i + ahead < copies) move.prefetch(mine_at_source.local(index[copy_list[i + ahead]]));
        const std::int64_t k = copy_list[i];
        move.copy(mine_at_source.local(index[k]), mine_at_target.local(j0 + k));
      }
    });
    plan.forward(send_buffer, static_cast<std::size_t>(slab_bytes), receive_buffer);
    // The slabs from each part arrive in the order of their positions. From one part alone (as always
    // with two parts) receive i is slot i of its message; else each part's next slot is counted.
    int senders = 0, sender = 0;
    for (int p = 0; p < parts; ++p) senders += receive_slabs[p] > 0, sender = receive_slabs[p] > 0 ? p : sender;
    std::vector<std::int64_t> next(parts);
    for (int p = 0; p < parts; ++p) next[p] = plan.receive_offset(p);
    slabs.visit([&](const auto& move) {
      if (senders == 1) {
        const std::int64_t first = next[sender];
        for (std::int64_t i = 0; i < receives; ++i) move.unpack(receive_buffer, first + i, mine_at_target.local(j0 + receive_list[i]));
        return;
      }
      for (std::int64_t i = 0; i < receives; ++i) {
        const std::int64_t k = receive_list[i];
        move.unpack(receive_buffer, next[from_part[i]]++, mine_at_target.local(j0 + k));
      }
    });
  }
  return y;
}

}  // namespace
}  // namespace gingham
