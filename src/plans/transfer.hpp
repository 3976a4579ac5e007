#pragma once
// Transfer: the executor shared by every communication plan (redistribution, halo exchange). A plan
// builder describes what moves (messages made of boxes of per-axis runs); Transfer agrees on sizes,
// builds the neighbourhood communicator once, and executes in rounds of one MPI_Neighbor_alltoallw.
// In each round every message moves one slice. A slice that is one contiguous range of a shard goes
// straight from or into the shard (MPI copies it once); any other is packed into or unpacked from a
// buffer, and buffers stay within a chunk budget. A slice made of long runs can instead be described to
// MPI by a derived datatype (slice_datatype.hpp); which of the two an execution uses, a tuner decides
// by timing both (mechanism_tuner.hpp). Slices are budget-sized, or, when the builder found
// every message made of few large pieces contiguous on both sides, one piece each, so that all of
// them move in place. Copies of transposed patterns go tile by tile. It holds no array data.

#include <mpi.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "box_walk.hpp"
#include "buffer_pool.hpp"
#include "mechanism_tuner.hpp"
#include "slice_datatype.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/plans/plan_options.hpp"

namespace gingham::detail {

/// Everything exchanged with one peer rank, in box order.
struct Message {
  int peer = -1;
  std::vector<Box> boxes;
  std::int64_t elements = 0;
  /// Ends of the pieces contiguous on both sides of dense shards (empty: the builder found none).
  std::vector<std::int64_t> piece_ends;
};

class Transfer {
 public:
  /// The shapes of this rank's source and target views an execution expects (none: the rank holds no
  /// shard on that side, and its view must be empty).
  struct ViewShapes {
    std::optional<std::vector<std::int64_t>> source, target;
  };

  /// Collective over `comm`. `source_axis_of[k]` is the source view axis that target axis k's source
  /// indices refer to (-1: none); `broadcast_axes` are target axes filled by copying position 0 after
  /// the exchange. options.chunk_bytes bounds the send plus receive buffers (0: one round, buffers as
  /// large as the messages); options.datatype_min_run_bytes says which slices MPI moves in place through
  /// derived datatypes. One MPI_Allreduce (message sizes), a second when messages move by pieces (their
  /// round counts), and one MPI_Dist_graph_create_adjacent.
  Transfer(const Comm& comm, std::vector<int> source_axis_of, std::vector<int> broadcast_axes,
           std::vector<Message> sends, std::vector<Message> receives, std::vector<Box> self, const PlanOptions& options,
           ViewShapes shapes);
  /// Local. Completes an exchange begun and not ended (every rank must destroy its plan likewise).
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  /// Collective over the communicator. Moves the data from `source` (this rank's source shard) into
  /// `target` (this rank's target shard). Views of ranks outside a grid are empty.
  void execute(const RawView& source, const RawView& target, ViewCheck check = ViewCheck::agreed) const;
  /// Collective over the communicator. Starts an execution in one round (chunk_bytes 0 only): packs,
  /// starts MPI_Ineighbor_alltoallw and copies this rank's own part. end() completes it.
  void begin(const RawView& source, const RawView& target, ViewCheck check = ViewCheck::agreed);
  /// Local (completes the collective begin() started). Waits and unpacks into `target`.
  void end(const RawView& target);
  /// Local. Whether begin() was called without end().
  bool in_progress() const noexcept { return request_ != MPI_REQUEST_NULL; }

  /// Local. Message counts, sizes, rounds and memory, for elements of `item_size` bytes.
  PlanStatistics statistics(std::size_t item_size) const;
  /// Local. The communicator.
  const Comm& comm() const noexcept { return comm_; }
  /// Local. Whether an execution on these views reuses the exchange prepared for the last ones (same
  /// element size and strides) instead of preparing one (see RedistributionPlan::prepared_for).
  bool prepared_for(const RawView& source, const RawView& target) const noexcept;
  /// Local. Drops the prepared exchange: the next execution prepares one (see
  /// RedistributionPlan::forget_prepared).
  void forget_prepared() const noexcept { exchange_.reset(); }

