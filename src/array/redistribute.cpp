#include "gingham/array/redistribute.hpp"

#include <stdexcept>

#include "gingham/core/format.hpp"
#include "gingham/dist/redistribution_plan.hpp"

namespace gingham {

void require_same_ranks(const ProcessGrid& a, const ProcessGrid& b) {
  if (a.comm() == b.comm()) return;
  int relation = MPI_UNEQUAL;
  MPI_Comm_compare(a.comm().get(), b.comm().get(), &relation);
  if (relation != MPI_IDENT && relation != MPI_CONGRUENT) {
    // The message names no grid: ranks on different sub-communicators see different grids here.
    throw std::invalid_argument("gingham: the two grids live on different communicators (not the same ranks in the "
                                "same order); build both grids on one communicator to move data between them");
  }
}

Array redistribute(const Array& x, const ProcessGrid& grid, std::shared_ptr<const Distribution> target,
                   std::optional<IndexMap> index_map, PlanOptions options, HaloSpec halo) {
  require_same_ranks(x.grid(), grid);
  if (!target || target->grid_dims() != grid.dims()) {
    throw std::invalid_argument("gingham::redistribute: the target distribution is laid out on a grid of shape " +
                                (target ? format_shape(target->grid_dims()) : std::string("(none)")) +
                                ", but the target grid has shape " + format_shape(grid.dims()));
  }
  const RedistributionPlan plan(x.grid().comm(), x.layout(), target, std::move(index_map), options);
  // Zero-filled: MPI may write received data straight into the new shard, and its single-copy transfer
  // is far slower into pages never touched than a memset.
  Array y = Array::allocate(x.dtype(), grid, std::move(target), std::move(halo), /*zero=*/true);
  plan.execute(x.local(), y.local(), ViewCheck::local);  // both views come from the plan's layouts
  return y;
}

}  // namespace gingham
