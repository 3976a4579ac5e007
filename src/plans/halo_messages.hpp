#pragma once
// The messages of a halo exchange, computed from the layout alone (pure arithmetic, no MPI): what one
// rank sends and receives. Separate from HaloPlan so that it can be tested on grids of any size.

#include <cstdint>
#include <vector>

#include "gingham/plans/halo_plan.hpp"
#include "transfer.hpp"

namespace gingham::detail {

/// What one rank exchanges, in the order both sides of each message agree on (per peer: boxes in
/// lexicographic order of direction), and how much work finding it took.
struct HaloMessages {
  std::vector<Message> sends, receives;  // ascending peer
  std::vector<Box> self;
  /// (receiver, sender, direction) combinations the builder formed a box for: bounded by the candidate
  /// neighbours along each axis, not by the number of ranks.
  std::int64_t boxes_examined = 0;
};

/// Local. The halo messages of `rank` (nothing when it is outside the layout's grid). Every rank gets
/// the same boxes for each message as its peer. Precondition: spec.validate(layout) passed.
///
/// Cost: along axis k a shard [a, b) with ghost widths L, U can only exchange with the parts that own
/// an index of [a - U, b + L) (wrapped when periodic, clipped otherwise): a receiver q reads p's data
/// only when q's first index lies in (a, b + L) or its last in [a - U, b - 1). So the work is the
/// product over axes of those candidates (3 for widths within a neighbour's shard, more for wider
/// ghosts) times the 3^d directions, instead of all P x P pairs of ranks.
HaloMessages halo_messages(const Distribution& layout, const HaloSpec& spec, int rank);

}  // namespace gingham::detail
