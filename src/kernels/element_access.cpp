#include "gingham/kernels/element_access.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "gingham/array/call_arguments.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/plans/exchange.hpp"
#include "axis_place.hpp"
#include "reduction_engine.hpp"
#include "shard_walk.hpp"
#include "ordinal_gather.hpp"
#include "slab_copy.hpp"

namespace gingham {
namespace {

/// Where an element of a layout lives: the grid rank of its owner (along grid axes that hold copies,
/// the copy at `own_coords`, or coordinate 0 off the grid) and its row-major position in the owner's
/// shard. Pure arithmetic.
class Locator {
 public:
  Locator(const Distribution& d, const std::vector<int>& own_coords) : extents_(d.ndim()) {
    std::vector<int> grid_stride(d.grid_ndim(), 1);
    for (int g = d.grid_ndim() - 2; g >= 0; --g) grid_stride[g] = grid_stride[g + 1] * d.grid_dims()[g + 1];
    copy_offsets_ = {0};
    for (int g = 0; g < d.grid_ndim(); ++g) {
      if (d.array_axis_on(g) >= 0) continue;
      if (!own_coords.empty()) base_rank_ += own_coords[g] * grid_stride[g];
      std::vector<int> more;
      for (int offset : copy_offsets_) {
        for (int c = 0; c < d.grid_dims()[g]; ++c) more.push_back(offset + c * grid_stride[g]);
      }
      copy_offsets_ = std::move(more);
    }
    for (int a = 0; a < d.ndim(); ++a) {
      const int g = d.grid_axis_of(a);
      rank_stride_.push_back(g < 0 ? 0 : grid_stride[g]);
      for (int part = 0; part < d.axis_map(a).parts(); ++part) extents_[a].push_back(d.axis_map(a).local_extent(part));
      by_extent_.emplace_back(std::max<std::int64_t>(d.global_shape()[a], 1));
      places_.emplace_back(d.axis_map(a));
      whole_ = whole_ && d.axis_map(a).parts() == 1;
    }
  }

  /// The owner's grid rank ignoring the copy axes (add base_rank() or a copy offset) and the position.
  std::pair<int, std::int64_t> locate(std::int64_t flat) const {
    int rank = 0;
    std::int64_t position = 0, scale = 1;
    const int nd = static_cast<int>(places_.size());
    if (nd == 1) {  // 1-D: the flat index is the global index
      const detail::AxisPlaceOf at = places_[0](flat);
      return {at.owner * rank_stride_[0], at.local};
    }
    for (int a = nd - 1; a >= 0; --a) {
      const std::int64_t rest = by_extent_[a].quotient(flat), g = flat - rest * by_extent_[a].divisor();
      flat = rest;
      const detail::AxisPlaceOf at = places_[a](g);
      rank += at.owner * rank_stride_[a];
      position += at.local * scale;
      scale *= extents_[a][at.owner];
    }
    return {rank, position};
  }
  /// The owners (grid ranks, base_rank() included) of flat[0 .. n), written to owner[], and their positions
  /// in the owners' shards, written to local[].
  void locate_all(const std::int64_t* flat, std::int64_t n, int* owner, std::int64_t* local) const {
    if (places_.size() == 1) return places_[0].place_all(flat, n, rank_stride_[0], base_rank_, owner, local);
    for (std::int64_t i = 0; i < n; ++i) {
      const auto [rank, position] = locate(flat[i]);
      owner[i] = rank + base_rank_;
      local[i] = position;
    }
  }
  int base_rank() const noexcept { return base_rank_; }
  /// Whether every axis is held whole by one part (the position in a shard is the flat index itself).
  bool whole() const noexcept { return whole_; }
  /// The grid-rank offsets of every copy (one entry, 0, when the layout holds no copies).
  const std::vector<int>& copy_offsets() const noexcept { return copy_offsets_; }

