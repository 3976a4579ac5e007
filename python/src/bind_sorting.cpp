// sort and argsort (gingham/kernels/sorting.hpp) and the set kernels on sorted arrays (sets.hpp,
// searching.hpp): argument conversion and docstrings only.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/kernels/searching.hpp"
#include "gingham/kernels/sets.hpp"
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
  module.def(
      "unique",
      [](const Array& x, bool counts, bool firsts) {
        UniqueRuns runs = [&] {
          py::gil_scoped_release release;
          return unique(x, counts, firsts);
        }();
        return py::make_tuple(runs.values, runs.counts, runs.firsts);
      },
      py::arg("x"), py::arg("counts"), py::arg("firsts"),
      "Collective. (values, counts or None, first occurrences or None) of x's distinct values, sorted.");
  module.def(
      "unique_inverse",
      [](const Array& x) {
        UniqueInverseResult result = [&] {
          py::gil_scoped_release release;
          return unique_inverse(x);
        }();
        return py::make_tuple(result.values, result.inverse_indices);
      },
      py::arg("x"), "Collective. (values, inverse_indices): x's distinct values and each element's index among them.");
  module.def(
      "unique_all",
      [](const Array& x) {
        UniqueAllResult result = [&] {
          py::gil_scoped_release release;
          return unique_all(x);
        }();
        return py::make_tuple(result.values, result.indices, result.inverse_indices, result.counts);
      },
      py::arg("x"), "Collective. (values, indices, inverse_indices, counts) of x's distinct values.");
  module.def("isin", &isin, py::arg("x1"), py::arg("x2"), py::arg("invert"), Release(),
             "Collective. Whether each element of x1 occurs in x2 (bool, x1's layout; not, with invert).");
  module.def("contains_sorted", &contains_sorted, py::arg("sorted"), py::arg("x2"), Release(),
             "Collective. Whether each element of x2 occurs in the sorted 1-D array (bool, x2's layout).");
}

}  // namespace gingham::python
