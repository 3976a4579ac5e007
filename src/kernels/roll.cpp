// roll: axes held whole on every rank are rotated in one local copy; each axis spread over the grid is
// cut into x[cut:] and x[:cut] (two slicing redistributions) and joined in that order by concat.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/array/redistribute.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/format.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "reduction_engine.hpp"
#include "shard_walk.hpp"

namespace gingham {
namespace {

/// Writes x's shard into y's (same layout) so that local index j along each axis a reads local index
/// (j - shift[a]) mod extent: a rotation of the axes that every rank holds whole. Each row along the last
/// axis is two runs (one memcpy each where the shards are contiguous).
void rotate_shard(const Array& x, const Array& y, const std::vector<std::int64_t>& shift) {
  if (!x.holds_shard()) return;
  const RawView from = x.local(), to = y.local();
  if (to.size() == 0) return;
  const int nd = x.ndim(), last = nd - 1;
  std::vector<std::vector<std::int64_t>> source(nd);  // per leading axis and local index: the source offset
  for (int a = 0; a < last; ++a) {
    const std::int64_t n = to.shape[a];
    source[a].resize(static_cast<std::size_t>(n));
    for (std::int64_t j = 0; j < n; ++j) source[a][j] = (((j - shift[a]) % n + n) % n) * from.strides[a];
  }
  const std::size_t item = item_size(x.dtype());
  const std::int64_t n = to.shape[last], s = ((shift[last] % n) + n) % n;
  const std::int64_t from_step = from.strides[last], to_step = to.strides[last];
  std::vector<std::int64_t> index(static_cast<std::size_t>(last), 0);
  while (true) {
    std::int64_t f = 0, t = 0;
    for (int a = 0; a < last; ++a) f += source[a][index[a]], t += index[a] * to.strides[a];
    std::byte* row_to = to.data + t * static_cast<std::int64_t>(item);
    const std::byte* row_from = from.data + f * static_cast<std::int64_t>(item);
    const auto at = [&](std::int64_t k, std::int64_t step) { return k * step * static_cast<std::int64_t>(item); };
    detail::copy_run(row_to + at(s, to_step), to_step, row_from, from_step, n - s, item);  // j in [s, n) reads j - s
    detail::copy_run(row_to, to_step, row_from + at(n - s, from_step), from_step, s, item);  // j < s reads n - s + j
    int a = last - 1;
    for (; a >= 0 && ++index[a] == to.shape[a]; --a) index[a] = 0;
    if (a < 0) return;
  }
}

/// x[..., start:start + extent, ...] along `axis`, laid out as x with that axis's new extent.
Array slice_along(const Array& x, int axis, std::int64_t start, std::int64_t extent) {
  const Distribution& d = x.distribution();
  std::vector<IndexMap::TargetAxis> targets;
  for (int a = 0; a < x.ndim(); ++a) {
    targets.push_back(a == axis ? IndexMap::TargetAxis{a, start, 1, extent}
                                : IndexMap::TargetAxis{a, 0, 1, x.global_shape()[a]});
  }
  return redistribute(x, x.grid(), std::make_shared<const Distribution>(derived::resized(d, axis, extent)),
                      IndexMap(x.global_shape(), std::move(targets)));
}

}  // namespace

Array roll(const Array& x, std::vector<std::int64_t> shifts, std::optional<std::vector<int>> axes) {
  const auto checked = check_call(x.grid().comm(), "roll", arg("x", x), arg("shifts", shifts), arg("axes", axes));
  if (!axes) {  // as if flattened
    const Array flat = x.ndim() == 1 ? x : reshape(x, {x.global_size()});
    const Array rolled = roll(flat, std::move(shifts), std::vector<int>{0});
    return x.ndim() == 1 ? rolled : reshape(rolled, x.global_shape());
  }
  const int ndim = x.ndim();
  if (shifts.size() == 1 && axes->size() > 1) shifts.assign(axes->size(), shifts[0]);
  if (shifts.size() != axes->size()) {
    throw std::invalid_argument("roll: expected one shift per axis, got shift=" + format_shape(shifts) +
                                " and axis=" + format_shape(*axes));
  }
  std::vector<std::int64_t> total(ndim, 0);  // per axis: the shift in [0, extent)
  for (std::size_t k = 0; k < shifts.size(); ++k) {
    int a = (*axes)[k];
    if (a < -ndim || a >= ndim) {
      throw std::out_of_range("roll: axis " + std::to_string(a) + " is out of bounds for an array of dimension " +
                              std::to_string(ndim));
    }
    if (a < 0) a += ndim;
    const std::int64_t n = x.global_shape()[a];
    if (n > 0) total[a] = (total[a] + (shifts[k] % n + n) % n) % n;
  }
  const Distribution& d = x.distribution();
  std::vector<std::int64_t> local_shift(ndim, 0);
  std::vector<int> spread;  // rolled axes split over a grid axis of extent > 1
  for (int a = 0; a < ndim; ++a) {
    if (total[a] == 0) continue;
    const int g = d.grid_axis_of(a);
    if (g >= 0 && d.grid_dims()[g] > 1) {
      spread.push_back(a);
    } else {
      local_shift[a] = total[a];
    }
  }
  Array result = x;
  if (std::any_of(local_shift.begin(), local_shift.end(), [](std::int64_t s) { return s != 0; })) {
    result = Array::allocate(x.dtype(), x.grid(), x.layout(), {}, /*zero=*/false);
    rotate_shard(x, result, local_shift);
  }
  for (int a : spread) {
    const std::int64_t n = x.global_shape()[a], cut = n - total[a];
    result = concat({slice_along(result, a, cut, n - cut), slice_along(result, a, 0, cut)}, a);
  }
  if (!spread.empty() && !(result.distribution() == d)) result = redistribute(result, x.grid(), x.layout());
  return result;
}

}  // namespace gingham
