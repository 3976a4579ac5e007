#pragma once
/// \file
/// The indexing, manipulation, sorting, searching and set operations on DistArray<T>: each is the
/// dtype-erased operation of the same name (same collectives, cost and errors, documented there) on
/// x.array(), with the element type of the result known at compile time.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "gingham/array/dist_array.hpp"
#include "gingham/kernels/assignment.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/searching.hpp"
#include "gingham/kernels/sets.hpp"
#include "gingham/kernels/sorting.hpp"

namespace gingham {

/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
DistArray<T> reshape(const DistArray<T>& x, const std::vector<std::int64_t>& shape) {
  return DistArray<T>(reshape(x.array(), shape));
}
/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
DistArray<T> permute_dims(const DistArray<T>& x, const std::vector<int>& axes) {
  return DistArray<T>(permute_dims(x.array(), axes));
}
/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
DistArray<T> flip(const DistArray<T>& x, std::vector<int> axes) {
  return DistArray<T>(flip(x.array(), std::move(axes)));
}
/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
DistArray<T> squeeze(const DistArray<T>& x, std::vector<int> axes) {
  return DistArray<T>(squeeze(x.array(), std::move(axes)));
}
/// Local (no messages: a view of x). See manipulation.hpp.
template <class T>
DistArray<T> expand_dims(const DistArray<T>& x, std::vector<int> axes) {
  return DistArray<T>(expand_dims(x.array(), std::move(axes)));
}
/// Collective over the arrays' communicator. See manipulation.hpp.
template <class T>
DistArray<T> concat(const std::vector<DistArray<T>>& arrays, int axis) {
  std::vector<Array> untyped;
  for (const DistArray<T>& a : arrays) untyped.push_back(a.array());
  return DistArray<T>(concat(untyped, axis));
}
/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
DistArray<T> repeat(const DistArray<T>& x, std::vector<std::int64_t> counts, int axis) {
  return DistArray<T>(repeat(x.array(), std::move(counts), axis));
}

/// Collective over the arrays' communicator. See manipulation.hpp.
template <class T>
DistArray<T> stack(const std::vector<DistArray<T>>& arrays, int axis = 0) {
  std::vector<Array> untyped;
  for (const DistArray<T>& a : arrays) untyped.push_back(a.array());
  return DistArray<T>(stack(untyped, axis));
}
/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
std::vector<DistArray<T>> unstack(const DistArray<T>& x, int axis = 0) {
  std::vector<DistArray<T>> typed;
  for (Array& a : unstack(x.array(), axis)) typed.emplace_back(std::move(a));
  return typed;
}
/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
DistArray<T> moveaxis(const DistArray<T>& x, const std::vector<int>& source, const std::vector<int>& destination) {
  return DistArray<T>(moveaxis(x.array(), source, destination));
}
/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
DistArray<T> roll(const DistArray<T>& x, std::vector<std::int64_t> shifts,
                  std::optional<std::vector<int>> axes = std::nullopt) {
  return DistArray<T>(roll(x.array(), std::move(shifts), std::move(axes)));
}
/// Collective over x.grid().comm(). See manipulation.hpp.
template <class T>
DistArray<T> tile(const DistArray<T>& x, const std::vector<std::int64_t>& repetitions) {
  return DistArray<T>(tile(x.array(), repetitions));
}
/// Collective over x.grid().comm(). repeat with distributed counts (see manipulation.hpp).
template <class T, class I>
DistArray<T> repeat(const DistArray<T>& x, const DistArray<I>& counts, int axis) {
  return DistArray<T>(repeat(x.array(), counts.array(), axis));
}

/// Collective over x.grid().comm(). See sorting.hpp.
template <class T>
DistArray<T> sort(const DistArray<T>& x, int axis = -1, bool descending = false, bool stable = true) {
  return DistArray<T>(sort(x.array(), axis, descending, stable));
}
/// Collective over x.grid().comm(). See sorting.hpp.
template <class T>
DistArray<std::int64_t> argsort(const DistArray<T>& x, int axis = -1, bool descending = false, bool stable = true) {
  return DistArray<std::int64_t>(argsort(x.array(), axis, descending, stable));
}

/// Collective over x.grid().comm(). See indexing.hpp.
template <class T>
DistArray<T> take(const DistArray<T>& x, std::vector<std::int64_t> indices, int axis) {
  return DistArray<T>(take(x.array(), std::move(indices), axis));
}
/// Collective over x.grid().comm(). See indexing.hpp.
template <class T, class I>
DistArray<T> take(const DistArray<T>& x, const DistArray<I>& indices, int axis) {
  return DistArray<T>(take(x.array(), indices.array(), axis));
}
/// Collective over x.grid().comm(). See indexing.hpp.
template <class T, class I>
DistArray<T> take_along_axis(const DistArray<T>& x, const DistArray<I>& indices, int axis) {
  return DistArray<T>(take_along_axis(x.array(), indices.array(), axis));
}
/// Collective over x.grid().comm(). See indexing.hpp.
template <class T, class I>
DistArray<T> index_arrays(const DistArray<T>& x, const std::vector<DistArray<I>>& keys) {
  std::vector<Array> untyped;
  for (const DistArray<I>& k : keys) untyped.push_back(k.array());
  return DistArray<T>(index_arrays(x.array(), untyped));
}

/// Collective over x1.grid().comm(). See searching.hpp.
template <class T>
DistArray<std::int64_t> searchsorted(const DistArray<T>& x1, const DistArray<T>& x2, bool right = false) {
  return DistArray<std::int64_t>(searchsorted(x1.array(), x2.array(), right));
}
/// Collective over values.grid().comm(). See searching.hpp.
template <class T>
DistArray<T> compress(const DistArray<T>& values, const DistArray<bool>& mask) {
  return DistArray<T>(compress(values.array(), mask.array()));
}
/// Collective over x.grid().comm(). The sorted distinct values of x (sets.hpp, unique).
template <class T>
DistArray<T> unique_values(const DistArray<T>& x) {
  return DistArray<T>(unique(x.array(), false, false).values);
}
/// Collective over x.grid().comm(). The sorted distinct values of x and their counts (sets.hpp, unique).
template <class T>
std::pair<DistArray<T>, DistArray<std::int64_t>> unique_counts(const DistArray<T>& x) {
  UniqueRuns runs = unique(x.array(), true, false);
  return {DistArray<T>(std::move(runs.values)), DistArray<std::int64_t>(std::move(*runs.counts))};
}
/// unique_inverse's result with element types (sets.hpp).
template <class T>
struct TypedUniqueInverseResult {
  DistArray<T> values;
  DistArray<std::int64_t> inverse_indices;
};
/// unique_all's result with element types (sets.hpp).
template <class T>
struct TypedUniqueAllResult {
  DistArray<T> values;
  DistArray<std::int64_t> indices;
  DistArray<std::int64_t> inverse_indices;
  DistArray<std::int64_t> counts;
};
/// Collective over x.grid().comm(). See sets.hpp.
template <class T>
TypedUniqueInverseResult<T> unique_inverse(const DistArray<T>& x) {
  UniqueInverseResult result = unique_inverse(x.array());
  return {DistArray<T>(std::move(result.values)), DistArray<std::int64_t>(std::move(result.inverse_indices))};
}
/// Collective over x.grid().comm(). See sets.hpp.
template <class T>
TypedUniqueAllResult<T> unique_all(const DistArray<T>& x) {
  UniqueAllResult result = unique_all(x.array());
  return {DistArray<T>(std::move(result.values)), DistArray<std::int64_t>(std::move(result.indices)),
          DistArray<std::int64_t>(std::move(result.inverse_indices)), DistArray<std::int64_t>(std::move(result.counts))};
}
/// Collective over x1.grid().comm(). See sets.hpp.
template <class T, class U>
DistArray<bool> isin(const DistArray<T>& x1, const DistArray<U>& x2, bool invert = false) {
  return DistArray<bool>(isin(x1.array(), x2.array(), invert));
}
/// Collective over x.grid().comm(). Whether each element of x occurs in the sorted 1-D `sorted`.
template <class T>
DistArray<bool> contains_sorted(const DistArray<T>& sorted, const DistArray<T>& x) {
  return DistArray<bool>(contains_sorted(sorted.array(), x.array()));
}

/// Collective over x.grid().comm(). x[selection] = value (assignment.hpp).
template <class T>
void assign(const DistArray<T>& x, const IndexMap& selection, T value) {
  if constexpr (std::is_same_v<T, bool> || std::is_integral_v<T>) {
    assign(x.array(), selection, Operand(Scalar(static_cast<std::conditional_t<std::is_same_v<T, bool>, bool,
                                                  std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>>>(value))));
  } else if constexpr (std::is_floating_point_v<T>) {
    assign(x.array(), selection, Operand(Scalar(static_cast<double>(value))));
  } else {
    assign(x.array(), selection, Operand(Scalar(std::complex<double>(value))));
  }
}
/// Collective over x.grid().comm(). x[selection] = value (assignment.hpp).
template <class T>
void assign(const DistArray<T>& x, const IndexMap& selection, const DistArray<T>& value) {
  assign(x.array(), selection, Operand(value.array()));
}
/// Collective over x.grid().comm(). x[mask] = value (assignment.hpp).
template <class T>
void assign_where(const DistArray<T>& x, const DistArray<bool>& mask, const DistArray<T>& value) {
  assign_where(x.array(), mask.array(), Operand(value.array()));
}

}  // namespace gingham
