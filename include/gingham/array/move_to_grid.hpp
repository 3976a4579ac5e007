#pragma once
/// \file
/// move_to_grid: an array moved between grids built on different communicators that one communicator
/// holds: from a Split sub-communicator's grid to its parent's and back, or between sibling groups.

#include <memory>
#include <optional>

#include "gingham/array/array.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham {

/// Collective over `over`: every rank of it calls. The ranks of x's communicator pass x, the others
/// nullptr (exactly one communicator's array is moved); the ranks of a target grid's communicator pass
/// that grid, the others nullptr. Several disjoint groups may each pass their own grid, and each receives
/// a copy (so x.to_device(my group's grid) on every rank of a parent hands each group the parent's array).
/// `layout` is the target layout (shape x's, grid dims the target grid's), or nullptr for gingham's default
/// layout of x's shape on each target grid. Returns the new array on the ranks that passed a grid, std::nullopt
/// elsewhere. Cost: one MPI_Allgather of two ints, two MPI_Bcast of the source's layout and rank list (a few
/// dozen integers) and two per receiving group, then per receiving group one RedistributionPlan on `over`
/// whose grids sit at their ranks there (GridPlacement): every element crosses the network at most once
/// per receiving group and nothing is gathered; plans are built per call, not cached. Peak extra memory per
/// rank: the new shard plus the plan's buffers. Throws std::invalid_argument on every rank when no rank or
/// ranks of two communicators pass an array, when no rank passes a grid, when only some ranks of x's (or a
/// grid's) communicator pass it, when a communicator has ranks outside `over`, or when `layout` does not fit
/// x's shape and the grid.
std::optional<Array> move_to_grid(const Comm& over, const Array* x, const ProcessGrid* grid,
                                  std::shared_ptr<const Distribution> layout = nullptr);

/// Local. Whether arrays on communicators `a` and `b` exchange data directly (redistribute): the same
/// communicator, or congruent ones (the same ranks in the same order). Otherwise they move by move_to_grid.
bool same_ranks(const Comm& a, const Comm& b);

/// Local. The communicator a move of x to `grid` runs over when none is named: of x's and the grid's
/// communicators, the one holding every rank of the other (the grid's when x is null, x's when grid is null).
/// Throws std::invalid_argument when neither holds the other (name a communicator holding both) or
/// both are null. Every rank taking part must reach the same communicator, as with Split groups.
const Comm& enclosing_comm(const Array* x, const ProcessGrid* grid);

}  // namespace gingham
