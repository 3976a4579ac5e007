// Files: .npy save and load (gingham/io/npy.hpp), HDF5 save, load and contents (gingham/io/hdf5.hpp).
// Conversion only.
#include <pybind11/complex.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/io/hdf5.hpp"
#include "gingham/io/npy.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {

/// A Python hyperslab key (a list of ints, slices of ints or None, Ellipsis, None) as C++'s.
Hdf5Key hdf5_key(const std::vector<py::object>& entries) {
  Hdf5Key key;
  for (const py::object& k : entries) {
    if (k.is_none()) {
      key.emplace_back(NewAxis{});
    } else if (k.is(py::ellipsis())) {
      key.emplace_back(Ellipsis{});
    } else if (py::isinstance<py::slice>(k)) {
      auto bound = [&](const char* name) -> std::optional<std::int64_t> {
        const py::object value = k.attr(name);
        return value.is_none() ? std::nullopt : std::optional<std::int64_t>(value.cast<std::int64_t>());
      };
      key.emplace_back(IndexMap::Slice{bound("start"), bound("stop"), bound("step").value_or(1)});
    } else {
      key.emplace_back(k.cast<std::int64_t>());
    }
  }
  return key;
}

}  // namespace

void bind_io(py::module_& module) {
  module.def(
      "save_npy", [](const std::string& path, const Array& x) { save_npy(path, x); }, py::arg("path"), py::arg("x"),
      py::call_guard<py::gil_scoped_release>(),
      "Collective over x's communicator. Writes x to the .npy file `path` (parallel MPI-IO, atomic rename).");
  module.def(
      "load_npy",
      [](const std::string& path, const ProcessGrid& grid, std::shared_ptr<Distribution> layout,
         std::optional<py::dtype> dtype) {
        std::optional<DType> to;
        if (dtype) to = dtype_from_numpy(*dtype);
        py::gil_scoped_release release;
        return load_npy(path, grid, std::move(layout), to);
      },
      py::arg("path"), py::arg("grid"), py::arg("layout") = py::none(), py::arg("dtype") = py::none(),
      "Collective over grid's communicator. The array in the .npy file `path`, in `layout` (default: the default "
      "layout on grid), converted to `dtype` when given.");
  module.def("save_hdf5", &save_hdf5, py::arg("path"), py::arg("datasets"), py::arg("attributes"),
             py::call_guard<py::gil_scoped_release>(),
             "Collective over the arrays' communicator. Writes the arrays of `datasets` (name -> Array) and the "
             "scalar `attributes` to the HDF5 file `path` (parallel HDF5, atomic rename).");
  module.def(
      "load_hdf5",
      [](const std::string& path, const std::string& dataset, const ProcessGrid& grid, std::shared_ptr<Distribution> layout,
         const std::vector<py::object>& key, std::optional<py::dtype> dtype) {
        std::optional<DType> to;
        if (dtype) to = dtype_from_numpy(*dtype);
        Hdf5Key converted = hdf5_key(key);
        py::gil_scoped_release release;
        return load_hdf5(path, dataset, grid, std::move(layout), converted, to);
      },
      py::arg("path"), py::arg("dataset"), py::arg("grid"), py::arg("layout") = py::none(), py::arg("key") = std::vector<py::object>{},
      py::arg("dtype") = py::none(),
      "Collective over grid's communicator. The dataset (or the hyperslab `key`: ints and slices) of the HDF5 file "
      "`path`, in `layout` (default: the default layout on grid), converted to `dtype` when given.");
  module.def(
      "hdf5_contents",
      [](const std::string& path, const ProcessGrid& grid) {
        Hdf5Contents contents;
        {
          py::gil_scoped_release release;
          contents = hdf5_contents(path, grid.comm());
        }
        return py::make_tuple(contents.datasets, contents.attributes);
      },
      py::arg("path"), py::arg("grid"),
      "Collective over grid's communicator. (dataset paths, root attributes) of the HDF5 file `path`.");
}

}  // namespace gingham::python
