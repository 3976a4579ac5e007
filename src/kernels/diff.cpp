// diff: out[i] = x[i + 1] - x[i] along one axis, n times. x[1:] and x[:-1] are moved into the result's
// layout by the redistribution engine (shifted index maps: only elements next to block boundaries cross
// ranks), then subtracted locally. prepend/append are joined first (see join).
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/kernels/scans.hpp"
#include "reduction_engine.hpp"

namespace gingham {
namespace {

using detail::with_axis;

/// d with axis `axis` of extent `extent` (same AxisLayouts and grid axes).
std::shared_ptr<const Distribution> resized(const Distribution& d, int axis, std::int64_t extent) {
  return with_axis(d, axis, extent, d.axis_layout(axis));
}

/// One difference along `axis`.
Array diff_once(const Array& x, int axis) {
  const std::int64_t n = x.global_shape()[axis];
  const auto layout = resized(x.distribution(), axis, std::max<std::int64_t>(n - 1, 0));
  if (n <= 1) return Array::allocate(x.dtype(), x.grid(), layout, {}, /*zero=*/true);
  std::vector<IndexMap::Slice> upper(axis + 1), lower(axis + 1);
  upper[axis].start = 1;
  lower[axis].stop = n - 1;
  const Array next = redistribute(x, layout, IndexMap::slices(x.global_shape(), upper));
  const Array here = redistribute(x, layout, IndexMap::slices(x.global_shape(), lower));
  return apply(BinaryOp::subtract, next, here);
}

/// Copies `part`'s shard into `whole`'s shard at `offset` along `axis` (same layouts but that axis).
void copy_along(const Array& part, const Array& whole, int axis, std::int64_t offset) {
  if (!part.holds_shard()) return;
  const RawView from = part.local(), to = whole.local();
  if (from.size() == 0) return;
  const std::size_t item = item_size(part.dtype());
  const int nd = part.ndim();
  std::vector<std::int64_t> index(nd, 0);
  for (std::int64_t k = 0; k < from.size(); ++k) {
    std::int64_t source = 0, target = 0;
    for (int a = 0; a < nd; ++a) {
      source += index[a] * from.strides[a];
      target += (index[a] + (a == axis ? offset : 0)) * to.strides[a];
    }
    std::memcpy(to.data + target * item, from.data + source * item, item);
    for (int a = nd - 1; a >= 0 && ++index[a] == from.shape[a]; --a) index[a] = 0;
  }
}

/// prepend, x and append joined along `axis`, in x's AxisLayouts. Along a distributed axis (P parts) the
/// joined array is first built cyclic: a piece that starts at global index `offset` is moved (by the
/// redistribution engine) into the cyclic layout that starts at part offset mod P, where each rank's
/// elements of it are one run of the joined shard's local indices, shifted by a constant; then the
/// joined array moves to x's layout. Only redistributions and local copies: nothing is gathered.
Array join(const Array& x, int axis, const std::optional<Array>& prepend, const std::optional<Array>& append, DType dtype) {
  const Distribution& d = x.distribution();
  const int grid_axis = d.grid_axis_of(axis);
  const int parts = grid_axis < 0 ? 1 : d.grid_dims()[grid_axis];
  const int part = x.holds_shard() ? d.part_of(axis, x.grid().coords()) : 0;
  const std::vector<const Array*> pieces{prepend ? &*prepend : nullptr, &x, append ? &*append : nullptr};
  std::int64_t total = 0;
  for (const Array* p : pieces) total += p ? p->global_shape()[axis] : 0;
  auto piece_layout = [&](std::int64_t extent, std::int64_t offset) {
    return with_axis(d, axis, extent, grid_axis < 0 ? AxisLayout::not_distributed()
                                                    : AxisLayout::cyclic(static_cast<int>(offset % parts)));
  };
  Array joined = Array::allocate(dtype, x.grid(), piece_layout(total, 0), {}, /*zero=*/false);
  std::int64_t offset = 0;
  for (const Array* p : pieces) {
    if (!p) continue;
    const std::int64_t extent = p->global_shape()[axis];
    const auto layout = piece_layout(extent, offset);
    Array aligned = p->distribution() == *layout && p->grid() == x.grid() ? *p : redistribute(*p, x.grid(), layout);
    if (aligned.dtype() != dtype) aligned = astype(aligned, dtype);
    // The piece's first element on this part is k0 (joined index offset + k0); later ones follow P apart.
    const std::int64_t k0 = ((part - offset) % parts + parts) % parts;
    copy_along(aligned, joined, axis, (offset + k0) / parts - k0 / parts);
    offset += extent;
  }
  const auto target = resized(d, axis, total);
  return detail::in_layout(joined, target);
}

}  // namespace

Array diff(const Array& x, int axis, int n, const std::optional<Array>& prepend, const std::optional<Array>& append) {
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
  if (prepend || append) current = join(current, a, prepend, append, dtype);
  for (int k = 0; k < n; ++k) current = diff_once(current, a);
  return current;
}

}  // namespace gingham
