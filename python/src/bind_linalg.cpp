// Linear algebra (gingham/linalg/): argument conversion and docstrings only.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/linalg/blacs_grid.hpp"
#include "gingham/linalg/descriptor.hpp"
#include "gingham/linalg/factorizations.hpp"
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

  // Factorizations (gingham/linalg/factorizations.hpp): cholesky, solve, inv, det, slogdet.
  module.def("cholesky", static_cast<Array (*)(const Array&, bool)>(&cholesky), py::arg("x"), py::arg("upper") = false,
             Release(),
             "Collective. The Cholesky factor (lower, or upper when upper=True) of each Hermitian positive definite "
             "matrix of x, on P?POTRF; the other triangle zero. LinAlgError when not positive definite.");
  module.def("solve", static_cast<Array (*)(const Array&, const Array&)>(&solve), py::arg("x1"), py::arg("x2"),
             Release(),
             "Collective. The solution of x1 X = x2 (x2 of shape (M,) or (..., M, K)), on P?GETRF + P?GETRS. "
             "LinAlgError when a matrix is singular.");
  module.def("inv", static_cast<Array (*)(const Array&)>(&inv), py::arg("x"), Release(),
             "Collective. The inverse of each square matrix of x, on P?GETRF + P?GETRI. LinAlgError when singular.");
  module.def("det", static_cast<Array (*)(const Array&)>(&det), py::arg("x"), Release(),
             "Collective. The determinant of each square matrix of x, from its LU factors (0 when singular).");
  module.def("slogdet", static_cast<std::pair<Array, Array> (*)(const Array&)>(&slogdet), py::arg("x"), Release(),
             "Collective. (sign, log|det|) of each square matrix of x, from its LU factors ((0, -inf) when singular).");
}

}  // namespace gingham::python
