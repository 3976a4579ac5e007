// repeat: one count (copies joined along a new local axis, then merged: a view) or one count per slab
// (take with each result slab's source found from the cumulative counts, so one exchange balances the
// result whatever the counts, and no index list of the result's length is made); counts in a distributed
// array give a distributed index list (repeat_indices) read through take.
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "gingham/array/promotion.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/gather.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/kernels/scans.hpp"
#include "gingham/kernels/searching.hpp"
#include "take_by.hpp"

namespace gingham {
namespace {

void require_non_negative(std::int64_t count) {
  if (count < 0) throw std::invalid_argument("repeat: expected non-negative counts, got " + std::to_string(count));
}

void require_counts_type(const Array& counts) {
  if (!is_integer(counts.dtype())) {
    throw TypeError("repeat: expected an int or an integer array of repeats, got dtype " +
                    std::string(dtype_name(counts.dtype())));
  }
  if (counts.ndim() != 1) {
    throw std::invalid_argument("repeat: expected 1-D repeats, got " + std::to_string(counts.ndim()) + " dimensions");
  }
}

/// An integer count as int64; std::invalid_argument for an unsigned one beyond INT64_MAX.
template <class T>
std::int64_t count_of(T value) {
  if constexpr (std::is_unsigned_v<T> && sizeof(T) == 8) {
    if (value > static_cast<T>(std::numeric_limits<std::int64_t>::max())) {
      throw std::invalid_argument("repeat: count " + std::to_string(value) + " is too large");
    }
  }
  return static_cast<std::int64_t>(value);
}

/// Collective over the 0-D integer array's communicator. Its value on every rank, ranks off its grid included.
std::int64_t value_everywhere(const Array& scalar) {
  return visit_dtype(scalar.dtype(), [&]<class T>() -> std::int64_t {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      T value{};
      gather_to_all(scalar, LocalView<T>(&value, {}, {}).raw());
      return count_of(value);
    } else {
      throw TypeError("repeat: expected integer counts");
    }
  });
}

/// Collective over counts.grid().comm(). The smallest of the counts (0 for none), the same on every rank;
/// std::invalid_argument when it is negative.
std::int64_t smallest_count(const Array& counts) {
  const std::int64_t smallest = counts.global_size() ? value_everywhere(reduce(Reduction::min, counts)) : 0;
  require_non_negative(smallest);
  return smallest;
}

/// The counts of a shard that every rank holds whole, as int64.
std::vector<std::int64_t> shared_counts(const Array& counts) {
  return visit_dtype(counts.dtype(), [&]<class T>() -> std::vector<std::int64_t> {
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      const LocalView<T> view = counts.local_as<T>();
      std::vector<std::int64_t> list;
      T largest{};
      for (std::int64_t i = 0; i < view.size(); ++i) largest = std::max(largest, view.data()[i * view.strides()[0]]);
      count_of(largest);  // an unsigned count beyond INT64_MAX names the largest, as NumPy's max would
      for (std::int64_t i = 0; i < view.size(); ++i) list.push_back(static_cast<std::int64_t>(view.data()[i * view.strides()[0]]));
      return list;
    } else {
      throw TypeError("repeat: expected integer counts");
    }
  });
}

}  // namespace

Array repeat_indices(const Array& counts) {
  const auto checked = check_call(counts.grid().comm(), "repeat_indices", arg("counts", counts));
  require_counts_type(counts);
  smallest_count(counts);
  ReduceOptions as_int64;
  as_int64.dtype = DType::int64;
  const Array ends = cumulative(ScanOp::sum, counts, std::nullopt, DType::int64);
  const std::int64_t total = value_everywhere(sum(counts, as_int64));
  const ProcessGrid& grid = counts.grid();
  const Array positions = arange(DType::int64, grid, default_layout({total}, grid), Scalar(std::int64_t{0}),
                                 Scalar(std::int64_t{1}));
  return searchsorted(ends, positions, /*right=*/true);
}

Array repeat(const Array& x, const Array& counts, int axis) {
  const auto checked = check_call(x.grid().comm(), "repeat", arg("x", x), arg("counts", counts), arg("axis", axis));
  axis = detail::take_axis(x, axis, "repeat");
  require_counts_type(counts);
  if (counts.distribution().is_replicated() && counts.grid().size() == x.grid().comm().size()) {
    return repeat(x, shared_counts(counts), axis);  // every rank holds them all
  }
  const std::int64_t n = x.global_shape()[axis], m = counts.global_shape()[0];
  if (m != 1 && m != n) {
    throw std::invalid_argument("repeat: expected 1 or " + std::to_string(n) + " counts (x has shape " +
                                format_shape(x.global_shape()) + ", axis " + std::to_string(axis) + "), got " +
                                std::to_string(m));
  }
  if (m == 1 && n != 1) return repeat(x, smallest_count(counts), axis);
  return take(x, repeat_indices(counts), axis);
}

Array repeat(const Array& x, std::int64_t count, int axis) {
  const auto checked = check_call(x.grid().comm(), "repeat", arg("x", x), arg("count", count), arg("axis", axis));
  axis = detail::take_axis(x, axis, "repeat");
  require_non_negative(count);
  if (count == 0) return take(x, {}, axis);
  const Array column = expand_dims(x, {axis + 1});
  return merge_axes(concat(std::vector<Array>(static_cast<std::size_t>(count), column), axis + 1), axis);
}

Array repeat(const Array& x, std::vector<std::int64_t> counts, int axis) {
  const auto checked = check_call(x.grid().comm(), "repeat", arg("x", x), arg("counts", counts), arg("axis", axis));
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
