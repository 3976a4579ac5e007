// What printing, iteration and pickling need from C++: one element from its owner
// (gingham/kernels/element.hpp), a batch of elements (element_access.hpp) and a local wrap of a shard that arrived in a pickle.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <vector>

#include "bindings.hpp"
#include "gingham/array/array.hpp"
#include "gingham/kernels/element.hpp"
#include "gingham/kernels/element_access.hpp"
#include "gingham/kernels/printing.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {

/// A new NumPy array of x's dtype and `shape` whose bytes `read(data)` writes with the GIL released.
template <class Read>
py::array read_into_numpy(const Array& x, std::vector<py::ssize_t> shape, Read read) {
  py::array result(numpy_dtype(x.dtype()), std::move(shape));
  auto* data = static_cast<std::byte*>(result.mutable_data());
  py::gil_scoped_release release;
  read(data);
  return result;
}

}  // namespace

void bind_display(py::module_& module) {
  module.def(
      "read_element",
      [](const Array& x, const std::vector<std::int64_t>& index) {
        return read_into_numpy(x, {}, [&](std::byte* data) { read_element(x, index, data); });
      },
      py::arg("x"), py::arg("index"),
      "Collective over x's communicator (one MPI_Allreduce of the item and 17 bytes; see read_element). The "
      "element at the global `index` (every rank the same) as a 0-D NumPy array on every rank.");
  module.def(
      "read_positions",
      [](const Array& x, const py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>& flat) {
        const std::span<const std::int64_t> positions(flat.data(), static_cast<std::size_t>(flat.size()));
        return read_into_numpy(x, {flat.size()}, [&](std::byte* data) { read_elements(x, positions, data); });
      },
      py::arg("x"), py::arg("flat"),
      "Collective over x's communicator (see read_elements). The elements at this rank's row-major flat "
      "positions `flat` (each rank its own), as a 1-D NumPy array.");
  module.def(
      "printed_values",
      [](const Array& x, std::int64_t threshold, std::int64_t edgeitems) {
        PrintedValues values;
        {
          py::gil_scoped_release release;
          values = printed_values(x, threshold, edgeitems);
        }
        py::array result(numpy_dtype(values.dtype), std::vector<py::ssize_t>(values.shape.begin(), values.shape.end()));
        if (!values.data.empty()) std::memcpy(result.mutable_data(), values.data.data(), values.data.size());
        return py::make_tuple(result, values.summarized);
      },
      py::arg("x"), py::arg("threshold"), py::arg("edgeitems"),
      "Collective over x's communicator, except for 0-D and replicated arrays on a grid of all ranks (see "
      "gingham::printed_values). (values, summarized): what NumPy prints of x under these print options.");
  module.def(
      "array_repr",
      [](const Array& x, std::int64_t threshold, std::int64_t edgeitems, int precision, int linewidth) {
        py::gil_scoped_release release;
        return array_repr(x, PrintOptions{threshold, edgeitems, precision, linewidth});
      },
      py::arg("x"), py::arg("threshold"), py::arg("edgeitems"), py::arg("precision"), py::arg("linewidth"),
      "Collective over x's communicator (as printed_values). C++'s `operator<<` text of x (gingham::array_repr): "
      "the same as repr(x) under these print options.");
  module.def(
      "element_owner", [](const Array& x, const std::vector<std::int64_t>& index) { return element_owner(x, index); },
      py::arg("x"), py::arg("index"),
      "Local. The communicator rank that answers for the element at `index` (the primary copy's owner).");
  module.def(
      "wrap_local",
      [](const py::array& shard, const ProcessGrid& grid, std::shared_ptr<Distribution> layout) {
        const DType dtype = dtype_from_numpy(shard.dtype());
        const RawView view = raw_view(shard);
        // The array keeps the NumPy shard alive; the last reference may go away without the GIL held.
        std::shared_ptr<void> keep_alive(new py::object(shard), [](void* owner) {
          py::gil_scoped_acquire acquire;
          delete static_cast<py::object*>(owner);
        });
        return Array::wrap(dtype, grid, std::move(layout), grid.contains_this_rank() ? view.data : nullptr,
                           view.strides, std::move(keep_alive));
      },
      py::arg("shard"), py::arg("grid"), py::arg("layout"),
      "Local (no message). An array over this rank's shard alone (zero copy), the shard of the local shape "
      "the layout gives this rank: the caller makes sure every rank of the grid does the same.");
}

}  // namespace gingham::python
