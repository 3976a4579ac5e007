#pragma once
/// \file
/// BasicKey: a basic index key (integers, slices with any step, new axes, one ellipsis), as in x[key],
/// and its normalization against a shape (negative indices, bounds, ellipsis expansion). Pure arithmetic,
/// no data and no MPI; derived.hpp's sliced() gives the layout of x[key], and the key's index_map() the
/// redistribution that reads it.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "gingham/distributions/index_map.hpp"

namespace gingham {

/// A new size-1 axis in a key (Python's None, NumPy's newaxis).
struct NewAxis {
  friend bool operator==(const NewAxis&, const NewAxis&) = default;
};
/// Every axis the rest of the key does not index (Python's ...).
struct Ellipsis {
  friend bool operator==(const Ellipsis&, const Ellipsis&) = default;
};

/// One entry of a basic key: an integer (may be negative), a slice, a new axis or an ellipsis.
using BasicIndex = std::variant<std::int64_t, IndexMap::Slice, NewAxis, Ellipsis>;

/// A basic key resolved against a source shape: what each result axis reads, which source axes are held
/// at one index, and where new axes are inserted. Every function is Local.
class BasicKey {
 public:
  /// Local. Resolves `key` for an array of `source_shape`: the ellipsis (at most one) and the missing
  /// trailing entries become full slices, negative integers count from the end, slices are clipped as
  /// Python clips them. Throws std::out_of_range (IndexError) for a second ellipsis, more indices than
  /// axes, or an integer out of bounds; std::invalid_argument (ValueError) for a slice step of 0.
  /// `function` prefixes the messages (for example "__getitem__").
  BasicKey(const std::vector<BasicIndex>& key, std::vector<std::int64_t> source_shape, const std::string& function);

  /// Local. The source shape.
  const std::vector<std::int64_t>& source_shape() const noexcept { return source_shape_; }
  /// Local. The result shape (new axes included).
  std::vector<std::int64_t> result_shape() const;
  /// Local. What each result axis reads, new axes excluded (in result order).
  const std::vector<IndexMap::TargetAxis>& reads() const noexcept { return reads_; }
  /// Local. The source axes an integer holds at one index.
  const std::vector<IndexMap::FixedIndex>& fixed() const noexcept { return fixed_; }
  /// Local. The positions of the new axes in the result, increasing.
  const std::vector<int>& new_axes() const noexcept { return new_axes_; }
  /// Local. The index map of the key without its new axes (they hold no data of their own).
  IndexMap index_map() const { return IndexMap(source_shape_, reads_, fixed_); }

 private:
  std::vector<std::int64_t> source_shape_;
  std::vector<IndexMap::TargetAxis> reads_;
  std::vector<IndexMap::FixedIndex> fixed_;
  std::vector<int> new_axes_;
};

/// Local. The key with its ellipsis expanded and full slices appended: one entry per source axis plus
/// the new axes. Throws std::out_of_range for a second ellipsis or more indices than `ndim` axes
/// (messages start with `function`). Integers are not checked against extents here.
std::vector<BasicIndex> expand_ellipsis(const std::vector<BasicIndex>& key, int ndim, const std::string& function);

}  // namespace gingham