 private:
  /// How executions move each message, and their buffers, for one element size and pair of view
  /// strides (kept between executions; rebuilt, under agreement, when they change). Slices are
  /// [first, last) message positions.
  struct Exchange {
    std::vector<std::int64_t> source_strides, target_strides;
    std::size_t item = 0;
    std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> send_slices, receive_slices;
    // Per slice: the element offset in the shard when the slice is contiguous there (moved in place).
    std::vector<std::vector<std::optional<std::int64_t>>> send_in_place, receive_in_place;
    // Per slice: a datatype addressing it in the shard (moved in place), or a null one (packed).
    std::vector<std::vector<OwnedDatatype>> send_datatypes, receive_datatypes;
    bool has_datatypes = false;  // some slice has one (packing stays possible: buffers are there)
    std::vector<std::size_t> send_offset, receive_offset;  // bytes into the buffers
    PooledBuffer send_buffer, receive_buffer;
    std::vector<int> send_counts, receive_counts;
    std::vector<MPI_Aint> send_addresses, receive_addresses;
    std::vector<MPI_Datatype> send_types, receive_types;
  };

  static constexpr std::size_t kItemSizes = 5;  // 1, 2, 4, 8 and 16 bytes
  std::int64_t elements_per_round(std::size_t item_size) const;
  std::int64_t rounds(std::size_t item_size) const;
  std::vector<std::pair<std::int64_t, std::int64_t>> slices(const Message& message, std::size_t item_size) const;
  std::string view_problem(const RawView& source, const RawView& target) const;
  Exchange prepare(const RawView& source, const RawView& target) const;
  /// The exchange for these views: checks them and (re)builds the cached exchange when the element size
  /// or strides changed, agreeing on failures as `check` says.
  Exchange& exchange_for(const RawView& source, const RawView& target, ViewCheck check) const;
  // One round's slices: packed, or through their datatypes when `datatypes` and they have one.
  void send_round(Exchange& exchange, const RawView& source, std::size_t round, bool datatypes) const;
  void receive_round(Exchange& exchange, const RawView& target, std::size_t round, bool unpack, bool datatypes) const;
  void copy_self(const RawView& source, const RawView& target) const;
  /// Unpacks this round's packed slices and copies this rank's own elements (self_ positions [self_done,
  /// the share the arrived messages reach; all of them in the last round)) in step: `steps` parts of each,
  /// part k of every copy before part k + 1 of any, so that where they interleave in the target (Cyclic to
  /// Block, say) a line written by several copies is completed while it is in cache. Returns the self
  /// positions copied so far.
  std::int64_t unpack_with_self(Exchange& exchange, const RawView& source, const RawView& target, std::size_t round,
                                std::size_t round_count, bool datatypes, std::int64_t self_done) const;
  void fill_broadcast_axes(const RawView& target) const;

  Comm comm_;
  Comm neighbours_;  // distributed graph: in-neighbours = receive peers, out-neighbours = send peers
  std::vector<int> source_axis_of_;
  std::vector<int> broadcast_axes_;
  std::vector<Message> sends_, receives_;
  std::vector<Box> self_;
  std::size_t chunk_bytes_;
  std::size_t datatype_min_run_bytes_;
  ViewShapes shapes_;
  std::int64_t max_message_elements_ = 0;  // over all ranks
  std::int64_t max_peers_ = 0;             // over all ranks: max(#sends, #receives)
  std::int64_t message_elements_ = 0;      // this rank's, sent and received
  bool by_pieces_ = false;                 // every message on every rank has pieces
  std::array<std::int64_t, kItemSizes> piece_rounds_{};  // rounds by pieces, per element size

  mutable std::optional<Exchange> exchange_;  // the cached exchange; not thread-safe
  mutable MechanismTuner tuner_;              // datatypes or packing, by measurement
  mutable std::int64_t executions_by_mechanism_[2] = {0, 0};  // [packed, datatypes]
  MPI_Request request_ = MPI_REQUEST_NULL;   // of the exchange begin() started
};

}  // namespace gingham::detail
