// repeat: one count (copies joined along a new local axis, then merged: a view) or one count per slab
// (take with each result slab's source found from the cumulative counts, so one exchange balances
// the result whatever the counts, and no index list of the result's length is made).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "gingham/core/format.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "take_by.hpp"

namespace gingham {
namespace {

void require_non_negative(std::int64_t count) {
  if (count < 0) throw std::invalid_argument("repeat: expected non-negative counts, got " + std::to_string(count));
}

}  // namespace

Array repeat(const Array& x, std::int64_t count, int axis) {
  axis = detail::take_axis(x, axis, "repeat");
  require_non_negative(count);
  if (count == 0) return take(x, {}, axis);
  const Array column = expand_dims(x, {axis + 1});
  return merge_axes(concat(std::vector<Array>(static_cast<std::size_t>(count), column), axis + 1), axis);
}

Array repeat(const Array& x, std::vector<std::int64_t> counts, int axis) {
  axis = detail::take_axis(x, axis, "repeat");
  const std::int64_t n = x.global_shape()[axis];
  if (counts.size() != 1 && static_cast<std::int64_t>(counts.size()) != n) {
    throw std::invalid_argument("repeat: expected 1 or " + std::to_string(n) + " counts (x has shape " +
                                format_shape(x.global_shape()) + ", axis " + std::to_string(axis) + "), got " +
                                std::to_string(counts.size()));
  }
  for (std::int64_t c : counts) require_non_negative(c);
  if (std::all_of(counts.begin(), counts.end(), [&](std::int64_t c) { return c == counts[0]; })) {
    return repeat(x, counts.empty() ? 0 : counts[0], axis);
  }
  // counts becomes the cumulative counts: result slab j reads the first slab i whose cumulative count
  // exceeds j (found by binary search, so no index list of the result's length is made).
  for (std::size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
  const std::int64_t total = counts.empty() ? 0 : counts.back();
  return detail::take_by(x, total, [&](std::int64_t j) {
    return std::upper_bound(counts.begin(), counts.end(), j) - counts.begin();
  }, axis);
}

}  // namespace gingham
