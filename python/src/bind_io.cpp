// Files: .npy save and load (gingham/io/npy.hpp). Conversion only.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/io/npy.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {

void bind_io(py::module_& module) {
  module.def(
      "save_npy", [](const std::string& path, const Array& x) { save_npy(path, x); }, py::arg("path"), py::arg("x"),
      py::call_guard<py::gil_scoped_release>(),
      "Collective over x's communicator. Writes x to the .npy file `path` (parallel MPI-IO, atomic rename).");
  module.def(
      "load_npy",
      [](const std::string& path, const ProcessGrid& grid, std::shared_ptr<Distribution> layout,
         std::optional<py::dtype> dtype) {
        std::optional<DType> to;
        if (dtype) to = dtype_from_numpy(*dtype);
        py::gil_scoped_release release;
        return load_npy(path, grid, std::move(layout), to);
      },
      py::arg("path"), py::arg("grid"), py::arg("layout") = py::none(), py::arg("dtype") = py::none(),
      "Collective over grid's communicator. The array in the .npy file `path`, in `layout` (default: the default "
      "layout on grid), converted to `dtype` when given.");
}

}  // namespace gingham::python
