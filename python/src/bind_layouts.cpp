// The distributions and plans layers' value types: AxisLayout, Distribution, IndexMap, HaloSpec.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/plans/halo_plan.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/distributions/distribution.hpp"

namespace py = pybind11;

namespace gingham::python {

void bind_layouts(py::module_& module) {
  py::class_<AxisLayout>(module, "AxisLayout", "How one array axis is spread over one grid axis.")
      .def_static("block", &AxisLayout::block, py::arg("offset") = 0)
      .def_static("cyclic", &AxisLayout::cyclic, py::arg("offset") = 0)
      .def_static("block_cyclic", &AxisLayout::block_cyclic, py::arg("block_size"), py::arg("offset") = 0)
      .def_static("not_distributed", &AxisLayout::not_distributed)
      .def_property_readonly("is_distributed", &AxisLayout::is_distributed)
      .def_property_readonly("kind", [](const AxisLayout& a) {
        switch (a.kind()) {
          case AxisLayout::Kind::block: return "block";
          case AxisLayout::Kind::cyclic: return "cyclic";
          case AxisLayout::Kind::block_cyclic: return "block_cyclic";
          case AxisLayout::Kind::not_distributed: break;
        }
        return "none";
      })
      .def_property_readonly("block_size", &AxisLayout::block_size)
      .def_property_readonly("offset", &AxisLayout::offset)
      .def("describe", &AxisLayout::describe)
      .def("__eq__", [](const AxisLayout& a, const AxisLayout& b) { return a == b; });

  py::enum_<StorageOrder>(module, "StorageOrder")
      .value("row_major", StorageOrder::row_major)
      .value("column_major", StorageOrder::column_major);

  py::class_<Distribution, std::shared_ptr<Distribution>>(module, "Distribution", "An N-D layout over a grid shape.")
      .def(py::init<std::vector<std::int64_t>, std::vector<AxisLayout>, std::vector<int>, StorageOrder, std::vector<int>>(),
           py::arg("shape"), py::arg("axes"), py::arg("grid_dims"), py::arg("order"), py::arg("grid_axes"))
      .def_static("replicated", &Distribution::replicated, py::arg("shape"), py::arg("grid_dims"), py::arg("order"))
      .def_property_readonly("shape", &Distribution::global_shape)
      .def_property_readonly("grid_dims", &Distribution::grid_dims)
      .def_property_readonly("order", &Distribution::storage_order)
      .def_property_readonly("is_replicated", &Distribution::is_replicated)
      .def("axis_layout", &Distribution::axis_layout, py::arg("axis"))
      .def("grid_axis_of", &Distribution::grid_axis_of, py::arg("axis"))
      .def("local_shape", [](const Distribution& d, std::vector<int> coords) { return d.local_shape(coords); })
      .def("owner_coords", [](const Distribution& d, std::vector<std::int64_t> index) { return d.owner_coords(index); })
      .def(
          "owned_indices",
          [](const Distribution& d, std::vector<int> coords, int axis) {
            std::vector<std::int64_t> indices = d.owned_indices(coords, axis);
            return py::array_t<std::int64_t>(static_cast<py::ssize_t>(indices.size()), indices.data());
          },
          py::arg("coords"), py::arg("axis"))
      .def("scalapack_incompatibility", &Distribution::scalapack_incompatibility)
      .def("describe", &Distribution::describe)
      .def("__eq__", [](const Distribution& a, const Distribution& b) { return a == b; });

  py::class_<IndexMap>(module, "IndexMap", "Which source element each target element reads.")
      .def_static("identity", &IndexMap::identity, py::arg("source_shape"))
      .def_static(
          "slices",
          [](std::vector<std::int64_t> shape, const std::vector<std::tuple<std::optional<std::int64_t>, std::optional<std::int64_t>, std::int64_t>>& slices) {
            std::vector<IndexMap::Slice> list;
            for (const auto& [start, stop, step] : slices) list.push_back({start, stop, step});
            return IndexMap::slices(std::move(shape), list);
          },
          py::arg("source_shape"), py::arg("slices"))
      .def_static(
          "general",
          [](std::vector<std::int64_t> shape, const std::vector<std::tuple<int, std::int64_t, std::int64_t, std::int64_t>>& axes,
             const std::vector<std::pair<int, std::int64_t>>& fixed) {
            std::vector<IndexMap::TargetAxis> target;
            for (const auto& [axis, start, step, extent] : axes) target.push_back({axis, start, step, extent});
            std::vector<IndexMap::FixedIndex> held;
            for (const auto& [axis, index] : fixed) held.push_back({axis, index});
            return IndexMap(std::move(shape), std::move(target), std::move(held));
          },
          py::arg("source_shape"), py::arg("target_axes"), py::arg("fixed"))
      .def("then", &IndexMap::then, py::arg("next"))
      .def_property_readonly("target_shape", &IndexMap::target_shape)
      .def("describe", &IndexMap::describe);

  py::enum_<Stencil>(module, "Stencil").value("star", Stencil::star).value("box", Stencil::box);

  py::class_<HaloSpec>(module, "HaloSpec", "Ghost widths, periodicity and stencil of an array.")
      .def(py::init([](std::vector<std::int64_t> lower, std::vector<std::int64_t> upper, std::vector<bool> periodic,
                       Stencil stencil) { return HaloSpec{std::move(lower), std::move(upper), std::move(periodic), stencil}; }),
           py::arg("lower"), py::arg("upper"), py::arg("periodic"), py::arg("stencil"))
      .def_readonly("lower", &HaloSpec::lower)
      .def_readonly("upper", &HaloSpec::upper)
      .def_readonly("periodic", &HaloSpec::periodic)
      .def_readonly("stencil", &HaloSpec::stencil)
      .def("describe", &HaloSpec::describe);
}

}  // namespace gingham::python
