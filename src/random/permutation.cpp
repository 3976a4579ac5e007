// Generator's permutations and sampling (gingham/random/generator.hpp): random 64-bit keys from the
// stream at each element's global index, then the distributed stable argsort, so the result does not
// depend on the rank count; values are read by take / take_along_axis. Nothing is gathered.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "fill.hpp"
#include "key_argsort.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/call_check.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/slicing.hpp"
#include "gingham/kernels/sorting.hpp"
#include "gingham/random/generator.hpp"

namespace gingham::random {
namespace {

/// The stream's words at the row-major indices of `layout`, as uint64 keys.
Array key_words(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const PhiloxKey& key,
                std::uint64_t position) {
  Array keys = Array::allocate(DType::uint64, grid, std::move(layout), {}, /*zero=*/false);
  detail::fill_by_element<std::uint64_t, 1>(keys, key, position, [](const std::uint64_t* w) { return *w; });
  return keys;
}

int normalized_axis(int axis, int ndim, const char* method) {
  if (ndim == 0) {
    throw std::invalid_argument(std::string("Generator.") + method + ": expected an array with at least 1 dimension, "
                                "got a 0-D array");
  }
  if (axis < -ndim || axis >= ndim) {
    throw std::out_of_range(std::string("Generator.") + method + ": axis " + std::to_string(axis) +
                            " is out of bounds for an array of " + std::to_string(ndim) + " dimensions");
  }
  return axis < 0 ? axis + ndim : axis;
}

/// Copies y's shard into x's (the same local shapes).
void copy_shard(const Array& y, const Array& x) {
  if (!x.holds_shard()) return;
  const RawView from = y.local(), to = x.local();
  const std::int64_t count = to.size();
  const int ndim = static_cast<int>(to.shape.size());
  std::vector<std::int64_t> at(static_cast<std::size_t>(ndim), 0);
  for (std::int64_t k = 0; k < count; ++k) {
    std::int64_t source = 0, target = 0;
    for (int a = 0; a < ndim; ++a) source += at[a] * from.strides[a], target += at[a] * to.strides[a];
    std::copy_n(from.data + source * static_cast<std::int64_t>(from.item_size), from.item_size,
                to.data + target * static_cast<std::int64_t>(to.item_size));
    for (int a = ndim - 1; a >= 0 && ++at[a] == to.shape[a]; --a) at[a] = 0;
  }
}

/// The first `size` elements of the 1-D array x, reshaped to `layout`'s shape and laid out as `layout`.
Array leading(const Array& x, std::int64_t size, std::shared_ptr<const Distribution> layout) {
  Array head = getitem(x, {IndexKey{IndexMap::Slice{0, size, 1}}});
  if (layout->ndim() != 1) head = reshape(head, layout->global_shape());
  return redistribute(head, std::move(layout));
}

/// x's shape with axis `axis` not distributed and the others Block over the grid axes in order (while
/// there are grid axes): lines along `axis` are whole on a rank, so sorting them takes no messages.
std::shared_ptr<const Distribution> layout_with_local_axis(const Array& x, int axis) {
  const int grid_ndim = x.grid().ndim();
  std::vector<AxisLayout> axes;
  int used = 0;
  for (int b = 0; b < x.ndim(); ++b) {
    axes.push_back(b != axis && used < grid_ndim ? (++used, AxisLayout::block()) : AxisLayout::not_distributed());
  }
  return std::make_shared<const Distribution>(x.global_shape(), std::move(axes), x.grid().dims());
}

void require_probabilities(const std::vector<double>& p, std::int64_t n) {
  if (static_cast<std::int64_t>(p.size()) != n) {
    throw std::invalid_argument("Generator.choice: expected p to have " + std::to_string(n) + " probabilities, got " +
                                std::to_string(p.size()));
  }
  double total = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!(p[i] >= 0) || !std::isfinite(p[i])) {
      throw std::invalid_argument("Generator.choice: expected probabilities >= 0, got p[" + std::to_string(i) +
                                  "] = " + describe_floating(p[i]));
    }
    total += p[i];
  }
  if (std::abs(total - 1.0) > 1e-8) {
    throw std::invalid_argument("Generator.choice: expected probabilities summing to 1, got a sum of " +
                                describe_floating(total));
  }
}

}  // namespace

Array Generator::permutation(const ProcessGrid& grid, std::int64_t n) {
  const auto checked = check_call(grid.comm(), "Generator.permutation", arg("generator", *this), arg("grid", grid),
                                  arg("n", n));
  if (n < 0) throw std::invalid_argument("Generator.permutation: expected n >= 0, got " + std::to_string(n));
  // The stable argsort of the words at position + i, by their bits (key_argsort.hpp) among the ranks
  // along grid axis 0 (the result is Block over it; ranks along the other grid axes hold copies and
  // compute them alike).
  auto layout = default_layout({n}, grid);
  Array y = Array::allocate(DType::int64, grid, layout, {}, /*zero=*/false);
  if (y.holds_shard()) {
    const AxisMap& map = layout->axis_map(0);
    std::vector<std::int64_t> bounds(2 * static_cast<std::size_t>(map.parts()), 0);
    for (int q = 0; q < map.parts(); ++q) {
      if (map.owned_block_count(q) == 0) continue;
      const OwnedBlock block = map.owned_block(q, 0);
      bounds[2 * q] = block.global_begin;
      bounds[2 * q + 1] = block.global_begin + map.local_extent(q);
    }
    const PhiloxKey key = key_;
    const std::uint64_t position = position_;
    detail::argsort_keys(grid.axis_comm(0), n, bounds, [&](std::int64_t first, std::int64_t count, std::uint64_t* out) {
      philox_words(key, PhiloxKey{0, 0}, position + static_cast<std::uint64_t>(first), count, out);
    }, reinterpret_cast<std::int64_t*>(y.local().data));
  }
  position_ += static_cast<std::uint64_t>(n);
  return y;
}

