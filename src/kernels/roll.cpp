// roll: axes held whole on every rank are rotated in one local copy; along the axes spread over the grid the
// result is made of boxes, each written by one plan from x (see rolled_across).
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "gingham/plans/plan_cache.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/format.hpp"
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

/// x rolled by total[a] along each axis a of `spread` (0 < total[a] < extent), in x's layout: along each such
/// axis the result is two boxes, [s, n) reading x[0, n - s) and [0, s) reading x[n - s, n), so 2^k boxes for
/// k axes, each written by one plan from x, the plans run as one exchange. On a block layout only the `s`
/// elements at each rank boundary cross the network; the rest is a local copy of runs.
Array rolled_across(const Array& x, const std::vector<int>& spread, const std::vector<std::int64_t>& total) {
  const Comm& comm = x.grid().comm();
  Array y = Array::allocate(x.dtype(), x.grid(), x.layout(), {}, comm.size() > 1 ? MemoryFill::touched : MemoryFill::none);
  const int ndim = x.ndim();
  std::vector<std::shared_ptr<const RedistributionPlan>> plans;
  std::vector<detail::PlanExecution> executions;
  for (std::size_t box = 0; box < (std::size_t{1} << spread.size()); ++box) {
    std::vector<IndexMap::TargetAxis> reads;
    for (int a = 0; a < ndim; ++a) reads.push_back({a, 0, 1, x.global_shape()[a]});
    std::vector<std::int64_t> offset(static_cast<std::size_t>(ndim), 0);
    for (std::size_t k = 0; k < spread.size(); ++k) {
      const int a = spread[k];
      const std::int64_t n = x.global_shape()[a], s = total[a];
      if (box >> k & 1) {
        reads[a] = {a, n - s, 1, s};  // [0, s) reads x[n - s, n)
      } else {
        reads[a] = {a, 0, 1, n - s}, offset[a] = s;  // [s, n) reads x[0, n - s)
      }
    }
    const PlanViews views{x.local(), y.local()};
    plans.push_back(cached_plan(comm, x.layout(), x.layout(), IndexMap(x.global_shape(), std::move(reads)), PlanOptions{},
                                &views, std::move(offset)));
    executions.push_back({plans.back().get(), views.source, views.target});  // a fresh target shares nothing with x
  }
  detail::execute_plans_together(executions);  // as one exchange: boxes moving in opposite directions at once
  return y;
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
  return spread.empty() ? result : rolled_across(result, spread, total);
}

}  // namespace gingham
