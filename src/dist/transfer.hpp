#pragma once
// Transfer: the executor shared by every communication plan (redistribution, halo exchange). A plan
// builder describes what moves (messages made of boxes of per-axis runs); Transfer agrees on sizes,
// builds the neighbourhood communicator once, and executes in rounds of one MPI_Neighbor_alltoallw:
// a message that is one contiguous range of a shard goes straight from or into the shard; any other is
// packed into (or unpacked from) a buffer, and buffers stay within a chunk budget. Copies of transposed
// patterns go tile by tile. It holds no array data.

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "gingham/core/comm.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/dist/plan_options.hpp"
#include "buffer_pool.hpp"
#include "runs.hpp"

namespace gingham::detail {

/// A rectangular part of a message: the product over target axes of their runs (message order:
/// row-major over the target axes), plus source axes held at a fixed local index.
struct Box {
  std::vector<AxisRuns> axes;
  std::vector<std::pair<int, std::int64_t>> fixed;  // (source view axis, source local index)

  std::int64_t elements() const noexcept {
    std::int64_t n = 1;
    for (const AxisRuns& axis : axes) n *= axis.elements();
    return n;
  }
};

/// Everything exchanged with one peer rank, in box order.
struct Message {
  int peer = -1;
  std::vector<Box> boxes;
  std::int64_t elements = 0;
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
  /// the exchange. chunk_bytes bounds the send plus receive buffers (0: one round, buffers as large as
  /// the messages). One MPI_Allreduce and one MPI_Dist_graph_create_adjacent.
  Transfer(const Comm& comm, std::vector<int> source_axis_of, std::vector<int> broadcast_axes,
           std::vector<Message> sends, std::vector<Message> receives, std::vector<Box> self, std::size_t chunk_bytes,
           ViewShapes shapes);

  /// Collective over the communicator. Moves the data from `source` (this rank's source shard) into
  /// `target` (this rank's target shard). Views of ranks outside a grid are empty.
  void execute(const RawView& source, const RawView& target, ViewCheck check = ViewCheck::agreed) const;
  /// Collective over the communicator. Starts an execution in one round (chunk_bytes 0 only): packs,
  /// copies this rank's own part, and starts MPI_Ineighbor_alltoallv. end() completes it.
  void begin(const RawView& source, const RawView& target, ViewCheck check = ViewCheck::agreed);
  /// Local (completes the collective begin() started). Waits and unpacks into `target`.
  void end(const RawView& target);
  /// Local. Whether begin() was called without end().
  bool in_progress() const noexcept { return request_ != MPI_REQUEST_NULL; }

  /// Local. Message counts, sizes, rounds and memory, for elements of `item_size` bytes.
  PlanStatistics statistics(std::size_t item_size) const;
  /// Local. The communicator.
  const Comm& comm() const noexcept { return comm_; }

 private:
  /// How one execution moves each message (fixed by the views), and its buffers.
  struct Exchange {
    std::size_t item = 0;
    std::int64_t budget = 0;                                   // elements per message per round
    std::vector<std::optional<std::int64_t>> send_direct, receive_direct;  // element offset if contiguous
    std::vector<std::size_t> send_offset, receive_offset;     // bytes into the buffers (packed messages)
    PooledBuffer send_buffer, receive_buffer;
    std::vector<int> send_counts, receive_counts;
    std::vector<MPI_Aint> send_addresses, receive_addresses;
    std::vector<MPI_Datatype> send_types, receive_types;
  };

  std::int64_t elements_per_round(std::size_t item_size) const;
  std::int64_t rounds(std::size_t item_size) const;
  void check_views(const RawView& source, const RawView& target, ViewCheck check) const;
  Exchange prepare(const RawView& source, const RawView& target) const;
  void send_round(Exchange& exchange, const RawView& source, std::int64_t round) const;
  void receive_round(Exchange& exchange, const RawView& target, std::int64_t round, bool unpack) const;
  void copy_self(const RawView& source, const RawView& target) const;
  void fill_broadcast_axes(const RawView& target) const;

  Comm comm_;
  Comm neighbours_;  // distributed graph: in-neighbours = receive peers, out-neighbours = send peers
  std::vector<int> source_axis_of_;
  std::vector<int> broadcast_axes_;
  std::vector<Message> sends_, receives_;
  std::vector<Box> self_;
  std::size_t chunk_bytes_;
  ViewShapes shapes_;
  std::int64_t max_message_elements_ = 0;  // over all ranks
  std::int64_t max_peers_ = 0;             // over all ranks: max(#sends, #receives)

  // The exchange begin() started and end() completes.
  std::optional<Exchange> pending_;
  MPI_Request request_ = MPI_REQUEST_NULL;
};

}  // namespace gingham::detail