Array Generator::permutation(const Array& x, int axis) {
  const auto checked = check_call(x.grid().comm(), "Generator.permutation", arg("generator", *this), arg("x", x),
                                  arg("axis", axis));
  const int a = normalized_axis(axis, x.ndim(), "permutation");
  const Array order = permutation(x.grid(), x.global_shape()[a]);
  return take(x, order, a);
}

void Generator::shuffle(const Array& x, int axis) {
  const auto checked = check_call(x.grid().comm(), "Generator.shuffle", arg("generator", *this), arg("x", x),
                                  arg("axis", axis));
  const Array shuffled = permutation(x, axis);
  if (*shuffled.layout() == *x.layout()) {
    copy_shard(shuffled, x);  // take keeps x's layout: each rank copies its own shard
  } else {
    copy_shard(redistribute(shuffled, x.layout()), x);
  }
}

Array Generator::permuted(const Array& x, std::optional<int> axis) {
  const auto checked = check_call(x.grid().comm(), "Generator.permuted", arg("generator", *this), arg("x", x),
                                  arg("axis", axis));
  if (!axis) {
    const Array flat = reshape(x, {x.global_size()});
    const Array shuffled = permutation(flat, 0);
    return redistribute(reshape(shuffled, x.global_shape()), x.layout());
  }
  const int a = normalized_axis(*axis, x.ndim(), "permuted");
  Array keys = key_words(x.grid(), layout_with_local_axis(x, a), key_, position_);  // sorted with no messages
  position_ += static_cast<std::uint64_t>(x.global_size());
  const Array order = argsort(keys, a, /*descending=*/false, /*stable=*/true);
  return redistribute(take_along_axis(x, order, a), x.layout());
}

Array Generator::choice(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, std::int64_t n,
                        bool replace, const std::optional<std::vector<double>>& p) {
  const auto checked = check_call(grid.comm(), "Generator.choice", arg("generator", *this), arg("grid", grid),
                                  arg("layout", layout), arg("n", n), arg("replace", replace), arg("p", p));
  const std::int64_t size = layout->global_size();
  if (n < 0) throw std::invalid_argument("Generator.choice: expected a population n >= 0, got " + std::to_string(n));
  if (n == 0 && size > 0) {
    throw std::invalid_argument("Generator.choice: cannot take a sample of " + std::to_string(size) +
                                " from an empty population");
  }
  if (p) require_probabilities(*p, n);
  if (!replace) {
    const std::int64_t possible = p ? std::count_if(p->begin(), p->end(), [](double v) { return v > 0; }) : n;
    if (size > possible) {
      throw std::invalid_argument("Generator.choice: cannot take a sample of " + std::to_string(size) +
                                  " without replacement from " + std::to_string(possible) +
                                  (p ? " elements of nonzero probability" : " elements"));
    }
  }
  if (replace && !p) return integers(DType::int64, grid, std::move(layout), std::int64_t{0}, n, false);
  if (replace) {  // inverse CDF: the first k with u < cdf[k] (numpy's searchsorted(cdf, u, 'right'))
    std::vector<double> cdf(p->size());
    double running = 0;
    for (std::size_t k = 0; k < cdf.size(); ++k) cdf[k] = running += (*p)[k];
    for (double& c : cdf) c /= running;
    Array y = Array::allocate(DType::int64, grid, std::move(layout), {}, /*zero=*/false);
    detail::fill_by_element<std::int64_t, 1>(y, key_, position_, [&](const std::uint64_t* w) {
      const double u = static_cast<double>(*w >> 11) * 0x1.0p-53;
      const auto k = std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
      return std::min<std::int64_t>(k, n - 1);
    });
    position_ += static_cast<std::uint64_t>(size);
    return y;
  }
  if (!p) return leading(permutation(grid, n), size, std::move(layout));
  // Efraimidis-Spirakis: the `size` smallest E_i / p_i, E_i standard exponential (zero p: never chosen).
  Array keys = Array::allocate(DType::float64, grid, default_layout({n}, grid), {}, /*zero=*/false);
  const std::vector<double>& weights = *p;
  detail::fill_by_element<double, 1>(keys, key_, position_, [](const std::uint64_t* w) {
    return -std::log(static_cast<double>((*w >> 11) + 1) * 0x1.0p-53);
  });
  position_ += static_cast<std::uint64_t>(n);
  if (keys.holds_shard()) {  // divide by p at each element's global index
    gingham::detail::for_each_global_run<double>(keys, [&](std::int64_t first, std::int64_t length, double* out,
                                                  std::int64_t stride) {
      for (std::int64_t k = 0; k < length; ++k) {
        const double weight = weights[static_cast<std::size_t>(first + k)];
        out[k * stride] = weight > 0 ? out[k * stride] / weight : HUGE_VAL;
      }
    });
  }
  return leading(argsort(keys, 0, false, true), size, std::move(layout));
}

}  // namespace gingham::random
