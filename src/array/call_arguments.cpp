#include "gingham/array/call_arguments.hpp"

#include <complex>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "gingham/core/format.hpp"

namespace gingham {

namespace {

/// Calls `visit(element pointer)` for each element of `view` in row-major order.
template <class Visit>
void for_each_element(const RawView& view, Visit&& visit) {
  if (view.data == nullptr || view.size() == 0) return;
  const std::size_t ndim = view.shape.size();
  std::vector<std::int64_t> index(ndim, 0);
  for (;;) {
    std::int64_t offset = 0;
    for (std::size_t k = 0; k < ndim; ++k) offset += index[k] * view.strides[k];
    visit(view.data + offset * static_cast<std::int64_t>(view.item_size));
    std::size_t k = ndim;
    while (k > 0 && ++index[k - 1] == view.shape[k - 1]) index[--k] = 0;
    if (k == 0) return;
  }
}

template <class T>
std::string element_text(const std::byte* at) {
  T value;
  std::memcpy(&value, at, sizeof(T));
  if constexpr (std::is_same_v<T, bool>) {
    return value ? "True" : "False";
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(value);
  } else {
    return describe_argument(value);
  }
}

}  // namespace

std::string describe_argument(const Array& x) {
  return std::string(dtype_name(x.dtype())) + " array of shape " + format_shape(x.global_shape()) + " laid out as " +
         x.distribution().describe();
}

std::string describe_argument(DType dtype) { return std::string(dtype_name(dtype)); }

std::string describe_argument(const HostData& data) {
  const std::string head = std::string(dtype_name(data.dtype)) + " ";
  if (!data.compared) return head + "data (not compared: not every rank holds it)";
  if (data.view.data == nullptr) return head + "empty view of shape " + format_shape(data.view.shape);
  if (data.view.size() <= HostData::kShownElements) {
    std::string values;
    visit_dtype(data.dtype, [&]<class T>() {
      for_each_element(data.view,
                       [&](const std::byte* at) { values += (values.empty() ? "" : ", ") + element_text<T>(at); });
    });
    return head + format_shape(data.view.shape) + " [" + values + "]";
  }
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the bytes, element by element
  for_each_element(data.view, [&](const std::byte* at) {
    for (std::size_t b = 0; b < data.view.item_size; ++b) {
      h = (h ^ static_cast<unsigned char>(at[b])) * 1099511628211ULL;
    }
  });
  char digest[24];
  std::snprintf(digest, sizeof digest, "%016llx", static_cast<unsigned long long>(h));
  return head + "array of shape " + format_shape(data.view.shape) + " (digest " + digest + ")";
}

std::string describe_argument(const IndexMap::Slice& slice) {
  const auto bound = [](const std::optional<std::int64_t>& b) { return b ? std::to_string(*b) : std::string("None"); };
  return bound(slice.start) + ":" + bound(slice.stop) + ":" + std::to_string(slice.step);
}

std::string describe_argument(const NewAxis&) { return "None"; }

std::string describe_argument(const Ellipsis&) { return "..."; }

}  // namespace gingham
