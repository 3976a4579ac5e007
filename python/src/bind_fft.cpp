// The fft extension (gingham/fft/fft.hpp): argument conversion and docstrings only.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "gingham/fft/fft.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {
using Layout = std::shared_ptr<Distribution>;
using Release = py::call_guard<py::gil_scoped_release>;
using OneAxis = Array (*)(const Array&, std::optional<std::int64_t>, int, FftOptions);
using ManyAxes = Array (*)(const Array&, std::optional<std::vector<std::int64_t>>, std::optional<std::vector<int>>, FftOptions);

FftOptions options_of(const std::string& norm, bool keep_layout) { return FftOptions{fft_norm_from_name(norm), keep_layout}; }

void def_one_axis(py::module_& module, const char* name, OneAxis function, const char* doc) {
  module.def(
      name,
      [function](const Array& x, std::optional<std::int64_t> n, int axis, const std::string& norm, bool keep_layout) {
        return function(x, n, axis, options_of(norm, keep_layout));
      },
      py::arg("x"), py::arg("n"), py::arg("axis"), py::arg("norm"), py::arg("keep_layout"), Release(), doc);
}

void def_many_axes(py::module_& module, const char* name, ManyAxes function, const char* doc) {
  module.def(
      name,
      [function](const Array& x, std::optional<std::vector<std::int64_t>> s, std::optional<std::vector<int>> axes,
                 const std::string& norm, bool keep_layout) {
        return function(x, std::move(s), std::move(axes), options_of(norm, keep_layout));
      },
      py::arg("x"), py::arg("s"), py::arg("axes"), py::arg("norm"), py::arg("keep_layout"), Release(), doc);
}

using Frequencies = Array (*)(std::int64_t, double, DType, const ProcessGrid&, std::shared_ptr<const Distribution>);

void def_frequencies(py::module_& module, const char* name, Frequencies function, const char* doc) {
  module.def(
      name,
      [function](std::int64_t n, double d, const py::dtype& dtype, const ProcessGrid& grid, const Layout& layout) {
        const DType t = dtype_from_numpy(dtype);
        py::gil_scoped_release release;
        return function(n, d, t, grid, layout);
      },
      py::arg("n"), py::arg("d"), py::arg("dtype"), py::arg("grid"), py::arg("layout"), doc);
}

}  // namespace

void bind_fft(py::module_& module) {
  def_one_axis(module, "fft_fft", &fft, "Collective. gingham::fft (gingham/fft/fft.hpp).");
  def_one_axis(module, "fft_ifft", &ifft, "Collective. gingham::ifft.");
  def_one_axis(module, "fft_rfft", &rfft, "Collective. gingham::rfft.");
  def_one_axis(module, "fft_irfft", &irfft, "Collective. gingham::irfft.");
  def_one_axis(module, "fft_hfft", &hfft, "Collective. gingham::hfft.");
  def_one_axis(module, "fft_ihfft", &ihfft, "Collective. gingham::ihfft.");
  def_many_axes(module, "fft_fftn", &fftn, "Collective. gingham::fftn.");
  def_many_axes(module, "fft_ifftn", &ifftn, "Collective. gingham::ifftn.");
  def_many_axes(module, "fft_rfftn", &rfftn, "Collective. gingham::rfftn.");
  def_many_axes(module, "fft_irfftn", &irfftn, "Collective. gingham::irfftn.");
  def_frequencies(module, "fft_fftfreq", &fftfreq, "Collective. gingham::fftfreq.");
  def_frequencies(module, "fft_rfftfreq", &rfftfreq, "Collective. gingham::rfftfreq.");
  module.def(
      "fft_set_planner",
      [](const std::string& effort) {
        if (effort == "estimate") return set_fft_planner(FftPlanner::estimate);
        if (effort == "measure") return set_fft_planner(FftPlanner::measure);
        if (effort == "patient") return set_fft_planner(FftPlanner::patient);
        throw std::invalid_argument("gingham.fft.set_planner: expected 'estimate', 'measure' or 'patient', got '" + effort + "'");
      },
      py::arg("effort"), "Local. gingham::set_fft_planner.");
  using Shift = Array (*)(const Array&, std::optional<std::vector<int>>);
  module.def("fft_fftshift", static_cast<Shift>(&fftshift), py::arg("x"), py::arg("axes"), Release(), "Collective. gingham::fftshift (a roll).");
  module.def("fft_ifftshift", static_cast<Shift>(&ifftshift), py::arg("x"), py::arg("axes"), Release(), "Collective. gingham::ifftshift (a roll).");
}

}  // namespace gingham::python
