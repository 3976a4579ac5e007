#pragma once
/// \file
/// Halo (ghost-cell) exchange: a plan that fills each shard's ghost cells from the shards that own
/// those global indices. It is a redistribution into an overlapping layout and runs on the same
/// executor; it is split-phase (begin/end) so that computation overlaps communication.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gingham/core/comm.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/plans/plan_options.hpp"
#include "gingham/distributions/distribution.hpp"
#include "gingham/distributions/halo_spec.hpp"

namespace gingham {

namespace detail {
class Transfer;
}

/// The ghost-cell exchange of arrays laid out as `layout` with ghost cells `spec`. Ghost cells outside
/// a non-periodic axis are never written (they keep boundary values the application sets), nor are
/// the ghost cells of a rank whose shard is empty.
/// Cost of building: two MPI_Allreduce (agreeing on errors while building, then on message sizes) and
/// one MPI_Dist_graph_create_adjacent (two MPI_Bcast more only if building fails on some rank).
/// Cost per exchange: with ViewCheck::agreed one MPI_Allreduce (the view check), then MPI_Isend and
/// MPI_Irecv with the neighbours that own ghost data (usually 2 per axis for star, up to 3^d - 1 for
/// box, more when ghosts are wider than a neighbour's shard; one message per MiB), and MPI_Waitall;
/// bytes = the ghost volume.
///
/// Between begin() and end() the interior of the shard is read-only: the sends read it while the
/// messages travel (contiguous ones straight from the shard). The ghost cells are written by end().
class HaloPlan {
 public:
  /// Collective over `comm` (the layout's grid is its first ranks). Cost of building: local work
  /// proportional to this rank's candidate neighbours (along each axis, the shards within the ghost
  /// widths of its own: usually 3) times the 3^d directions, never to all pairs of ranks; then what
  /// the executor's construction costs (see the class comment).
  HaloPlan(const Comm& comm, std::shared_ptr<const Distribution> layout, HaloSpec spec);
  ~HaloPlan();
  HaloPlan(HaloPlan&&) noexcept;
  HaloPlan& operator=(HaloPlan&&) noexcept;

  /// Collective over comm(). `interior` is this rank's shard, `padded` the same storage with its ghost
  /// cells (local shape + lower + upper). Equivalent to begin() then end().
  void exchange(const RawView& interior, const RawView& padded, ViewCheck check = ViewCheck::agreed);
  /// Collective over comm(). Packs the ghost data this rank sends and starts the exchange (see
  /// RedistributionPlan::execute for `check`). Until end(), `interior` must not be written (the sends
  /// read it) and the ghost cells of `padded` must not be read.
  void begin(const RawView& interior, const RawView& padded, ViewCheck check = ViewCheck::agreed);
  /// Local (completes the collective begin()). Waits and writes the ghost cells.
  void end(const RawView& padded);
  /// Local. Whether begin() was called and end() not yet.
  bool in_progress() const noexcept;

  /// Local. The layout and the ghost cells.
  const Distribution& layout() const noexcept { return *layout_; }
  const HaloSpec& spec() const noexcept { return spec_; }
  /// Local. The communicator.
  const Comm& comm() const noexcept;
  /// Local. What one exchange moves on this rank.
  PlanStatistics statistics(std::size_t item_size) const;

 private:
  std::shared_ptr<const Distribution> layout_;
  HaloSpec spec_;
  std::unique_ptr<detail::Transfer> transfer_;
};

}  // namespace gingham
