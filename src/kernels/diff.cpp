// diff: out[i] = x[i + 1] - x[i] along one axis, n times. x[1:] and x[:-1] are moved into the result's
// layout by the redistribution engine (shifted index maps: only elements next to block boundaries cross
// ranks), then subtracted locally. prepend/append are joined first (concat, in x's layout).
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/array/promotion.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/kernels/scans.hpp"
#include "reduction_engine.hpp"

namespace gingham {
namespace {

/// One difference along `axis`.
Array diff_once(const Array& x, int axis) {
  const std::int64_t n = x.global_shape()[axis];
  const auto layout = std::make_shared<const Distribution>(derived::resized(x.distribution(), axis, std::max<std::int64_t>(n - 1, 0)));
  if (n <= 1) return Array::allocate(x.dtype(), x.grid(), layout, {}, /*zero=*/true);
  std::vector<IndexMap::Slice> upper(axis + 1), lower(axis + 1);
  upper[axis].start = 1;
  lower[axis].stop = n - 1;
  const Array next = redistribute(x, layout, IndexMap::slices(x.global_shape(), upper));
  const Array here = redistribute(x, layout, IndexMap::slices(x.global_shape(), lower));
  return apply(BinaryOp::subtract, next, here);
}

}  // namespace

Array diff(const Array& x, int axis, int n, const std::optional<Array>& prepend, const std::optional<Array>& append) {
  const auto checked = check_call(x.grid().comm(), "diff", arg("x", x), arg("axis", axis), arg("n", n),
                                  arg("prepend", prepend), arg("append", append));
  if (x.ndim() == 0) throw std::invalid_argument("diff: expected an array of at least one dimension, got a 0-D array");
  const int a = normalize_axes(std::vector<int>{axis}, x.ndim(), "diff")[0];
  if (n < 0) throw std::invalid_argument("diff: expected n >= 0, got " + std::to_string(n));
  if (is_bool(x.dtype())) throw TypeError("diff: expected an array of numeric dtype, got bool");
  DType dtype = x.dtype();
  for (const std::optional<Array>* extra : {&prepend, &append}) {
    if (!*extra) continue;
    const Array& e = **extra;
    std::vector<std::int64_t> expected = x.global_shape(), got = e.global_shape();
    if (got.size() == expected.size()) expected[a] = got[a];
    if (got != expected) {
      throw std::invalid_argument("diff: prepend and append must have x's shape " + format_shape(x.global_shape()) +
                                  " except along axis " + std::to_string(a) + ", got " + format_shape(got));
    }
    require_same_ranks(x.grid(), e.grid());
    dtype = promote_or_throw(dtype, e.dtype(), "diff");
  }
  if (n == 0) return astype(x, x.dtype());  // as NumPy: x itself (a copy), prepend and append unused
  Array current = dtype == x.dtype() ? x : astype(x, dtype);
  if (prepend || append) {
    std::vector<Array> pieces;
    if (prepend) pieces.push_back(*prepend);
    pieces.push_back(current);
    if (append) pieces.push_back(*append);
    current = concat(pieces, a, prepend ? 1 : 0);
  }
  for (int k = 0; k < n; ++k) current = diff_once(current, a);
  return current;
}

}  // namespace gingham
