#include "numpy_views.hpp"

#include <string>

#include "gingham/core/errors.hpp"

namespace py = pybind11;

namespace gingham::python {

py::dtype numpy_dtype(DType dtype) { return py::dtype(std::string(dtype_name(dtype))); }

DType dtype_from_numpy(const py::dtype& dtype) {
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
