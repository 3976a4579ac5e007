#pragma once
/// \file
/// RedistributionPlan: moves an array from one layout to another (same grid or another grid on the
/// same communicator, a subset of its ranks included), through an index map (slices, steps, flips,
/// permutations, dropped and broadcast axes). Built once, collectively; executed many times.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "gingham/core/comm.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/plans/plan_options.hpp"
#include "gingham/plans/target_combine.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham {

class RedistributionPlan;

namespace detail {
class Transfer;

/// One plan's execution among several run as one exchange (execute_plans_together).
struct PlanExecution {
  const RedistributionPlan* plan;
  RawView source, target;
};

/// Internal (concat, tile, stack and roll). Collective over each plan's communicator, every rank listing the
/// same plans in the same order. Executes each plan as plan->execute(source, target, ViewCheck::local) would,
/// as one exchange: every plan's messages are posted before any rank waits for one, so that plans writing
/// boxes of one result whose messages go in opposite directions move at the same time instead of one after
/// the other. Cost: the executions' messages and copies; no collective beyond those of preparing an exchange
/// for new views. Executions together always pack (no datatypes), and a plan listed twice makes them run one
/// after another.
void execute_plans_together(std::span<const PlanExecution> executions);
}  // namespace detail

/// Where the plan's two grids sit in its communicator: grid rank g of the source layout's grid is
/// communicator rank source[g], likewise for the target. An empty list means the grid's first ranks
/// (grid rank g is communicator rank g), which is where every grid of the plan's communicator sits; lists
/// place grids built on other communicators (a Split sub-communicator's grid, seen from its parent).
struct GridPlacement {
  std::vector<int> source, target;
};

/// A plan that fills target element j with source element map(j). Both layouts' grids consist of the
/// first ranks of the plan's communicator, or of the ranks a GridPlacement lists; ranks outside a grid
/// take part with empty views.
///
/// Algorithm: along each target axis, the target indices split into pieces that lie in one target
/// block and one source block; per peer, pieces compress into arithmetic progressions of (source
/// local, target local) indices. A message is the product over target axes of those progressions,
/// in row-major target order, so sender and receiver agree on it without communicating. Where the
/// source holds copies (replicated grid axes), each receiver reads its own copy when it has one, and
/// otherwise the copy at its own coordinates, so replicated-to-distributed moves nothing.
/// Cost of building: local work proportional to the pieces of this rank's data (block-cyclic to
/// block-cyclic with unrelated block sizes gives a piece every few elements) plus a pass over the
/// target grid's ranks. The pieces' pattern repeats every lcm(nb_src P_src, nb_dst P_dst) indices, and
/// the plan keeps one period of it (up to 128 runs per period and message axis; longer periods are
/// kept run by run), so its metadata does not grow with the shard (PlanStatistics::metadata_bytes).
/// Then two MPI_Allreduce (agreeing on errors while building, then on message sizes), a third
/// when messages move by pieces (their part counts), and one MPI_Dist_graph_create_adjacent. Only if
/// building fails on some rank, two MPI_Bcast carry its error to every rank. Cost of executing: with
/// one MPI_Allreduce (agreeing on copies made where source and target share memory), with
/// ViewCheck::agreed one more (the view check), then point-to-point messages (parts of at most 1 MiB);
/// every element crosses the network at most once; buffers stay within options.chunk_bytes. Parts made
/// of long runs (options.datatype_min_run_bytes) may instead move through MPI derived datatypes, with
/// no pack or unpack pass; each plan times both ways on its executions and uses the faster.
class RedistributionPlan {
 public:
  /// Collective over `comm`. `index_map` (default: identity) maps target indices to source indices;
  /// `placement` says which ranks of `comm` hold the grids (default: the first ones). Throws
  /// std::invalid_argument on every rank when the map's shapes are not the layouts', a grid has more
  /// ranks than `comm`, a placement list is not grid-size distinct ranks of `comm`, or the ranks pass
  /// different layouts or maps (checked in the reduction that agrees on errors while building; the
  /// message names a differing rank and argument).
  ///
  /// With a `target_offset` (one entry per target axis), the plan writes only the box of the index map's
  /// target shape from that offset: target element o + j reads source element map(j), and the target's
  /// other elements are left as they are (concat, stack, tile and roll write each input into its box of one
  /// result). Only the ranks holding part of the box receive, and only the source elements read are sent.
  /// Throws std::invalid_argument on every rank when the box does not fit in the target or a broadcast
  /// axis has a non-zero offset.
  RedistributionPlan(const Comm& comm, std::shared_ptr<const Distribution> source,
                     std::shared_ptr<const Distribution> target, std::optional<IndexMap> index_map = std::nullopt,
                     PlanOptions options = {}, GridPlacement placement = {},
                     std::vector<std::int64_t> target_offset = {});
  ~RedistributionPlan();
  RedistributionPlan(RedistributionPlan&&) noexcept;
  RedistributionPlan& operator=(RedistributionPlan&&) noexcept;

