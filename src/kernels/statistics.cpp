// mean, var and std. mean = sum / N. var is two-pass for accuracy: the mean first (one exchange of
// partial sums), then the sum of squared deviations from it (a second exchange), divided by
// max(N - correction, 0); std = sqrt(var). Sums follow the deterministic mode.
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "reduction_ops.hpp"
#include "reduction_statistics.hpp"
#include "reduction_tree.hpp"

namespace gingham::detail {
namespace {

/// The sums of squared deviations from `means` (row-major over the kept local axes), combined over ranks.
template <class T>
std::vector<double> squared_deviations(const Array& x, const ReductionGeometry& g, const std::vector<double>& means) {
  if (!deterministic()) {
    std::vector<double> partials(means.size(), 0.0);
    SquaredDeviationOp<T> op;
    op.means = means.data();
    op.base = partials.data();
    reduce_shard<T>(op, x, g, partials.data());
    combine_partials(x.grid(), g, partials, [](double& a, double b) { a += b; });
    return partials;
  }
  // Deterministic: the deviations of this shard (row-major, local shape), summed by the tree.
  if (!x.holds_shard()) return {};
  const RawView v = x.local();
  const std::vector<std::int64_t> shape = x.local_shape();
  const int nd = static_cast<int>(shape.size());
  std::vector<std::int64_t> kept_stride(nd, 0), dense(nd, 0);
  for (std::int64_t a = nd - 1, s = 1, t = 1; a >= 0; --a) {
    dense[a] = t, t *= shape[a];
    if (!g.reduced[a]) kept_stride[a] = s, s *= shape[a];
  }
  std::vector<double> deviations(static_cast<std::size_t>(v.size()));
  const T* data = reinterpret_cast<const T*>(v.data);
  std::vector<std::int64_t> index(nd, 0);
  for (std::size_t k = 0; k < deviations.size(); ++k) {
    std::int64_t offset = 0, kept = 0;
    for (int a = 0; a < nd; ++a) offset += index[a] * v.strides[a], kept += index[a] * kept_stride[a];
    const double d = double(data[offset]) - means[kept];
    deviations[k] = d * d;
    for (int a = nd - 1; a >= 0 && ++index[a] == shape[a]; --a) index[a] = 0;
  }
  return tree_reduce<double>(x, g, deviations.data(), dense, [](double d, std::int64_t) { return d; },
                             [](double& a, double b) { a += b; }, 0.0);
}

}  // namespace

void reduce_statistics(Reduction op, const Array& x, const ReductionGeometry& g, const Array& y, double correction) {
  visit_dtype(x.dtype(), [&]<class T>() {
    if constexpr (std::is_floating_point_v<T> || is_complex_element<T>) {
      using Acc = accumulator_t<T>;
      const std::vector<Acc> sums = partials_of<T>(SumOp<T>{}, x, g, deterministic());
      const double n = static_cast<double>(g.reduced_count);
      if (op == Reduction::mean) {
        write_results<T>(y, g, sums, [n](const Acc& s) { return static_cast<T>(s / n); });
        return;
      }
      if constexpr (std::is_floating_point_v<T>) {
        std::vector<double> means(sums.size());
        for (std::size_t k = 0; k < sums.size(); ++k) means[k] = sums[k] / n;
        const std::vector<double> m2 = squared_deviations<T>(x, g, means);
        const double divisor = std::max(n - correction, 0.0);
        const bool root = op == Reduction::std;
        write_results<T>(y, g, m2, [divisor, root](double s) {
          const double variance = s / divisor;
          return static_cast<T>(root ? std::sqrt(variance) : variance);
        });
        return;
      }
    }
    throw std::logic_error("gingham: reduce_statistics called for a dtype it does not take");
  });
}

}  // namespace gingham::detail
