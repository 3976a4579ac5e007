// Executing an ExchangePlan: nonblocking point-to-point message pieces. forward posts every receive
// first (in place, into the receive layout), then sends (in place, or packed round by round through one
// round's buffer); reverse posts every send first (in place, from the receive layout), then receives (in
// place, or round by round through the buffer, unpacked to the routes). Every rank posts all of its
// in-place side before it waits on anything, so no rank waits on a peer that waits on it.
#include <mpi.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/core/profile.hpp"
#include "gingham/plans/exchange.hpp"
#include "slice_datatype.hpp"

namespace gingham {
namespace {

constexpr int kExchangeTag = 0x4578;  // "Ex": the tag of every exchange message

/// A contiguous MPI datatype of one item's bytes.
detail::OwnedDatatype item_type(std::size_t item_bytes) {
  MPI_Datatype type = MPI_DATATYPE_NULL;
  GINGHAM_MPI(MPI_Type_contiguous(static_cast<int>(item_bytes), MPI_BYTE, &type));
  GINGHAM_MPI(MPI_Type_commit(&type));
  return detail::OwnedDatatype(type);
}

/// Pending nonblocking requests.
class Requests {
 public:
  void send(const std::byte* data, std::int64_t count, MPI_Datatype type, int peer, const Comm& comm) {
    if (profiling()) {  // the profile log: one message of count items
      int item_bytes = 0;
      GINGHAM_MPI(MPI_Type_size(type, &item_bytes));
      record_transfer(count * item_bytes, 1);
    }
    requests_.emplace_back();
    GINGHAM_MPI(MPI_Isend(data, static_cast<int>(count), type, peer, kExchangeTag, comm.get(), &requests_.back()));
  }
  void receive(std::byte* data, std::int64_t count, MPI_Datatype type, int peer, const Comm& comm) {
    requests_.emplace_back();
    GINGHAM_MPI(MPI_Irecv(data, static_cast<int>(count), type, peer, kExchangeTag, comm.get(), &requests_.back()));
  }
  void wait_all() {
    if (!requests_.empty()) {
      GINGHAM_MPI(MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE));
    }
    requests_.clear();
  }

 private:
  std::vector<MPI_Request> requests_;
};

/// Copies `count` items: to[k] = from[index(k)] (gather) or to[index(k)] = from[k] (scatter); fixed-size
/// copies for the common widths.
template <std::size_t N, bool Gather, class Index>
void copy_fixed(std::byte* to, const std::byte* from, std::int64_t count, Index&& index) {
  for (std::int64_t k = 0; k < count; ++k) {
    if constexpr (Gather) {
      std::memcpy(to + k * N, from + index(k) * N, N);
    } else {
      std::memcpy(to + index(k) * N, from + k * N, N);
    }
  }
}
template <bool Gather, class Index>
void copy_items(std::byte* to, const std::byte* from, std::size_t item, std::int64_t count, Index&& index) {
  switch (item) {
    case 1: return copy_fixed<1, Gather>(to, from, count, index);
    case 2: return copy_fixed<2, Gather>(to, from, count, index);
    case 4: return copy_fixed<4, Gather>(to, from, count, index);
    case 8: return copy_fixed<8, Gather>(to, from, count, index);
    case 16: return copy_fixed<16, Gather>(to, from, count, index);
    default:
      for (std::int64_t k = 0; k < count; ++k) {
        if constexpr (Gather) {
          std::memcpy(to + k * item, from + index(k) * item, item);
        } else {
          std::memcpy(to + index(k) * item, from + k * item, item);
        }
      }
  }
}

/// Collective over comm when `agree` (plans built from routes, on every rank alike), else Local. The
/// buffer of one round of pieces to or from every peer (round 0 is the largest), or null when this rank
/// moves in place; an allocation failure on any rank throws on every rank.
std::shared_ptr<std::byte> exchange_round_buffer(const Comm& comm, bool agree, bool needed, std::int64_t bytes) {
  std::shared_ptr<std::byte> buffer;
  auto allocate = [&] {
    if (needed && bytes > 0) buffer = allocate_memory(static_cast<std::size_t>(bytes), MemoryFill::none, "an exchange's round buffer");
  };
  if (agree) {
    agree_on_errors(comm, allocate);
  } else {
    allocate();
  }
  return buffer;
}

/// The bytes of one round of this rank's pieces for the routes it sends (forward) or gets answers for.
std::int64_t round_bytes(const std::vector<std::int64_t>& counts, int me, std::int64_t piece, std::size_t item) {
  std::int64_t items = 0;
  for (std::size_t p = 0; p < counts.size(); ++p) {
    if (static_cast<int>(p) != me) items += std::min(piece, counts[p]);
  }
  return items * static_cast<std::int64_t>(item);
}

}  // namespace

