// Array (any dtype) with its local views and halo exchange, and the kernels that make and move arrays.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>

#include "bindings.hpp"
#include "gingham/array/array.hpp"
#include "gingham/array/move_to_grid.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/plans/plan_cache.hpp"
#include "gingham/plans/plan_options.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/reductions.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {

using Layout = std::shared_ptr<Distribution>;  // pybind11 holds layouts as shared_ptr<Distribution>

Layout python_layout(const Array& x) { return std::const_pointer_cast<Distribution>(x.layout()); }

}  // namespace

void bind_arrays(py::module_& module) {
  py::class_<Array>(module, "Array", "A distributed array of any dtype (C++ gingham::Array).")
      .def_static(
          "allocate",
          [](const py::dtype& dtype, const ProcessGrid& grid, Layout layout, std::optional<HaloSpec> halo, bool zero) {
            const DType element = dtype_from_numpy(dtype);
            py::gil_scoped_release release;
            return Array::allocate(element, grid, std::move(layout), halo.value_or(HaloSpec{}), zero);
          },
          py::arg("dtype"), py::arg("grid"), py::arg("layout"), py::arg("halo"), py::arg("zero"),
          "Collective over the grid's communicator. A new array, zero-filled when `zero`.")
      .def_property_readonly("dtype", [](const Array& x) { return numpy_dtype(x.dtype()); }, "Local.")
      .def_property_readonly("global_shape", &Array::global_shape, "Local.")
      .def_property_readonly("ndim", &Array::ndim, "Local.")
      .def_property_readonly("global_size", &Array::global_size, "Local.")
      .def_property_readonly("grid", &Array::grid, "Local.")
      .def_property_readonly("layout", &python_layout, "Local.")
      .def_property_readonly("holds_shard", &Array::holds_shard, "Local.")
      .def_property_readonly("local_shape", &Array::local_shape, "Local.")
      .def_property_readonly("halo", &Array::halo, "Local.")
      .def_property_readonly(
          "local", [](py::object self) { const Array& x = self.cast<const Array&>(); return numpy_view(x.local(), x.dtype(), self); },
          "Local. This rank's shard: a writable NumPy view sharing memory with the array.")
      .def_property_readonly(
          "local_with_halo",
          [](py::object self) { const Array& x = self.cast<const Array&>(); return numpy_view(x.local_with_halo(), x.dtype(), self); },
          "Local. This rank's shard with its ghost cells: a writable NumPy view.")
      .def("exchange_halo", &Array::exchange_halo, py::call_guard<py::gil_scoped_release>(),
           "Collective over the grid's communicator. Fills the ghost cells.")
      .def("begin_halo_exchange", &Array::begin_halo_exchange, py::call_guard<py::gil_scoped_release>(),
           "Collective over the grid's communicator. Starts filling the ghost cells.")
      .def("end_halo_exchange", &Array::end_halo_exchange, py::call_guard<py::gil_scoped_release>(),
           "Local. Completes begin_halo_exchange().");

  module.def(
      "from_whole",
      [](const py::array& whole, const ProcessGrid& grid, Layout layout, std::optional<HaloSpec> halo) {
        const DType dtype = dtype_from_numpy(whole.dtype());
        const RawView view = raw_view(whole);
        py::gil_scoped_release release;
        return from_whole(dtype, grid, std::move(layout), view, halo.value_or(HaloSpec{}));
      },
      py::arg("whole"), py::arg("grid"), py::arg("layout"), py::arg("halo"),
      "Collective over the grid's communicator. Every rank passes the same whole array; each keeps its part.");
  module.def(
      "from_local",
      [](const py::array& shard, const ProcessGrid& grid, Layout layout) {
        const DType dtype = dtype_from_numpy(shard.dtype());
        const RawView view = raw_view(shard);
        // The array keeps the NumPy shard alive; the last reference may go away without the GIL held.
        std::shared_ptr<void> keep_alive(new py::object(shard), [](void* owner) {
          py::gil_scoped_acquire acquire;
          delete static_cast<py::object*>(owner);
        });
        py::gil_scoped_release release;
        return Array::from_local(dtype, grid, std::move(layout), view, std::move(keep_alive));
      },
      py::arg("shard"), py::arg("grid"), py::arg("layout"),
      "Collective over the grid's communicator. An array over each rank's existing shard (zero copy).");
  module.def(
      "redistribute",
      [](const Array& x, const ProcessGrid& grid, Layout target, std::optional<IndexMap> map, std::optional<HaloSpec> halo) {
        py::gil_scoped_release release;
        return redistribute(x, grid, std::move(target), std::move(map), PlanOptions{}, halo.value_or(HaloSpec{}));
      },
      py::arg("x"), py::arg("grid"), py::arg("target"), py::arg("index_map"), py::arg("halo"),
      "Collective over the communicator. x in another layout, read through an index map.");
  module.def(
      "move_to_grid",
      [](const Comm& over, const Array* x, const ProcessGrid* grid, Layout layout) {
        py::gil_scoped_release release;
        return move_to_grid(over, x, grid, std::move(layout));
      },
      py::arg("over"), py::arg("x").none(true), py::arg("grid").none(true), py::arg("layout").none(true),
      "Collective over `over`. x (None where this rank holds no array) on `grid` (None where it receives none); "
      "None on the ranks that passed no grid.");
  module.def("enclosing_comm", &enclosing_comm, py::arg("x").none(true), py::arg("grid").none(true),
             py::return_value_policy::copy,
             "Local. Of x's and the grid's communicators, the one holding the other.");
  module.def("same_ranks", &same_ranks, py::arg("a"), py::arg("b"),
             "Local. Whether two communicators have the same ranks in the same order.");
  module.def(
      "plan_cache_statistics",
      [] {
        const PlanCacheStatistics s = plan_cache_statistics();
        py::dict d;
        d["hits"] = s.hits, d["misses"] = s.misses, d["entries"] = s.entries, d["capacity"] = s.capacity;
        return d;
      },
      "Local. The plan cache's counters and size on this rank.");
  module.def("set_plan_cache_capacity", &set_plan_cache_capacity, py::arg("entries"),
             "Local. Keeps at most `entries` cached plans (0 turns the cache off).");
  module.def("clear_plan_cache", &clear_plan_cache, "Local. Drops every cached plan and resets the counters.");
  py::class_<RedistributionPlan>(module, "RedistributionPlan",
                                 "A redistribution built once and executed many times (C++ gingham::RedistributionPlan).")
      .def(py::init([](const ProcessGrid& grid, Layout source, Layout target, std::optional<IndexMap> map,
                       std::optional<std::size_t> chunk_bytes) {
             PlanOptions options;
             if (chunk_bytes) options.chunk_bytes = *chunk_bytes;
             py::gil_scoped_release release;
             return RedistributionPlan(grid.comm(), std::move(source), std::move(target), std::move(map), options);
           }),
           py::arg("grid"), py::arg("source"), py::arg("target"), py::arg("index_map"), py::arg("chunk_bytes"),
           "Collective over the grid's communicator.")
      .def(
          "apply",
          [](const RedistributionPlan& plan, const Array& x, const ProcessGrid& grid, std::optional<HaloSpec> halo) {
            py::gil_scoped_release release;
            return redistribute(plan, x, grid, halo.value_or(HaloSpec{}));
          },
          py::arg("x"), py::arg("grid"), py::arg("halo"), "Collective. A new array in the target layout, filled from x.")
      .def(
          "execute",
          [](const RedistributionPlan& plan, const Array& x, Array& y) {
            py::gil_scoped_release release;
            redistribute(plan, x, y);
          },
          py::arg("x"), py::arg("y"), "Collective. Fills y (in the target layout) from x.")
      .def(
          "statistics",
          [](const RedistributionPlan& plan, std::size_t item_size) {
            const PlanStatistics s = plan.statistics(item_size);
            py::dict d;
            d["send_messages"] = s.send_messages, d["receive_messages"] = s.receive_messages;
            d["send_elements"] = s.send_elements, d["receive_elements"] = s.receive_elements;
            d["self_elements"] = s.self_elements, d["rounds"] = s.rounds, d["moves_by_pieces"] = s.moves_by_pieces;
            d["buffer_bytes"] = s.buffer_bytes, d["metadata_bytes"] = s.metadata_bytes;
            d["datatype_executions"] = s.datatype_executions, d["packed_executions"] = s.packed_executions;
            return d;
          },
          py::arg("item_size"), "Local. What an execution moves on this rank, for elements of item_size bytes.");
  module.def(
      "gather_to_all",
      [](const Array& x) {
        py::array whole(numpy_dtype(x.dtype()), std::vector<py::ssize_t>(x.global_shape().begin(), x.global_shape().end()));
        const RawView view = raw_view(whole);
        py::gil_scoped_release release;
        gather_to_all(x, view);
        return whole;
      },
      py::arg("x"), "Collective over the communicator. The whole array on every rank, as a NumPy array.");
  module.def("expand_dims", &expand_dims, py::arg("x"), py::arg("axes"),
             "Local (no copy). A view of x with size-1, not distributed axes inserted at `axes`.");
  module.def("default_chunk_bytes", &default_chunk_bytes, "Local. The chunk size of new plans.");
  module.def("set_default_chunk_bytes", &set_default_chunk_bytes, py::arg("bytes"),
             "Local. Sets the chunk size of new plans (every rank must set the same value).");
}

}  // namespace gingham::python