 private:
  std::vector<std::vector<std::int64_t>> extents_;  // per axis, per part: the local extent
  std::vector<int> rank_stride_;                    // per axis: the grid-rank stride of its grid axis
  std::vector<int> copy_offsets_;
  std::vector<detail::FixedDivisor> by_extent_;  // per axis: its global extent
  std::vector<detail::AxisPlace> places_;         // per axis: owner and local index of a global index
  int base_rank_ = 0;
  bool whole_ = true;
};

void check_positions(const Array& x, std::span<const std::int64_t> flat, const char* function) {
  for (std::int64_t f : flat) {
    if (f < 0 || f >= x.global_size()) {
      throw std::out_of_range(std::string(function) + ": flat index " + std::to_string(f) +
                              " is out of bounds for an array of " + std::to_string(x.global_size()) + " elements");
    }
  }
}

/// Local. The element of `shard` at row-major ordinal at[k] = from[k], for k < n in order (the last write
/// to an element wins).
void scatter_ordinals(const RawView& shard, const std::int64_t* at, std::int64_t n, const std::byte* from) {
  const std::size_t item = shard.item_size;
  if (!detail::dense_row_major(shard)) {
    const detail::OrdinalAddress address(shard);
    for (std::int64_t k = 0; k < n; ++k) std::memcpy(address(at[k]), from + k * item, item);
    return;
  }
  detail::with_item_width(item, [&]<std::size_t N>() {
    const std::int64_t width = N == 0 ? static_cast<std::int64_t>(item) : static_cast<std::int64_t>(N);
    for (std::int64_t k = 0; k < n; ++k) detail::move_item<N>(shard.data + at[k] * width, from + k * width, item);
  });
}

/// Collective over comm: the number of rounds of kElementsPerRound the rank with the most requests needs.
std::int64_t rounds_for(const Comm& comm, std::int64_t count) {
  std::int64_t rounds = (count + kElementsPerRound - 1) / kElementsPerRound;
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &rounds, 1, MPI_INT64_T, MPI_MAX, comm.get()));
  return rounds;
}

}  // namespace

