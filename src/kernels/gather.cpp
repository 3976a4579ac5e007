#include "gingham/kernels/gather.hpp"

#include "gingham/array/call_arguments.hpp"
#include "gingham/plans/plan_cache.hpp"

namespace gingham {

void gather_to_all(const Array& x, const RawView& whole) {
  const auto checked = check_call(x.grid().comm(), "gather_to_all", arg("x", x), arg("whole", whole));
  const Comm& comm = x.grid().comm();
  auto everywhere = std::make_shared<const Distribution>(Distribution::replicated(x.global_shape(), {comm.size()}));
  cached_plan(comm, x.layout(), std::move(everywhere))->execute(x.local(), whole);  // `whole` is the caller's
}

}  // namespace gingham
