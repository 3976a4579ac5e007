// x's slabs at host indices along an axis = values (the inverse of take with host indices): every rank
// knows every index and every value, so each rank writes the slabs of its own shard, with no messages.

#include <algorithm>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "gingham/array/call_arguments.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/indexing.hpp"
#include "axis_place.hpp"
#include "host_indices.hpp"
#include "slab_copy.hpp"
#include "take_by.hpp"

namespace gingham {
namespace {

constexpr const char* kFunction = "__setitem__";

/// The element strides of `values` over the selection's shape (its axes right-aligned with the selection's,
/// 0 where it has extent 1 or lacks the axis; leading axes of extent 1 beyond the selection's dropped).
/// Throws std::invalid_argument when its shape does not broadcast to the selection's.
std::vector<std::int64_t> strides_over(const RawView& values, const std::vector<std::int64_t>& selection) {
  std::vector<std::int64_t> shape = values.shape, strides = values.strides;
  while (shape.size() > selection.size() && shape.front() == 1) shape.erase(shape.begin()), strides.erase(strides.begin());
  std::vector<std::int64_t> result(selection.size(), 0);
  bool fits = shape.size() <= selection.size();
  for (std::size_t k = 0; fits && k < shape.size(); ++k) {
    const std::size_t a = selection.size() - shape.size() + k;
    if (shape[k] == selection[a]) {
      result[a] = selection[a] == 1 ? 0 : strides[k];
    } else {
      fits = shape[k] == 1;
    }
  }
  if (!fits) {
    throw std::invalid_argument(std::string(kFunction) + ": a value of shape " + format_shape(values.shape) +
                                " does not broadcast to the selection's shape " + format_shape(selection));
  }
  return result;
}

/// 1-D x: x's elements at `indices` (in [-n, n)) held in `data` (local element stride `along`) = the values'
/// elements j * step, in index order (where indices repeat, the last write wins). When this rank holds the
/// `whole` axis, one pass writes them; else in batches: the held elements' places are listed without a
/// branch (an append whose length grows by the ownership test), then written with each target prefetched
/// for writing a few elements ahead.
void assign_elements(std::byte* data, std::int64_t along, const detail::OwnedBy& mine, bool whole,
                     std::span<const std::int64_t> indices, std::int64_t n, const RawView& values, std::int64_t step) {
  constexpr std::int64_t kBatch = 1024, kAhead = detail::SlabCopy::kPrefetchAhead;
  const std::int64_t count = static_cast<std::int64_t>(indices.size());
  detail::with_item_width(values.item_size, [&]<std::size_t N>() {
    const std::int64_t item = N == 0 ? static_cast<std::int64_t>(values.item_size) : static_cast<std::int64_t>(N);
    if (whole) {  // every index is held: one pass, no test, no list, each target prefetched for writing
      // (The fields are copied to locals: the byte stores may alias them, which would reload them after each.)
      const std::int64_t* const at = indices.data();
      const std::byte* const from = values.data;
      const std::int64_t to_step = along * item, from_step = step * item, size = static_cast<std::int64_t>(values.item_size);
      const detail::OwnedBy held = mine;
      auto target = [&](std::int64_t j) { return data + held.local(at[j] + (at[j] < 0 ? n : 0)) * to_step; };
      const std::int64_t ahead = std::min(count, kAhead);
      for (std::int64_t j = 0; j < ahead; ++j) __builtin_prefetch(target(j), 1);
      for (std::int64_t j = 0; j < count - ahead; ++j) {
        __builtin_prefetch(target(j + ahead), 1);
        detail::move_item<N>(target(j), from + j * from_step, static_cast<std::size_t>(size));
      }
      for (std::int64_t j = count - ahead; j < count; ++j) {
        detail::move_item<N>(target(j), from + j * from_step, static_cast<std::size_t>(size));
      }
      return;
    }
    std::int64_t to[kBatch], from[kBatch];
    for (std::int64_t j0 = 0; j0 < count; j0 += kBatch) {
      const std::int64_t j1 = std::min(count, j0 + kBatch);
      std::int64_t held = 0;
      for (std::int64_t j = j0; j < j1; ++j) {
        const std::int64_t i = indices[j] + (indices[j] < 0 ? n : 0);
        to[held] = mine.local(i) * along * item, from[held] = j * step * item;
        held += mine(i);
      }
      for (std::int64_t h = 0; h < held; ++h) {
        if (h + kAhead < held) __builtin_prefetch(data + to[h + kAhead], 1);
        detail::move_item<N>(data + to[h], values.data + from[h], values.item_size);
      }
    }
  });
}

}  // namespace

void assign_take(const Array& x, const std::int64_t* data, std::int64_t count, int axis, const RawView& values) {
  const std::span<const std::int64_t> indices(data, static_cast<std::size_t>(count));
  const auto checked = check_call(x.grid().comm(), "assign_take", arg("x", x), arg("indices", indices), arg("axis", axis),
                                  arg("values", values));
  const detail::IndexSummary summary = detail::summarize(indices, x.grid().comm().size() > 1);
  // Host indices and values must be alike on every rank (the values' shape is compared, not their data).
  require_same_arguments(x.grid().comm(), CallArguments{"assign_take", {{"indices", detail::describe_indices(indices, summary)},
                                                                        {"axis", std::to_string(axis)},
                                                                        {"values' shape", format_shape(values.shape)}}});
  axis = detail::take_axis(x, axis, kFunction);
  const std::int64_t n = x.global_shape()[axis];
  detail::require_in_bounds(indices, summary, n, axis, kFunction);
  if (values.item_size != item_size(x.dtype())) {
    throw std::invalid_argument(std::string(kFunction) + ": expected values of " + std::to_string(item_size(x.dtype())) +
                                " bytes each (x's dtype " + std::string(dtype_name(x.dtype())) + "), got " +
                                std::to_string(values.item_size));
  }
  std::vector<std::int64_t> selection = x.global_shape();
  selection[axis] = count;
  std::vector<std::int64_t> value_strides = strides_over(values, selection);
  if (!x.holds_shard() || count == 0) return;
  // Along each other axis, the offset into values of each local index (its global index times the stride).
  const Distribution& d = x.distribution();
  const RawView shard = x.local();
  const std::vector<int>& coords = x.grid().coords();
  auto part_of = [&](int a) { return d.grid_axis_of(a) < 0 ? 0 : coords[d.grid_axis_of(a)]; };
  std::vector<int> others;
  std::vector<std::vector<std::int64_t>> value_offsets;
  for (int a = 0; a < x.ndim(); ++a) {
    if (a == axis) continue;
    others.push_back(a);
    std::vector<std::int64_t>& offsets = value_offsets.emplace_back(static_cast<std::size_t>(shard.shape[a]));
    for (std::int64_t l = 0; l < shard.shape[a]; ++l) offsets[l] = d.axis_map(a).to_global(part_of(a), l) * value_strides[a];
  }
  std::int64_t slab = 1;
  for (int a : others) slab *= shard.shape[a];
  if (slab == 0) return;
  const detail::OwnedBy mine(d.axis_map(axis), part_of(axis));
  const std::int64_t along = shard.strides[axis], step = value_strides[axis];
  if (others.empty()) return assign_elements(shard.data, along, mine, d.axis_map(axis).parts() == 1, indices, n, values, step);
  // In index order on every rank: where indices repeat, the last write wins on every copy alike.
  detail::with_item_width(values.item_size, [&]<std::size_t N>() {
    const std::int64_t item = N == 0 ? static_cast<std::int64_t>(values.item_size) : static_cast<std::int64_t>(N);
    std::vector<std::int64_t> at(others.size(), 0);
    for (std::int64_t j = 0; j < count; ++j) {
      const std::int64_t i = indices[j] < 0 ? indices[j] + n : indices[j];
      if (!mine(i)) continue;
      std::byte* to = shard.data + mine.local(i) * along * item;
      const std::byte* from = values.data + j * step * item;
      std::fill(at.begin(), at.end(), 0);  // an odometer over the shard's other axes
      while (true) {
        std::int64_t x_offset = 0, v_offset = 0;
        for (std::size_t k = 0; k < others.size(); ++k) {
          x_offset += at[k] * shard.strides[others[k]];
          v_offset += value_offsets[k][at[k]];
        }
        detail::move_item<N>(to + x_offset * item, from + v_offset * item, values.item_size);
        std::size_t k = others.size();
        for (; k-- > 0;) {
          if (++at[k] < shard.shape[others[k]]) break;
          at[k] = 0;
        }
        if (k == static_cast<std::size_t>(-1)) break;
      }
    }
  });
}

void assign_take(const Array& x, const std::int64_t* indices, std::int64_t count, int axis, const Scalar& value) {
  const auto checked = check_call(x.grid().comm(), "assign_take", arg("x", x), arg("axis", axis), arg("value", value));
  require_scalar_fits(value, x.dtype(), kFunction);
  std::byte one[16];
  visit_dtype(x.dtype(), [&]<class T>() {
    const T v = scalar_value<T>(value);
    std::memcpy(one, &v, sizeof(T));
  });
  assign_take(x, indices, count, axis, RawView{one, item_size(x.dtype()), {}, {}});
}

}  // namespace gingham
