// Indexing by integers held in distributed arrays: each rank computes the flat positions in x of its
// result elements and reads them from their owners (read_elements).

#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/array/redistribute.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/element_access.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "integer_keys.hpp"
#include "reduction_engine.hpp"
#include "shard_walk.hpp"
#include "take_along_local.hpp"
#include "take_by.hpp"

namespace gingham {
namespace {

/// Local. out[k] = in[k * step] made non-negative (normalized_index), for k < count; throws
/// normalized_index's error for the first index outside [-n, n). The test is branch-free: v + n, as an
/// unsigned number, is below 2n exactly for v in [-n, n).
void normalized_indices(const std::int64_t* in, std::int64_t step, std::int64_t count, std::int64_t n, int axis,
                        const char* function, std::int64_t* out) {
  const auto size = static_cast<std::uint64_t>(n);
  bool bad = false;
  for (std::int64_t k = 0; k < count; ++k) {
    const std::int64_t v = in[k * step];
    bad |= static_cast<std::uint64_t>(v) + size >= 2 * size;
    out[k] = v < 0 ? v + n : v;
  }
  if (bad) {
    for (std::int64_t k = 0; k < count; ++k) detail::normalized_index(in[k * step], n, axis, function);
  }
}

Array as_int64(const Array& indices) { return indices.dtype() == DType::int64 ? indices : astype(indices, DType::int64); }

/// A new array of `layout` on `grid` whose shard holds, in row-major order, x's elements at the flat
/// positions that `positions` (a PositionBatch over this rank's shard) gives.
Array read_into(const Array& x, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
                const PositionBatch& positions) {
  Array y = Array::allocate(x.dtype(), grid, std::move(layout), {}, false);
  const RawView to = y.local();
  if (detail::dense_row_major(to)) {  // the values go straight into the shard
    read_elements(x, to.size(), positions, to.data);
    return y;
  }
  const detail::OrdinalAddress address(to);
  const std::size_t item = to.item_size;
  read_elements(x, to.size(), positions, [&](std::int64_t first, std::int64_t n, const std::byte* values) {
    for (std::int64_t i = 0; i < n; ++i) std::memcpy(address(first + i), values + i * item, item);
  });
  return y;
}

}  // namespace

Array take(const Array& x, const Array& indices, int axis) {
  const auto checked = check_call(x.grid().comm(), "take", arg("x", x), arg("indices", indices), arg("axis", axis));
  axis = detail::take_axis(x, axis, "take");
  detail::require_integer_key(indices, "take");
  if (indices.ndim() != 1) {
    throw std::invalid_argument("take: expected 1-D indices, got " + std::to_string(indices.ndim()) + " dimensions");
  }
  require_same_ranks(x.grid(), indices.grid());
  const Distribution& d = x.distribution();
  const std::int64_t m = indices.global_shape()[0], n = x.global_shape()[axis];
  auto layout = std::make_shared<const Distribution>(derived::resized(d, axis, m));
  // The indices along the result's axis, as its shards need them.
  const int result_axis[] = {axis};
  auto along = std::make_shared<const Distribution>(derived::in_order(derived::permuted(*layout, result_axis), StorageOrder::row_major));
  // An empty result computes no positions: its indices are checked here instead.
  if (layout->global_size() == 0) detail::require_keys_in_bounds(as_int64(indices), n, axis, "take");
  const Array wide = as_int64(indices);  // already aligned (the indices of a 1-D x in x's layout): no copy
  const Array aligned = wide.grid() == x.grid() && wide.distribution() == *along ? wide : redistribute(wide, x.grid(), along);
  const std::vector<std::int64_t> strides = detail::row_major_strides(x.global_shape());
  const RawView chosen = aligned.local();
  const auto* values = reinterpret_cast<const std::int64_t*>(chosen.data);
  if (x.ndim() == 1) {  // the flat position is the index itself
    return read_into(x, x.grid(), layout, [&](std::int64_t first, std::int64_t count, std::int64_t* out) {
      normalized_indices(values + first * chosen.strides[0], chosen.strides[0], count, n, axis, "take", out);
    });
  }
  return read_into(x, x.grid(), layout, [&](std::int64_t first, std::int64_t count, std::int64_t* out) {
    const std::vector<int>& coords = x.grid().coords();
    detail::for_each_ordinal(layout->local_shape(coords), first, count, [&](const std::vector<std::int64_t>& at) {
      std::int64_t flat = 0;
      for (int a = 0; a < x.ndim(); ++a) {
        flat += (a == axis ? detail::normalized_index(values[at[a] * chosen.strides[0]], n, axis, "take")
                           : detail::global_of(*layout, coords, a, at[a])) *
                strides[a];
      }
      *out++ = flat;
    });
  });
}

Array take_along_axis(const Array& x, const Array& indices, int axis) {
  const auto checked = check_call(x.grid().comm(), "take_along_axis", arg("x", x), arg("indices", indices),
                                  arg("axis", axis));
  axis = detail::take_axis(x, axis, "take_along_axis");
  detail::require_integer_key(indices, "take_along_axis");
  if (indices.ndim() != x.ndim()) {
    throw std::invalid_argument("take_along_axis: expected indices of " + std::to_string(x.ndim()) +
                                " dimensions (as x), got " + std::to_string(indices.ndim()));
  }
  require_same_ranks(x.grid(), indices.grid());
  std::vector<std::int64_t> shape = indices.global_shape();
  for (int a = 0; a < x.ndim(); ++a) {
    const std::int64_t e = x.global_shape()[a], f = indices.global_shape()[a];
    if (a == axis) continue;
    if (e != f && e != 1 && f != 1) {
      throw std::invalid_argument("take_along_axis: x of shape " + format_shape(x.global_shape()) +
                                  " and indices of shape " + format_shape(indices.global_shape()) +
                                  " do not broadcast outside axis " + std::to_string(axis));
    }
    shape[a] = e == 1 ? f : e;
  }
  Array chosen = as_int64(indices);
  std::int64_t result_size = 1;
  for (std::int64_t extent : shape) result_size *= extent;
  // An empty result computes no positions: its indices are checked here instead.
  if (result_size == 0) detail::require_keys_in_bounds(chosen, x.global_shape()[axis], axis, "take_along_axis");
  if (shape != indices.global_shape()) chosen = broadcast_to(chosen, indices.grid(), default_layout(shape, indices.grid()));
  if (detail::reads_along_locally(x, chosen, axis)) return detail::take_along_locally(x, chosen, axis, "take_along_axis");
  const std::int64_t n = x.global_shape()[axis];
  const std::vector<std::int64_t> strides = detail::row_major_strides(x.global_shape());
  const RawView view = chosen.local();
  return read_into(x, chosen.grid(), chosen.layout(), [&](std::int64_t first, std::int64_t count, std::int64_t* out) {
    const std::vector<int>& coords = chosen.grid().coords();
    detail::for_each_ordinal(view.shape, first, count, [&](const std::vector<std::int64_t>& at) {
      std::int64_t flat = 0, offset = 0;
      for (int a = 0; a < x.ndim(); ++a) offset += at[a] * view.strides[a];
      for (int a = 0; a < x.ndim(); ++a) {
        const std::int64_t g =
            a == axis ? detail::normalized_index(reinterpret_cast<const std::int64_t*>(view.data)[offset], n, axis,
                                                 "take_along_axis")
                      : (x.global_shape()[a] == 1 ? 0 : detail::global_of(chosen.distribution(), coords, a, at[a]));
        flat += g * strides[a];
      }
      *out++ = flat;
    });
  });
}

Array index_arrays(const Array& x, const std::vector<Array>& keys) {
  const auto checked = check_call(x.grid().comm(), "index_arrays", arg("x", x), arg("keys", keys));
  const detail::IntegerKeys aligned(x, keys, "__getitem__");
  return read_into(x, x.grid(), aligned.result_layout(), [&](std::int64_t first, std::int64_t n, std::int64_t* out) {
    aligned.flat_positions(first, n, out);
  });
}

}  // namespace gingham
