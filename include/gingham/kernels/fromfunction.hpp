#pragma once
/// \file
/// fromfunction: an array whose elements are a function of their global index (numpy.fromfunction),
/// computed where they are stored, so no rank ever holds more than its own shard: the way to build
/// initial conditions and test data of any size.

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/kernels/creation.hpp"

namespace gingham {

/// Collective over grid.comm() (one MPI_Allreduce agreeing on the allocation, one agreeing on f's
/// errors; no data messages). An array laid out as `layout` on `grid` (with ghost cells `halo`,
/// zero-filled) whose element at global multi-index i is static_cast<T>(f(i)). Called per element:
/// f takes a std::span<const std::int64_t> of ndim global indices, valid only during the call. Each
/// grid rank calls f once for each element of its shard, in the shard's row-major local order (ranks
/// holding copies of replicated axes compute their own copies; ranks off the grid never call it); a 0-D
/// array calls f with an empty span. If f throws on any rank, every rank throws the same exception
/// (agree_on_errors), naming the rank that failed first.
template <class T, class F>
DistArray<T> fromfunction(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, F&& f,
                          HaloSpec halo = {}) {
  const auto checked = check_call(grid.comm(), "fromfunction", arg("dtype", dtype_of<T>), arg("grid", grid),
                                  arg("layout", layout), arg("halo", halo));  // f: each rank's own callable
  auto x = DistArray<T>::allocate(grid, layout, std::move(halo), /*zero=*/false);
  agree_on_errors(grid.comm(), [&] {
    if (!x.holds_shard()) return;
    const int ndim = layout->ndim();
    std::vector<std::vector<std::int64_t>> owned(static_cast<std::size_t>(ndim));
    for (int a = 0; a < ndim; ++a) owned[a] = layout->owned_indices(grid.coords(), a);
    const LocalView<T> local = x.local();
    if (local.size() == 0) return;
    std::vector<std::int64_t> local_index(ndim, 0), global_index(ndim);
    for (int a = 0; a < ndim; ++a) global_index[a] = owned[a][0];
    while (true) {  // an odometer over the shard, last axis fastest
      local.at(local_index) = static_cast<T>(f(std::span<const std::int64_t>(global_index)));
      int a = ndim - 1;
      for (; a >= 0; --a) {
        if (++local_index[a] < local.shape()[a]) break;
        local_index[a] = 0;
      }
      if (a < 0) return;
      for (int b = a; b < ndim; ++b) global_index[b] = owned[b][local_index[b]];
    }
  });
  return x;
}

/// Collective over grid.comm(). As above, in gingham's default layout (default_layout) of `shape`.
template <class T, class F>
DistArray<T> fromfunction(const ProcessGrid& grid, const std::vector<std::int64_t>& shape, F&& f) {
  return fromfunction<T>(grid, default_layout(shape, grid), std::forward<F>(f));
}

}  // namespace gingham
