#pragma once
// Transfer: the executor shared by every communication plan (redistribution, halo exchange). A plan
// builder describes what moves (messages made of boxes of per-axis runs); Transfer agrees on sizes,
// builds the neighbourhood communicator once, and executes by streaming every message as a sequence of
// parts, each one point-to-point message of at most a cache-sized number of bytes, all of them posted
// without waiting for a round: a rank neither waits for its peers between parts nor holds more than a
// few parts of buffer per peer. A part that is one contiguous range of a shard goes straight from or
// into the shard (MPI copies it once); any other is packed into or unpacked from a slot of a small ring
// of buffers, and the rings stay within a chunk budget. Receivers post a ring's parts as its slots come
// free and unpack each part when it has arrived, while it is still in cache. A part made of long runs
// can instead be described to MPI by a derived datatype (slice_datatype.hpp); which of the two an
// execution uses, a tuner decides by timing both (mechanism_tuner.hpp). When the builder found every
// message made of few large pieces contiguous on both sides, parts end at the pieces' ends, so that all
// of them move in place. Copies of transposed patterns go tile by tile. It holds no array data.

#include <mpi.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
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
  /// the exchange. options.chunk_bytes bounds the send plus receive buffers (0: no bound, every part
  /// posted at once with buffers as large as the messages); options.datatype_min_run_bytes says which
  /// parts MPI moves in place through derived datatypes. One MPI_Allreduce (message sizes), a second when
  /// messages move by pieces (their part counts), and one MPI_Dist_graph_create_adjacent.
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
  /// Collective over the communicator. As execute with ViewCheck::local, but every value bound for the
  /// target goes to `combine` at its target offset (in `target`'s strides) instead of into `target`'s
  /// memory, which is not written; every part is received into a buffer. Throws std::logic_error for a plan
  /// with broadcast axes (their copies are made after the exchange, from the target's memory).
  void execute_combined(const RawView& source, const RawView& target, const TargetCombine& combine) const;
  /// Collective over the communicator. Starts an execution with every part posted at once (chunk_bytes 0
  /// only): packs, posts the point-to-point messages and copies this rank's own part. end() completes it.
  void begin(const RawView& source, const RawView& target, ViewCheck check = ViewCheck::agreed);
  /// Local (completes the collective begin() started). Waits and unpacks into `target`.
  void end(const RawView& target);

  /// One of several executions run as one exchange (execute_together).
  struct Execution {
    const Transfer* transfer;
    RawView source, target;
  };
  /// Collective over each transfer's communicator, every rank listing the same transfers in the same order.
  /// Executes each as execute(source, target, ViewCheck::local) would, but as one exchange: every
  /// transfer's parts are posted before any rank waits for one, so that transfers whose messages go in
  /// opposite directions (the pieces concat, tile and roll write into one result) move at the same time
  /// instead of one after the other. Packed, never through datatypes (the executions are not timed one by
  /// one for the tuner). A transfer listed twice makes them run one after another (each has one cached
  /// exchange). The buffers in use are those the transfers' prepared exchanges hold (each within its chunk),
  /// which each transfer keeps after an execution anyway.
  static void execute_together(std::span<const Execution> executions);
  /// Local. Whether begin() was called without end().
  bool in_progress() const noexcept { return begun_; }

  /// Local. Message counts, sizes, rounds and memory, for elements of `item_size` bytes.
  PlanStatistics statistics(std::size_t item_size) const;
  /// Local. The communicator.
  const Comm& comm() const noexcept { return comm_; }
  /// Local. Whether an execution on these views reuses the exchange prepared for the last ones (same
  /// element size and strides) instead of preparing one (see RedistributionPlan::prepared_for).
  bool prepared_for(const RawView& source, const RawView& target, bool combined = false) const noexcept;
  /// Local. Drops the prepared exchange: the next execution prepares one (see
  /// RedistributionPlan::forget_prepared).
  void forget_prepared() const noexcept {
    if (!begun_) exchange_.reset();  // (an exchange under way keeps its requests and buffers)
  }

 private:
  /// How executions move one message on this rank's side: its parts ([first, last) message positions,
  /// the same on both sides), which of them lie contiguous in the shard (moved in place), which others a
  /// datatype addresses there (moved in place when the tuner says so), and the ring of buffer slots the
  /// others are packed into or unpacked from.
  struct Stream {
    std::vector<std::pair<std::int64_t, std::int64_t>> parts;
    std::vector<std::optional<std::int64_t>> in_place;  // element offset in the shard
    std::vector<OwnedDatatype> datatypes;               // or a null one (packed)
    std::size_t buffer_offset = 0;                      // bytes into the side's buffer: its slots
    std::int64_t slots = 0, slot_bytes = 0;
  };
  /// One execution's progress: the next part to post per stream, free slots, and requests in flight
  /// (those holding a slot, which the execution reacts to, and the others, waited for at the end).
  struct Flow {
    struct Pending {
      bool send;
      std::size_t stream, part;
      std::int64_t slot;
    };
    bool datatypes = false;
    std::vector<std::size_t> send_next, receive_next;
    std::vector<std::vector<std::int64_t>> send_free, receive_free;
    std::vector<MPI_Request> slot_requests, direct_requests;
    std::vector<Pending> slot_pending;
    std::int64_t sent_bytes = 0, sent_messages = 0;  // for the profile log
    std::int64_t buffered_receive_elements = 0, unpacked_elements = 0;
    const TargetCombine* combine = nullptr;  // where the target's values go instead of its memory (or none)
  };
  /// How executions move each message, and their buffers, for one element size and pair of view
  /// strides (kept between executions; rebuilt, under agreement, when they change).
  struct Exchange {
    std::vector<std::int64_t> source_strides, target_strides;
    std::size_t item = 0;
    std::vector<Stream> sends, receives;
    bool has_datatypes = false;  // some part has one (packing stays possible: buffers are there)
    bool combined = false;       // for combined executions: every receive goes through a buffer
    PooledBuffer send_buffer, receive_buffer;
    Flow flow;  // of the execution under way
  };

  static constexpr std::size_t kItemSizes = 5;  // 1, 2, 4, 8 and 16 bytes
  std::int64_t part_elements(std::size_t item_size) const;
  std::int64_t window(std::int64_t most, std::size_t item_size) const;
  std::int64_t rounds(std::size_t item_size) const;
  std::vector<std::pair<std::int64_t, std::int64_t>> parts(const Message& message, std::size_t item_size) const;
  std::string view_problem(const RawView& source, const RawView& target) const;
  Exchange prepare(const RawView& source, const RawView& target, bool combined) const;
  /// The exchange for these views: checks them and (re)builds the cached exchange when the element size
  /// or strides changed, agreeing on failures as `check` says.
  Exchange& exchange_for(const RawView& source, const RawView& target, ViewCheck check, bool combined) const;
  /// An execution (execute, or execute_combined with a combine).
  void run(const RawView& source, const RawView& target, ViewCheck check, const TargetCombine* combine) const;
  /// One execution's state while its flow runs: its transfer, prepared exchange, views, and how many of
  /// this rank's own elements it has copied.
  struct Running {
    const Transfer* transfer;
    Exchange* exchange;
    RawView source, target;
    std::int64_t self_done = 0;
  };
  /// Runs started flows to their end as one exchange: posts their parts as slots come free, unpacks what
  /// arrives, copies each run's own elements, waits for the parts moved in place, and records the transfers.
  static void run_flows(std::span<Running> runs);
  /// Starts a flow: every stream at its first part, every slot free.
  void start_flow(Exchange& exchange, bool datatypes) const;
  /// Posts, stream by stream and in order, every part that needs no slot or finds one free (packing
  /// those that go through a slot).
  void post_ready(Exchange& exchange, const RawView& source, const RawView& target) const;
  /// Handles a finished request that held a slot: unpacks a received part (with this rank's own
  /// elements in step, up to `self_done`'s new value) and frees the slot.
  void finish(Exchange& exchange, const Flow::Pending& pending, const RawView& source, const RawView& target,
              std::int64_t& self_done) const;
  /// Copies this rank's own elements, positions [first, last) of self_.
  void copy_self(const RawView& source, const RawView& target, std::int64_t first, std::int64_t last,
                 const TargetCombine* combine) const;
  /// Unpacks part `part` of receive stream `stream` from slot `slot` and copies this rank's own elements
  /// [self_first, self_last) in step: `steps` parts of each, part k of both before part k + 1 of either,
  /// so that where they interleave in the target (Cyclic to Block, say) a line written by both is
  /// completed while it is in cache.
  void unpack_with_self(Exchange& exchange, std::size_t stream, std::size_t part, std::int64_t slot,
                        const RawView& source, const RawView& target, std::int64_t self_first,
                        std::int64_t self_last) const;
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
  std::int64_t self_elements_ = 0;         // this rank's own, copied locally
  bool by_pieces_ = false;                 // every message on every rank has pieces
  std::array<std::int64_t, kItemSizes> piece_rounds_{};  // parts of the longest stream by pieces, per element size

  mutable std::optional<Exchange> exchange_;  // the cached exchange; not thread-safe
  mutable MechanismTuner tuner_;              // datatypes or packing, by measurement
  mutable std::int64_t executions_by_mechanism_[2] = {0, 0};  // [packed, datatypes]
  bool begun_ = false;                       // begin() was called without end()
};

}  // namespace gingham::detail
