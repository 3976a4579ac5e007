// Linear algebra (gingham/linalg/): argument conversion and docstrings only.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "gingham/linalg/blacs_grid.hpp"
#include "gingham/linalg/decompositions.hpp"
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
  // ---- Decompositions (gingham/linalg/decompositions.hpp): results as lists, namedtuples in linalg.py ----
  using Results = std::vector<Array> (*)(const Array&);
  module.def("qr", static_cast<std::vector<Array> (*)(const Array&, const std::string&)>(&qr), py::arg("x"),
             py::arg("mode") = "reduced", Release(),
             "Collective. [Q, R] of each matrix on P?GEQRF + P?ORGQR/P?UNGQR (see decompositions.hpp).");
  module.def("eigh", static_cast<Results>(&eigh), py::arg("x"), Release(),
             "Collective. [eigenvalues ascending, eigenvectors] of each Hermitian matrix on P?SYEVD/P?HEEVD.");
  module.def("eigvalsh", static_cast<Array (*)(const Array&)>(&eigvalsh), py::arg("x"), Release(),
             "Collective. The ascending eigenvalues of each Hermitian matrix on P?SYEV/P?HEEV (JOBZ='N').");
  module.def("svd", static_cast<std::vector<Array> (*)(const Array&, bool)>(&svd), py::arg("x"),
             py::arg("full_matrices") = true, Release(),
             "Collective. [U, S, Vh] of each matrix on P?GESVD (full factors completed by a complete QR).");
  module.def("svdvals", static_cast<Array (*)(const Array&)>(&svdvals), py::arg("x"), Release(),
             "Collective. The descending singular values of each matrix on P?GESVD.");
  module.def("pinv", static_cast<Array (*)(const Array&, std::optional<double>)>(&pinv), py::arg("x"),
             py::arg("rtol") = std::nullopt, Release(), "Collective. The pseudo-inverse from the SVD.");
  module.def("matrix_rank", static_cast<Array (*)(const Array&, std::optional<double>)>(&matrix_rank), py::arg("x"),
             py::arg("rtol") = std::nullopt, Release(), "Collective. The rank from svdvals.");
  module.def("eig", static_cast<Results>(&eig), py::arg("x"), Release(),
             "Collective. [eigenvalues, eigenvectors] (complex) of each square matrix on the complex path "
             "P?GEHRD + P?UNMHR + P?LAHQR + P?TREVC.");
  module.def("eigvals", static_cast<Array (*)(const Array&)>(&eigvals), py::arg("x"), Release(),
             "Collective. The (complex) eigenvalues of each square matrix on P?GEHRD + P?LAHQR.");
}

}  // namespace gingham::python
