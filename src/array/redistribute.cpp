#include "gingham/array/redistribute.hpp"

#include <stdexcept>
#include <string>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/move_to_grid.hpp"
#include "gingham/core/aliasing.hpp"
#include "gingham/core/format.hpp"
#include "gingham/plans/plan_cache.hpp"
#include "gingham/plans/redistribution_plan.hpp"

namespace gingham {

namespace {

/// Throws std::invalid_argument unless `x` is laid out as `expected` on a grid of `comm`'s ranks.
void require_plan_layout(const char* which, const Array& x, const Distribution& expected, const Comm& comm) {
  // Every check is on global metadata, so each rank reaches the same verdict without communicating.
  if (!same_ranks(x.grid().comm(), comm)) {
    throw std::invalid_argument(std::string("gingham::redistribute: the ") + which +
                                " array lives on other ranks than the plan (build the plan on the array's communicator)");
  }
  if (*x.layout() != expected) {
    throw std::invalid_argument(std::string("gingham::redistribute: the plan's ") + which + " layout is " +
                                expected.describe() + ", the " + which + " array is laid out as " + x.layout()->describe());
  }
}

}  // namespace

void require_same_ranks(const ProcessGrid& a, const ProcessGrid& b) {
  if (!same_ranks(a.comm(), b.comm())) {
    // The message names no grid: ranks on different sub-communicators see different grids here.
    throw std::invalid_argument("gingham: the two grids live on different communicators (not the same ranks in the "
                                "same order); build both grids on one communicator, or move the array with "
                                "move_to_grid (Python: to_device) over a communicator holding both");
  }
}

void redistribute(const RedistributionPlan& plan, const Array& x, Array& y) {
  const auto checked = check_call(plan.comm(), "redistribute", arg("plan source", plan.source()),
                                  arg("plan target", plan.target()), arg("x", x), arg("y", y));
  require_plan_layout("source", x, plan.source(), plan.comm());
  require_plan_layout("target", y, plan.target(), plan.comm());
  if (x.dtype() != y.dtype()) {
    throw std::invalid_argument("gingham::redistribute: the source array is " + std::string(dtype_name(x.dtype())) +
                                ", the target array " + std::string(dtype_name(y.dtype())) + "; a plan moves one dtype");
  }
  // y may share memory with x (y is x, a view of it, or an array over the same buffer): read from a copy there.
  StagedView staged;
  const RawView source = unaliased_source(plan.comm(), x.local(), y.local(), staged);
  plan.execute(source, y.local(), ViewCheck::local);  // both views come from the plan's layouts
}

Array redistribute(const RedistributionPlan& plan, const Array& x, const ProcessGrid& grid, HaloSpec halo) {
  const auto checked = check_call(plan.comm(), "redistribute", arg("plan source", plan.source()),
                                  arg("plan target", plan.target()), arg("x", x), arg("grid", grid), arg("halo", halo));
  require_plan_layout("source", x, plan.source(), plan.comm());
  if (!same_ranks(grid.comm(), plan.comm()) || grid.dims() != plan.target().grid_dims()) {
    throw std::invalid_argument("gingham::redistribute: the plan's target layout is for a grid of shape " +
                                format_shape(plan.target().grid_dims()) + " on the plan's ranks, the grid given has shape " +
                                format_shape(grid.dims()));
  }
  // Touched: MPI may write received data straight into the new shard, and its single-copy transfer is far
  // slower into pages never touched than a memset (a block from the memory cache needs neither).
  Array y = Array::allocate(x.dtype(), grid, plan.target_layout(), std::move(halo), MemoryFill::touched);
  plan.execute(x.local(), y.local(), ViewCheck::local);  // both views come from the plan's layouts
  return y;
}

Array redistribute(const Array& x, const ProcessGrid& grid, std::shared_ptr<const Distribution> target,
                   std::optional<IndexMap> index_map, PlanOptions options, HaloSpec halo) {
  require_same_ranks(x.grid(), grid);  // local, first: a grid on other ranks is described differently on each
  const auto checked = check_call(x.grid().comm(), "redistribute", arg("x", x), arg("grid", grid),
                                  arg("target", target), arg("index map", index_map),
                                  arg("chunk_bytes", options.chunk_bytes),
                                  arg("datatype_min_run_bytes", options.datatype_min_run_bytes), arg("halo", halo));
  if (!target || target->grid_dims() != grid.dims()) {
    throw std::invalid_argument("gingham::redistribute: the target distribution is laid out on a grid of shape " +
                                (target ? format_shape(target->grid_dims()) : std::string("(none)")) +
                                ", but the target grid has shape " + format_shape(grid.dims()));
  }
  // The cache's one reduction agrees on y's allocation and on reusing the plan's prepared exchange for these
  // views (touched: see above).
  std::optional<CapturedError> failure;
  std::optional<Array> y = Array::allocate_unagreed(x.dtype(), grid, target, std::move(halo), MemoryFill::touched, failure);
  const PlanViews views{x.local(), y ? y->local() : RawView{}};
  cached_plan(x.grid().comm(), x.layout(), std::move(target), std::move(index_map), options, &views, {}, &failure)
      ->execute(views.source, views.target, ViewCheck::local);  // a fresh target shares nothing with x
  return std::move(*y);
}

}  // namespace gingham
