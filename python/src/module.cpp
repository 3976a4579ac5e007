#include "bindings.hpp"

PYBIND11_MODULE(_core, module) {
  module.doc() = "gingham's C++ core (internal: use the gingham package)";
  gingham::python::bind_errors(module);
  gingham::python::bind_core(module);
  gingham::python::bind_layouts(module);
  gingham::python::bind_arrays(module);
  gingham::python::bind_elementwise(module);
  gingham::python::bind_reductions(module);
  gingham::python::bind_creation(module);
  gingham::python::bind_sorting(module);
  gingham::python::bind_indexing(module);
  gingham::python::bind_linalg(module);
  gingham::python::bind_fft(module);
  gingham::python::bind_manipulation(module);
  gingham::python::bind_scatter_gather(module);
  gingham::python::bind_io(module);
  gingham::python::bind_dlpack(module);
  gingham::python::bind_display(module);
  gingham::python::bind_random(module);
  gingham::python::bind_version(module);
  gingham::python::bind_profile(module);
}
