// The MPI layer: Comm (adopting mpi4py communicators) and ProcessGrid; the cache of freed shards.
#include <mpi4py/mpi4py.h>
#include <cstdint>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/core/blas_kernel.hpp"
#include "gingham/core/simd_level.hpp"
#include "gingham/core/threads.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/environment.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/memory.hpp"
#include "gingham/core/process_grid.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {

/// The MPI_Comm inside an mpi4py communicator object.
MPI_Comm mpi_comm_of(py::handle mpi4py_comm) {
  if (!PyObject_TypeCheck(mpi4py_comm.ptr(), &PyMPIComm_Type)) {
    throw TypeError("expected an mpi4py communicator (mpi4py.MPI.Comm), got " +
                    std::string(py::str(py::type::of(mpi4py_comm).attr("__name__"))));
  }
  MPI_Comm* comm = PyMPIComm_Get(mpi4py_comm.ptr());
  if (comm == nullptr) throw py::error_already_set();
  return *comm;
}

}  // namespace

void bind_core(py::module_& module) {
  if (import_mpi4py() < 0) throw py::error_already_set();  // mpi4py's C API, used in this file
  ensure_mpi_initialized();

  py::class_<Comm>(module, "Comm", "gingham's own handle on an MPI communicator (a duplicate of the user's).")
      .def_static("world", &Comm::world, py::call_guard<py::gil_scoped_release>(),
                  "Collective over MPI_COMM_WORLD the first time. gingham's duplicate of MPI_COMM_WORLD.")
      .def_static(
          "from_mpi4py",
          [](py::handle mpi4py_comm) {
            const MPI_Comm user = mpi_comm_of(mpi4py_comm);
            py::gil_scoped_release release;
            return Comm::duplicate(user);
          },
          py::arg("comm"), "Collective over comm. Adopts an mpi4py communicator by duplicating it.")
      .def_property_readonly("rank", &Comm::rank, "Local. This rank's rank.")
      .def_property_readonly("size", &Comm::size, "Local. The number of ranks.")
      .def("__eq__", [](const Comm& a, const Comm& b) { return a == b; })
      .def_property_readonly(
          "identity", [](const Comm& comm) { return reinterpret_cast<std::uintptr_t>(comm.get()); },
          "Local. A number naming the MPI communicator (the same for every handle on it).");

  module.def("cpu_simd_level", &cpu_simd_level, "Local. The widest SIMD level of this CPU.");
  module.def(
      "simd_level", [] { return std::string(simd_level_name(simd_level())); },
      "Local. The SIMD level local loops run with: 'baseline', 'avx2' or 'avx512'.");
  module.def(
      "set_simd_level_cap",
      [](const std::string& cap) {
        const SimdLevel level = cap == "avx512" ? SimdLevel::avx512 : cap == "avx2" ? SimdLevel::avx2 : SimdLevel::baseline;
        return std::string(simd_level_name(set_simd_level_cap(level)));
      },
      py::arg("cap"), "Local. Caps the SIMD level of local loops (tests); returns the previous cap.");
  module.def("num_threads", &num_threads, "Local. The threads each local kernel of this rank uses.");
  module.def("set_num_threads", &set_num_threads, py::arg("n"), "Local. Sets the threads per rank (and OpenBLAS's).");
  module.def("follow_blas_threads", &follow_blas_threads, "Local. OpenBLAS threads = num_threads(), unless set by the user.");
  module.def("openblas_kernel", &openblas_kernel, "Local. The OpenBLAS kernel in use, or '' for another BLAS.");
  module.def("generic_blas_warning", &generic_blas_warning, py::arg("kernel"), py::arg("simd"),
             "Local. The warning for a generic OpenBLAS kernel on a CPU with AVX2, or ''.");
  module.def("take_generic_blas_warning", &take_generic_blas_warning,
             "Local. The warning for this process the first time, '' afterwards.");

  py::class_<ProcessGrid>(module, "ProcessGrid", "An N-D Cartesian grid over the first ranks of a communicator.")
      .def(py::init<const Comm&, std::vector<int>>(), py::arg("comm"), py::arg("dims"),
           py::call_guard<py::gil_scoped_release>(),
           "Collective over comm. Extents >= 1, or 0 to let MPI choose.")
      .def_property_readonly("dims", &ProcessGrid::dims, "Local. The grid's shape.")
      .def_property_readonly("ndim", &ProcessGrid::ndim, "Local. The number of grid axes.")
      .def_property_readonly("size", &ProcessGrid::size, "Local. The number of ranks in the grid.")
      .def_property_readonly("comm", &ProcessGrid::comm, "Local. The communicator the grid was built on.")
      .def_property_readonly("grid_comm", &ProcessGrid::grid_comm,
                             "Local. The grid's own communicator (grid rank = row-major coordinates).")
      .def_property_readonly("contains_this_rank", &ProcessGrid::contains_this_rank,
                             "Local. Whether this rank is in the grid.")
      .def_property_readonly("coords", &ProcessGrid::coords, "Local. This rank's grid coordinates.")
      .def("describe", &ProcessGrid::describe, "Local. A readable description.")
      .def("__eq__", [](const ProcessGrid& a, const ProcessGrid& b) { return a == b; })
;

  module.def("memory_cache_limit", &memory_cache_limit, "Local. The most bytes the cache of freed large blocks keeps.");
  module.def("set_memory_cache_limit", &set_memory_cache_limit, py::arg("bytes"),
             "Local. Sets the cache's limit (0 turns it off), releasing cached blocks beyond it.");
  module.def("cached_memory_bytes", &cached_memory_bytes, "Local. The bytes held in the cache now.");
}

}  // namespace gingham::python
