#include "take_along_local.hpp"

#include <algorithm>
#include <vector>

#include "gingham/core/collective_errors.hpp"
#include "integer_keys.hpp"
#include "local_parallel.hpp"
#include "slab_copy.hpp"

namespace gingham::detail {
namespace {

/// The rows (all axes but the last, row-major) of a shard's `shape`.
struct Rows {
  const std::vector<std::int64_t>& shape;
  /// The offset of row `row` in a view of `strides` (all axes but the last).
  std::int64_t offset(std::int64_t row, const std::vector<std::int64_t>& strides) const noexcept {
    std::int64_t at = 0;
    for (std::size_t a = shape.size() - 1; a-- > 0;) {
      at += (row % shape[a]) * strides[a];
      row /= shape[a];
    }
    return at;
  }
};

/// Throws normalized_index's error for the first index of `keys` (int64, any strides) outside [-n, n).
void check_keys(const RawView& keys, std::int64_t n, int axis, const char* function) {
  const std::size_t nd = keys.shape.size();
  const std::int64_t inner = nd == 0 ? 1 : keys.shape[nd - 1], step = nd == 0 ? 1 : keys.strides[nd - 1];
  const std::int64_t rows = inner == 0 ? 0 : keys.size() / inner;
  const Rows walk{keys.shape};
  const auto* data = reinterpret_cast<const std::int64_t*>(keys.data);
  for (std::int64_t row = 0; row < rows; ++row) {
    const std::int64_t* at = data + walk.offset(row, keys.strides);
    std::int64_t smallest = n, largest = -1;
    for (std::int64_t i = 0; i < inner; ++i) smallest = std::min(smallest, at[i * step]), largest = std::max(largest, at[i * step]);
    if (smallest < -n || largest >= n) {
      for (std::int64_t i = 0; i < inner; ++i) normalized_index(at[i * step], n, axis, function);
    }
  }
}

}  // namespace

bool reads_along_locally(const Array& x, const Array& keys, int axis) {
  if (!(x.grid() == keys.grid()) || x.ndim() != keys.ndim()) return false;
  const Distribution &dx = x.distribution(), &dk = keys.distribution();
  if (dx.grid_axis_of(axis) >= 0 && dx.axis_map(axis).parts() > 1) return false;
  for (int a = 0; a < x.ndim(); ++a) {
    if (a == axis) continue;
    if (x.global_shape()[a] != keys.global_shape()[a] || dx.grid_axis_of(a) != dk.grid_axis_of(a) ||
        !(dx.axis_map(a) == dk.axis_map(a))) {
      return false;
    }
  }
  return true;
}

Array take_along_locally(const Array& x, const Array& keys, int axis, const char* function) {
  Array y = Array::allocate(x.dtype(), keys.grid(), keys.layout(), {}, false);
  const std::int64_t n = x.global_shape()[axis];
  const RawView from = x.holds_shard() ? x.local() : RawView{}, index = keys.holds_shard() ? keys.local() : RawView{};
  agree_on_errors(x.grid().comm(), [&] {
    if (index.size() > 0) check_keys(index, n, axis, function);
  });
  if (index.size() == 0) return y;
  const RawView to = y.local();
  const std::size_t nd = index.shape.size(), last = nd - 1;
  const std::int64_t inner = index.shape[last], rows = index.size() / inner;
  const std::int64_t key_step = index.strides[last], to_step = to.strides[last];
  const std::int64_t from_step = static_cast<int>(last) == axis ? 0 : from.strides[last], along = from.strides[axis];
  const Rows walk{index.shape};
  std::vector<std::int64_t> from_strides = from.strides;
  from_strides[axis] = 0;  // the indexed axis's offset comes from the key
  const auto* key_data = reinterpret_cast<const std::int64_t*>(index.data);
  with_item_width(from.item_size, [&]<std::size_t N>() {
    const std::int64_t item = N == 0 ? static_cast<std::int64_t>(from.item_size) : static_cast<std::int64_t>(N);
    // One row's elements [begin, end): result[i] = x[row's offset + i along the last axis + key * along].
    auto gather = [&](std::int64_t row, std::int64_t begin, std::int64_t end) {
      const std::int64_t* k = key_data + walk.offset(row, index.strides);
      const std::byte* in = from.data + walk.offset(row, from_strides) * item;
      std::byte* out = to.data + walk.offset(row, to.strides) * item;
      for (std::int64_t i = begin; i < end; ++i) {
        std::int64_t v = k[i * key_step];
        v += v < 0 ? n : 0;
        move_item<N>(out + i * to_step * item, in + (i * from_step + v * along) * item, from.item_size);
      }
    };
    if (rows == 1) {
      for_each_range(inner, [&](std::int64_t begin, std::int64_t end) { gather(0, begin, end); });
    } else {
      for_each_piece(rows, [&](std::int64_t row) { gather(row, 0, inner); });
    }
  });
  return y;
}

}  // namespace gingham::detail
