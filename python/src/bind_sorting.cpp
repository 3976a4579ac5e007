// sort and argsort (gingham/kernels/sorting.hpp): argument conversion and docstrings only.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "gingham/kernels/sorting.hpp"

namespace py = pybind11;

namespace gingham::python {

void bind_sorting(py::module_& module) {
  using Release = py::call_guard<py::gil_scoped_release>;
  module.def("sort", &sort, py::arg("x"), py::arg("axis"), py::arg("descending"), py::arg("stable"), Release(),
             "Collective over x's communicator. x sorted along axis: local along a non-distributed axis (x's "
             "layout), a distributed sample sort into a Block layout along the distributed axis of a 1-D array.");
  module.def("argsort", &argsort, py::arg("x"), py::arg("axis"), py::arg("descending"), py::arg("stable"), Release(),
             "Collective over x's communicator. The int64 global indices along axis that sort x (as sort).");
}

}  // namespace gingham::python
