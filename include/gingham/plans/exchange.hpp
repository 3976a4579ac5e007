#pragma once
/// \file
/// ExchangePlan: the one sparse, data-dependent exchange of gingham (in the spirit of Trilinos Tpetra's
/// Distributor). Each rank names a destination rank for each of its items; the plan, built once
/// collectively, moves items of any width to their destinations (forward) and answers back to the
/// requesters (reverse), as many times as needed. Sort, take, searchsorted, element access and
/// compress move their data through it; kernels call no point-to-point or all-to-all MPI themselves.

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "gingham/core/comm.hpp"
#include "gingham/plans/plan_options.hpp"

namespace gingham {

/// The most bytes one message piece of an exchange carries (1 GiB, safely below MPI's int counts; a
/// single item up to 2^31 - 1 bytes still travels as one piece).
inline constexpr std::int64_t kExchangeMaxPieceBytes = std::int64_t{1} << 30;

/// Local. How many items of `item_bytes` bytes one message piece carries in an exchange over `ranks`
/// ranks whose buffers are bounded by `chunk_bytes` (PlanOptions::chunk_bytes): at most
/// chunk_bytes / (item_bytes * ranks) items, so that one round of pieces to (or from) every peer fits in
/// chunk_bytes (0: no bound), at most kExchangeMaxPieceBytes bytes, and at least one item. The rule
/// depends on nothing else, so both ends of a message cut it into the same pieces without talking.
/// Throws std::length_error when an item is 2^31 bytes or more (it would not fit one MPI message).
std::int64_t exchange_piece_items(std::size_t item_bytes, std::size_t chunk_bytes, int ranks);

/// One message piece of an exchange: `count` items to or from rank `peer`, starting `first` items into
/// the send (or receive) layout of the plan, sent in round `round` of that message (round r carries
/// items [r * piece, (r + 1) * piece) of it).
struct ExchangePiece {
  int peer = 0;
  std::int64_t first = 0, count = 0;
  std::int64_t round = 0;
};

/// A plan that moves items to destination ranks. Built from routes: route k carries local item
/// item_of(k) to rank destination(k) (from_destinations: route k carries item k; an item may travel
/// several routes, e.g. to every copy of a replicated element). Holds no data: only the per-rank counts
/// and, when the routes are not already grouped by destination, the order that groups them.
///
/// Send layout: the routes grouped by destination rank (ascending), in route order within a
/// destination. Receive layout: the items received, grouped by source rank (ascending), each source's
/// in its send layout order. forward() delivers items into the receive layout; reverse() takes one item
/// per received item (a reply, in the receive layout) and hands each route its reply.
///
/// Execution: nonblocking point-to-point messages on the plan's communicator, each message cut into
/// pieces (exchange_piece_items), so counts and offsets of any size (64-bit) are safe with MPI's int
/// counts, and the buffer a rank packs into or unpacks from holds one round of pieces at a time
/// (at most options.chunk_bytes, or one item per peer for items larger than that). Items whose layout
/// is the caller's own buffer (grouped sends, every receive of forward, every send of reverse) move in
/// place, with no buffer and no copy; a rank's items to itself are copied locally.
class ExchangePlan {
 public:
  /// Local. An empty plan (no ranks, no items); assign a built one before use.
  ExchangePlan() = default;

  /// Collective over `comm`. Route k carries item k to rank destinations[k]. Throws std::out_of_range on
  /// every rank when a rank's destination is outside [0, comm.size()). Cost: one MPI_Allreduce (agreeing
  /// on errors), one MPI_Alltoall of one 64-bit count per rank pair, O(n) local work.
  static ExchangePlan from_destinations(const Comm& comm, std::span<const int> destinations,
                                        const PlanOptions& options = {});
  /// Collective over `comm`. Route k carries item items[k] (>= 0) to rank destinations[k] (spans of one
  /// length). Throws std::out_of_range on every rank for a destination outside [0, comm.size()) or a
  /// negative item, std::invalid_argument for spans of different lengths. Cost as from_destinations.
  static ExchangePlan from_routes(const Comm& comm, std::span<const int> destinations,
                                  std::span<const std::int64_t> items, const PlanOptions& options = {});
  /// Collective over `comm`. Items already grouped by destination: send_counts[p] items for rank p, in
  /// rank order. Throws std::invalid_argument on every rank unless every rank passes comm.size()
  /// non-negative counts. Cost: one MPI_Allreduce (agreeing on errors), one MPI_Alltoall of the counts.
  static ExchangePlan from_counts(const Comm& comm, std::vector<std::int64_t> send_counts,
                                  const PlanOptions& options = {});
  /// Local (no communication). As from_counts, for callers that know how many items each rank sends
  /// them (receive_counts[p] must equal what rank p passes as its send_counts for this rank: the plan
  /// cannot check it). Throws std::invalid_argument for counts of the wrong length or negative counts.
  static ExchangePlan from_counts(const Comm& comm, std::vector<std::int64_t> send_counts,
                                  std::vector<std::int64_t> receive_counts, const PlanOptions& options = {});

