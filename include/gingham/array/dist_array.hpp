#pragma once
/// \file
/// DistArray<T>: a distributed array = a process grid + a shared, immutable Distribution + this
/// rank's shard (row-major local storage).

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "gingham/core/process_grid.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham {

/// Element types the foundation slice instantiates: double and std::int64_t.
template <class T>
class DistArray {
 public:
  using value_type = T;

  /// Local. Wraps `local` as this rank's shard of an array laid out as `distribution` on `grid`.
  /// Throws std::invalid_argument when this rank is not on the grid, when the grid's shape differs from
  /// the distribution's, or when `local.size()` is not the shard size the distribution gives this rank
  /// (a per-rank error: callers building shards from per-rank input agree on it, see agree_on_errors).
  DistArray(ProcessGrid grid, std::shared_ptr<const Distribution> distribution, std::vector<T> local);

  /// Local. The grid the array lives on (its device).
  const ProcessGrid& grid() const noexcept { return grid_; }
  /// Local. The array's layout.
  const Distribution& distribution() const noexcept { return *distribution_; }
  /// Local. The layout, shared with other arrays of the same layout.
  const std::shared_ptr<const Distribution>& shared_distribution() const noexcept { return distribution_; }
  /// Local. The global shape.
  const std::vector<std::int64_t>& global_shape() const noexcept { return distribution_->global_shape(); }
  /// Local. The number of axes.
  int ndim() const noexcept { return distribution_->ndim(); }
  /// Local. The number of elements of the whole array.
  std::int64_t global_size() const noexcept { return distribution_->global_size(); }
  /// Local. The shape of this rank's shard.
  std::vector<std::int64_t> local_shape() const { return distribution_->local_shape(grid_.coords()); }
  /// Local. This rank's shard, row-major.
  std::span<T> local() noexcept { return local_; }
  /// Local. This rank's shard, row-major.
  std::span<const T> local() const noexcept { return local_; }

 private:
  ProcessGrid grid_;
  std::shared_ptr<const Distribution> distribution_;
  std::vector<T> local_;
};

extern template class DistArray<double>;
extern template class DistArray<std::int64_t>;

}  // namespace gingham
