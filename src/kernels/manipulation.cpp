#include "gingham/kernels/manipulation.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/distributions/derived.hpp"

#include <cstring>

#include "gingham/array/promotion.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "reduction_engine.hpp"

#include "gingham/array/redistribute.hpp"
#include "gingham/plans/plan_cache.hpp"
#include "gingham/core/format.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

namespace gingham {
namespace {

/// The axes as non-negative indices of an ndim-D array, each once.
std::vector<int> normalized_axes(std::vector<int> axes, int ndim, const char* function) {
  std::vector<bool> seen(ndim, false);
  for (int& axis : axes) {
    if (axis < -ndim || axis >= ndim) {
      throw std::out_of_range(std::string(function) + ": axis " + std::to_string(axis) + " is out of bounds for an "
                              "array of dimension " + std::to_string(ndim));
    }
    if (axis < 0) axis += ndim;
    if (seen[axis]) throw std::invalid_argument(std::string(function) + ": repeated axis " + std::to_string(axis));
    seen[axis] = true;
  }
  return axes;
}

}  // namespace

Array concat(const std::vector<Array>& arrays, int axis, std::size_t layout_of) {
  const auto checked = check_call(arrays.empty() ? nullptr : &arrays.front().grid().comm(), "concat",
                                  arg("arrays", arrays), arg("axis", axis), arg("layout_of", layout_of));
  if (arrays.empty()) throw std::invalid_argument("concat: expected at least one array");
  if (layout_of >= arrays.size()) throw std::invalid_argument("concat: layout_of is not one of the arrays");
  const Array& model = arrays[layout_of];
  if (model.ndim() == 0) throw std::invalid_argument("concat: expected arrays of at least one dimension, got 0-D");
  axis = normalized_axes({axis}, model.ndim(), "concat")[0];
  DType dtype = arrays[0].dtype();
  std::int64_t total = 0;
  for (const Array& a : arrays) {
    std::vector<std::int64_t> expected = model.global_shape(), got = a.global_shape();
    if (got.size() == expected.size()) expected[axis] = got[axis];
    if (got != expected) {
      throw std::invalid_argument("concat: expected arrays of shape " + format_shape(model.global_shape()) +
                                  " except along axis " + std::to_string(axis) + ", got " + format_shape(got));
    }
    require_same_ranks(model.grid(), a.grid());
    dtype = promote_or_throw(dtype, a.dtype(), "concat");
    total += got[axis];
  }
  // One plan per input writes it into its box of the result (model's layout, resized along axis): only
  // the elements that change rank cross the network, the rest is a local copy of contiguous runs. The
  // plans run as one exchange, so that pieces moving in opposite directions move at the same time.
  auto layout = std::make_shared<const Distribution>(derived::resized(model.distribution(), axis, total));
  const Comm& comm = model.grid().comm();
  Array joined = Array::allocate(dtype, model.grid(), layout, {},
                                 comm.size() > 1 ? MemoryFill::touched : MemoryFill::none);  // touched: see redistribute
  std::vector<std::int64_t> offset(static_cast<std::size_t>(model.ndim()), 0);
  std::vector<Array> sources;
  std::vector<std::shared_ptr<const RedistributionPlan>> plans;
  std::vector<detail::PlanExecution> executions;
  sources.reserve(arrays.size());
  for (const Array& piece : arrays) {
    const std::int64_t extent = piece.global_shape()[axis];
    if (extent > 0) {
      const Array& source = sources.emplace_back(piece.dtype() == dtype ? piece : astype(piece, dtype));
      const PlanViews views{source.local(), joined.local()};
      plans.push_back(cached_plan(comm, source.layout(), layout, std::nullopt, PlanOptions{}, &views, offset));
      executions.push_back({plans.back().get(), views.source, views.target});  // a fresh target shares nothing with a piece
    }
    offset[axis] += extent;
  }
  detail::execute_plans_together(executions);
  return joined;
}

Array merge_axes(const Array& x, int axis) {
  const auto checked = check_call(x.grid().comm(), "merge_axes", arg("x", x), arg("axis", axis));
  if (axis < 0 || axis + 1 >= x.ndim()) {
    throw std::out_of_range("merge_axes: expected axis in [0, " + std::to_string(x.ndim() - 1) + "), got " +
                            std::to_string(axis));
  }
  const Distribution& d = x.distribution();
  // The form a view needs: axis + 1 not distributed, dense row-major shards.
  Array source = x;
  const bool dense_c = x.holds_shard() ? LocalView<std::byte>(x.local().data, x.local().shape, x.local().strides).is_dense()
                                       : true;
  const bool row_major = d.storage_order() == StorageOrder::row_major;
  int ok = d.grid_axis_of(axis + 1) < 0 && row_major && dense_c && x.halo().empty();
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, x.grid().comm().get()));  // shard density is local
  if (!ok) {
    source = redistribute(x, x.grid(), std::make_shared<const Distribution>(
                                           derived::in_order(derived::local_along(d, axis + 1), StorageOrder::row_major)));
  }
  auto layout = std::make_shared<const Distribution>(derived::merged(source.distribution(), axis));
  const RawView view = source.local();
  std::vector<std::int64_t> strides;
  for (int a = 0; a < source.ndim(); ++a) {
    if (a == axis) strides.push_back(view.strides.empty() ? 0 : view.strides[axis + 1]);
    else if (a != axis + 1) strides.push_back(view.strides.empty() ? 0 : view.strides[a]);
  }
  std::byte* data = source.holds_shard() ? view.data : nullptr;
  return Array::wrap(source.dtype(), source.grid(), std::move(layout), data, std::move(strides),
                     std::make_shared<Array>(source));
}

