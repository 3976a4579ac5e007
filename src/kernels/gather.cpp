#include "gingham/kernels/gather.hpp"

#include <climits>
#include <cstdint>

#include "gingham/core/errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/core/mpi_datatype.hpp"

namespace gingham {

template <class T>
std::vector<T> gather_to_all(const DistArray<T>& x) {
  if (x.ndim() == 0) return std::vector<T>(x.local().begin(), x.local().end());
  if (x.ndim() > 1) {
    throw NotImplementedError("gingham::gather_to_all: gathering " + std::to_string(x.ndim()) +
                              "-D arrays is not implemented yet (0-D and 1-D only)");
  }
  if (x.global_size() > INT_MAX) {
    throw NotImplementedError("gingham::gather_to_all: arrays of more than 2^31 - 1 elements are not "
                              "supported yet, got " + std::to_string(x.global_size()));
  }
  // Grid rank r contributes its shard at its global offset, unless it holds a secondary copy.
  const ProcessGrid& grid = x.grid();
  const Distribution& layout = x.distribution();
  std::vector<int> counts(static_cast<std::size_t>(grid.size())), offsets(counts.size());
  for (int r = 0; r < grid.size(); ++r) {
    const std::vector<int> coords = grid.coords_of(r);
    const bool contributes = layout.holds_primary_copy(coords);
    counts[r] = contributes ? static_cast<int>(layout.axis_map(0).local_extent(coords[0])) : 0;
    offsets[r] = static_cast<int>(layout.axis_map(0).global_begin(coords[0]));
  }
  std::vector<T> whole(static_cast<std::size_t>(x.global_size()));
  const int my_count = counts[grid.grid_comm().rank()];
  GINGHAM_MPI(MPI_Allgatherv(x.local().data(), my_count, mpi_datatype<T>(), whole.data(), counts.data(),
                             offsets.data(), mpi_datatype<T>(), grid.grid_comm().get()));
  return whole;
}

template std::vector<double> gather_to_all(const DistArray<double>&);
template std::vector<std::int64_t> gather_to_all(const DistArray<std::int64_t>&);

}  // namespace gingham
