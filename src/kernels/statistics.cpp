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
    std::vector<double> partials;
    allocate_agreed(x, g, partials, 0.0);
    SquaredDeviationOp<T> op;
    op.means = means.data();
    op.base = partials.data();
    reduce_shard<T>(op, x, g, partials.data());
    combine_partials(x.grid(), g, partials, [](double& a, double b) { a += b; });
    return partials;
  }
  // Deterministic: the tree over the squared deviations, computed as its leaves. The first axis the tree
  // reduces is the last reduced one; a leaf's other local indices (row-major index j) give its mean.
  if (!x.holds_shard()) return {};
  const RawView v = x.local();
  const std::vector<std::int64_t> shape = x.local_shape();
  const int nd = static_cast<int>(shape.size());
  const int first = g.axes.empty() ? -1 : g.axes.back();
  std::vector<std::int64_t> kept_stride(nd, 0);
  for (std::int64_t a = nd - 1, s = 1; a >= 0; --a) {
    if (!g.reduced[a]) kept_stride[a] = s, s *= shape[a];
  }
  std::vector<std::int64_t> kept_of_other{0};
  for (int a = 0; a < nd; ++a) {
    if (a == first) continue;
    std::vector<std::int64_t> next;
    next.reserve(kept_of_other.size() * shape[a]);
    for (std::int64_t k : kept_of_other) {
      for (std::int64_t i = 0; i < shape[a]; ++i) next.push_back(k + i * kept_stride[a]);
    }
    kept_of_other.swap(next);
  }
  auto leaf = [&](const T& value, std::int64_t j) {
    const double d = double(value) - means[kept_of_other[j]];
    return d * d;
  };
  return tree_reduce<double>(x, g, reinterpret_cast<const T*>(v.data), v.strides, leaf,
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
