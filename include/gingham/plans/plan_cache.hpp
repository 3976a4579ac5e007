#pragma once
/// \file
/// The plan cache: redistribution plans kept for reuse, keyed by (communicator, source layout, target
/// layout, index map, options), so that work repeated between the same layouts (x + y with fixed, different
/// layouts; the same slice in a loop) pays for planning once.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/distributions/distribution.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/plans/plan_options.hpp"
#include "gingham/plans/redistribution_plan.hpp"

namespace gingham {

/// The views one execution of a cached plan will read and write on this rank.
struct PlanViews {
  RawView source, target;
  bool combined = false;  // the next execution is execute_combined (its exchange is prepared apart)
};

/// Collective over `comm`. The plan RedistributionPlan(comm, source, target, index_map, options) would
/// build: the cached one when every rank of `comm` holds it, else a new one, which is cached (the least
/// recently used entry beyond the capacity is dropped). Cost on a hit: one MPI_Allreduce of three 64-bit
/// integers (every rank must hit, with the same arguments, or all build: ranks whose caches differ, or
/// that pass different layouts, never execute different collectives; the building reports the latter).
/// With `views` (the views the plan is executed on next, with ViewCheck::local), the same reduction also
/// agrees on reusing the plan's prepared exchange: when any rank's views changed strides, every rank
/// forgets it (RedistributionPlan::forget_prepared), so that all prepare it again together (views may
/// change on some ranks only: ghost cells where a shard is held, nothing off a sub-grid). Executions
/// with ViewCheck::agreed need no `views`. On a miss: that reduction plus building the plan. Cached
/// plans keep their communicator alive; with capacity 0 nothing is cached and no reduction is added.
/// A `target_offset` builds the plan that writes only a box of the target (see RedistributionPlan).
/// `local_failure` (for example of allocating the target with Array::allocate_unagreed) is agreed on in the
/// same reduction: when any rank brought one, every rank throws it (see agree_on_error) and builds nothing.
std::shared_ptr<const RedistributionPlan> cached_plan(const Comm& comm, std::shared_ptr<const Distribution> source,
                                                      std::shared_ptr<const Distribution> target,
                                                      std::optional<IndexMap> index_map = std::nullopt,
                                                      PlanOptions options = {}, const PlanViews* views = nullptr,
                                                      std::vector<std::int64_t> target_offset = {},
                                                      const std::optional<CapturedError>* local_failure = nullptr);

/// What the cache holds and how it served so far in this process.
struct PlanCacheStatistics {
  std::int64_t hits = 0, misses = 0;  // lookups answered from the cache, and those that built a plan
  std::size_t entries = 0, capacity = 0;
};

/// Local. The cache's counters and size on this rank.
PlanCacheStatistics plan_cache_statistics();

/// Local. Keeps at most `entries` plans (default 32; 0 turns the cache off), dropping the least recently
/// used beyond it. Every rank should set the same value (ranks that differ stay correct: see cached_plan).
void set_plan_cache_capacity(std::size_t entries);

/// Local. Drops every cached plan (their communicators are freed when nothing else holds them) and
/// resets the counters.
void clear_plan_cache();

}  // namespace gingham
