// tile: leading size-1 axes added as a view, then each axis with a count other than 1 joined from that
// many handles of the array by concat (a count of 0: an empty array in the same layout).
#include <cstdio>
#include <numeric>
#include <stdexcept>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/format.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "reduction_engine.hpp"

namespace gingham {
namespace {

/// The product of `factors` in decimal: exact below 2^128, else rounded.
std::string product_text(const std::vector<std::int64_t>& factors) {
  unsigned __int128 exact = 1;
  long double rounded = 1;
  bool overflow = false;
  for (std::int64_t f : factors) {
    overflow = overflow || __builtin_mul_overflow(exact, static_cast<unsigned __int128>(f), &exact);
    rounded *= static_cast<long double>(f);
  }
  if (overflow) {
    char text[64];
    std::snprintf(text, sizeof text, "%.0Lf", rounded);
    return text;
  }
  std::string digits;
  do digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(exact % 10))), exact /= 10;
  while (exact > 0);
  return digits;
}

/// The MemoryError of a count whose result cannot exist: its bytes and shape, as Python prints them.
MemoryError too_large(const Array& x, int axis, std::int64_t count) {
  std::vector<std::int64_t> factors = x.global_shape();
  factors.push_back(count);
  factors.push_back(static_cast<std::int64_t>(item_size(x.dtype())));
  std::string shape = "(";
  for (int a = 0; a < x.ndim(); ++a) {
    std::vector<std::int64_t> extent{x.global_shape()[a]};
    if (a == axis) extent.push_back(count);
    shape += (a ? ", " : "") + product_text(extent);
  }
  shape += x.ndim() == 1 ? ",)" : ")";
  return MemoryError("tile: cannot allocate " + product_text(factors) + " bytes for the result of shape " + shape + " (" +
                     std::string(dtype_name(x.dtype())) + "): not even the list of its " + std::to_string(count) +
                     " copies along axis " + std::to_string(axis) + " fits in memory");
}

/// x joined with itself `count` (> 1) times along `axis`.
Array copies_along(const Array& x, int axis, std::int64_t count) {
  const Distribution& d = x.distribution();
  std::int64_t extent = 0;
  if (__builtin_mul_overflow(x.global_shape()[axis], count, &extent)) throw too_large(x, axis, count);
  if (x.global_size() == 0) {  // nothing to copy: the empty result in concat's layout
    return Array::allocate(x.dtype(), x.grid(), std::make_shared<const Distribution>(derived::resized(d, axis, extent)));
  }
  std::vector<Array> copies;
  agree_on_errors(x.grid().comm(), [&] {  // a list of handles that does not fit fails on every rank alike
    try {
      copies.assign(static_cast<std::size_t>(count), x);
    } catch (const std::exception&) {
      throw too_large(x, axis, count);
    }
  });
  return concat(copies, axis);
}

}  // namespace

Array tile(const Array& x, const std::vector<std::int64_t>& repetitions) {
  const auto checked = check_call(x.grid().comm(), "tile", arg("x", x), arg("repetitions", repetitions));
  for (std::int64_t r : repetitions) {
    if (r < 0) throw std::invalid_argument("tile: expected non-negative repetitions, got " + format_shape(repetitions));
  }
  const int added = std::max(0, static_cast<int>(repetitions.size()) - x.ndim());
  std::vector<int> new_axes(added);
  std::iota(new_axes.begin(), new_axes.end(), 0);
  Array result = added ? expand_dims(x, new_axes) : x;
  std::vector<std::int64_t> counts(result.ndim() - repetitions.size(), 1);
  counts.insert(counts.end(), repetitions.begin(), repetitions.end());
  bool changed = added > 0;
  for (int axis = 0; axis < result.ndim(); ++axis) {
    const std::int64_t count = counts[axis];
    if (count == 1) continue;
    changed = true;
    const Distribution& d = result.distribution();
    result = count == 0 ? Array::allocate(result.dtype(), result.grid(), std::make_shared<const Distribution>(derived::resized(d, axis, 0)))
                        : copies_along(result, axis, count);
  }
  return changed ? result : astype(x, x.dtype());
}

}  // namespace gingham
