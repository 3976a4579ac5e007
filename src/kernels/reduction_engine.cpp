#include "reduction_engine.hpp"

#include "gingham/array/redistribute.hpp"
#include "gingham/distributions/derived.hpp"

namespace gingham::detail {

ReductionGeometry reduction_geometry(const Array& x, std::vector<int> axes, bool keepdims) {
  const Distribution& d = x.distribution();
  const int nd = x.ndim();
  ReductionGeometry g;
  g.axes = std::move(axes);
  g.reduced.assign(nd, 0);
  for (int a : g.axes) g.reduced[a] = 1;
  const std::vector<std::int64_t> local_shape = x.local_shape();
  for (int a = 0; a < nd; ++a) {
    if (g.reduced[a]) {
      g.reduced_count *= d.global_shape()[a];
      const int grid_axis = d.grid_axis_of(a);
      if (grid_axis >= 0 && d.grid_dims()[grid_axis] > 1) g.combine_grid_axes.push_back(grid_axis);
    } else {
      g.kept_local_shape.push_back(local_shape[a]);
    }
  }
  std::sort(g.combine_grid_axes.begin(), g.combine_grid_axes.end());
  g.result_layout = std::make_shared<const Distribution>(derived::reduced(d, g.reduced, keepdims));
  return g;
}

Array in_layout(const Array& z, std::shared_ptr<const Distribution> target) {
  if (!(*z.layout() == *target)) return redistribute(z, std::move(target));
  const RawView shard = z.local();
  return Array::wrap(z.dtype(), z.grid(), std::move(target), z.holds_shard() ? shard.data : nullptr, shard.strides,
                     std::make_shared<Array>(z));
}

}  // namespace gingham::detail
