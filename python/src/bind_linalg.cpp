// Linear algebra (gingham/linalg/): argument conversion and docstrings only.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "bindings.hpp"
#include "gingham/linalg/blacs_grid.hpp"
#include "gingham/linalg/cholesky.hpp"
#include "gingham/linalg/descriptor.hpp"
#include "gingham/linalg/eig.hpp"
#include "gingham/linalg/eigh.hpp"
#include "gingham/linalg/lapack_errors.hpp"
#include "gingham/linalg/lu.hpp"
#include "gingham/linalg/matmul.hpp"
#include "gingham/linalg/matmul_assign.hpp"
#include "gingham/linalg/matrix_functions.hpp"
#include "gingham/linalg/qr.hpp"
#include "gingham/linalg/svd.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {

namespace {

/// The probe of gingham/linalg/lapack_errors.hpp for this process: NumPy's XERBLA (which the dynamic
/// linker may pick for LAPACK once NumPy is loaded) sets a Python exception on this thread; take its text
/// and clear it, so that gingham's agreed error replaces it on every rank.
std::string python_lapack_report() {
  py::gil_scoped_acquire acquire;
  if (!PyErr_Occurred()) return "";
  py::error_already_set error;  // fetches and clears the Python error indicator
  return error.what();
}

}  // namespace