namespace {

/// Requests a rank-local read handles per call of `positions` (its scratch stays in the L1/L2 caches).
constexpr std::int64_t kLocalBatch = 2048;

/// Throws check_positions' error for the first of flat[0 .. n) outside [0, size), if any.
void require_positions(const Array& x, const std::int64_t* flat, std::int64_t n, const char* function) {
  const auto size = static_cast<std::uint64_t>(x.global_size());
  bool bad = false;
  for (std::int64_t k = 0; k < n; ++k) bad |= static_cast<std::uint64_t>(flat[k]) >= size;  // negative: huge
  if (bad) check_positions(x, std::span<const std::int64_t>(flat, static_cast<std::size_t>(n)), function);
}

/// Where a read's values go: to the sink `deliver` when there is one, else straight into the caller's
/// `direct` buffer (count items).
struct ValueTarget {
  std::byte* direct = nullptr;
  const ValueSink* deliver = nullptr;
};

/// Collective over x.grid().comm(). Every rank holds the whole of x (one part per axis, every rank of the
/// communicator on the grid), so a position is its own row-major ordinal in the shard: each rank reads its
/// requests in place, in batches of kLocalBatch, with no exchange. One MPI_Allreduce agreeing on errors.
void read_whole(const Array& x, std::int64_t count, const PositionBatch& positions, const ValueTarget& target) {
  const Comm& comm = x.grid().comm();
  const RawView shard = x.local();
  const std::size_t item = shard.item_size;
  agree_on_errors(comm, [&] {
    std::int64_t flat[kLocalBatch];
    scratch_vector<std::byte> values(target.deliver == nullptr ? 0 : static_cast<std::size_t>(kLocalBatch) * item);
    for (std::int64_t first = 0; first < count; first += kLocalBatch) {
      const std::int64_t n = std::min(kLocalBatch, count - first);
      positions(first, n, flat);
      require_positions(x, flat, n, "read_elements");
      std::byte* to = target.deliver == nullptr ? target.direct + first * static_cast<std::int64_t>(item) : values.data();
      detail::gather_ordinals(shard, flat, n, to);
      if (target.deliver != nullptr) (*target.deliver)(first, n, values.data());
    }
  });
}

/// Collective over x.grid().comm(). One round of general reads with positions of type Position in the
/// owners' shards, in two passes over the requests, each in batches of kLocalBatch that stay in the L1
/// cache: the first checks the positions, locates them (each request's owner and position there are kept)
/// and counts the requests per owner; the second buckets the other ranks' requests by owner and reads this
/// rank's own in place (prefetched). The others' positions are sent (forward) and their values answered
/// (reverse) through an ExchangePlan from counts that moves nothing to this rank itself. The n values of the
/// round go to `out`, or, when it is null (ranks may differ), to `values` (resized to them).
template <class Position>
void read_round(const Array& x, const Locator& locator, std::int64_t first, std::int64_t n,
                const PositionBatch& positions, std::byte* out, scratch_vector<std::byte>& values) {
  const Comm& comm = x.grid().comm();
  const RawView shard = x.local();
  const std::size_t item = shard.item_size;
  const int me = comm.rank(), ranks = comm.size();
  scratch_vector<int> owners;                     // per request: its owner's grid rank
  scratch_vector<Position> places, slot_position, asked;  // places: per request, its position there
  scratch_vector<std::uint32_t> slot_request;  // n <= kElementsPerRound < 2^32
  scratch_vector<std::byte> replies, answers;
  std::vector<std::int64_t> counts(static_cast<std::size_t>(ranks), 0);
  std::int64_t remote = 0;
  agree_on_errors(comm, [&] {
    if (out == nullptr) values.resize(static_cast<std::size_t>(n) * item), out = values.data();
    owners.resize(static_cast<std::size_t>(n)), places.resize(static_cast<std::size_t>(n));
    std::int64_t flat[kLocalBatch], local[kLocalBatch];
    std::int64_t* const count = counts.data();
    for (std::int64_t begin = 0; begin < n; begin += kLocalBatch) {  // the requests checked and located, counted per owner
      const std::int64_t batch = std::min(kLocalBatch, n - begin);
      positions(first + begin, batch, flat);
      require_positions(x, flat, batch, "read_elements");
      int* const owner = owners.data() + begin;
      locator.locate_all(flat, batch, owner, local);
      Position* const place = places.data() + begin;
      for (std::int64_t k = 0; k < batch; ++k) place[k] = static_cast<Position>(local[k]), ++count[owner[k]];
    }
    // The other ranks' buckets in rank order, the requests in each in order; this rank's own read in place.
    // Without branches (owners come in random order): every request is written to both places, and only
    // the place it belongs to moves on; this rank's bucket cursor stays on one spare slot at the end.
    remote = n - counts[me];
    std::vector<std::int64_t> next(static_cast<std::size_t>(ranks), 0);
    std::int64_t bucket_start = 0;
    for (int p = 0; p < ranks; ++p) next[p] = p == me ? remote : bucket_start, bucket_start += p == me ? 0 : counts[p];
    slot_position.resize(static_cast<std::size_t>(remote) + 1);
    slot_request.resize(static_cast<std::size_t>(remote) + 1);
    std::int64_t own_slot[kLocalBatch];
    std::int64_t* const cursor = next.data();
    Position* const to_position = slot_position.data();
    std::uint32_t* const to_request = slot_request.data();
    for (std::int64_t begin = 0; begin < n; begin += kLocalBatch) {
      const std::int64_t batch = std::min(kLocalBatch, n - begin);
      const int* const owner = owners.data() + begin;
      const Position* const place = places.data() + begin;
      std::int64_t owns = 0;
      for (std::int64_t k = 0; k < batch; ++k) {
        const int o = owner[k];
        const Position at = place[k];
        const std::int64_t s = cursor[o];
        const bool mine = o == me;
        local[owns] = at, own_slot[owns] = begin + k, owns += mine ? 1 : 0;
        to_position[s] = at, to_request[s] = static_cast<std::uint32_t>(begin + k);
        cursor[o] = s + (mine ? 0 : 1);
      }
      detail::gather_ordinals_to(shard, local, owns, out, [&](std::int64_t k) { return own_slot[k]; });
    }
  });
  counts[static_cast<std::size_t>(me)] = 0;
  const ExchangePlan plan = ExchangePlan::from_counts(comm, std::move(counts));
  agree_on_errors(comm, [&] {
    asked.resize(static_cast<std::size_t>(plan.receive_total()));
    replies.resize(asked.size() * item);
    answers.resize(static_cast<std::size_t>(remote) * item);
  });
  plan.forward(slot_position.data(), sizeof(Position), asked.data());
  detail::gather_ordinals(shard, asked.data(), static_cast<std::int64_t>(asked.size()), replies.data());
  plan.reverse(replies.data(), item, answers.data());
  detail::place_items(answers.data(), slot_request.data(), remote, item, out);
}

void read_elements_to(const Array& x, std::int64_t count, const PositionBatch& positions, const ValueTarget& target) {
  const Comm& comm = x.grid().comm();
  const std::size_t item = x.local().item_size;
  const Locator locator(x.distribution(), x.holds_shard() ? x.grid().coords() : std::vector<int>{});
  // The same on every rank: the layout and the grid are.
  if (locator.whole() && x.grid().size() == comm.size()) return read_whole(x, count, positions, target);
  const std::int64_t rounds = rounds_for(comm, count);
  // Positions in a shard travel as 32 bits when every shard's ordinals fit (the same test on every rank).
  const bool narrow = x.global_size() <= std::int64_t{1} << 32;
  scratch_vector<std::byte> values;
  for (std::int64_t round = 0; round < rounds; ++round) {
    const std::int64_t first = std::min(count, round * kElementsPerRound), n = std::min(kElementsPerRound, count - first);
    std::byte* out = target.deliver == nullptr ? target.direct + first * static_cast<std::int64_t>(item) : nullptr;
    if (narrow) {
      read_round<std::uint32_t>(x, locator, first, n, positions, out, values);
    } else {
      read_round<std::int64_t>(x, locator, first, n, positions, out, values);
    }
    if (target.deliver != nullptr && n > 0) (*target.deliver)(first, n, values.data());
  }
}

}  // namespace

