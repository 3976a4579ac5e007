#include "gingham/distributions/distribution_codec.hpp"

#include <stdexcept>
#include <string>

namespace gingham {

// Layout: ndim, grid ndim, storage order, the shape, the grid's dims, then per array axis its kind, block
// size, offset and grid axis.

std::vector<std::int64_t> encode_distribution(const Distribution& layout) {
  std::vector<std::int64_t> code{layout.ndim(), layout.grid_ndim(),
                                 layout.storage_order() == StorageOrder::row_major ? 0 : 1};
  code.insert(code.end(), layout.global_shape().begin(), layout.global_shape().end());
  code.insert(code.end(), layout.grid_dims().begin(), layout.grid_dims().end());
  for (int axis = 0; axis < layout.ndim(); ++axis) {
    const AxisLayout& a = layout.axis_layout(axis);
    code.insert(code.end(), {static_cast<std::int64_t>(a.kind()), a.block_size(), a.offset(), layout.grid_axis_of(axis)});
  }
  return code;
}

Distribution decode_distribution(std::span<const std::int64_t> code) {
  const auto refuse = [&](const std::string& why) {
    return std::invalid_argument("gingham::decode_distribution: not an encoded Distribution (" + why + ")");
  };
  if (code.size() < 3 || code[0] < 0 || code[1] < 1) throw refuse("bad header");
  const auto ndim = static_cast<std::size_t>(code[0]), grid_ndim = static_cast<std::size_t>(code[1]);
  if (code.size() != 3 + ndim + grid_ndim + 4 * ndim) throw refuse("length " + std::to_string(code.size()));
  const std::vector<std::int64_t> shape(code.begin() + 3, code.begin() + 3 + static_cast<std::ptrdiff_t>(ndim));
  std::vector<int> grid_dims, grid_axes;
  for (std::size_t g = 0; g < grid_ndim; ++g) grid_dims.push_back(static_cast<int>(code[3 + ndim + g]));
  std::vector<AxisLayout> axes;
  for (std::size_t axis = 0; axis < ndim; ++axis) {
    const std::int64_t* entry = code.data() + 3 + ndim + grid_ndim + 4 * axis;
    const int offset = static_cast<int>(entry[2]);
    switch (static_cast<AxisLayout::Kind>(entry[0])) {
      case AxisLayout::Kind::block: axes.push_back(AxisLayout::block(offset)); break;
      case AxisLayout::Kind::cyclic: axes.push_back(AxisLayout::cyclic(offset)); break;
      case AxisLayout::Kind::block_cyclic: axes.push_back(AxisLayout::block_cyclic(entry[1], offset)); break;
      case AxisLayout::Kind::not_distributed: axes.push_back(AxisLayout::not_distributed()); break;
      default: throw refuse("axis kind " + std::to_string(entry[0]));
    }
    grid_axes.push_back(static_cast<int>(entry[3]));
  }
  return Distribution(shape, std::move(axes), std::move(grid_dims),
                      code[2] == 0 ? StorageOrder::row_major : StorageOrder::column_major, std::move(grid_axes));
}

}  // namespace gingham
