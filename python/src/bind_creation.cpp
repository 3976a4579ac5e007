// Creation functions and layout-level manipulation: gingham/kernels/creation.hpp, manipulation.hpp.
#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/searching.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {
using Layout = std::shared_ptr<Distribution>;
using Release = py::call_guard<py::gil_scoped_release>;
}  // namespace

void bind_creation(py::module_& module) {
  module.def(
      "default_layout", [](const std::vector<std::int64_t>& shape, const ProcessGrid& grid) {
        return std::const_pointer_cast<Distribution>(default_layout(shape, grid));
      },
      py::arg("shape"), py::arg("grid"), "Local. gingham's default layout of `shape` on `grid`.");
  module.def(
      "full", [](const py::dtype& dtype, const ProcessGrid& grid, const Layout& layout, const Scalar& value,
                 std::optional<HaloSpec> halo) {
        const DType d = dtype_from_numpy(dtype);
        py::gil_scoped_release release;
        return full(d, grid, layout, value, halo.value_or(HaloSpec{}));
      },
      py::arg("dtype"), py::arg("grid"), py::arg("layout"), py::arg("value"), py::arg("halo") = py::none(),
      "Collective. An array of `layout` filled with `value`.");
  module.def(
      "arange", [](const py::dtype& dtype, const ProcessGrid& grid, const Layout& layout, const Scalar& start,
                   const Scalar& step) {
        const DType d = dtype_from_numpy(dtype);
        py::gil_scoped_release release;
        return arange(d, grid, layout, start, step);
      },
      py::arg("dtype"), py::arg("grid"), py::arg("layout"), py::arg("start"), py::arg("step"),
      "Collective. start + i * step in a 1-D layout.");
  module.def(
      "linspace", [](const py::dtype& dtype, const ProcessGrid& grid, const Layout& layout, std::complex<double> start,
                     std::complex<double> stop, bool endpoint) {
        const DType d = dtype_from_numpy(dtype);
        py::gil_scoped_release release;
        return linspace(d, grid, layout, start, stop, endpoint);
      },
      py::arg("dtype"), py::arg("grid"), py::arg("layout"), py::arg("start"), py::arg("stop"), py::arg("endpoint"),
      "Collective. Evenly spaced values in a 1-D layout.");
  module.def(
      "eye", [](const py::dtype& dtype, const ProcessGrid& grid, const Layout& layout, std::int64_t k) {
        const DType d = dtype_from_numpy(dtype);
        py::gil_scoped_release release;
        return eye(d, grid, layout, k);
      },
      py::arg("dtype"), py::arg("grid"), py::arg("layout"), py::arg("k"), "Collective. Ones on the k-th diagonal.");
  module.def("tril", &tril, py::arg("x"), py::arg("k"), Release(), "Collective. The lower triangle(s).");
  module.def("triu", &triu, py::arg("x"), py::arg("k"), Release(), "Collective. The upper triangle(s).");
  module.def(
      "broadcast_to", [](const Array& x, const ProcessGrid& grid, const Layout& layout) {
        return broadcast_to(x, grid, layout);
      },
      py::arg("x"), py::arg("grid"), py::arg("layout"), Release(),
      "Collective. x broadcast to the layout's shape, laid out as `layout`.");
  module.def("permute_dims", &permute_dims, py::arg("x"), py::arg("axes"), Release(),
             "Collective. x with its axes permuted, its layout permuted alike (no element changes rank).");
  module.def("flip", &flip, py::arg("x"), py::arg("axes"), Release(), "Collective. x reversed along axes, in x's layout.");
  module.def("broadcast_shapes", &broadcast_shapes, py::arg("a"), py::arg("b"),
             "Local. The broadcast shape of two shapes (ValueError when they do not broadcast).");
  module.def("concat", &concat, py::arg("arrays"), py::arg("axis"), py::arg("layout_of") = 0, Release(),
             "Collective. The arrays joined along axis, in the layout of arrays[layout_of].");
  module.def("merge_axes", &merge_axes, py::arg("x"), py::arg("axis"), Release(),
             "Collective. x with axes axis and axis + 1 merged (a view when the inner axis is local).");
  module.def("reshape", &reshape, py::arg("x"), py::arg("shape"), Release(),
             "Collective. x's elements in row-major order in a new shape (default layout).");
  module.def("repeat", py::overload_cast<const Array&, std::int64_t, int>(&repeat), py::arg("x"), py::arg("count"),
             py::arg("axis"), Release(), "Collective. Each slab of x along axis repeated count times (a view of copies).");
  module.def("repeat", py::overload_cast<const Array&, std::vector<std::int64_t>, int>(&repeat), py::arg("x"),
             py::arg("counts"), py::arg("axis"), Release(),
             "Collective. Slab i of x along axis repeated counts[i] times (take; every rank passes the same counts).");
  module.def("searchsorted", &searchsorted, py::arg("x1"), py::arg("x2"), py::arg("right"), Release(),
             "Collective. Insertion indices of x2's elements in the sorted 1-D x1.");
  module.def("compress", &compress, py::arg("values"), py::arg("mask"), Release(),
             "Collective. The elements of 1-D values where the 1-D mask is set, balanced.");
  module.def("flatnonzero", &flatnonzero, py::arg("mask"), Release(),
             "Collective. The increasing indices of the nonzero elements of a 1-D array, balanced.");
  module.def("squeeze", &squeeze, py::arg("x"), py::arg("axes"), Release(), "Collective. x without the size-1 axes.");
}

}  // namespace gingham::python
