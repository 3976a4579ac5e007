#pragma once
/// \file
/// TargetCombine: what a combining execution of a redistribution plan does with the values it moves
/// (RedistributionPlan::execute_combined). Instead of storing them into the target shard, the executor
/// hands each progression of target positions, with the values bound for them, to the combine, which
/// may compute with them and store the results elsewhere: `x + y` with y in another layout than x reads
/// y's moved values straight from the receive buffers and y's own shard, with no aligned copy of y
/// written and read back (gingham/kernels/elementwise.hpp apply).

#include <cstddef>
#include <cstdint>

namespace gingham {

class TargetCombine {
 public:
  virtual ~TargetCombine() = default;
  /// Local. n moved values, the k-th at `from` + k * from_step elements, bound for the target view's
  /// element offset at + k * step (offsets in elements from the target view's base, as its strides say).
  /// Each target position is handed over exactly once per execution; must not throw.
  virtual void apply(std::int64_t at, std::int64_t step, const std::byte* from, std::int64_t from_step,
                     std::int64_t n) const noexcept = 0;
};

}  // namespace gingham
