#include "integer_keys.hpp"

#include <numeric>
#include <stdexcept>
#include <string>

#include "gingham/array/promotion.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "shard_walk.hpp"

namespace gingham::detail {

std::vector<std::int64_t> row_major_strides(const std::vector<std::int64_t>& shape) {
  std::vector<std::int64_t> strides(shape.size());
  std::int64_t stride = 1;
  for (std::size_t a = shape.size(); a-- > 0;) strides[a] = stride, stride *= shape[a];
  return strides;
}

std::int64_t normalized_index(std::int64_t index, std::int64_t n, int axis, const char* function) {
  if (index < -n || index >= n) {
    throw std::out_of_range(std::string(function) + ": index " + std::to_string(index) + " is out of bounds for axis " +
                            std::to_string(axis) + " with size " + std::to_string(n));
  }
  return index < 0 ? index + n : index;
}

void require_integer_key(const Array& key, const char* function) {
  if (!is_integer(key.dtype())) {
    throw TypeError(std::string(function) + ": expected integer indices, got dtype " +
                    std::string(dtype_name(key.dtype())));
  }
}

void require_keys_in_bounds(const Array& key, std::int64_t n, int axis, const char* function) {
  const RawView view = key.local();
  agree_on_errors(key.grid().comm(), [&] {
    const OrdinalAddress address(view);
    for (std::int64_t i = 0; i < view.size(); ++i) {
      normalized_index(*reinterpret_cast<const std::int64_t*>(address(i)), n, axis, function);
    }
  });
}

IntegerKeys::IntegerKeys(const Array& x, const std::vector<Array>& keys, const char* function)
    : x_(x), function_(function) {
  if (keys.empty() || static_cast<int>(keys.size()) > x.ndim()) {
    throw std::invalid_argument(std::string(function) + ": expected 1 to " + std::to_string(x.ndim()) +
                                " integer index arrays for an array of dimension " + std::to_string(x.ndim()) +
                                ", got " + std::to_string(keys.size()));
  }
  std::vector<std::int64_t> shape;
  for (const Array& key : keys) {
    require_integer_key(key, function);
    try {
      shape = broadcast_shapes(shape, key.global_shape());
    } catch (const std::invalid_argument&) {
      // IndexError, as NumPy's "shape mismatch: indexing arrays could not be broadcast together".
      throw std::out_of_range(std::string(function) + ": the index arrays do not broadcast together (shapes " +
                                  format_shape(shape) + " and " + format_shape(key.global_shape()) + ")");
    }
  }
  const int leading = static_cast<int>(shape.size());
  result_shape_ = shape;
  for (int a = static_cast<int>(keys.size()); a < x.ndim(); ++a) result_shape_.push_back(x.global_shape()[a]);
  result_layout_ = default_layout(result_shape_, x.grid());
  // The keys lie where the result's leading axes do.
  std::vector<int> leading_axes(static_cast<std::size_t>(leading));
  std::iota(leading_axes.begin(), leading_axes.end(), 0);
  auto key_layout = std::make_shared<const Distribution>(
      derived::in_order(derived::permuted(*result_layout_, leading_axes), StorageOrder::row_major));
  std::int64_t result_size = 1;
  for (std::int64_t extent : result_shape_) result_size *= extent;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const Array as_int64 = keys[k].dtype() == DType::int64 ? keys[k] : astype(keys[k], DType::int64);
    // An empty result computes no positions: its keys are checked here instead.
    if (result_size == 0) require_keys_in_bounds(as_int64, x.global_shape()[k], static_cast<int>(k), function);
    keys_.push_back(broadcast_to(as_int64, x.grid(), key_layout));
  }
}

std::int64_t IntegerKeys::local_count() const {
  return x_.holds_shard() ? result_layout_->local_size(x_.grid().coords()) : 0;
}

void IntegerKeys::flat_positions(std::int64_t first, std::int64_t n, std::int64_t* out) const {
  const Distribution& layout = *result_layout_;
  const std::vector<int>& coords = x_.grid().coords();
  const std::vector<std::int64_t> x_strides = row_major_strides(x_.global_shape());
  const int leading = keys_.empty() ? 0 : keys_[0].ndim();
  const int k = static_cast<int>(keys_.size());
  std::vector<RawView> key_views;
  for (const Array& key : keys_) key_views.push_back(key.local());
  for_each_ordinal(layout.local_shape(coords), first, n, [&](const std::vector<std::int64_t>& at) {
    std::int64_t flat = 0;
    for (int i = 0; i < k; ++i) {
      const RawView& v = key_views[i];
      std::int64_t offset = 0;
      for (int a = 0; a < leading; ++a) offset += at[a] * v.strides[a];
      const std::int64_t index = reinterpret_cast<const std::int64_t*>(v.data)[offset];
      flat += normalized_index(index, x_.global_shape()[i], i, function_) * x_strides[i];
    }
    for (int a = leading; a < static_cast<int>(at.size()); ++a) {
      flat += global_of(layout, coords, a, at[a]) * x_strides[k + a - leading];
    }
    *out++ = flat;
  });
}

}  // namespace gingham::detail
