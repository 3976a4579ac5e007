// One rank in, one rank out: the root's header broadcast, scatter from the root, gather to the root.
// Parameters named root_* are the root's own (ignored elsewhere; the C++ checking mode does not compare the data).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <vector>

#include "bindings.hpp"
#include "gingham/kernels/scatter_gather.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {

void bind_scatter_gather(py::module_& module) {
  module.def(
      "broadcast_header",
      [](const Comm& comm, int root, const std::optional<py::dtype>& root_dtype, const std::vector<std::int64_t>& root_shape) {
        HostArrayHeader header;
        if (comm.rank() == root && root_dtype) header = HostArrayHeader{dtype_from_numpy(*root_dtype), root_shape};
        HostArrayHeader result;
        {
          py::gil_scoped_release release;
          result = broadcast_header(comm, root, header);
        }
        return py::make_tuple(numpy_dtype(result.dtype), py::tuple(py::cast(result.shape)));
      },
      py::arg("comm"), py::arg("root"), py::arg("root_dtype"), py::arg("root_shape"),
      "Collective over comm. The root's (dtype, shape) on every rank; the others' arguments are ignored.");
  module.def(
      "scatter_from",
      [](const std::optional<py::array>& root_whole, const py::dtype& dtype, const ProcessGrid& grid,
         std::shared_ptr<Distribution> layout, int root, std::optional<HaloSpec> halo) {
        const DType element = dtype_from_numpy(dtype);
        const RawView view = root_whole ? raw_view(*root_whole) : RawView{};
        py::gil_scoped_release release;
        return scatter_from(element, grid, std::move(layout), root, view, halo.value_or(HaloSpec{}));
      },
      py::arg("root_whole"), py::arg("dtype"), py::arg("grid"), py::arg("layout"), py::arg("root"), py::arg("halo"),
      "Collective over the grid's communicator. The root's whole array (None elsewhere) laid out as layout.");
  module.def(
      "gather_to",
      [](const Array& x, int root) -> py::object {
        const bool is_root = x.grid().comm().rank() == root;
        std::optional<py::array> whole;
        if (is_root) {
          whole.emplace(numpy_dtype(x.dtype()), std::vector<py::ssize_t>(x.global_shape().begin(), x.global_shape().end()));
        }
        const RawView view = whole ? raw_view(*whole) : RawView{};
        {
          py::gil_scoped_release release;
          gather_to(x, root, view);
        }
        return whole ? py::object(*whole) : py::object(py::none());
      },
      py::arg("x"), py::arg("root"),
      "Collective over the communicator. The whole array on rank root as a NumPy array, None elsewhere.");
}

}  // namespace gingham::python
