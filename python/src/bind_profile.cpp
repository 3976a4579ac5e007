// The profile log (gingham/core/profile.hpp) for gingham._profile: switches, figures and the report.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/profile.hpp"

namespace py = pybind11;

namespace gingham::python {

void bind_profile(py::module_& module) {
  module.def("profiling", &profiling, "Local. Whether the profile log records now.");
  module.def("set_profiling", &set_profiling, py::arg("on"), "Local. Turns the profile log's recording on or off.");
  module.def("profiling_requested_by_environment", &profiling_requested_by_environment,
             "Local. Whether GINGHAM_PROFILE asked for the log at start-up (1, true, yes or on).");
  module.def("reset_profile", &reset_profile, "Local. Forgets every figure recorded so far.");
  module.def(
      "profile_snapshot",
      [] {
        py::dict rows;
        for (const auto& [name, f] : profile_snapshot()) {
          py::dict row;
          row["calls"] = f.calls, row["seconds"] = f.seconds, row["bytes_sent"] = f.bytes_sent;
          row["messages"] = f.messages, row["plan_builds"] = f.plan_builds;
          rows[py::str(name)] = row;
        }
        return rows;
      },
      "Local. This rank's figures so far: {operation: {calls, seconds, bytes_sent, messages, plan_builds}}.");
  module.def("profile_report", &profile_report, py::arg("comm"), py::call_guard<py::gil_scoped_release>(),
             "Collective over comm (an MPI_Gather and an MPI_Gatherv). The log as text on rank 0, '' elsewhere.");
  module.def("record_implicit_gather", &record_implicit_gather, py::arg("bytes"),
             "Local. Records an implicit gather of `bytes` bytes to this rank (NumPy's __array__) in the profile log.");
}

}  // namespace gingham::python