namespace {

/// The product of extents[from..].
std::int64_t product_from(const std::vector<std::int64_t>& extents, std::size_t from) {
  std::int64_t n = 1;
  for (std::size_t k = from; k < extents.size(); ++k) n *= extents[k];
  return n;
}

/// A 1-D array x (block-cyclic with block size nb * prod(shape[1:]) over its grid axis, dense shards)
/// viewed as `shape`: axis 0 block-cyclic(nb) over the same grid axis, the others local, row-major.
Array split_view(const Array& x, const std::vector<std::int64_t>& shape, std::int64_t nb) {
  const Distribution& d = x.distribution();
  const int grid_axis = d.grid_axis_of(0);
  auto layout = std::make_shared<const Distribution>(derived::spread_along(
      shape, d.grid_dims(), 0, grid_axis >= 0 ? AxisLayout::block_cyclic(nb, d.axis_map(0).first_part()) : AxisLayout::not_distributed(),
      grid_axis));
  const RawView view = x.local();
  const std::int64_t unit = view.strides.empty() ? 1 : view.strides[0];
  std::vector<std::int64_t> strides(shape.size());
  for (std::size_t k = 0; k < shape.size(); ++k) strides[k] = product_from(shape, k + 1) * unit;
  return Array::wrap(x.dtype(), x.grid(), std::move(layout), x.holds_shard() ? view.data : nullptr, std::move(strides),
                     std::make_shared<Array>(x));
}

}  // namespace

