// Indexing and assignment through keys: gingham/kernels/indexing.hpp, slicing.hpp, assignment.hpp.
#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "numpy_views.hpp"
#include "gingham/kernels/assignment.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/slicing.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {
using Release = py::call_guard<py::gil_scoped_release>;

/// A Python key entry (an int, a slice of ints and None, None, ..., or a gingham _core.Array) as C++'s.
IndexKey key_entry(const py::handle& k) {
  if (k.is_none()) return NewAxis{};
  if (k.is(py::ellipsis())) return Ellipsis{};
  if (py::isinstance<Array>(k)) return k.cast<Array>();
  if (py::isinstance<py::slice>(k)) {
    auto bound = [&](const char* name) -> std::optional<std::int64_t> {
      const py::object value = k.attr(name);
      return value.is_none() ? std::nullopt : std::optional<std::int64_t>(value.cast<std::int64_t>());
    };
    const std::optional<std::int64_t> step = bound("step");
    return IndexMap::Slice{bound("start"), bound("stop"), step.value_or(1)};
  }
  return k.cast<std::int64_t>();
}
}  // namespace

void bind_indexing(py::module_& module) {
  module.def(
      "take",
      [](const Array& x, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& indices, int axis) {
        py::gil_scoped_release release;  // `indices` holds the NumPy buffer for the call
        return take(x, indices.data(), static_cast<std::int64_t>(indices.size()), axis);
      },
      py::arg("x"), py::arg("indices"), py::arg("axis"),
      "Collective. The slabs of x at 1-D int64 host indices along axis (every rank passes the same indices).");
  module.def(
      "assign_take",
      [](const Array& x, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& indices, int axis,
         const py::array& values) {
        const RawView view = raw_view(values);
        py::gil_scoped_release release;  // `indices` and `values` hold the NumPy buffers for the call
        assign_take(x, indices.data(), static_cast<std::int64_t>(indices.size()), axis, view);
      },
      py::arg("x"), py::arg("indices"), py::arg("axis"), py::arg("values"),
      "Collective. x's slabs at 1-D int64 host indices along axis = host values of x's dtype (every rank alike).");
  module.def(
      "assign_take_scalar",
      [](const Array& x, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& indices, int axis,
         const Scalar& value) {
        py::gil_scoped_release release;
        assign_take(x, indices.data(), static_cast<std::int64_t>(indices.size()), axis, value);
      },
      py::arg("x"), py::arg("indices"), py::arg("axis"), py::arg("value"),
      "Collective. x's slabs at 1-D int64 host indices along axis = one scalar (every rank alike).");
  module.def("take_array", py::overload_cast<const Array&, const Array&, int>(&take), py::arg("x"), py::arg("indices"),
             py::arg("axis"), Release(), "Collective. take with the indices in a 1-D integer array in any layout.");
  module.def("take_along_axis", &take_along_axis, py::arg("x"), py::arg("indices"), py::arg("axis"), Release(),
             "Collective. NumPy's take_along_axis.");
  module.def("index_arrays", &index_arrays, py::arg("x"), py::arg("keys"), Release(),
             "Collective. x[k0, k1, ...] for integer-array keys (broadcast together).");
  module.def(
      "getitem",
      [](const Array& x, const py::sequence& key) {
        std::vector<IndexKey> entries;
        for (const py::handle& k : key) entries.push_back(key_entry(k));
        py::gil_scoped_release release;
        return getitem(x, entries);
      },
      py::arg("x"), py::arg("key"),
      "Collective. x[key] for a key of ints, slices, None, ... and integer gingham arrays (gingham/kernels/slicing.hpp).");
  module.def("assign", &assign, py::arg("x"), py::arg("selection"), py::arg("value"), Release(),
             "Collective. x[basic key] = value, written by the owners in place.");
  module.def("assign_where", &assign_where, py::arg("x"), py::arg("mask"), py::arg("value"), Release(),
             "Collective. x[mask] = value, written by the owners in place.");
  module.def("assign_at", &assign_at, py::arg("x"), py::arg("keys"), py::arg("value"), Release(),
             "Collective. x[integer-array keys] = value, written by the owners in place.");
}

}  // namespace gingham::python