void bind_linalg(py::module_& module) {
  using Release = py::call_guard<py::gil_scoped_release>;
  set_lapack_error_probe(&python_lapack_report);
  module.def("check_lapack_error_agreement", &check_lapack_error_agreement, py::arg("grid"), Release(),
             "Collective over the grid's communicator. A check of how LAPACK argument errors are reported "
             "(gingham/linalg/lapack_errors.hpp): grid rank 0 makes LAPACK report an illegal argument that "
             "the caller ignores; raises RuntimeError on every rank with LAPACK's report.");
  module.def("matmul", static_cast<Array (*)(const Array&, const Array&)>(&matmul), py::arg("x1"), py::arg("x2"), Release(),
             "Collective over the arrays' communicator. x1 @ x2 on PBLAS ?GEMM (see gingham/linalg/matmul.hpp): "
             "1-D operands as vectors, stacks broadcast and computed one matrix after another; operands in "
             "place when ScaLAPACK can read them as they lie (row-major shards as the transposed problem), "
             "else moved visibly; the result in the block-cyclic layout PBLAS wrote.");
  module.def("matmul_assign", static_cast<void (*)(const Array&, const Array&)>(&matmul_assign), py::arg("x"),
             py::arg("y"), Release(),
             "Collective. x @= y: the product written into x's memory in x's layout (in-place operator rules).");
  module.def(
      "scalapack_obstacle", [](const Array& x) { return scalapack_obstacle(x.distribution(), x.local()); },
      py::arg("x"),
      "Local. Why ScaLAPACK cannot use this rank's shard of the 2-D array x in place (as x, or as x^T "
      "for a row-major shard), or '' when it can.");
  module.def("blacs_live_contexts", &BlacsGrid::live_contexts,
             "Local. The number of BLACS contexts gingham holds now (one per grid and view; freed with the grid).");
  // ---- matrix functions without factorizations (gingham/linalg/matrix_functions.hpp) ----
  module.def("diagonal", static_cast<Array (*)(const Array&, std::int64_t)>(&diagonal), py::arg("x"), py::arg("offset"),
             Release(),
             "Collective over x's communicator. The offset-th diagonal of each matrix in the last two axes, "
             "each element read from its owner (index_arrays); the default layout of (..., L).");
  module.def(
      "trace",
      [](const Array& x, std::int64_t offset, std::optional<py::dtype> dtype) {
        const std::optional<DType> d = dtype ? std::optional<DType>(dtype_from_numpy(*dtype)) : std::nullopt;
        py::gil_scoped_release release;
        return trace(x, offset, d);
      },
      py::arg("x"), py::arg("offset"), py::arg("dtype"),
      "Collective over x's communicator. The sum of the offset-th diagonal of each matrix (dtype as sum's).");
  module.def("outer", static_cast<Array (*)(const Array&, const Array&)>(&outer), py::arg("x1"), py::arg("x2"), Release(),
             "Collective over the arrays' communicator. The outer product of two vectors, in the default layout.");
  module.def("cross", static_cast<Array (*)(const Array&, const Array&, int)>(&cross), py::arg("x1"), py::arg("x2"),
             py::arg("axis"), Release(),
             "Collective over the arrays' communicator. The cross product of 3-element vectors along a negative axis.");
  module.def("vector_norm",
             static_cast<Array (*)(const Array&, const std::optional<std::vector<int>>&, bool, double)>(&vector_norm),
             py::arg("x"), py::arg("axis"), py::arg("keepdims"), py::arg("ord"), Release(),
             "Collective over x's communicator. The vector ord-norm over axis (None: all), as reductions.");
  module.def(
      "matrix_norm",
      [](const Array& x, bool keepdims, const std::string& ord) {
        const std::optional<MatrixNormOrder> order = matrix_norm_order(ord);
        if (!order) throw std::invalid_argument("matrix_norm: no order named " + ord);
        py::gil_scoped_release release;
        return matrix_norm(x, keepdims, *order);
      },
      py::arg("x"), py::arg("keepdims"), py::arg("ord"),
      "Collective over x's communicator. The matrix norm of order ord ('fro', 'nuc', '1', '-1', '2', '-2', "
      "'inf', '-inf') of each matrix in the last two axes.");
  module.def("matrix_power", static_cast<Array (*)(const Array&, std::int64_t)>(&matrix_power), py::arg("x"),
             py::arg("n"), Release(),
             "Collective over x's communicator. x^n by repeated squaring (matmul); n = 0 gives the identity.");
  module.def("vecdot", static_cast<Array (*)(const Array&, const Array&, int)>(&vecdot), py::arg("x1"), py::arg("x2"),
             py::arg("axis"), Release(),
             "Collective over the arrays' communicator. sum(conj(x1) * x2) along a negative axis, others broadcast.");
  module.def("tensordot", static_cast<Array (*)(const Array&, const Array&, int)>(&tensordot), py::arg("x1"),
             py::arg("x2"), py::arg("count"), Release(),
             "Collective over the arrays' communicator. The contraction of x1's last and x2's first `count` axes.");
  module.def("tensordot_axes",
             static_cast<Array (*)(const Array&, const Array&, const std::vector<int>&, const std::vector<int>&)>(
                 &tensordot),
             py::arg("x1"), py::arg("x2"), py::arg("x1_axes"), py::arg("x2_axes"), Release(),
             "Collective over the arrays' communicator. The contraction over paired axes (permute, reshape, matmul).");

  // ---- The routines on ScaLAPACK (gingham/linalg/{cholesky,lu,qr,eigh,svd,eig}.hpp). A result struct is
  // returned as a tuple of its fields, in order; linalg.py makes it the Array API's named tuple. ----
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
  module.def(
      "slogdet",
      [](const Array& x) {
        auto [sign, logabsdet] = slogdet(x);
        return std::tuple{sign, logabsdet};
      },
      py::arg("x"), Release(),
      "Collective. (sign, log|det|) of each square matrix of x, from its LU factors ((0, -inf) when singular).");
  module.def(
      "qr",
      [](const Array& x, const std::string& mode) {
        auto [q, r] = qr(x, mode);
        return std::tuple{q, r};
      },
      py::arg("x"), py::arg("mode") = "reduced", Release(),
      "Collective. (Q, R) of each matrix on P?GEQRF + P?ORGQR/P?UNGQR (see gingham/linalg/qr.hpp).");
  module.def(
      "eigh",
      [](const Array& x) {
        auto [eigenvalues, eigenvectors] = eigh(x);
        return std::tuple{eigenvalues, eigenvectors};
      },
      py::arg("x"), Release(),
      "Collective. (eigenvalues ascending, eigenvectors) of each Hermitian matrix on P?SYEVD/P?HEEVD.");
  module.def("eigvalsh", static_cast<Array (*)(const Array&)>(&eigvalsh), py::arg("x"), Release(),
             "Collective. The ascending eigenvalues of each Hermitian matrix on P?SYEV/P?HEEV (JOBZ='N').");
  module.def(
      "svd",
      [](const Array& x, bool full_matrices) {
        auto [u, s, vh] = svd(x, full_matrices);
        return std::tuple{u, s, vh};
      },
      py::arg("x"), py::arg("full_matrices") = true, Release(),
      "Collective. (U, S, Vh) of each matrix on P?GESVD (full factors completed by a complete QR).");
  module.def("svdvals", static_cast<Array (*)(const Array&)>(&svdvals), py::arg("x"), Release(),
             "Collective. The descending singular values of each matrix on P?GESVD.");
  module.def("pinv", static_cast<Array (*)(const Array&, std::optional<double>)>(&pinv), py::arg("x"),
             py::arg("rtol") = std::nullopt, Release(), "Collective. The pseudo-inverse from the SVD.");
  module.def("matrix_rank", static_cast<Array (*)(const Array&, std::optional<double>)>(&matrix_rank), py::arg("x"),
             py::arg("rtol") = std::nullopt, Release(), "Collective. The rank from svdvals.");
  module.def(
      "eig",
      [](const Array& x) {
        auto [eigenvalues, eigenvectors] = eig(x);
        return std::tuple{eigenvalues, eigenvectors};
      },
      py::arg("x"), Release(),
      "Collective. (eigenvalues, eigenvectors) (complex) of each square matrix on the complex path "
      "P?GEHRD + P?UNMHR + P?LAHQR + P?TREVC.");
  module.def("eigvals", static_cast<Array (*)(const Array&)>(&eigvals), py::arg("x"), Release(),
             "Collective. The (complex) eigenvalues of each square matrix on P?GEHRD + P?LAHQR.");
}

}  // namespace gingham::python
