// gingham::version() for gingham.__version__ (the one version source: the top-level VERSION file).
#include <pybind11/pybind11.h>

#include <string>

#include "bindings.hpp"
#include "gingham/version.hpp"

namespace py = pybind11;

namespace gingham::python {

void bind_version(py::module_& module) {
  module.def(
      "version", [] { return std::string(gingham::version()); },
      "Local, no cost. The version of the libgingham this module runs against, 'MAJOR.MINOR.PATCH' (gingham.__version__).");
}

}  // namespace gingham::python
