#include "gingham/core/aliasing.hpp"

#include <cstring>
#include <utility>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/memory.hpp"

namespace gingham {
namespace {

/// The byte range [first, last) that a view's elements occupy; first == last when it has none.
std::pair<const std::byte*, const std::byte*> address_range(const RawView& view) noexcept {
  if (view.size() == 0) return {nullptr, nullptr};
  std::int64_t low = 0, high = 0;
  for (std::size_t k = 0; k < view.shape.size(); ++k) {
    const std::int64_t reach = (view.shape[k] - 1) * view.strides[k];
    (reach < 0 ? low : high) += reach;
  }
  const auto item = static_cast<std::int64_t>(view.item_size);
  return {view.data + low * item, view.data + (high + 1) * item};
}

}  // namespace

bool views_overlap(const RawView& a, const RawView& b) noexcept {
  const auto [a_first, a_last] = address_range(a);
  const auto [b_first, b_last] = address_range(b);
  if (a_first == a_last || b_first == b_last) return false;
  return a_first < b_last && b_first < a_last;
}

StagedView dense_copy(const RawView& view) {
  const std::int64_t n = view.size();
  StagedView staged;
  staged.memory = allocate_memory(static_cast<std::size_t>(n) * view.item_size, MemoryFill::none,
                                  "a staging copy of a shard that its target overlaps");
  staged.view = RawView{staged.memory.get(), view.item_size, view.shape, {}};
  const int ndim = static_cast<int>(view.shape.size());
  staged.view.strides.assign(ndim, 1);
  for (int k = ndim - 2; k >= 0; --k) staged.view.strides[k] = staged.view.strides[k + 1] * view.shape[k + 1];
  if (n == 0) return staged;
  // Row by row along the last axis, walking the other axes as an odometer.
  const std::int64_t row = ndim == 0 ? 1 : view.shape[ndim - 1];
  const std::int64_t step = ndim == 0 ? 1 : view.strides[ndim - 1];
  std::vector<std::int64_t> index(ndim > 0 ? ndim - 1 : 0, 0);
  std::byte* to = staged.view.data;
  while (true) {
    std::int64_t offset = 0;
    for (int k = 0; k + 1 < ndim; ++k) offset += index[k] * view.strides[k];
    const std::byte* from = view.data + offset * static_cast<std::int64_t>(view.item_size);
    if (step == 1) {
      std::memcpy(to, from, static_cast<std::size_t>(row) * view.item_size);
    } else {
      for (std::int64_t i = 0; i < row; ++i) {
        std::memcpy(to + i * view.item_size, from + i * step * static_cast<std::int64_t>(view.item_size), view.item_size);
      }
    }
    to += row * static_cast<std::int64_t>(view.item_size);
    int k = ndim - 2;
    for (; k >= 0; --k) {
      if (++index[k] < view.shape[k]) break;
      index[k] = 0;
    }
    if (k < 0) return staged;
  }
}

RawView unaliased_source(const Comm& comm, const RawView& source, const RawView& target, StagedView& staged) {
  const bool overlap = views_overlap(source, target);
  agree_on_errors(comm, [&] {
    if (overlap) staged = dense_copy(source);
  });
  return overlap ? staged.view : source;
}

}  // namespace gingham