void ExchangePlan::forward(const void* items_in, std::size_t item_bytes, void* received_out) const {
  const auto checked = check_call(comm(), "ExchangePlan::forward", arg("item_bytes", item_bytes));
  if (comm_.is_null()) return;
  const int me = comm_.rank(), ranks = comm_.size();
  const std::int64_t piece = exchange_piece_items(item_bytes, chunk_bytes_, ranks);  // throws alike on every rank
  if (item_bytes == 0) return;
  const auto* items = static_cast<const std::byte*>(items_in);
  auto* received = static_cast<std::byte*>(received_out);
  const auto item = static_cast<std::int64_t>(item_bytes);
  const bool packs = !slot_route_.empty() || !route_item_.empty();
  auto item_of_slot = [&](std::int64_t s) {
    const std::int64_t route = slot_route_.empty() ? s : slot_route_[static_cast<std::size_t>(s)];
    return route_item_.empty() ? route : route_item_[static_cast<std::size_t>(route)];
  };
  const std::shared_ptr<std::byte> buffer =
      exchange_round_buffer(comm_, from_routes_, packs, round_bytes(send_counts_, me, piece, item_bytes));
  const detail::OwnedDatatype type = item_type(item_bytes);
  Requests pending;
  for (const ExchangePiece& q : receive_pieces(item_bytes)) {
    pending.receive(received + q.first * item, q.count, type.get(), q.peer, comm_);
  }
  {  // to itself
    const std::int64_t first = send_offsets_[me], count = send_counts_[me];
    std::byte* to = received + receive_offsets_[me] * item;
    if (!packs) {
      if (count > 0) std::memcpy(to, items + first * item, static_cast<std::size_t>(count * item));
    } else {
      copy_items<true>(to, items, item_bytes, count, [&](std::int64_t k) { return item_of_slot(first + k); });
    }
  }
  if (!packs) {
    for (const ExchangePiece& q : send_pieces(item_bytes)) pending.send(items + q.first * item, q.count, type.get(), q.peer, comm_);
  } else {
    Requests round_sends;
    std::int64_t round = -1;
    std::byte* at = buffer.get();
    for (const ExchangePiece& q : send_pieces(item_bytes)) {
      if (q.round != round) round_sends.wait_all(), at = buffer.get(), round = q.round;
      copy_items<true>(at, items, item_bytes, q.count, [&](std::int64_t k) { return item_of_slot(q.first + k); });
      round_sends.send(at, q.count, type.get(), q.peer, comm_);
      at += q.count * item;
    }
    round_sends.wait_all();
  }
  pending.wait_all();
}

void ExchangePlan::reverse(const void* replies_in, std::size_t item_bytes, void* answers_out) const {
  const auto checked = check_call(comm(), "ExchangePlan::reverse", arg("item_bytes", item_bytes));
  if (comm_.is_null()) return;
  const int me = comm_.rank(), ranks = comm_.size();
  const std::int64_t piece = exchange_piece_items(item_bytes, chunk_bytes_, ranks);
  if (item_bytes == 0) return;
  const auto* replies = static_cast<const std::byte*>(replies_in);
  auto* answers = static_cast<std::byte*>(answers_out);
  const auto item = static_cast<std::int64_t>(item_bytes);
  const bool unpacks = !slot_route_.empty();
  auto route_of_slot = [&](std::int64_t s) { return unpacks ? slot_route_[static_cast<std::size_t>(s)] : s; };
  const std::shared_ptr<std::byte> buffer =
      exchange_round_buffer(comm_, from_routes_, unpacks, round_bytes(send_counts_, me, piece, item_bytes));
  const detail::OwnedDatatype type = item_type(item_bytes);
  Requests pending;
  for (const ExchangePiece& q : receive_pieces(item_bytes)) {  // the replies go back the way the items came
    pending.send(replies + q.first * item, q.count, type.get(), q.peer, comm_);
  }
  {  // from itself
    const std::int64_t first = send_offsets_[me], count = send_counts_[me];
    const std::byte* from = replies + receive_offsets_[me] * item;
    if (!unpacks) {
      if (count > 0) std::memcpy(answers + first * item, from, static_cast<std::size_t>(count * item));
    } else {
      copy_items<false>(answers, from, item_bytes, count, [&](std::int64_t k) { return route_of_slot(first + k); });
    }
  }
  if (!unpacks) {
    for (const ExchangePiece& q : send_pieces(item_bytes)) pending.receive(answers + q.first * item, q.count, type.get(), q.peer, comm_);
  } else {
    const std::vector<ExchangePiece> pieces = send_pieces(item_bytes);
    for (std::size_t begin = 0; begin < pieces.size();) {  // one round at a time through the buffer
      std::size_t end = begin;
      Requests round_receives;
      std::byte* at = buffer.get();
      for (; end < pieces.size() && pieces[end].round == pieces[begin].round; ++end) {
        round_receives.receive(at, pieces[end].count, type.get(), pieces[end].peer, comm_);
        at += pieces[end].count * item;
      }
      round_receives.wait_all();
      at = buffer.get();
      for (std::size_t k = begin; k < end; ++k) {
        const ExchangePiece& q = pieces[k];
        copy_items<false>(answers, at, item_bytes, q.count, [&](std::int64_t j) { return route_of_slot(q.first + j); });
        at += q.count * item;
      }
      begin = end;
    }
  }
  pending.wait_all();
}

}  // namespace gingham
