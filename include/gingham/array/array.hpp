#pragma once
/// \file
/// Array: a distributed array of any dtype = a process grid + a shared, immutable Distribution + this
/// rank's shard (+ optional ghost cells). It is a handle: copies share the data.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gingham/array/dtype.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/plans/halo_plan.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham {

/// A distributed array. Ranks of the grid's communicator that are not in the grid hold an Array too,
/// with no shard, so that every operation is collective over grid().comm(); there its views have null
/// data and size 0 (for 0-D arrays too). The shard is stored in the distribution's storage order,
/// surrounded by ghost cells when the array has a halo.
class Array {
 public:
  /// Collective over grid.comm(). A new array; its shard and ghost cells are zero-filled when `zero`
  /// or when it has ghost cells (otherwise uninitialised). Allocation failures, sizes beyond memory
  /// included, are agreed on (one MPI_Allreduce of three 64-bit integers), and throw gingham::MemoryError
  /// (a std::bad_alloc) naming the bytes and the shard. Throws std::invalid_argument on every rank when
  /// the layout's grid shape is not the grid's, the halo does not fit the layout, or the ranks ask for
  /// different dtypes or layouts (checked in the same reduction; the message names a differing rank).
  static Array allocate(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                        HaloSpec halo = {}, bool zero = true);
  /// Collective over grid.comm(). As above, the shard holding what `fill` says (ghost cells are zeros).
  static Array allocate(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                        HaloSpec halo, MemoryFill fill);
  /// Local. As allocate, without its agreement: on a failure to allocate (MemoryError) this rank gets no
  /// array and the error in `failure`. The caller must agree on `failure` (agree_on_error, for example as
  /// part of its next reduction) before any rank uses the array or calls another collective. Checks of
  /// global metadata (grid shape, halo) throw std::invalid_argument here, on every rank alike.
  static std::optional<Array> allocate_unagreed(DType dtype, const ProcessGrid& grid,
                                                std::shared_ptr<const Distribution> layout, HaloSpec halo,
                                                MemoryFill fill, std::optional<CapturedError>& failure);

  /// Local. An array over existing memory (zero copy): `data` holds this rank's shard with element
  /// `strides`, and `keep_alive` keeps it valid for as long as the array lives. Off the grid, pass
  /// nullptr. Throws std::invalid_argument when the layout's grid shape is not the grid's.
  static Array wrap(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                    std::byte* data, std::vector<std::int64_t> strides, std::shared_ptr<void> keep_alive);

  /// Collective over grid.comm() (two MPI_Allreduce: the dtype and layout, then the checks). An array over
  /// shards that already exist (zero copy): each grid rank passes its `shard` (this dtype, its local shape
  /// as the layout says, any element strides), kept valid by `keep_alive`; ranks off the grid pass an empty
  /// view. Throws std::invalid_argument on every rank when any rank's shard has the wrong shape or the
  /// ranks pass different dtypes or layouts (naming a differing rank).
  static Array from_local(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                          const RawView& shard, std::shared_ptr<void> keep_alive);

  /// Local. The element type.
  DType dtype() const noexcept;
  /// Local. The grid the array lives on (its device).
  const ProcessGrid& grid() const noexcept;
  /// Local. The layout.
  const Distribution& distribution() const noexcept { return *layout(); }
  /// Local. The layout, shared with other arrays of the same layout.
  const std::shared_ptr<const Distribution>& layout() const noexcept;
  /// Local. The global shape.
  const std::vector<std::int64_t>& global_shape() const noexcept { return distribution().global_shape(); }
  /// Local. The number of axes.
  int ndim() const noexcept { return distribution().ndim(); }
  /// Local. The number of elements of the whole array.
  std::int64_t global_size() const noexcept { return distribution().global_size(); }
  /// Local. Whether this rank is in the grid (and holds a shard, possibly empty).
  bool holds_shard() const noexcept { return grid().contains_this_rank(); }
  /// Local. The shape of this rank's shard (zeros off the grid).
  std::vector<std::int64_t> local_shape() const;
  /// Local. The ghost cells.
  const HaloSpec& halo() const noexcept;
  /// Local. Whether `other` is this array (a copy of the same handle, so the same shard on every rank).
  /// Arrays that are not may still share memory (views, arrays over one buffer): see views_overlap.
  bool same_handle(const Array& other) const noexcept { return state_ == other.state_; }

  /// Local. This rank's shard, without ghost cells.
  RawView local() const;
  /// Local. This rank's shard with its ghost cells around it.
  RawView local_with_halo() const;
  /// Local. The shard as typed view. Throws gingham::TypeError when T is not the dtype's type.
  template <class T>
  LocalView<T> local_as() const;

  /// Collective over grid().comm(). Fills the ghost cells from the shards that own them (the plan is
  /// built on first use and kept).
  void exchange_halo() const;
  /// Collective over grid().comm(). Starts filling the ghost cells; finish with end_halo_exchange().
  void begin_halo_exchange() const;
  /// Local (completes begin_halo_exchange()). Waits for the ghost cells.
  void end_halo_exchange() const;

 private:
  struct State;
  explicit Array(std::shared_ptr<State> state) : state_(std::move(state)) {}
  HaloPlan& halo_plan() const;
  std::shared_ptr<State> state_;
};

template <class T>
LocalView<T> Array::local_as() const {
  if (dtype_of<T> != dtype()) {
    throw TypeError("gingham::Array::local_as: the array holds " + std::string(dtype_name(dtype())) + ", not " +
                    std::string(dtype_name(dtype_of<T>)));
  }
  const RawView view = local();
  return LocalView<T>(reinterpret_cast<T*>(view.data), view.shape, view.strides);
}

}  // namespace gingham
