#include "integer_matmul.hpp"
#include "integer_product.hpp"

#include <algorithm>
#include <type_traits>
#include <vector>

#include "gingham/array/redistribute.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/kernels/creation.hpp"

namespace gingham::linalg_detail {

Array integer_matmul(const Array& a, const Array& b) {
  const ProcessGrid& grid = a.grid();
  const std::int64_t m = a.global_shape()[0], k = a.global_shape()[1], n = b.global_shape()[1];
  const auto c_layout = default_layout({m, n}, grid);
  Array c = Array::allocate(a.dtype(), grid, c_layout, {}, /*zero=*/true);
  const AxisLayout local = AxisLayout::not_distributed();
  const std::int64_t item = static_cast<std::int64_t>(item_size(a.dtype()));
  const std::int64_t width = std::clamp<std::int64_t>((std::int64_t{4} << 20) / std::max<std::int64_t>(std::max(m, n) * item, 1),
                                                      1, std::max<std::int64_t>(k, 1));
  for (std::int64_t k0 = 0; k0 < k; k0 += width) {
    const std::int64_t w = std::min(width, k - k0);
    // Panels of A (m x w) and B (w x n) whose rows / columns lie where C's do, the width local.
    auto a_layout = std::make_shared<const Distribution>(derived::with_axis(*c_layout, 1, w, local, -1));
    auto b_layout = std::make_shared<const Distribution>(derived::with_axis(*c_layout, 0, w, local, -1));
    const Array ap = redistribute(a, a_layout, IndexMap::slices({m, k}, {{std::nullopt, std::nullopt, 1}, {k0, k0 + w, 1}}));
    const Array bp = redistribute(b, b_layout, IndexMap::slices({k, n}, {{k0, k0 + w, 1}}));
    visit_dtype(a.dtype(), [&]<class T>() {
      if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) add_integer_product<T>(c.local(), ap.local(), bp.local());
    });
  }
  return c;
}

}  // namespace gingham::linalg_detail
