#pragma once
/// \file
/// Gathering a whole distributed array onto every rank (what NumPy's __array__ protocol asks for).

#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/core/local_view.hpp"

namespace gingham {

/// Collective over x.grid().comm(). Writes the whole array into `whole` on every rank of the
/// communicator (inside the grid or not): a redistribution to a layout replicated on all ranks, in
/// which each element crosses the network once per receiving rank. `whole` has the global shape and
/// x's element size; its strides may be anything (row-major for NumPy).
void gather_to_all(const Array& x, const RawView& whole);

/// Collective over x.grid().comm(). The whole array, row-major, on every rank.
template <class T>
std::vector<T> gather_to_all(const DistArray<T>& x) {
  std::vector<T> whole(static_cast<std::size_t>(x.global_size()));
  std::vector<std::int64_t> strides(x.ndim());
  std::int64_t stride = 1;
  for (int k = x.ndim() - 1; k >= 0; --k) strides[k] = stride, stride *= x.global_shape()[k];
  gather_to_all(x.array(), LocalView<T>(whole.data(), x.global_shape(), strides).raw());
  return whole;
}

}  // namespace gingham
