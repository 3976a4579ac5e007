// Linear algebra (gingham/linalg/): argument conversion and docstrings only.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/linalg/blacs_grid.hpp"
#include "gingham/linalg/descriptor.hpp"
#include "gingham/linalg/matmul.hpp"

namespace py = pybind11;

namespace gingham::python {

void bind_linalg(py::module_& module) {
  using Release = py::call_guard<py::gil_scoped_release>;
  module.def("matmul", static_cast<Array (*)(const Array&, const Array&)>(&matmul), py::arg("x1"), py::arg("x2"), Release(),
             "Collective over the arrays' communicator. x1 @ x2 on PBLAS ?GEMM (see gingham/linalg/matmul.hpp): "
             "1-D operands as vectors, stacks broadcast and computed one matrix after another; operands in "
             "place when ScaLAPACK can read them as they lie (row-major shards as the transposed problem), "
             "else moved visibly; the result in the block-cyclic layout PBLAS wrote.");
  module.def(
      "scalapack_obstacle", [](const Array& x) { return scalapack_obstacle(x.distribution(), x.local()); },
      py::arg("x"),
      "Local. Why ScaLAPACK cannot use this rank's shard of the 2-D array x in place (as x, or as x^T "
      "for a row-major shard), or '' when it can.");
  module.def("blacs_live_contexts", &BlacsGrid::live_contexts,
             "Local. The number of BLACS contexts gingham holds now (one per grid and view; freed with the grid).");
}

}  // namespace gingham::python
