#pragma once
/// \file
/// Options and statistics shared by gingham's communication plans.

#include <cstddef>
#include <cstdint>

namespace gingham {

/// Local. The default chunk size of plans: 64 MiB, unless set_default_chunk_bytes changed it.
std::size_t default_chunk_bytes() noexcept;
/// Local. Sets the default chunk size of plans built afterwards. Every rank must set the same value.
void set_default_chunk_bytes(std::size_t bytes) noexcept;

/// How a plan is built.
struct PlanOptions {
  /// An upper bound on the send plus receive buffers one execution allocates on a rank. Exchanges that
  /// need more run in several rounds, each moving at most this much; 0 means one round with buffers as
  /// large as the messages. Peak extra memory of a redistribution is the target shard plus this.
  std::size_t chunk_bytes = default_chunk_bytes();
};

/// What a plan moves on this rank, for elements of a given size.
struct PlanStatistics {
  int send_messages = 0, receive_messages = 0;
  std::int64_t send_elements = 0, receive_elements = 0, self_elements = 0;
  std::int64_t rounds = 0;          // collective rounds per execution (the same on every rank)
  std::size_t buffer_bytes = 0;     // send + receive buffers one execution allocates (<= chunk_bytes)
  std::size_t metadata_bytes = 0;   // the plan's own bookkeeping
};

}  // namespace gingham
