// Elementwise functions, type promotion and conversion: the Array API's function names, checked and
// computed in C++ (gingham/kernels/elementwise.hpp).
#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/result_layout.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {

UnaryOp unary_named(const std::string& name) {
  if (auto op = unary_op(name)) return *op;
  throw std::invalid_argument("gingham: no elementwise function " + name);
}

BinaryOp binary_named(const std::string& name) {
  if (auto op = binary_op(name)) return *op;
  throw std::invalid_argument("gingham: no elementwise function " + name);
}

}  // namespace

void bind_elementwise(py::module_& module) {
  module.def(
      "elementwise_result_layout",
      [](const std::vector<std::int64_t>& shape, const ProcessGrid& grid, const std::vector<const Array*>& arrays) {
        return std::const_pointer_cast<Distribution>(elementwise_result_layout(shape, grid, arrays));
      },
      py::arg("shape"), py::arg("grid"), py::arg("arrays"),
      "Local. The layout an elementwise result of `shape` takes from these operands (the first distributed one's).");
  module.def(
      "unary", [](const std::string& name, const Array& x) { return apply(unary_named(name), x); }, py::arg("name"),
      py::arg("x"), py::call_guard<py::gil_scoped_release>(),
      "Collective over x's communicator (no messages). The elementwise function `name` of x.");
  module.def(
      "binary",
      [](const std::string& name, const Operand& x1, const Operand& x2, const Array* out) {
        return apply(binary_named(name), x1, x2, out);
      },
      py::arg("name"), py::arg("x1"), py::arg("x2"), py::arg("out") = nullptr, py::call_guard<py::gil_scoped_release>(),
      "Collective over the arrays' communicator. The elementwise function `name` of x1 and x2 (arrays or Python "
      "scalars), broadcast; with `out`, written into it.");
  module.def("clip", &clip, py::arg("x"), py::arg("min"), py::arg("max"), py::call_guard<py::gil_scoped_release>(),
             "Collective. clip(x, min, max).");
  module.def("where", &where, py::arg("condition"), py::arg("x1"), py::arg("x2"),
             py::call_guard<py::gil_scoped_release>(), "Collective. where(condition, x1, x2).");
  module.def(
      "astype", [](const Array& x, const py::dtype& dtype) {
        const DType to = dtype_from_numpy(dtype);
        py::gil_scoped_release release;
        return astype(x, to);
      },
      py::arg("x"), py::arg("dtype"), "Collective (no messages). x converted to dtype (a copy).");
  module.def(
      "promote",
      [](const py::dtype& a, const py::dtype& b) -> py::object {
        if (auto d = promote(dtype_from_numpy(a), dtype_from_numpy(b))) return numpy_dtype(*d);
        return py::none();
      },
      py::arg("a"), py::arg("b"), "Local. The promoted dtype of a and b, or None (the Array API's table).");
  module.def(
      "unary_result_dtype", [](const std::string& name, const py::dtype& x) {
        return numpy_dtype(result_dtype(unary_named(name), dtype_from_numpy(x)));
      },
      py::arg("name"), py::arg("x"), "Local. The dtype an elementwise function gives (TypeError if none).");
  module.def("elementwise_names", [] {
    py::list unary, binary;
#define GINGHAM_NAME(name, kinds, result) unary.append(#name);
    GINGHAM_FOR_EACH_UNARY_OP(GINGHAM_NAME)
#undef GINGHAM_NAME
#define GINGHAM_NAME(name, kinds, result) binary.append(#name);
    GINGHAM_FOR_EACH_BINARY_OP(GINGHAM_NAME)
#undef GINGHAM_NAME
    return py::make_tuple(unary, binary);
  }, "Local. The names of the unary and binary elementwise functions.");
}

}  // namespace gingham::python
