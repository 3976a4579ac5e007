// stack, unstack, moveaxis, roll, tile and repeat with counts in an array (gingham/kernels/manipulation.hpp):
// argument conversion and docstrings only.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/kernels/manipulation.hpp"

namespace py = pybind11;

namespace gingham::python {

void bind_manipulation(py::module_& module) {
  using Release = py::call_guard<py::gil_scoped_release>;
  module.def("stack", &stack, py::arg("arrays"), py::arg("axis"), Release(),
             "Collective. The arrays (one shape) joined along a new, local axis.");
  module.def("unstack", &unstack, py::arg("x"), py::arg("axis"), Release(),
             "Collective. The slices of x along axis, each laid out as x without that axis.");
  module.def("moveaxis", &moveaxis, py::arg("x"), py::arg("source"), py::arg("destination"), Release(),
             "Collective. x with axes source moved to positions destination (a permute_dims).");
  module.def("roll", &roll, py::arg("x"), py::arg("shifts"), py::arg("axes"), Release(),
             "Collective. x shifted along axes (None: as if flattened), in x's layout.");
  module.def("tile", &tile, py::arg("x"), py::arg("repetitions"), Release(),
             "Collective. x repeated repetitions[k] times along axis k (NumPy's tile).");
  module.def("repeat_by_array", py::overload_cast<const Array&, const Array&, int>(&repeat), py::arg("x"),
             py::arg("counts"), py::arg("axis"), Release(),
             "Collective. Slab i of x along axis repeated counts[i] times, the counts in a 1-D integer array.");
  module.def("repeat_indices", &repeat_indices, py::arg("counts"), Release(),
             "Collective. The int64 source index of every position of a repeat by the 1-D counts (distributed).");
}

}  // namespace gingham::python
