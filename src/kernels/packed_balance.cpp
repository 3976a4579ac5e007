#include "packed_balance.hpp"

#include <mpi.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/plans/exchange.hpp"

namespace gingham::detail {

std::shared_ptr<const Distribution> blocks_over_axis0(std::int64_t extent, const std::vector<int>& grid_dims) {
  return std::make_shared<const Distribution>(derived::default_layout({extent}, grid_dims));
}

Array balance_packed(const ProcessGrid& grid, DType dtype, std::shared_ptr<std::byte> packed, std::int64_t count) {
  const std::size_t item = item_size(dtype);
  const bool holds = grid.contains_this_rank();
  std::int64_t start = 0, total = 0;
  // Positions: an exclusive scan along grid axis 0; the total counts each element once (grid axis 0 only).
  if (holds) GINGHAM_MPI(MPI_Exscan(&count, &start, 1, MPI_INT64_T, MPI_SUM, grid.axis_comm(0).get()));
  if (holds && grid.coords()[0] == 0) start = 0;  // MPI_Exscan leaves the first rank's result undefined
  const bool primary = holds && std::all_of(grid.coords().begin() + 1, grid.coords().end(), [](int c) { return c == 0; });
  const std::int64_t mine = primary ? count : 0;
  GINGHAM_MPI(MPI_Allreduce(&mine, &total, 1, MPI_INT64_T, MPI_SUM, grid.comm().get()));
  auto result_layout = blocks_over_axis0(total, grid.dims());
  if (grid.dims()[0] == 1) {  // each grid rank's selection is the whole result: it becomes the shard, no copy
    std::byte* data = holds ? packed.get() : nullptr;
    std::vector<std::int64_t> strides =
        holds ? result_layout->dense_strides(result_layout->local_shape(grid.coords())) : std::vector<std::int64_t>{0};
    return Array::wrap(dtype, grid, std::move(result_layout), data, std::move(strides), std::move(packed));
  }
  Array out = Array::allocate(dtype, grid, result_layout, {}, /*zero=*/false);
  if (!holds) return out;
  const int parts = grid.dims()[0];
  const AxisMap& target = result_layout->axis_map(0);
  std::vector<std::int64_t> send(parts, 0);
  if (target.is_contiguous()) {  // each part one range: count the overlap of [start, start + count) with it
    for (int p = 0; p < parts; ++p) {
      const std::int64_t extent = target.local_extent(p), begin = extent == 0 ? 0 : target.to_global(p, 0);
      send[p] = std::max<std::int64_t>(0, std::min(begin + extent, start + count) - std::max(begin, start));
    }
  } else {
    for (std::int64_t k = 0; k < count; ++k) ++send[target.owner(start + k)];
  }
  const ExchangePlan plan = ExchangePlan::from_counts(grid.axis_comm(0), std::move(send));
  plan.forward(packed.get(), item, out.local().data);
  return out;
}

}  // namespace gingham::detail
