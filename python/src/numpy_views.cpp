#include "numpy_views.hpp"

#include <array>
#include <bit>
#include <optional>
#include <string>

#include "gingham/core/errors.hpp"

namespace py = pybind11;

namespace gingham::python {

namespace {

constexpr std::size_t kDTypes = sizeof(all_dtypes) / sizeof(all_dtypes[0]);

/// The NumPy dtype objects of gingham's dtypes, made once (NumPy keeps its builtin dtypes alive; the
/// references here are never released, so nothing is freed after the interpreter has finalised).
PyObject* const* builtin_numpy_dtypes() {
  static const auto table = [] {
    std::array<PyObject*, kDTypes> objects{};
    for (std::size_t k = 0; k < kDTypes; ++k) {
      objects[k] = py::dtype(std::string(dtype_name(all_dtypes[k]))).release().ptr();
    }
    return objects;
  }();
  return table.data();
}

/// The gingham dtype of a NumPy dtype in native byte order, read from its kind and item size (no Python
/// call); nothing for other dtypes.
std::optional<DType> native_dtype(const py::dtype& dtype) {
  const auto* descr = py::detail::array_descriptor_proxy(dtype.ptr());
  const bool native = descr->byteorder == '=' || descr->byteorder == '|' ||
                      descr->byteorder == (std::endian::native == std::endian::little ? '<' : '>');
  if (!native || descr->subarray != nullptr || descr->names != nullptr) return std::nullopt;
  const int bytes = descr->elsize;
  switch (descr->kind) {
    case 'b': return bytes == 1 ? std::optional(DType::bool_) : std::nullopt;
    case 'i': return bytes == 1 ? std::optional(DType::int8) : bytes == 2 ? std::optional(DType::int16)
                   : bytes == 4 ? std::optional(DType::int32) : bytes == 8 ? std::optional(DType::int64) : std::nullopt;
    case 'u': return bytes == 1 ? std::optional(DType::uint8) : bytes == 2 ? std::optional(DType::uint16)
                   : bytes == 4 ? std::optional(DType::uint32) : bytes == 8 ? std::optional(DType::uint64) : std::nullopt;
    case 'f': return bytes == 4 ? std::optional(DType::float32) : bytes == 8 ? std::optional(DType::float64) : std::nullopt;
    case 'c': return bytes == 8 ? std::optional(DType::complex64) : bytes == 16 ? std::optional(DType::complex128)
                                                                               : std::nullopt;
    default: return std::nullopt;
  }
}

}  // namespace

py::dtype numpy_dtype(DType dtype) {
  return py::reinterpret_borrow<py::dtype>(builtin_numpy_dtypes()[static_cast<std::size_t>(dtype)]);
}

DType dtype_from_numpy(const py::dtype& dtype) {
  if (auto found = native_dtype(dtype)) return *found;
  const std::string name = py::str(dtype.attr("name"));
  if (auto found = dtype_from_name(name); found && dtype.attr("isnative").cast<bool>()) return *found;
  throw TypeError("gingham: dtype " + name + " is not supported (expected bool, int8-64, uint8-64, float32/64 or "
                  "complex64/128 in native byte order)");
}

py::array numpy_view(const RawView& view, DType dtype, py::handle owner) {
  if (view.data == nullptr) return py::array(numpy_dtype(dtype), std::vector<py::ssize_t>(std::max<std::size_t>(view.shape.size(), 1), 0));
  std::vector<py::ssize_t> shape(view.shape.begin(), view.shape.end()), strides;
  for (std::int64_t stride : view.strides) strides.push_back(stride * static_cast<py::ssize_t>(view.item_size));
  return py::array(numpy_dtype(dtype), shape, strides, view.data, owner);
}

RawView raw_view(const py::array& array) {
  RawView view;
  view.data = static_cast<std::byte*>(const_cast<void*>(array.data()));
  view.item_size = static_cast<std::size_t>(array.itemsize());
  for (py::ssize_t k = 0; k < array.ndim(); ++k) {
    view.shape.push_back(array.shape(k));
    if (array.strides(k) % array.itemsize() != 0) {
      throw std::invalid_argument("gingham: array strides must be multiples of the element size");
    }
    view.strides.push_back(array.strides(k) / array.itemsize());
  }
  return view;
}

}  // namespace gingham::python
