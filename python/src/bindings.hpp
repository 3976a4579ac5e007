#pragma once
// Shared declarations of the pybind11 module gingham._core: one bind_* function per source file.
// This layer converts and documents; it holds no algorithms.

#include <pybind11/pybind11.h>

namespace gingham::python {

void bind_errors(pybind11::module_& module);
void bind_core(pybind11::module_& module);
void bind_layouts(pybind11::module_& module);
void bind_arrays(pybind11::module_& module);
void bind_elementwise(pybind11::module_& module);
void bind_reductions(pybind11::module_& module);
void bind_creation(pybind11::module_& module);
void bind_sorting(pybind11::module_& module);
void bind_indexing(pybind11::module_& module);
void bind_linalg(pybind11::module_& module);
void bind_fft(pybind11::module_& module);
void bind_manipulation(pybind11::module_& module);
void bind_scatter_gather(pybind11::module_& module);
void bind_io(pybind11::module_& module);
void bind_dlpack(pybind11::module_& module);
void bind_display(pybind11::module_& module);
void bind_random(pybind11::module_& module);
void bind_version(pybind11::module_& module);
void bind_profile(pybind11::module_& module);

}  // namespace gingham::python