void read_elements(const Array& x, std::int64_t count, const PositionBatch& positions, const ValueSink& deliver) {
  const auto checked = check_call(x.grid().comm(), "read_elements", arg("x", x));
  read_elements_to(x, count, positions, ValueTarget{nullptr, &deliver});
}

void read_elements(const Array& x, std::int64_t count, const PositionBatch& positions, std::byte* values) {
  const auto checked = check_call(x.grid().comm(), "read_elements", arg("x", x));
  read_elements_to(x, count, positions, ValueTarget{values, nullptr});
}

void read_elements(const Array& x, std::span<const std::int64_t> flat, std::byte* values) {
  const auto checked = check_call(x.grid().comm(), "read_elements", arg("x", x));
  read_elements_to(
      x, static_cast<std::int64_t>(flat.size()),
      [&](std::int64_t first, std::int64_t n, std::int64_t* out) { std::copy_n(flat.data() + first, n, out); },
      ValueTarget{values, nullptr});
}

void write_elements(const Array& x, std::span<const std::int64_t> flat, const std::byte* values) {
  const auto checked = check_call(x.grid().comm(), "write_elements", arg("x", x));
  const std::size_t item = x.local().item_size;
  write_elements(
      x, static_cast<std::int64_t>(flat.size()),
      [&](std::int64_t first, std::int64_t n, std::int64_t* out) { std::copy_n(flat.data() + first, n, out); },
      [&](std::int64_t first, std::int64_t n, std::byte* out) { std::memcpy(out, values + first * item, n * item); });
}

void write_elements(const Array& x, std::int64_t count, const PositionBatch& positions, const ValueSource& values) {
  const auto checked = check_call(x.grid().comm(), "write_elements", arg("x", x));
  const Comm& comm = x.grid().comm();
  const std::size_t item = x.local().item_size;
  const Locator locator(x.distribution(), {});
  const std::vector<int>& copies = locator.copy_offsets();
  const RawView shard = x.local();
  scratch_vector<std::int64_t> flat;  // scratch vectors: no zero-filling of what is about to be written
  agree_on_errors(comm, [&] {  // every position is checked before anything is written
    for (std::int64_t first = 0; first < count; first += kElementsPerRound) {
      flat.resize(static_cast<std::size_t>(std::min(kElementsPerRound, count - first)));
      positions(first, static_cast<std::int64_t>(flat.size()), flat.data());
      check_positions(x, flat, "write_elements");
    }
  });
  const std::int64_t rounds = rounds_for(comm, count);
  scratch_vector<int> destinations;  // per route of the round: each write goes to every copy of its element
  scratch_vector<std::int64_t> routed, received;
  scratch_vector<std::byte> own, incoming;
  for (std::int64_t round = 0; round < rounds; ++round) {
    const std::int64_t first = std::min(count, round * kElementsPerRound), n = std::min(kElementsPerRound, count - first);
    // One round in all on this rank: the check pass left its positions in flat.
    const bool checked_already = count <= kElementsPerRound;
    agree_on_errors(comm, [&] {
      flat.resize(static_cast<std::size_t>(n));
      own.resize(flat.size() * item);
      if (n > 0 && !checked_already) positions(first, n, flat.data());
      if (n > 0) values(first, n, own.data());
      destinations.clear();
      routed.clear();
      destinations.reserve(flat.size() * copies.size());
      routed.reserve(flat.size() * copies.size());
      if (comm.size() == 1) {  // every element is this rank's: positions only
        for (std::size_t i = 0; i < flat.size(); ++i) flat[i] = locator.locate(flat[i]).second;
        return;
      }
      for (std::size_t i = 0; i < flat.size(); ++i) {  // flat[i] becomes the position in the owners' shards
        const auto [rank, position] = locator.locate(flat[i]);
        flat[i] = position;
        for (int copy : copies) destinations.push_back(rank + copy), routed.push_back(static_cast<std::int64_t>(i));
      }
    });
    if (comm.size() == 1) {  // written in place, in order: no plan
      scatter_ordinals(shard, flat.data(), n, own.data());
      continue;
    }
    const ExchangePlan plan = ExchangePlan::from_routes(comm, destinations, routed);
    agree_on_errors(comm, [&] {
      received.resize(static_cast<std::size_t>(plan.receive_total()));
      incoming.resize(received.size() * item);
    });
    plan.forward(flat.data(), sizeof(std::int64_t), received.data());
    plan.forward(own.data(), item, incoming.data());
    // In order of sending rank, then of its list: the last write wins on every copy alike.
    scatter_ordinals(shard, received.data(), static_cast<std::int64_t>(received.size()), incoming.data());
  }
}

}  // namespace gingham
