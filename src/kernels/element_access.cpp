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
  int base_rank() const noexcept { return base_rank_; }
  /// The grid-rank offsets of every copy (one entry, 0, when the layout holds no copies).
  const std::vector<int>& copy_offsets() const noexcept { return copy_offsets_; }

 private:
  std::vector<std::vector<std::int64_t>> extents_;  // per axis, per part: the local extent
  std::vector<int> rank_stride_;                    // per axis: the grid-rank stride of its grid axis
  std::vector<int> copy_offsets_;
  std::vector<detail::FixedDivisor> by_extent_;  // per axis: its global extent
  std::vector<detail::AxisPlace> places_;         // per axis: owner and local index of a global index
  int base_rank_ = 0;
};

void check_positions(const Array& x, std::span<const std::int64_t> flat, const char* function) {
  for (std::int64_t f : flat) {
    if (f < 0 || f >= x.global_size()) {
      throw std::out_of_range(std::string(function) + ": flat index " + std::to_string(f) +
                              " is out of bounds for an array of " + std::to_string(x.global_size()) + " elements");
    }
  }
}

/// Local. to[k] = the element of `shard` at row-major ordinal at[k], for k < n (fixed-width moves).
void gather_ordinals(const RawView& shard, const std::int64_t* at, std::int64_t n, std::byte* to) {
  const std::size_t item = shard.item_size;
  if (!detail::dense_row_major(shard)) {
    const detail::OrdinalAddress address(shard);
    for (std::int64_t k = 0; k < n; ++k) std::memcpy(to + k * item, address(at[k]), item);
    return;
  }
  detail::with_item_width(item, [&]<std::size_t N>() {
    const std::int64_t width = N == 0 ? static_cast<std::int64_t>(item) : static_cast<std::int64_t>(N);
    for (std::int64_t k = 0; k < n; ++k) detail::move_item<N>(to + k * width, shard.data + at[k] * width, item);
  });
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

void read_elements(const Array& x, std::int64_t count, const PositionBatch& positions, const ValueSink& deliver) {
  const auto checked = check_call(x.grid().comm(), "read_elements", arg("x", x));
  const Comm& comm = x.grid().comm();
  const std::size_t item = x.local().item_size;
  const Locator locator(x.distribution(), x.holds_shard() ? x.grid().coords() : std::vector<int>{});
  const RawView shard = x.local();
  const std::int64_t rounds = rounds_for(comm, count);
  // Scratch vectors: no zero-filling of what is about to be written, no fresh pages from the second round on.
  scratch_vector<int> owner;  // per request of the round
  scratch_vector<std::int64_t> flat, asked;
  scratch_vector<std::byte> replies, values;
  for (std::int64_t round = 0; round < rounds; ++round) {
    const std::int64_t first = std::min(count, round * kElementsPerRound), n = std::min(kElementsPerRound, count - first);
    agree_on_errors(comm, [&] {
      flat.resize(static_cast<std::size_t>(n));
      if (n > 0) positions(first, n, flat.data());
      owner.resize(flat.size());
      const std::int64_t size = x.global_size();
      for (std::size_t i = 0; i < flat.size(); ++i) {  // flat[i] becomes the position in the owner's shard
        if (flat[i] < 0 || flat[i] >= size) check_positions(x, std::span(flat).subspan(i, 1), "read_elements");
        const auto [rank, position] = locator.locate(flat[i]);
        owner[i] = rank + locator.base_rank();
        flat[i] = position;
      }
    });
    if (comm.size() == 1) {  // every element is this rank's: read in place, no plan
      agree_on_errors(comm, [&] { values.resize(flat.size() * item); });
      gather_ordinals(shard, flat.data(), n, values.data());
      if (n > 0) deliver(first, n, values.data());
      continue;
    }
    const ExchangePlan plan = ExchangePlan::from_destinations(comm, owner);
    agree_on_errors(comm, [&] {
      asked.resize(static_cast<std::size_t>(plan.receive_total()));
      replies.resize(asked.size() * item);
      values.resize(flat.size() * item);
    });
    plan.forward(flat.data(), sizeof(std::int64_t), asked.data());
    gather_ordinals(shard, asked.data(), static_cast<std::int64_t>(asked.size()), replies.data());
    plan.reverse(replies.data(), item, values.data());
    if (n > 0) deliver(first, n, values.data());
  }
}

void read_elements(const Array& x, std::span<const std::int64_t> flat, std::byte* values) {
  const auto checked = check_call(x.grid().comm(), "read_elements", arg("x", x));
  const std::size_t item = x.local().item_size;
  read_elements(
      x, static_cast<std::int64_t>(flat.size()),
      [&](std::int64_t first, std::int64_t n, std::int64_t* out) { std::copy_n(flat.data() + first, n, out); },
      [&](std::int64_t first, std::int64_t n, const std::byte* in) { std::memcpy(values + first * item, in, n * item); });
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