Array reshape(const Array& x, const std::vector<std::int64_t>& shape) {
  const auto checked = check_call(x.grid().comm(), "reshape", arg("x", x), arg("shape", shape));
  std::int64_t size = 1;
  for (std::int64_t e : shape) {
    if (e < 0) throw std::invalid_argument("reshape: expected non-negative extents, got " + format_shape(shape));
    size *= e;
  }
  if (size != x.global_size()) {
    throw std::invalid_argument("reshape: cannot reshape an array of shape " + format_shape(x.global_shape()) +
                                " (" + std::to_string(x.global_size()) + " elements) into shape " + format_shape(shape));
  }
  const ProcessGrid& grid = x.grid();
  if (x.global_shape() == shape) return astype(x, x.dtype());
  if (shape.empty() || x.ndim() == 0 || size == 0) {  // nothing to spread: through the default layouts
    const Array whole = redistribute(x, grid, std::make_shared<const Distribution>(
                                                  Distribution::replicated(x.global_shape(), grid.dims())));
    const RawView view = whole.local();
    Array viewed = Array::wrap(x.dtype(), grid, std::make_shared<const Distribution>(Distribution::replicated(shape, grid.dims())),
                               whole.holds_shard() ? view.data : nullptr,
                               Distribution::replicated(shape, grid.dims()).dense_strides(shape), std::make_shared<Array>(whole));
    return redistribute(viewed, grid, default_layout(shape, grid));
  }
  // 1. Spread only along x's first axis (block-cyclic over grid axis 0), the others local, row-major.
  const int parts = grid.dims()[0];
  Array flat = redistribute(x, grid, std::make_shared<const Distribution>(
                                         derived::spread_along(x.global_shape(), grid.dims(), 0, AxisLayout::block(), 0)));
  for (int a = x.ndim() - 2; a >= 0; --a) flat = merge_axes(flat, a);  // views: the inner axes are local
  // 2. The 1-D block size that splits into `shape` with axis 0 block-distributed.
  const std::int64_t inner = product_from(shape, 1);
  const std::int64_t nb = std::max<std::int64_t>(1, (shape[0] + parts - 1) / parts);
  auto line = std::make_shared<const Distribution>(
      derived::spread_along({size}, grid.dims(), 0, AxisLayout::block_cyclic(nb * inner), 0));
  if (!(flat.distribution() == *line)) flat = redistribute(flat, grid, line);
  // 3. Split (a view) and move to the default layout.
  const Array split = split_view(flat, shape, nb);
  auto target = default_layout(shape, grid);
  return split.distribution() == *target ? split : redistribute(split, grid, target);
}

Array permute_dims(const Array& x, const std::vector<int>& axes) {
  const auto checked = check_call(x.grid().comm(), "permute_dims", arg("x", x), arg("axes", axes));
  if (static_cast<int>(axes.size()) != x.ndim()) {
    throw std::invalid_argument("permute_dims: expected a permutation of " + std::to_string(x.ndim()) + " axes, got " +
                                std::to_string(axes.size()));
  }
  const std::vector<int> order = normalized_axes(axes, x.ndim(), "permute_dims");
  std::vector<IndexMap::TargetAxis> targets;
  for (int axis : order) {
    targets.push_back({axis, 0, 1, x.global_shape()[axis]});
  }
  auto layout = std::make_shared<const Distribution>(derived::permuted(x.distribution(), order));
  return redistribute(x, x.grid(), std::move(layout), IndexMap(x.global_shape(), std::move(targets), {}));
}

Array flip(const Array& x, std::vector<int> axes) {
  const auto checked = check_call(x.grid().comm(), "flip", arg("x", x), arg("axes", axes));
  const std::vector<int> flipped = normalized_axes(std::move(axes), x.ndim(), "flip");
  std::vector<IndexMap::TargetAxis> targets;
  for (int axis = 0; axis < x.ndim(); ++axis) {
    const std::int64_t n = x.global_shape()[axis];
    const bool reverse = std::find(flipped.begin(), flipped.end(), axis) != flipped.end() && n > 0;
    targets.push_back(reverse ? IndexMap::TargetAxis{axis, n - 1, -1, n} : IndexMap::TargetAxis{axis, 0, 1, n});
  }
  return redistribute(x, x.grid(), x.layout(), IndexMap(x.global_shape(), std::move(targets), {}));
}

