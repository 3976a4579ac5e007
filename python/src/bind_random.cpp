// gingham.random's generator: gingham/random/generator.hpp (conversion and docstrings only).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gingham/random/generator.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {
using Layout = std::shared_ptr<Distribution>;
using random::Generator;
using Release = py::call_guard<py::gil_scoped_release>;

/// A method making an array of `layout` in `dtype` from a generator, with the GIL released.
template <class... Extra>
auto array_method(Array (Generator::*method)(DType, const ProcessGrid&, std::shared_ptr<const Distribution>,
                                              Extra...)) {
  return [method](Generator& g, const py::dtype& dtype, const ProcessGrid& grid, const Layout& layout,
                  Extra... extra) {
    const DType d = dtype_from_numpy(dtype);
    py::gil_scoped_release release;
    return (g.*method)(d, grid, layout, extra...);
  };
}
}  // namespace

void bind_random(py::module_& module) {
  py::class_<Generator>(module, "Generator", "A counter-based Philox4x64-10 generator: a key and a word position.")
      .def(py::init([](std::uint64_t key_low, std::uint64_t key_high, std::uint64_t position) {
             return Generator(random::PhiloxKey{key_low, key_high}, position);
           }),
           py::arg("key_low"), py::arg("key_high"), py::arg("position") = 0, "Local. The generator of a key at a position.")
      .def_static(
          "from_entropy", [](const ProcessGrid& grid) { return Generator::from_entropy(grid.comm()); },
          py::arg("grid"), Release(), "Collective over grid's communicator. A key drawn on rank 0, broadcast.")
      .def_property_readonly("key", [](const Generator& g) { return py::make_tuple(g.key()[0], g.key()[1]); },
                             "Local. The key's (low, high) words.")
      .def_property_readonly("position", &Generator::position, "Local. The words used so far.")
      .def("advance", &Generator::advance, py::arg("words"), "Local. Moves the position forward.")
      .def("describe", &Generator::describe, "Local. The generator's state as text.")
      .def("random", array_method(&Generator::random), py::arg("dtype"), py::arg("grid"), py::arg("layout"),
           "Collective. Uniform [0, 1).")
      .def("uniform", array_method<double, double>(&Generator::uniform), py::arg("dtype"), py::arg("grid"),
           py::arg("layout"), py::arg("low"), py::arg("high"), "Collective. Uniform [low, high).")
      .def("standard_normal", array_method(&Generator::standard_normal), py::arg("dtype"), py::arg("grid"),
           py::arg("layout"), "Collective. Standard normal (Box-Muller).")
      .def("normal", array_method<double, double>(&Generator::normal), py::arg("dtype"), py::arg("grid"),
           py::arg("layout"), py::arg("loc"), py::arg("scale"), "Collective. Normal(loc, scale).")
      .def("standard_exponential", array_method(&Generator::standard_exponential), py::arg("dtype"), py::arg("grid"),
           py::arg("layout"), "Collective. Standard exponential (inverse CDF).")
      .def("exponential", array_method<double>(&Generator::exponential), py::arg("dtype"), py::arg("grid"),
           py::arg("layout"), py::arg("scale"), "Collective. Exponential(scale).")
      .def("integers", array_method<const Scalar&, const Scalar&, bool>(&Generator::integers), py::arg("dtype"),
           py::arg("grid"), py::arg("layout"), py::arg("low"), py::arg("high"), py::arg("endpoint"),
           "Collective. Uniform integers in [low, high) or [low, high].")
      .def("permutation_of_range",
           py::overload_cast<const ProcessGrid&, std::int64_t>(&Generator::permutation), py::arg("grid"),
           py::arg("n"), Release(), "Collective. A random permutation of 0 .. n - 1 (int64).")
      .def("permutation", py::overload_cast<const Array&, int>(&Generator::permutation), py::arg("x"),
           py::arg("axis"), Release(), "Collective. x with its slabs along axis permuted.")
      .def("shuffle", &Generator::shuffle, py::arg("x"), py::arg("axis"), Release(),
           "Collective. Permutes x's slabs along axis in place.")
      .def("permuted", &Generator::permuted, py::arg("x"), py::arg("axis"), Release(),
           "Collective. Each line along axis shuffled independently (None: the flattened array).")
      .def("choice", &Generator::choice, py::arg("grid"), py::arg("layout"), py::arg("n"), py::arg("replace"),
           py::arg("p"), Release(), "Collective. Samples of 0 .. n - 1 (int64).")
      .def("spawn", &Generator::spawn, py::arg("n"), "Local. n independent child generators.")
      .def(
          "local_key",
          [](Generator& g, int rank) {
            const random::PhiloxStream stream = g.local_stream(rank);
            return py::make_tuple(stream.key()[0], stream.key()[1]);
          },
          py::arg("rank"), "Local. The (low, high) key words of a new rank-local stream.");
}

}  // namespace gingham::python
