#pragma once
/// \file
/// DistArray<T>: the typed face of an Array, for C++ code that knows its element type. A handle:
/// copies share the data, as do a DistArray and the Array it was made from.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"

namespace gingham {

template <class T>
class DistArray {
 public:
  using value_type = T;

  /// Local. Views an Array as DistArray<T>. Throws gingham::TypeError when its dtype is not T's.
  explicit DistArray(Array array) : array_(std::move(array)) {
    if (array_.dtype() != dtype_of<T>) {
      throw TypeError("gingham::DistArray: the array holds " + std::string(dtype_name(array_.dtype())) + ", not " +
                      std::string(dtype_name(dtype_of<T>)));
    }
  }

  /// Collective over grid.comm(). A new zero-filled array (see Array::allocate).
  static DistArray allocate(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, HaloSpec halo = {},
                            bool zero = true) {
    return DistArray(Array::allocate(dtype_of<T>, grid, std::move(layout), std::move(halo), zero));
  }

  /// Collective over grid.comm(). An array whose shard on this rank is `local` (row-major or column-major
  /// as the layout says), taken over without a copy (bool shards are copied: std::vector<bool> packs
  /// bits). Ranks off the grid pass an empty vector. Throws std::invalid_argument on every rank when the
  /// layout's grid shape is not the grid's, or any rank's `local` does not have its shard's size (one
  /// MPI_Allreduce agrees on it).
  static DistArray from_local(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, std::vector<T> local) {
    const auto checked = check_call(grid.comm(), "DistArray::from_local", arg("dtype", dtype_of<T>), arg("grid", grid),
                                    arg("layout", layout));
    if (!layout || layout->grid_dims() != grid.dims()) {  // every rank sees this: no agreement needed
      throw std::invalid_argument("gingham::DistArray::from_local: the distribution's grid shape " +
                                  (layout ? format_shape(layout->grid_dims()) : std::string("(none)")) +
                                  " is not the grid's " + format_shape(grid.dims()));
    }
    const bool holds = grid.contains_this_rank();
    std::vector<std::int64_t> shape = holds ? layout->local_shape(grid.coords()) : std::vector<std::int64_t>(layout->ndim(), 0);
    agree_on_errors(grid.comm(), [&] {
      std::int64_t expected = holds ? 1 : 0;
      for (std::int64_t extent : shape) expected *= extent;
      if (static_cast<std::int64_t>(local.size()) != expected) {
        throw std::invalid_argument("gingham::DistArray::from_local: rank " + std::to_string(grid.comm().rank()) +
                                    " expected a shard of " + std::to_string(expected) + " elements (local shape " +
                                    format_shape(shape) + "), got " + std::to_string(local.size()));
      }
    });
    std::vector<std::int64_t> strides = layout->dense_strides(shape);
    if constexpr (std::is_same_v<T, bool>) {
      auto storage = std::make_shared<std::vector<char>>(local.begin(), local.end());
      auto* data = reinterpret_cast<std::byte*>(storage->data());
      return DistArray(Array::wrap(dtype_of<T>, grid, std::move(layout), holds ? data : nullptr, std::move(strides),
                                   std::move(storage)));
    } else {
      auto storage = std::make_shared<std::vector<T>>(std::move(local));
      auto* data = reinterpret_cast<std::byte*>(storage->data());
      return DistArray(Array::wrap(dtype_of<T>, grid, std::move(layout), holds ? data : nullptr, std::move(strides),
                                   std::move(storage)));
    }
  }

  /// Local. The dtype-erased array (sharing the data).
  const Array& array() const noexcept { return array_; }
  /// Local. The grid the array lives on.
  const ProcessGrid& grid() const noexcept { return array_.grid(); }
  /// Local. The layout.
  const Distribution& distribution() const noexcept { return array_.distribution(); }
  /// Local. The layout, shared.
  const std::shared_ptr<const Distribution>& layout() const noexcept { return array_.layout(); }
  /// Local. The global shape.
  const std::vector<std::int64_t>& global_shape() const noexcept { return array_.global_shape(); }
  /// Local. The number of axes.
  int ndim() const noexcept { return array_.ndim(); }
  /// Local. The number of elements of the whole array.
  std::int64_t global_size() const noexcept { return array_.global_size(); }
  /// Local. Whether this rank is in the grid.
  bool holds_shard() const noexcept { return array_.holds_shard(); }
  /// Local. The shape of this rank's shard.
  std::vector<std::int64_t> local_shape() const { return array_.local_shape(); }
  /// Local. This rank's shard, without ghost cells.
  LocalView<T> local() const { return array_.local_as<T>(); }
  /// Local. This rank's shard with its ghost cells.
  LocalView<T> local_with_halo() const {
    const RawView view = array_.local_with_halo();
    return LocalView<T>(reinterpret_cast<T*>(view.data), view.shape, view.strides);
  }
  /// Collective over grid().comm(). Fills the ghost cells (see Array::exchange_halo).
  void exchange_halo() const { array_.exchange_halo(); }
  /// Collective over grid().comm(). Starts filling the ghost cells.
  void begin_halo_exchange() const { array_.begin_halo_exchange(); }
  /// Local. Completes begin_halo_exchange().
  void end_halo_exchange() const { array_.end_halo_exchange(); }

 private:
  Array array_;
};

}  // namespace gingham
