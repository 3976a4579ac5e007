#pragma once
/// \file
/// Non-owning strided N-D views of local memory: RawView (element size at run time, used by the
/// communication plans) and LocalView<T> (typed). Strides are in elements and may be any sign.

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace gingham {

/// An untyped strided view: element (i0, i1, ...) is at data + item_size * sum(i_k * strides[k]).
/// A view with null data has no elements, whatever its shape (so a rank holding no shard of a 0-D
/// array has nothing, too).
struct RawView {
  std::byte* data = nullptr;
  std::size_t item_size = 0;
  std::vector<std::int64_t> shape;
  std::vector<std::int64_t> strides;

  /// Local. The number of elements (0 when data is null).
  std::int64_t size() const noexcept {
    if (data == nullptr) return 0;
    std::int64_t n = 1;
    for (std::int64_t extent : shape) n *= extent;
    return n;
  }
};

/// A typed strided view of a shard.
template <class T>
class LocalView {
 public:
  LocalView() = default;
  /// Local. A view of `shape` elements at `data` with element `strides`.
  LocalView(T* data, std::vector<std::int64_t> shape, std::vector<std::int64_t> strides)
      : data_(data), shape_(std::move(shape)), strides_(std::move(strides)) {}

  /// Local. The first element's address.
  T* data() const noexcept { return data_; }
  /// Local. The extents.
  const std::vector<std::int64_t>& shape() const noexcept { return shape_; }
  /// Local. The element strides.
  const std::vector<std::int64_t>& strides() const noexcept { return strides_; }
  /// Local. The number of axes.
  int ndim() const noexcept { return static_cast<int>(shape_.size()); }
  /// Local. The number of elements (0 when data is null: no shard).
  std::int64_t size() const noexcept {
    if (data_ == nullptr) return 0;
    std::int64_t n = 1;
    for (std::int64_t extent : shape_) n *= extent;
    return n;
  }
  /// Local. The element at a multi-index (no bounds check).
  template <class... Index>
  T& operator()(Index... index) const noexcept {
    const std::int64_t indices[] = {static_cast<std::int64_t>(index)..., 0};
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < sizeof...(Index); ++k) offset += indices[k] * strides_[k];
    return data_[offset];
  }
  /// Local. The element at a multi-index (no bounds check).
  T& at(std::span<const std::int64_t> index) const noexcept {
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < index.size(); ++k) offset += index[k] * strides_[k];
    return data_[offset];
  }
  /// Local. Whether the elements fill one gap-free range of memory (in some axis order).
  bool is_dense() const noexcept;
  /// Local. The elements as one span, in memory order. Throws std::logic_error unless is_dense().
  std::span<T> flat() const {
    if (!is_dense()) throw std::logic_error("gingham::LocalView::flat: the view is not dense (it has ghost cells or gaps)");
    return {data_, static_cast<std::size_t>(size())};
  }
  /// Local. The untyped view of the same memory.
  RawView raw() const {
    return {reinterpret_cast<std::byte*>(const_cast<std::remove_const_t<T>*>(data_)), sizeof(T), shape_, strides_};
  }

 private:
  T* data_ = nullptr;
  std::vector<std::int64_t> shape_;
  std::vector<std::int64_t> strides_;
};

template <class T>
bool LocalView<T>::is_dense() const noexcept {
  // Dense when, sorting axes by stride, each stride equals the product of the smaller axes' extents.
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < shape_.size(); ++k) {
    if (shape_[k] == 0) return true;
    if (shape_[k] > 1) order.push_back(k);
  }
  for (std::size_t a = 1; a < order.size(); ++a) {
    for (std::size_t b = a; b > 0 && strides_[order[b]] < strides_[order[b - 1]]; --b) std::swap(order[b], order[b - 1]);
  }
  std::int64_t expected = 1;
  for (std::size_t k : order) {
    if (strides_[k] != expected) return false;
    expected *= shape_[k];
  }
  return true;
}

/// Local. Calls f(element&) for every element of `view`, the last axis fastest.
template <class T, class F>
void for_each_element(const LocalView<T>& view, F&& f) {
  const int ndim = view.ndim();
  if (view.size() == 0) return;
  if (ndim == 0) return f(*view.data());
  std::vector<std::int64_t> index(ndim, 0);
  const std::int64_t inner = view.shape()[ndim - 1], step = view.strides()[ndim - 1];
  while (true) {
    T* row = &view.at(index);
    for (std::int64_t i = 0; i < inner; ++i) f(row[i * step]);
    int k = ndim - 2;
    for (; k >= 0 && ++index[k] == view.shape()[k]; --k) index[k] = 0;
    if (k < 0) return;
  }
}

}  // namespace gingham
