#include "gingham/array/dist_array.hpp"

#include <stdexcept>

#include "gingham/core/format.hpp"

namespace gingham {

template <class T>
DistArray<T>::DistArray(ProcessGrid grid, std::shared_ptr<const Distribution> distribution, std::vector<T> local)
    : grid_(std::move(grid)), distribution_(std::move(distribution)), local_(std::move(local)) {
  if (!distribution_) throw std::invalid_argument("gingham::DistArray: expected a distribution, got none");
  if (!grid_.contains_this_rank()) {
    throw std::invalid_argument("gingham::DistArray: rank " + std::to_string(grid_.comm().rank()) +
                                " is not part of " + grid_.describe() + "; only the grid's ranks hold its arrays");
  }
  if (grid_.dims() != distribution_->grid_dims()) {
    throw std::invalid_argument("gingham::DistArray: the distribution is laid out on a grid of shape " +
                                format_shape(distribution_->grid_dims()) + ", but the array's grid has shape " +
                                format_shape(grid_.dims()));
  }
  const std::int64_t expected = distribution_->local_size(grid_.coords());
  if (static_cast<std::int64_t>(local_.size()) != expected) {
    throw std::invalid_argument("gingham::DistArray: rank " + std::to_string(grid_.comm().rank()) +
                                " expected a shard of " + std::to_string(expected) + " elements (local shape " +
                                format_shape(local_shape()) + "), got " + std::to_string(local_.size()));
  }
}

template class DistArray<double>;
template class DistArray<std::int64_t>;

}  // namespace gingham
