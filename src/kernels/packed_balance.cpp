#include "packed_balance.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <vector>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/mpi_check.hpp"

namespace gingham::detail {

std::shared_ptr<const Distribution> blocks_over_axis0(std::int64_t extent, const std::vector<int>& grid_dims) {
  return std::make_shared<const Distribution>(std::vector<std::int64_t>{extent}, std::vector<AxisLayout>{AxisLayout::block()},
                                              grid_dims, StorageOrder::row_major, std::vector<int>{0});
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
  Array out = Array::allocate(dtype, grid, result_layout, {}, /*zero=*/false);
  if (!holds) return out;
  const int parts = grid.dims()[0];
  const AxisMap& target = result_layout->axis_map(0);
  std::vector<std::int64_t> send(parts, 0), receive(parts);
  for (std::int64_t k = 0; k < count; ++k) ++send[target.owner(start + k)];
  const Comm& comm = grid.axis_comm(0);
  GINGHAM_MPI(MPI_Alltoall(send.data(), 1, MPI_INT64_T, receive.data(), 1, MPI_INT64_T, comm.get()));
  std::vector<int> send_bytes(parts), receive_bytes(parts), send_offsets(parts, 0), receive_offsets(parts, 0);
  agree_on_errors(grid.grid_comm(), [&] {  // only grid ranks get here
    std::int64_t sent = 0, received = 0;
    for (int p = 0; p < parts; ++p) {
      send_offsets[p] = static_cast<int>(sent);
      receive_offsets[p] = static_cast<int>(received);
      sent += send[p] * static_cast<std::int64_t>(item);
      received += receive[p] * static_cast<std::int64_t>(item);
      if (sent > INT_MAX || received > INT_MAX) {
        throw std::length_error("gingham: more than 2^31 bytes of a selection to move on one rank at once");
      }
      send_bytes[p] = static_cast<int>(send[p] * static_cast<std::int64_t>(item));
      receive_bytes[p] = static_cast<int>(receive[p] * static_cast<std::int64_t>(item));
    }
  });
  const RawView view = out.local();
  GINGHAM_MPI(MPI_Alltoallv(packed.get(), send_bytes.data(), send_offsets.data(), MPI_BYTE, view.data,
                            receive_bytes.data(), receive_offsets.data(), MPI_BYTE, comm.get()));
  return out;
}

}  // namespace gingham::detail
