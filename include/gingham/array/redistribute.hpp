#pragma once
/// \file
/// redistribute: an array in another layout, on the same grid or another grid of the same
/// communicator, optionally read through an index map (slice, flip, transpose, ...).

#include <memory>
#include <optional>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/plans/plan_options.hpp"
#include "gingham/plans/redistribution_plan.hpp"

namespace gingham {

/// Collective over x.grid().comm(). A new array laid out as `target` on `grid`, whose element j is
/// x's element index_map(j) (default: identity). `grid` must be built on x's communicator or a
/// congruent one. The plan comes from the plan cache (cached_plan: one MPI_Allreduce when every rank
/// has it, so moves repeated between the same layouts pay for planning once). Peak extra memory per
/// rank: the new shard plus options.chunk_bytes. Throws
/// std::invalid_argument on every rank when the communicators differ, the target's grid shape is not
/// `grid`'s, or the shapes do not match the map.
Array redistribute(const Array& x, const ProcessGrid& grid, std::shared_ptr<const Distribution> target,
                   std::optional<IndexMap> index_map = std::nullopt, PlanOptions options = {}, HaloSpec halo = {});

/// Collective over x.grid().comm(). As above, on x's own grid.
inline Array redistribute(const Array& x, std::shared_ptr<const Distribution> target,
                          std::optional<IndexMap> index_map = std::nullopt, PlanOptions options = {}) {
  return redistribute(x, x.grid(), std::move(target), std::move(index_map), options);
}

/// Collective over x.grid().comm(). The typed version.
template <class T>
DistArray<T> redistribute(const DistArray<T>& x, const ProcessGrid& grid, std::shared_ptr<const Distribution> target,
                          std::optional<IndexMap> index_map = std::nullopt, PlanOptions options = {}) {
  return DistArray<T>(redistribute(x.array(), grid, std::move(target), std::move(index_map), options));
}

/// Collective over x.grid().comm(). The typed version, on x's own grid.
template <class T>
DistArray<T> redistribute(const DistArray<T>& x, std::shared_ptr<const Distribution> target,
                          std::optional<IndexMap> index_map = std::nullopt, PlanOptions options = {}) {
  return redistribute(x, x.grid(), std::move(target), std::move(index_map), options);
}

/// Collective over plan.comm(). Fills y from x by a plan built once (for loops that move arrays of one
/// layout again and again: no plan is built per call, and the executor's tuner learns this plan). x must
/// be laid out as plan.source(), y as plan.target() (ghost cells allowed), with one dtype, on grids of
/// plan.comm()'s ranks; otherwise throws std::invalid_argument on every rank before anything moves.
/// y may be x or share memory with it: a rank where the shards overlap reads a copy of its shard (one
/// MPI_Allreduce agrees that the copies were made).
void redistribute(const RedistributionPlan& plan, const Array& x, Array& y);

/// Collective over plan.comm(). A new array laid out as plan.target() on `grid`, filled from x by `plan`.
Array redistribute(const RedistributionPlan& plan, const Array& x, const ProcessGrid& grid, HaloSpec halo = {});

/// Local. Throws std::invalid_argument unless arrays on `a` and `b` can exchange data: built on the
/// same communicator, or on congruent ones (the same ranks in the same order).
void require_same_ranks(const ProcessGrid& a, const ProcessGrid& b);

}  // namespace gingham