  /// Collective over comm(). Reads this rank's source shard and writes its target shard (views of
  /// either may be strided, as with ghost cells). With ViewCheck::agreed (views from outside gingham),
  /// throws std::invalid_argument on every rank when a rank's view does not have the shard shape of its
  /// layout, or element sizes differ; and the views may share memory (the target is the source, a view of
  /// it, or an array over the same buffer): a rank whose views' address ranges overlap first copies its
  /// source shard and reads the copy (unaliased_source: one MPI_Allreduce of one int more). With
  /// ViewCheck::local the caller has ruled sharing out (redistribute(plan, x, y) stages as above; a fresh
  /// target shares nothing), and no collective is added.
  void execute(const RawView& source_local, const RawView& target_local, ViewCheck check = ViewCheck::agreed) const;
  /// Collective over comm(). A fused execution: as execute with ViewCheck::local, but the values bound for
  /// the target go to `combine` at their element offsets in `target_local` (a view of the target layout's
  /// shard shape, which is read for its strides only and never written), so that an operation on them
  /// (gingham/kernels/elementwise.hpp: x + y with y in another layout) needs no aligned copy of the
  /// source. Every part of every message is received into a buffer. The plan must be able to combine
  /// (can_combine(); else std::logic_error). Cost: execute's, minus the stores into a target shard.
  void execute_combined(const RawView& source_local, const RawView& target_local, const TargetCombine& combine) const;
  /// Local. Whether execute_combined hands over every target position exactly once: the plan writes the
  /// whole target (no target offset) and has no broadcast axes (whose copies are made from the target's
  /// memory after the exchange).
  bool can_combine() const noexcept;

  /// Local. The source and target layouts and the index map.
  const Distribution& source() const noexcept { return *source_; }
  const Distribution& target() const noexcept { return *target_; }
  const std::shared_ptr<const Distribution>& target_layout() const noexcept { return target_; }
  const IndexMap& index_map() const noexcept { return index_map_; }
  /// Local. Where the box the plan writes starts in the target (all zeros: the whole target).
  const std::vector<std::int64_t>& target_offset() const noexcept { return target_offset_; }
  /// Local. The communicator.
  const Comm& comm() const noexcept;
  /// Local. Whether an execution on these views reuses the exchange prepared for the last one (same
  /// element size and strides) rather than preparing one. With ViewCheck::local each rank decides that
  /// from its own views, and a preparation ends in an agreement (one MPI_Allreduce) that only preparing
  /// ranks make: safe when every rank's views change together (fresh arrays of the plan's layouts).
  /// Callers whose views may change on some ranks only (ghost cells on the ranks that hold a shard, nothing
  /// on the ranks off a sub-grid) agree on this first and call forget_prepared() on every rank when any
  /// rank would prepare, as cached_plan does.
  /// `combined`: for execute_combined, whose exchange is prepared apart (every receive buffered).
  bool prepared_for(const RawView& source_local, const RawView& target_local, bool combined = false) const noexcept;
  /// Local. Drops the prepared exchange, so that the next execution prepares one (see prepared_for).
  void forget_prepared() const noexcept;
  /// Local. What an execution moves on this rank for elements of `item_size` bytes.
  PlanStatistics statistics(std::size_t item_size) const;

 private:
  std::shared_ptr<const Distribution> source_, target_;
  IndexMap index_map_;
  std::vector<std::int64_t> target_offset_;
  std::unique_ptr<detail::Transfer> transfer_;

  friend void detail::execute_plans_together(std::span<const detail::PlanExecution> executions);
};

}  // namespace gingham
