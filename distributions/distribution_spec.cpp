#include "gingham/distributions/distribution_spec.hpp"

#include <stdexcept>
#include <string>

#include "gingham/distributions/derived.hpp"

namespace gingham {

Distribution make_distribution(const DistributionSpec& spec) {
  if (spec.grid_dims.empty()) {
    throw std::invalid_argument("gingham::make_distribution: expected .grid_dims, the process grid's shape "
                                "(grid.dims()), got none");
  }
  if (spec.axes.empty()) {
    if (!spec.grid_axes.empty()) {
      throw std::invalid_argument("gingham::make_distribution: .grid_axes places the axes of .axes, but no .axes "
                                  "were given (" + std::to_string(spec.grid_axes.size()) + " grid axes, 0 axes)");
    }
    const Distribution layout = derived::default_layout(spec.shape, spec.grid_dims);
    if (spec.local_order == layout.storage_order()) return layout;
    std::vector<AxisLayout> axes;
    std::vector<int> grid_axes;
    for (int axis = 0; axis < layout.ndim(); ++axis) {
      axes.push_back(layout.axis_layout(axis));
      grid_axes.push_back(layout.grid_axis_of(axis));
    }
    return Distribution(spec.shape, std::move(axes), spec.grid_dims, spec.local_order, std::move(grid_axes));
  }
  return Distribution(spec.shape, spec.axes, spec.grid_dims, spec.local_order, spec.grid_axes);
}

}  // namespace gingham