Array squeeze(const Array& x, std::vector<int> axes) {
  const auto checked = check_call(x.grid().comm(), "squeeze", arg("x", x), arg("axes", axes));
  const std::vector<int> removed = normalized_axes(std::move(axes), x.ndim(), "squeeze");
  std::vector<int> kept;
  std::vector<IndexMap::TargetAxis> targets;
  std::vector<IndexMap::FixedIndex> fixed;
  for (int axis = 0; axis < x.ndim(); ++axis) {
    const std::int64_t n = x.global_shape()[axis];
    if (std::find(removed.begin(), removed.end(), axis) != removed.end()) {
      if (n != 1) {
        throw std::invalid_argument("squeeze: axis " + std::to_string(axis) + " has extent " + std::to_string(n) +
                                    ", not 1 (shape " + format_shape(x.global_shape()) + ")");
      }
      fixed.push_back({axis, 0});
    } else {
      kept.push_back(axis);
      targets.push_back({axis, 0, 1, n});
    }
  }
  auto layout = std::make_shared<const Distribution>(derived::permuted(x.distribution(), kept));
  return redistribute(x, x.grid(), std::move(layout), IndexMap(x.global_shape(), std::move(targets), std::move(fixed)));
}

Array expand_dims(const Array& x, std::vector<int> axes) {
  const int ndim = x.ndim() + static_cast<int>(axes.size());
  std::vector<bool> is_new(ndim, false);
  for (int axis : normalized_axes(std::move(axes), ndim, "expand_dims")) is_new[axis] = true;
  const RawView view = x.local();
  std::vector<int> positions;
  std::vector<std::int64_t> strides;
  for (int axis = 0, old = 0; axis < ndim; ++axis) {
    if (is_new[axis]) positions.push_back(axis);
    strides.push_back(is_new[axis] || view.strides.empty() ? 0 : view.strides[old]);
    if (!is_new[axis]) ++old;
  }
  auto layout = std::make_shared<const Distribution>(derived::expanded(x.distribution(), positions));
  std::byte* data = x.holds_shard() ? view.data : nullptr;
  return Array::wrap(x.dtype(), x.grid(), std::move(layout), data, std::move(strides), std::make_shared<Array>(x));
}

namespace {

/// The index map that broadcasts an array of `from` shape to `to` shape (trailing axes aligned): target
/// axes of extent-1 or missing source axes read source index 0.
IndexMap broadcast_map(const std::vector<std::int64_t>& from, const std::vector<std::int64_t>& to) {
  const bool fits = from.size() <= to.size() && [&] {
    for (std::size_t k = 0; k < from.size(); ++k) {
      const std::int64_t e = from[from.size() - 1 - k];
      if (e != 1 && e != to[to.size() - 1 - k]) return false;
    }
    return true;
  }();
  if (!fits) {
    throw std::invalid_argument("broadcast_to: shape " + format_shape(from) + " does not broadcast to " + format_shape(to));
  }
  const std::size_t offset = to.size() - from.size();
  std::vector<IndexMap::TargetAxis> axes;
  std::vector<IndexMap::FixedIndex> fixed;
  for (std::size_t k = 0; k < to.size(); ++k) {
    const int source = k < offset ? -1 : static_cast<int>(k - offset);
    if (source >= 0 && from[source] == to[k]) {
      axes.push_back({source, 0, 1, to[k]});
    } else {
      axes.push_back({-1, 0, 1, to[k]});
      if (source >= 0) fixed.push_back({source, 0});  // an axis of extent 1, read at 0
    }
  }
  return IndexMap(from, std::move(axes), std::move(fixed));
}

}  // namespace

Array broadcast_to(const Array& x, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout) {
  require_same_ranks(x.grid(), grid);  // local, first: a grid on other ranks is described differently on each
  const auto checked = check_call(x.grid().comm(), "broadcast_to", arg("x", x), arg("grid", grid),
                                  arg("layout", layout));
  IndexMap map = broadcast_map(x.global_shape(), layout->global_shape());
  return redistribute(x, grid, std::move(layout), std::move(map));
}

}  // namespace gingham
