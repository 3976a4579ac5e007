#pragma once
// Walking the elements of a shard by row-major ordinal (internal): addresses, multi-indices and global
// indices. Shared by the indexing and assignment kernels. Pure local work.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "gingham/core/local_view.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham::detail {

/// Copies one element of `size` bytes: a fixed-size copy the compiler inlines for gingham's element sizes
/// (a call of memcpy per element costs more than the element).
inline void copy_item(std::byte* to, const std::byte* from, std::size_t size) {
  switch (size) {
    case 1: std::memcpy(to, from, 1); return;
    case 2: std::memcpy(to, from, 2); return;
    case 4: std::memcpy(to, from, 4); return;
    case 8: std::memcpy(to, from, 8); return;
    case 16: std::memcpy(to, from, 16); return;
    default: std::memcpy(to, from, size);
  }
}

/// Copies `count` elements of `size` bytes from `from` (element stride `from_stride`) to `to` (`to_stride`):
/// one memcpy when both are contiguous.
inline void copy_run(std::byte* to, std::int64_t to_stride, const std::byte* from, std::int64_t from_stride,
                     std::int64_t count, std::size_t size) {
  if (count <= 0) return;
  if (to_stride == 1 && from_stride == 1) {
    std::memcpy(to, from, static_cast<std::size_t>(count) * size);
    return;
  }
  const auto step_to = to_stride * static_cast<std::int64_t>(size), step_from = from_stride * static_cast<std::int64_t>(size);
  for (std::int64_t i = 0; i < count; ++i) copy_item(to + i * step_to, from + i * step_from, size);
}

/// Local. Whether a view's elements are its memory in row-major order (its ordinals are its offsets).
inline bool dense_row_major(const RawView& view) {
  std::int64_t stride = 1;
  for (std::size_t a = view.shape.size(); a-- > 0;) {
    if (view.shape[a] > 1 && view.strides[a] != stride) return false;
    stride *= view.shape[a];
  }
  return true;
}

/// The address in `view` of the element at a row-major ordinal of its shape (dense row-major views:
/// the ordinal itself; others: unravelled over the strides).
class OrdinalAddress {
 public:
  explicit OrdinalAddress(const RawView& view) : view_(view), dense_(dense_row_major(view)) {}
  std::byte* operator()(std::int64_t ordinal) const noexcept {
    std::int64_t offset = ordinal;
    if (!dense_) {
      offset = 0;
      for (std::size_t a = view_.shape.size(); a-- > 0;) {
        offset += (ordinal % view_.shape[a]) * view_.strides[a];
        ordinal /= view_.shape[a];
      }
    }
    return view_.data + offset * static_cast<std::int64_t>(view_.item_size);
  }

 private:
  RawView view_;
  bool dense_ = true;
};

/// Local. `at` = the row-major multi-index of `ordinal` over `shape`.
inline void unravel(std::int64_t ordinal, const std::vector<std::int64_t>& shape, std::vector<std::int64_t>& at) {
  at.resize(shape.size());
  for (std::size_t a = shape.size(); a-- > 0;) {
    at[a] = ordinal % shape[a];
    ordinal /= shape[a];
  }
}

/// Calls f(at) for the row-major multi-indices `at` over `shape` of the ordinals first .. first + n - 1.
template <class F>
void for_each_ordinal(const std::vector<std::int64_t>& shape, std::int64_t first, std::int64_t n, F&& f) {
  if (n <= 0) return;
  std::vector<std::int64_t> at;
  unravel(first, shape, at);
  for (std::int64_t k = 0; k < n; ++k) {
    f(static_cast<const std::vector<std::int64_t>&>(at));
    for (std::size_t a = shape.size(); a-- > 0;) {
      if (++at[a] < shape[a]) break;
      at[a] = 0;
    }
  }
}

/// Local. The global index along axis `axis` of `d` of local index `local` on the shard at `coords`.
inline std::int64_t global_of(const Distribution& d, const std::vector<int>& coords, int axis, std::int64_t local) {
  const AxisMap& map = d.axis_map(axis);
  return map.parts() == 1 ? local : map.to_global(d.part_of(axis, coords), local);
}

}  // namespace gingham::detail
