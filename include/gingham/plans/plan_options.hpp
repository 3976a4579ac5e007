#pragma once
/// \file
/// Options and statistics shared by gingham's communication plans.

#include <cstddef>
#include <cstdint>

namespace gingham {

/// Local. The default chunk size of plans: 32 MiB, unless set_default_chunk_bytes changed it. Executions
/// stream each message as parts of at most 1 MiB, posted without rounds (so that no rank waits for its
/// peers between parts: on a shared or oversubscribed node every such wait costs a scheduling delay), and
/// the parts that are packed or unpacked go through small rings of part-sized buffers, so that a part is
/// still in cache when MPI or the unpacking reads it. The chunk bounds those rings (PlanOptions::chunk_bytes):
/// with 32 MiB they reach their full depth for up to 4 peers; only plans with more peers, or given a
/// smaller chunk, get smaller parts or shallower rings. (Rounds of 16 MiB per side, the executor before
/// streaming, lost to MPI_Alltoall + unpack moving block columns to block rows: a received slice had left
/// the cache by the time it was unpacked; benchmarks/bench_transpose.cpp.)
std::size_t default_chunk_bytes() noexcept;
/// Local. Sets the default chunk size of plans built afterwards. Every rank must set the same value.
void set_default_chunk_bytes(std::size_t bytes) noexcept;

/// How an execution checks the views it is given against the plan's layouts.
enum class ViewCheck {
  /// Every rank checks its views and the outcome is agreed (one MPI_Allreduce): a wrong view on one rank
  /// raises std::invalid_argument on every rank. For views from outside gingham.
  agreed,
  /// Each rank checks its own views without communicating and throws std::logic_error on a mismatch. For
  /// views of gingham arrays made with the plan's layouts, which match by construction, whose caller has
  /// ruled out shared memory between source and target (a fresh target, or a source from unaliased_source).
  local,
};

/// How a plan is built.
struct PlanOptions {
  /// An upper bound on the send plus receive buffers one execution uses on a rank; 0 means no bound (every
  /// part posted at once). Messages move as streams of parts: parts contiguous in a shard need no buffer
  /// (MPI moves them in place), the others go through rings of a few part-sized slots per peer. Buffers
  /// come from a pool that keeps at most default_chunk_bytes() of idle buffers
  /// between executions. So the peak extra memory of a redistribution on a rank is the target shard,
  /// plus chunk_bytes of buffers in use, plus at most default_chunk_bytes() idle in the pool.
  std::size_t chunk_bytes = default_chunk_bytes();
  /// Slices of messages whose elements lie in runs of at least this many bytes on average (contiguous in
  /// the shard, as whole rows, or the blocks of a block-cyclic layout are) can be described to MPI as
  /// derived datatypes and move straight from and into the shards, with no pass through a buffer: MPI's
  /// shared-memory transport gathers them into its own small fragments. Each plan times that against
  /// packing them on its executions and uses the faster (PlanStatistics counts which). Shorter runs
  /// (element by element, as in a transpose) are always packed by the executor's tiled kernels. SIZE_MAX
  /// packs every slice that is not one contiguous range; 0 describes every slice to MPI, element by
  /// element if need be (for tests). The buffers for packing are there either way: the memory bound
  /// above does not depend on this.
  std::size_t datatype_min_run_bytes = 256;

  friend bool operator==(const PlanOptions&, const PlanOptions&) = default;
};

/// What a plan moves on this rank, for elements of a given size.
struct PlanStatistics {
  int send_messages = 0, receive_messages = 0;
  std::int64_t send_elements = 0, receive_elements = 0, self_elements = 0;
  std::int64_t rounds = 0;          // parts of the longest message of an execution (the same on every rank)
  bool moves_by_pieces = false;     // parts follow pieces contiguous in both dense shards (in place)
  std::size_t buffer_bytes = 0;     // send + receive buffers one execution allocates (<= chunk_bytes)
  std::size_t metadata_bytes = 0;   // the plan's own bookkeeping
  // Executions so far whose slices of long runs moved through MPI datatypes, and those that packed them
  // (the plan's tuner chooses; executions with no such slice on this rank count in neither).
  std::int64_t datatype_executions = 0, packed_executions = 0;
};

}  // namespace gingham
