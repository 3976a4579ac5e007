// NumPy's histogram for given edges (gingham/kernels/histogram.hpp): a local count per shard, one
// MPI_Allreduce. Bin of a value v in [edges.front(), edges.back()]: upper_bound(edges, v) - 1, the last
// edge itself in the last bin, which is np.histogram's rule (bin i holds edges[i] <= v < edges[i + 1]).
#include "gingham/kernels/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "shard_walk.hpp"

namespace gingham {
namespace {

void check_edges(const Array& x, const std::vector<double>& edges) {
  if (x.dtype() == DType::bool_ || is_complex_floating(x.dtype())) {
    throw TypeError("histogram: expected a real integer or floating-point array, got dtype " +
                    std::string(dtype_name(x.dtype())));
  }
  if (edges.size() < 2) {
    throw std::invalid_argument("histogram: expected at least 2 bin edges, got " + std::to_string(edges.size()));
  }
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (std::isnan(edges[i]) || (i > 0 && edges[i] < edges[i - 1])) {
      throw std::invalid_argument("histogram: the bin edges must increase monotonically (and not be NaN); edge " +
                                  std::to_string(i) + " is " + std::to_string(edges[i]));
    }
  }
}

/// Whether this rank's shard is the one copy of its elements that counts: on the grid, at coordinate 0 of
/// every grid axis that spreads no array axis.
bool counting_copy(const Array& x) {
  if (!x.holds_shard()) return false;
  const std::vector<int>& coords = x.grid().coords();
  for (int g = 0; g < static_cast<int>(coords.size()); ++g) {
    if (x.distribution().array_axis_on(g) < 0 && coords[g] != 0) return false;
  }
  return true;
}

/// Calls add(bin, ordinal) for each element of this rank's shard that falls in a bin.
template <class Add>
void bin_shard(const Array& x, const std::vector<double>& edges, Add&& add) {
  if (!counting_copy(x)) return;
  const RawView view = x.local();
  std::int64_t n = 1;
  for (std::int64_t e : view.shape) n *= e;
  const detail::OrdinalAddress address(view);
  const auto bins = static_cast<std::int64_t>(edges.size()) - 1;
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      for (std::int64_t k = 0; k < n; ++k) {
        const double v = static_cast<double>(*reinterpret_cast<const T*>(address(k)));
        if (!(v >= edges.front() && v <= edges.back())) continue;  // outside, or NaN
        auto bin = static_cast<std::int64_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin()) - 1;
        add(std::min(bin, bins - 1), k);
      }
    }
  });
}

}  // namespace

std::vector<std::int64_t> histogram_counts(const Array& x, const std::vector<double>& edges) {
  const auto checked = check_call(x.grid().comm(), "histogram_counts", arg("x", x), arg("edges", edges));
  check_edges(x, edges);
  std::vector<std::int64_t> counts(edges.size() - 1, 0);
  bin_shard(x, edges, [&](std::int64_t bin, std::int64_t) { ++counts[bin]; });
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, counts.data(), static_cast<int>(counts.size()), MPI_INT64_T, MPI_SUM,
                            x.grid().comm().get()));
  return counts;
}

std::vector<double> histogram_weights(const Array& x, const std::vector<double>& edges, const Array& weights) {
  const auto checked = check_call(x.grid().comm(), "histogram_weights", arg("x", x), arg("edges", edges),
                                  arg("weights", weights));
  check_edges(x, edges);
  if (weights.global_shape() != x.global_shape() || !(weights.distribution() == x.distribution()) ||
      !(weights.grid() == x.grid())) {
    throw std::invalid_argument("histogram: expected weights of x's shape and layout " + x.distribution().describe() +
                                ", got " + weights.distribution().describe());
  }
  if (weights.dtype() == DType::bool_ || is_complex_floating(weights.dtype())) {
    throw TypeError("histogram: expected real weights, got dtype " + std::string(dtype_name(weights.dtype())));
  }
  std::vector<double> sums(edges.size() - 1, 0.0);
  if (counting_copy(x)) {
    const RawView w = weights.local();
    const detail::OrdinalAddress weight_at(w);
    visit_dtype(weights.dtype(), [&]<class W>() {
      if constexpr (std::is_arithmetic_v<W>) {
        bin_shard(x, edges, [&](std::int64_t bin, std::int64_t k) {
          sums[bin] += static_cast<double>(*reinterpret_cast<const W*>(weight_at(k)));
        });
      }
    });
  }
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, sums.data(), static_cast<int>(sums.size()), MPI_DOUBLE, MPI_SUM,
                            x.grid().comm().get()));
  return sums;
}

}  // namespace gingham
