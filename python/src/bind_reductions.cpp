// Reductions, cumulative sums/products and diff (gingham/kernels/reductions.hpp, scans.hpp): argument
// conversion and docstrings only.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "gingham/kernels/deterministic.hpp"
#include "gingham/kernels/histogram.hpp"
#include "gingham/kernels/nan_functions.hpp"
#include "gingham/kernels/quantiles.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/kernels/scans.hpp"
#include "numpy_views.hpp"

namespace py = pybind11;

namespace gingham::python {
namespace {

std::optional<DType> optional_dtype(const std::optional<py::dtype>& dtype) {
  return dtype ? std::optional<DType>(dtype_from_numpy(*dtype)) : std::nullopt;
}

}  // namespace

void bind_reductions(py::module_& module) {
  module.def(
      "reduce",
      [](const std::string& name, const Array& x, std::optional<std::vector<int>> axis, bool keepdims,
         std::optional<py::dtype> dtype, double correction) {
        const auto op = reduction_named(name);
        if (!op) throw std::invalid_argument("gingham: no reduction named " + name);
        ReduceOptions options{std::move(axis), keepdims, optional_dtype(dtype), correction};
        py::gil_scoped_release release;
        return reduce(*op, x, options);
      },
      py::arg("name"), py::arg("x"), py::arg("axis"), py::arg("keepdims"), py::arg("dtype"), py::arg("correction"),
      "Collective over x's communicator. The reduction `name` of x over `axis` (None: all axes); see "
      "gingham::reduce for the layout of the result and the messages (one MPI_Allgather of the result "
      "shard's partials over the reduced grid axes).");
  module.def(
      "cumulative",
      [](const std::string& name, const Array& x, std::optional<int> axis, std::optional<py::dtype> dtype,
         bool include_initial) {
        if (name != "sum" && name != "prod") throw std::invalid_argument("gingham: no cumulative " + name);
        const std::optional<DType> d = optional_dtype(dtype);
        py::gil_scoped_release release;
        return cumulative(name == "sum" ? ScanOp::sum : ScanOp::prod, x, axis, d, include_initial);
      },
      py::arg("name"), py::arg("x"), py::arg("axis"), py::arg("dtype"), py::arg("include_initial"),
      "Collective over x's communicator. The cumulative sum or product along `axis` (one MPI_Allgatherv of "
      "block totals over the axis's grid axis).");
  module.def(
      "diff",
      [](const Array& x, int axis, int n, std::optional<Array> prepend, std::optional<Array> append) {
        py::gil_scoped_release release;
        return diff(x, axis, n, prepend, append);
      },
      py::arg("x"), py::arg("axis"), py::arg("n"), py::arg("prepend"), py::arg("append"),
      "Collective over x's communicator. The n-th difference along `axis` (two shifted redistributions per order).");
  module.def("set_deterministic", &set_deterministic, py::arg("on"),
             "Local. Turns the deterministic mode of floating-point reductions on or off (all ranks alike).");
  module.def("deterministic", &deterministic, "Local. Whether the deterministic mode is on.");
  // np.histogram for given edges (gingham/kernels/histogram.hpp).
  module.def(
      "histogram",
      [](const Array& x, const std::vector<double>& edges, std::optional<Array> weights) -> py::object {
        if (weights) {
          std::vector<double> sums = [&] {
            py::gil_scoped_release release;
            return histogram_weights(x, edges, *weights);
          }();
          return py::array_t<double>(static_cast<py::ssize_t>(sums.size()), sums.data());
        }
        std::vector<std::int64_t> counts = [&] {
          py::gil_scoped_release release;
          return histogram_counts(x, edges);
        }();
        return py::array_t<std::int64_t>(static_cast<py::ssize_t>(counts.size()), counts.data());
      },
      py::arg("x"), py::arg("edges"), py::arg("weights"),
      "Collective over x's communicator (one MPI_Allreduce). The counts (int64), or the sums of weights (float64), "
      "of x's elements in the bins between the edges, as np.histogram with these edges, on every rank.");
  // np.quantile and np.median by a distributed selection (gingham/kernels/quantiles.hpp).
  module.def(
      "quantile",
      [](const Array& x, const std::vector<double>& q, std::optional<int> axis, const std::string& method,
         bool keepdims) {
        const std::optional<QuantileMethod> m = quantile_method_named(method);
        if (!m) throw std::invalid_argument("quantile: unknown method '" + method + "'");
        py::gil_scoped_release release;
        return quantile(x, q, axis, *m, keepdims);
      },
      py::arg("x"), py::arg("q"), py::arg("axis"), py::arg("method"), py::arg("keepdims"),
      "Collective over x's communicator. The quantiles q of x along axis (None: flattened), shaped (len(q),) + "
      "the kept shape: sort, take of the order statistics, elementwise interpolation.");
  module.def(
      "median",
      [](const Array& x, std::optional<int> axis, bool keepdims) {
        py::gil_scoped_release release;
        return median(x, axis, keepdims);
      },
      py::arg("x"), py::arg("axis"), py::arg("keepdims"),
      "Collective over x's communicator. NumPy's median along axis (None: flattened): sort, take, mean of the middle.");
  // NumPy's nan* functions (gingham/kernels/nan_functions.hpp): each returns (result, NumPy's warning text or "").
  module.def(
      "nan_reduce",
      [](const std::string& name, const Array& x, std::optional<std::vector<int>> axis, bool keepdims,
         std::optional<py::dtype> dtype, double ddof) {
        const auto op = nan_reduction_named(name);
        if (!op) throw std::invalid_argument("gingham: no NaN-aware reduction named " + name);
        ReduceOptions options{std::move(axis), keepdims, optional_dtype(dtype), ddof};
        py::gil_scoped_release release;
        NanResult r = nan_reduce(*op, x, options);
        return std::make_pair(std::move(r.value), std::move(r.warning));
      },
      py::arg("name"), py::arg("x"), py::arg("axis"), py::arg("keepdims"), py::arg("dtype"), py::arg("ddof"),
      "Collective over x's communicator. NumPy's `name` (nansum, ..., nanargmax) of x over `axis`: the reduction "
      "of x with its NaNs masked (gingham::nan_reduce); returns (result, warning text or '').");
  module.def(
      "nan_cumulative",
      [](const std::string& name, const Array& x, std::optional<int> axis, std::optional<py::dtype> dtype) {
        if (name != "sum" && name != "prod") throw std::invalid_argument("gingham: no nancum" + name);
        const std::optional<DType> d = optional_dtype(dtype);
        py::gil_scoped_release release;
        return nan_cumulative(name == "sum" ? ScanOp::sum : ScanOp::prod, x, axis, d);
      },
      py::arg("name"), py::arg("x"), py::arg("axis"), py::arg("dtype"),
      "Collective over x's communicator. NumPy's nancumsum / nancumprod along `axis` (the scan of x with NaN as 0 / 1).");
  module.def(
      "nan_quantile",
      [](const Array& x, const std::vector<double>& q, std::optional<int> axis, const std::string& method,
         bool keepdims) {
        const std::optional<QuantileMethod> m = quantile_method_named(method);
        if (!m) throw std::invalid_argument("nanquantile: unknown method '" + method + "'");
        py::gil_scoped_release release;
        NanResult r = nan_quantile(x, q, axis, *m, keepdims);
        return std::make_pair(std::move(r.value), std::move(r.warning));
      },
      py::arg("x"), py::arg("q"), py::arg("axis"), py::arg("method"), py::arg("keepdims"),
      "Collective over x's communicator. NumPy's nanquantile (sort, per-line counts, take_along_axis); returns "
      "(result shaped (len(q),) + the kept shape, warning text or '').");
  module.def(
      "nan_median",
      [](const Array& x, std::optional<int> axis, bool keepdims) {
        py::gil_scoped_release release;
        NanResult r = nan_median(x, axis, keepdims);
        return std::make_pair(std::move(r.value), std::move(r.warning));
      },
      py::arg("x"), py::arg("axis"), py::arg("keepdims"),
      "Collective over x's communicator. NumPy's nanmedian; returns (result, warning text or '').");
  module.def(
      "sort_in_any_layout",
      [](const Array& x, int axis, bool indices) {
        py::gil_scoped_release release;
        return sort_in_any_layout(x, axis, indices);
      },
      py::arg("x"), py::arg("axis"), py::arg("indices"),
      "Collective over x's communicator. sort (argsort with indices) along axis, also for arrays spread along every "
      "axis (sorted on a 1-D grid of the same ranks and moved back).");
}

}  // namespace gingham::python
