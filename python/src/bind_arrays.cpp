// DistArray<T> for the foundation's element types, with the creation, reduction and gather kernels.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>

#include "bindings.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/reductions.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {

/// A NumPy array of `shape` over memory kept alive by `owner`.
template <class T>
py::array_t<T> numpy_view(const std::vector<std::int64_t>& shape, T* data, py::handle owner) {
  std::vector<py::ssize_t> extents(shape.begin(), shape.end());
  return py::array_t<T>(extents, data, owner);
}

/// Binds DistArray<T> as `<name>` and its kernels as `<kernel>_<suffix>`, for example arange_float64.
template <class T>
void bind_dist_array(py::module_& module, const char* name, const std::string& suffix) {
  using Array = DistArray<T>;
  py::class_<Array, std::shared_ptr<Array>>(module, name, "A distributed array (C++ gingham::DistArray).")
      .def_property_readonly("global_shape", &Array::global_shape, "Local. The global shape.")
      .def_property_readonly("ndim", &Array::ndim, "Local. The number of axes.")
      .def_property_readonly("global_size", &Array::global_size, "Local. The number of elements.")
      .def_property_readonly("grid", &Array::grid, "Local. The grid the array lives on.")
      .def_property_readonly("local_shape", &Array::local_shape, "Local. The shape of this rank's shard.")
      .def_property_readonly(
          "local",
          [](py::object self) {
            Array& array = self.cast<Array&>();
            return numpy_view<T>(array.local_shape(), array.local().data(), self);
          },
          "Local. This rank's shard: a writable NumPy view sharing memory with the array.")
      .def_property_readonly(
          "distribution_text", [](const Array& array) { return array.distribution().describe(); },
          "Local. A readable description of the layout.");

  module.def(("arange_" + suffix).c_str(), &arange<T>, py::arg("grid"), py::arg("start"), py::arg("stop"),
             py::arg("step"), py::call_guard<py::gil_scoped_release>(),
             "Collective over the grid. start, start + step, ... before stop, block-distributed.");
  module.def(("full_" + suffix).c_str(), &full<T>, py::arg("grid"), py::arg("n"), py::arg("value"),
             py::call_guard<py::gil_scoped_release>(),
             "Collective over the grid. n copies of value, block-distributed.");
  module.def(("scalar_" + suffix).c_str(), &scalar<T>, py::arg("grid"), py::arg("value"),
             "Collective over the grid (no messages). A 0-D array replicated on every grid rank.");
  module.def("sum", &sum<T>, py::arg("x"), py::call_guard<py::gil_scoped_release>(),
             "Collective over the grid. The sum of all elements, identical on every rank.");
  module.def(
      "gather_to_all",
      [](const Array& array) {
        auto* whole = new std::vector<T>();
        py::capsule owner(whole, [](void* pointer) { delete static_cast<std::vector<T>*>(pointer); });
        {
          py::gil_scoped_release release;
          *whole = gather_to_all(array);
        }
        return numpy_view<T>(array.global_shape(), whole->data(), owner);
      },
      py::arg("x"), "Collective over the grid. The whole array on every rank, as a NumPy array.");
}

}  // namespace

void bind_arrays(py::module_& module) {
  bind_dist_array<double>(module, "DistArrayFloat64", "float64");
  bind_dist_array<std::int64_t>(module, "DistArrayInt64", "int64");
}

}  // namespace gingham::python
