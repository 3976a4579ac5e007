// The slab driver: each phase moves the array (redistribute, plans cached) to a layout on a 1-D work grid in
// which the phase's axes are whole on every rank and one other axis is Block over the ranks, stages the
// shard cropped or zero-padded to the transform lengths, and runs FFTW on it (local_fft.hpp).
//
// Phases: when some axis is not transformed, one phase (that axis spread, every transformed axis local);
// otherwise two: axis A spread while the others are transformed, then axis B spread while A is. rfftn needs
// its halved axis L in the first phase (real to complex comes first), irfftn in the last (complex to real
// comes last), which fixes A != L, respectively A = L.
#include "distributed_transform.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstring>
#include <list>
#include <stdexcept>
#include <utility>

#include "gingham/array/redistribute.hpp"
#include "gingham/distributions/derived.hpp"
#include "local_fft.hpp"
#include "one_axis_transform.hpp"

namespace gingham::fft_detail {
namespace {

using Kind = TransformSpec::Kind;

bool single_precision(DType dtype) { return dtype == DType::float32 || dtype == DType::complex64; }

/// One phase: the axis spread over the work grid (-1: none, a 1-rank grid), the axes transformed, in order,
/// and the shards' storage order: column-major for a 2-D array whose phase transforms axis 0 (the move between
/// the slabs is a transpose either way, and FFTW gets unit-stride columns instead of rows a whole row apart),
/// row-major otherwise (with 3 or more axes, row-major slabs keep the last axis contiguous as FFTW's batch, and
/// the engine's 3-D reorder into column-major costs more than it saves). Measured on 2 ranks: 8192^2 rfftn
/// 0.8-1.1 s column-major against 1.8-3.0 s row-major; a 256^3 round trip 1.3 s against 0.7 s (FFTW_MEASURE).
struct Phase {
  int spread;
  std::vector<int> axes;
  StorageOrder order = StorageOrder::row_major;
};

StorageOrder order_for(const std::vector<int>& axes, int ndim) {
  const bool first = std::find(axes.begin(), axes.end(), 0) != axes.end();
  const bool last = std::find(axes.begin(), axes.end(), ndim - 1) != axes.end();
  return ndim == 2 && first && !last ? StorageOrder::column_major : StorageOrder::row_major;
}

/// The layout of a phase: `spread` Block over the 1-D work grid of `ranks`, every other axis whole.
std::shared_ptr<const Distribution> slab_layout(const std::vector<std::int64_t>& shape, int spread, int ranks,
                                                StorageOrder order) {
  std::vector<AxisLayout> axes(shape.size(), AxisLayout::not_distributed());
  if (spread >= 0) axes[spread] = AxisLayout::block();
  return std::make_shared<const Distribution>(shape, std::move(axes), std::vector<int>{ranks}, order);
}

/// The array axis x's layout spreads over its longest grid axis of extent > 1, or -1.
int spread_axis_of(const Array& x) {
  const Distribution& d = x.distribution();
  int best = -1, best_extent = 1;
  for (int g = 0; g < d.grid_ndim(); ++g) {
    if (d.array_axis_on(g) >= 0 && d.grid_dims()[g] > best_extent) best = d.array_axis_on(g), best_extent = d.grid_dims()[g];
  }
  return best;
}

/// The axis of largest extent among those `allowed` flags (the first one on ties), or -1.
int longest_axis(const std::vector<std::int64_t>& shape, const std::vector<char>& allowed) {
  int best = -1;
  for (int a = 0; a < static_cast<int>(shape.size()); ++a) {
    if (allowed[a] && (best < 0 || shape[a] > shape[best])) best = a;
  }
  return best;
}

std::vector<Phase> plan_phases(const Array& x, const TransformSpec& spec, const std::vector<std::int64_t>& out_shape) {
  const int ndim = x.ndim();
  const std::vector<std::int64_t>& shape = x.global_shape();
  std::vector<char> transformed(ndim, 0);
  for (int a : spec.axes) transformed[a] = 1;
  const int preferred = spread_axis_of(x);
  if (ndim == 1) return {Phase{-1, spec.axes}};
  auto phase = [ndim](int spread, std::vector<int> axes) {
    const StorageOrder order = order_for(axes, ndim);
    return Phase{spread, std::move(axes), order};
  };
  std::vector<char> free(ndim);
  for (int a = 0; a < ndim; ++a) free[a] = !transformed[a];
  if (std::any_of(free.begin(), free.end(), [](char f) { return f != 0; })) {
    const int spread = preferred >= 0 && free[preferred] ? preferred : longest_axis(shape, free);
    return {phase(spread, spec.axes)};
  }
  const int halved = spec.axes.back();
  int first = preferred >= 0 ? preferred : 0;
  if (spec.kind == Kind::real_backward) first = halved;
  if (spec.kind == Kind::real_forward && first == halved) {
    std::vector<char> others(ndim, 1);
    others[halved] = 0;
    first = longest_axis(shape, others);
  }
  std::vector<int> rest;
  for (int a : spec.axes) {
    if (a != first) rest.push_back(a);
  }
  std::vector<char> others(ndim, 1);
  others[first] = 0;
  const int second = longest_axis(out_shape, others);
  return {phase(first, rest), phase(second, {first})};
}

/// Copies the box of extents min(from, to) per axis at the origin of `from` into `to`.
void copy_box(const RawView& from, const RawView& to) {
  if (from.size() == 0 || to.size() == 0) return;
  const int ndim = static_cast<int>(to.shape.size());
  std::vector<std::int64_t> box(ndim);
  for (int a = 0; a < ndim; ++a) {
    box[a] = std::min(from.shape[a], to.shape[a]);
    if (box[a] == 0) return;
  }
  const std::size_t item = to.item_size;
  if (ndim == 0) return (void)std::memcpy(to.data, from.data, item);
  const std::int64_t inner = box[ndim - 1], from_step = from.strides[ndim - 1], to_step = to.strides[ndim - 1];
  std::vector<std::int64_t> index(ndim, 0);
  while (true) {
    std::int64_t s = 0, t = 0;
    for (int a = 0; a < ndim - 1; ++a) s += index[a] * from.strides[a], t += index[a] * to.strides[a];
    if (from_step == 1 && to_step == 1) {
      std::memcpy(to.data + t * item, from.data + s * item, static_cast<std::size_t>(inner) * item);
    } else {
      for (std::int64_t i = 0; i < inner; ++i) {
        std::memcpy(to.data + (t + i * to_step) * item, from.data + (s + i * from_step) * item, item);
      }
    }
    int a = ndim - 2;
    for (; a >= 0 && ++index[a] == box[a]; --a) index[a] = 0;
    if (a < 0) return;
  }
}

/// A new array on `grid` in the slab layout of `phase` at `shape`, zero-filled when `zero`.
Array slab_array(DType dtype, const ProcessGrid& grid, const std::vector<std::int64_t>& shape, const Phase& phase,
                 bool zero) {
  return Array::allocate(dtype, grid, slab_layout(shape, phase.spread, grid.size(), phase.order), {}, zero);
}

/// Runs one phase on `current` (owned: the driver made it, so it may be overwritten) and returns the output.
Array run_phase(Array current, bool owned, const Phase& phase, const TransformSpec& spec, const ProcessGrid& grid) {
  auto layout = slab_layout(current.global_shape(), phase.spread, grid.size(), phase.order);
  if (!(current.grid() == grid) || !(current.distribution() == *layout)) {
    current = redistribute(current, grid, layout);
    owned = true;
  }
  const bool single = single_precision(current.dtype());
  const DType complex_type = single ? DType::complex64 : DType::complex128;
  const DType real_type = single ? DType::float32 : DType::float64;
  const int halved = spec.axes.back();
  const bool real_forward = spec.kind == Kind::real_forward &&
                            std::find(phase.axes.begin(), phase.axes.end(), halved) != phase.axes.end();
  const bool real_backward = spec.kind == Kind::real_backward &&
                             std::find(phase.axes.begin(), phase.axes.end(), halved) != phase.axes.end();
  const bool inverse = spec.kind == Kind::complex_backward || spec.kind == Kind::real_backward;
  const LocalKind complex_kind = inverse ? LocalKind::complex_backward : LocalKind::complex_forward;
  std::vector<std::int64_t> staged = current.global_shape(), out_shape = current.global_shape();
  std::vector<int> complex_axes;  // the phase's axes transformed complex to complex
  for (int a : phase.axes) {
    const auto k = std::find(spec.axes.begin(), spec.axes.end(), a) - spec.axes.begin();
    const std::int64_t n = spec.lengths[k];
    staged[a] = out_shape[a] = n;
    if (a == halved && real_forward) out_shape[a] = n / 2 + 1;
    if (a == halved && real_backward) staged[a] = n / 2 + 1;
    if (!(a == halved && (real_forward || real_backward))) complex_axes.push_back(a);
  }
  const bool resized = staged != current.global_shape();
  // The staged input: current itself when it has the staged extents and may be overwritten (or is only read).
  Array stage = current;
  if (resized || (!owned && real_backward)) {
    stage = slab_array(current.dtype(), grid, staged, phase, resized);
    if (stage.holds_shard()) copy_box(current.local(), stage.local());
  }
  const bool stage_owned = owned || resized || real_backward;
  if (real_forward) {
    Array out = slab_array(complex_type, grid, out_shape, phase, false);
    if (out.holds_shard()) {
      local_transform(LocalKind::real_forward, single, stage.local(), out.local(), {halved});
      local_transform(complex_kind, single, out.local(), out.local(), complex_axes);
    }
    return out;
  }
  if (real_backward) {
    Array out = slab_array(real_type, grid, out_shape, phase, false);
    if (out.holds_shard()) {
      local_transform(complex_kind, single, stage.local(), stage.local(), complex_axes);
      local_transform(LocalKind::real_backward, single, stage.local(), out.local(), {halved});
    }
    return out;
  }
  Array out = stage_owned ? stage : slab_array(complex_type, grid, out_shape, phase, false);
  if (out.holds_shard()) local_transform(complex_kind, single, stage.local(), out.local(), complex_axes);
  return out;
}

template <class T>
void scale_elements(const RawView& view, double factor) {
  LocalView<T> typed(reinterpret_cast<T*>(view.data), view.shape, view.strides);
  using Real = detail::real_t<T>;
  const Real f = static_cast<Real>(factor);
  for_each_element(typed, [f](T& value) { value *= f; });
}

}  // namespace

std::vector<std::int64_t> output_shape(const std::vector<std::int64_t>& input_shape, const TransformSpec& spec) {
  std::vector<std::int64_t> shape = input_shape;
  for (std::size_t k = 0; k < spec.axes.size(); ++k) shape[spec.axes[k]] = spec.lengths[k];
  if (spec.kind == Kind::real_forward) shape[spec.axes.back()] = spec.lengths.back() / 2 + 1;
  return shape;
}

double norm_factor(FftNorm norm, Kind kind, double points) {
  const bool inverse = kind == Kind::complex_backward || kind == Kind::real_backward;
  if (norm == FftNorm::ortho) return 1.0 / std::sqrt(points);
  if ((norm == FftNorm::backward) == inverse) return 1.0 / points;
  return 1.0;
}

const ProcessGrid& work_grid(const ProcessGrid& grid) {
  if (grid.ndim() == 1) return grid;
  static std::list<std::pair<ProcessGrid, ProcessGrid>> grids;  // (an array's grid, its 1-D work grid)
  for (const auto& [from, to] : grids) {
    if (from == grid) return to;
  }
  grids.emplace_back(grid, ProcessGrid(grid.comm(), std::vector<int>{grid.size()}));
  return grids.back().second;
}

void scale_shard(const Array& x, double factor) {
  if (factor == 1.0 || !x.holds_shard()) return;
  const RawView view = x.local();
  if (view.size() == 0) return;
  switch (x.dtype()) {
    case DType::complex64: return scale_elements<std::complex<float>>(view, factor);
    case DType::complex128: return scale_elements<std::complex<double>>(view, factor);
    case DType::float32: return scale_elements<float>(view, factor);
    case DType::float64: return scale_elements<double>(view, factor);
    default: throw std::logic_error("gingham::fft: scale_shard on a non-floating array");
  }
}

Array distributed_transform(const Array& x, const TransformSpec& spec) {
  const ProcessGrid& grid = work_grid(x.grid());
  const std::vector<std::int64_t> out_shape = output_shape(x.global_shape(), spec);
  double points = 1;
  for (std::int64_t n : spec.lengths) points *= static_cast<double>(n);
  const double factor = norm_factor(spec.norm, spec.kind, points);
  Array current = x;
  if (x.ndim() == 1 && grid.size() > 1) {
    current = one_axis_transform(x, spec, grid);
    scale_shard(current, factor);
  } else {
    bool owned = false;
    for (const Phase& phase : plan_phases(x, spec, out_shape)) {
      current = run_phase(current, owned, phase, spec, grid);
      owned = true;
    }
    scale_shard(current, factor);
  }
  if (!spec.keep_layout) return current;
  Distribution target = x.distribution();
  for (int a = 0; a < x.ndim(); ++a) {
    if (target.global_shape()[a] != out_shape[a]) target = derived::resized(target, a, out_shape[a]);
  }
  if (current.grid() == x.grid() && current.distribution() == target) return current;
  return redistribute(current, x.grid(), std::make_shared<const Distribution>(std::move(target)));
}

}  // namespace gingham::fft_detail