  /// Collective over comm(). Moves items: route k's item, `item_bytes` bytes at items + item_of(k) *
  /// item_bytes, goes to its destination, and `received` gets receive_total() items in the receive
  /// layout. Every rank passes the same item_bytes. Cost: one message piece per round per peer with
  /// items for it (no message to oneself); for plans built from routes, one MPI_Allreduce more (agreeing
  /// on the pack buffer's allocation). Throws std::length_error on every rank for items of 2^31 bytes or more.
  void forward(const void* items, std::size_t item_bytes, void* received) const;
  /// Collective over comm(). The way back: `replies` holds receive_total() items in the receive layout
  /// (one per item forward delivered); `answers` gets send_total() items, answers[k] the reply to route k.
  /// Cost as forward (the unpack buffer of plans built from routes agreed by one MPI_Allreduce).
  void reverse(const void* replies, std::size_t item_bytes, void* answers) const;

  /// Collective over comm(). forward() for typed spans. Throws std::logic_error on this rank only when a
  /// span is too short (a bug in the caller, not a data error).
  template <class T>
  void forward(std::span<const T> items, std::span<T> received) const {
    if (items.size() < static_cast<std::size_t>(item_count_) || received.size() < static_cast<std::size_t>(receive_total())) {
      throw std::logic_error("ExchangePlan::forward: spans of " + std::to_string(items.size()) + " and " +
                             std::to_string(received.size()) + " items, expected at least " +
                             std::to_string(item_count_) + " and " + std::to_string(receive_total()));
    }
    forward(items.data(), sizeof(T), received.data());
  }
  /// Collective over comm(). reverse() for typed spans; std::logic_error as forward.
  template <class T>
  void reverse(std::span<const T> replies, std::span<T> answers) const {
    if (replies.size() < static_cast<std::size_t>(receive_total()) || answers.size() < static_cast<std::size_t>(send_total())) {
      throw std::logic_error("ExchangePlan::reverse: spans of " + std::to_string(replies.size()) + " and " +
                             std::to_string(answers.size()) + " items, expected at least " +
                             std::to_string(receive_total()) + " and " + std::to_string(send_total()));
    }
    reverse(replies.data(), sizeof(T), answers.data());
  }

  /// Local. The communicator.
  const Comm& comm() const noexcept { return comm_; }
  /// Local. Routes this rank sends (forward) and items it receives.
  std::int64_t send_total() const noexcept { return send_offsets_.empty() ? 0 : send_offsets_.back(); }
  std::int64_t receive_total() const noexcept { return receive_offsets_.empty() ? 0 : receive_offsets_.back(); }
  /// Local. Per rank: the items sent to it and received from it.
  const std::vector<std::int64_t>& send_counts() const noexcept { return send_counts_; }
  const std::vector<std::int64_t>& receive_counts() const noexcept { return receive_counts_; }
  /// Local. Where rank p's items start in the send and receive layouts (p = size(): the totals).
  std::int64_t send_offset(int p) const { return send_offsets_.at(static_cast<std::size_t>(p)); }
  std::int64_t receive_offset(int p) const { return receive_offsets_.at(static_cast<std::size_t>(p)); }
  /// Local. True when the routes are in send-layout order already (forward sends in place).
  bool grouped() const noexcept { return slot_route_.empty(); }
  /// Local. The message pieces this rank sends (forward) for items of `item_bytes`, in posting order
  /// (round by round, peers ascending; none to itself). The pieces of reverse are receive_pieces.
  std::vector<ExchangePiece> send_pieces(std::size_t item_bytes) const;
  /// Local. The message pieces this rank receives in forward, likewise.
  std::vector<ExchangePiece> receive_pieces(std::size_t item_bytes) const;
  /// Local. The rounds of an execution with items of `item_bytes` on this rank: the most pieces of one
  /// of its messages (either direction). Ranks need not agree: messages match pair by pair.
  std::int64_t rounds(std::size_t item_bytes) const;
  /// Local. The plan's own bookkeeping in bytes (counts and the grouping order).
  std::size_t metadata_bytes() const noexcept;

 private:
  /// Local. Fills counts-derived members from send_counts_ / receive_counts_.
  void finish_counts();
  /// Local. The pieces of the messages of one layout (send or receive: its offsets and counts per rank).
  std::vector<ExchangePiece> pieces(const std::vector<std::int64_t>& offsets, const std::vector<std::int64_t>& counts,
                                    std::size_t item_bytes) const;

  Comm comm_;
  std::size_t chunk_bytes_ = 0;
  std::vector<std::int64_t> send_counts_, receive_counts_, send_offsets_, receive_offsets_;
  std::vector<std::int64_t> slot_route_;  // send slot -> route (empty: the identity)
  std::vector<std::int64_t> route_item_;  // route -> item (empty: the identity)
  std::int64_t item_count_ = 0;           // items forward reads (1 + the largest item of a route)
  bool from_routes_ = false;              // built from routes on every rank: executions agree on buffers
};

}  // namespace gingham
