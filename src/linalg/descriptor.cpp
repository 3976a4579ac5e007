#include "gingham/linalg/descriptor.hpp"

#include <algorithm>
#include <climits>
#include <stdexcept>

#include "gingham/core/format.hpp"
#include "gingham/distributions/derived.hpp"

namespace gingham {

namespace {

bool fits_int(std::int64_t value) { return value >= 0 && value <= INT_MAX; }

// S's row axis as an axis of X: 0 for a column-major shard (S = X), 1 for a row-major one (S = X^T).
int stored_row_axis(const Distribution& layout) { return layout.storage_order() == StorageOrder::row_major ? 1 : 0; }

// The leading dimension of S's local storage, or -1 when the shard is not dense along S's rows.
std::int64_t leading_dimension(const Distribution& layout, const RawView& local) {
  const int r = stored_row_axis(layout), c = 1 - r;
  if (local.data == nullptr || local.shape.size() != 2) return 1;  // no elements here: any valid LLD
  const std::int64_t local_rows = local.shape[r], local_cols = local.shape[c];
  if (local_rows > 1 && local.strides[r] != 1) return -1;
  const std::int64_t least = std::max<std::int64_t>(1, local_rows);
  if (local.strides[c] >= least) return local.strides[c];
  return local_cols > 1 ? -1 : least;  // a single column: its stride is never used
}

}  // namespace

ScalapackView scalapack_view(const Distribution& layout) {
  if (std::string obstacle = layout.scalapack_incompatibility(); !obstacle.empty()) {
    throw std::invalid_argument("gingham::scalapack_view: " + layout.describe() + ": " + obstacle);
  }
  const bool transposed = layout.storage_order() == StorageOrder::row_major;
  const int axis0 = derived::effective_grid_axis(layout, 0), axis1 = derived::effective_grid_axis(layout, 1);
  return transposed ? ScalapackView{true, axis1, axis0} : ScalapackView{false, axis0, axis1};
}

std::string scalapack_obstacle(const Distribution& layout, const RawView& local) {
  if (std::string obstacle = layout.scalapack_incompatibility(); !obstacle.empty()) return obstacle;
  const std::int64_t ld = leading_dimension(layout, local);
  if (ld < 0) {
    return std::string("the shard is not dense along axis ") + (stored_row_axis(layout) ? "1" : "0") +
           " (strides " + format_shape(local.strides) + " for local shape " + format_shape(local.shape) + ")";
  }
  if (!fits_int(ld)) return "the leading dimension " + std::to_string(ld) + " does not fit a 32-bit integer";
  return "";
}

ScalapackDescriptor make_descriptor(const Distribution& layout, const RawView& local, const BlacsGrid& blacs,
                                    BlockShape shape, int free_block) {
  if (std::string obstacle = scalapack_obstacle(layout, local); !obstacle.empty()) {
    throw std::invalid_argument("gingham::make_descriptor: " + layout.describe() + " cannot be used in place: " +
                                obstacle);
  }
  const ScalapackView view = scalapack_view(layout);
  if (view.row_axis != blacs.row_axis() || view.col_axis != blacs.col_axis()) {
    throw std::invalid_argument("gingham::make_descriptor: " + layout.describe() + " is seen by ScaLAPACK with rows on "
                                "grid axis " + std::to_string(view.row_axis) + " and columns on grid axis " +
                                std::to_string(view.col_axis) + ", not in " + blacs.describe());
  }
  const int r = stored_row_axis(layout), c = 1 - r;
  const AxisMap& rows = layout.axis_map(r);
  const AxisMap& cols = layout.axis_map(c);
  // Block sizes are at most max(1, extent) (AxisMap stores them so), which fits since the extent does.
  ScalapackDescriptor descriptor;
  descriptor.desc_ = {1,
                      blacs.context(),
                      static_cast<int>(rows.extent()),
                      static_cast<int>(cols.extent()),
                      static_cast<int>(std::min<std::int64_t>(rows.block_size(), std::max<std::int64_t>(1, rows.extent()))),
                      static_cast<int>(std::min<std::int64_t>(cols.block_size(), std::max<std::int64_t>(1, cols.extent()))),
                      rows.parts() == 1 ? 0 : rows.first_part(),
                      cols.parts() == 1 ? 0 : cols.first_part(),
                      static_cast<int>(leading_dimension(layout, local))};
  if (shape == BlockShape::square) {
    // The least block size that leaves an axis's storage unchanged: any (1) for an axis on one process,
    // the extent for an axis in one block, or exactly its block size otherwise (0 marks "fixed").
    auto least_free = [](const AxisMap& map) -> std::int64_t {
      if (map.parts() == 1) return 1;
      if (map.extent() <= map.block_size()) return std::max<std::int64_t>(1, map.extent());
      return 0;
    };
    const std::int64_t row_least = least_free(rows), col_least = least_free(cols);
    int& mb = descriptor.desc_[4];
    int& nb = descriptor.desc_[5];
    if (row_least > 0 && col_least > 0) {
      mb = nb = static_cast<int>(std::max<std::int64_t>({row_least, col_least, std::int64_t{free_block}}));
    } else if (row_least > 0 && row_least <= nb) {
      mb = nb;
    } else if (col_least > 0 && col_least <= mb) {
      nb = mb;
    }
  }
  return descriptor;
}

std::string ScalapackDescriptor::describe() const {
  return "DESC(dtype=" + std::to_string(desc_[0]) + ", ctxt=" + std::to_string(desc_[1]) + ", m=" +
         std::to_string(desc_[2]) + ", n=" + std::to_string(desc_[3]) + ", mb=" + std::to_string(desc_[4]) +
         ", nb=" + std::to_string(desc_[5]) + ", rsrc=" + std::to_string(desc_[6]) + ", csrc=" +
         std::to_string(desc_[7]) + ", lld=" + std::to_string(desc_[8]) + ")";
}

}  // namespace gingham
