#pragma once
/// \file
/// IndexMap: which source element each target element reads, axis by axis. Slicing (any step, negative
/// ones included), flip, permute_dims/transpose, integer indexing, new axes and broadcasting are all
/// index maps, so one redistribution engine serves all of them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gingham {

/// Target axis k reads source axis `source_axis` at index start + step * j (j = 0 .. extent - 1), or,
/// with source_axis = -1, is a broadcast axis: every j reads the same source elements. Source axes that
/// no target axis reads are held at one fixed index. Every function is Local.
class IndexMap {
 public:
  struct TargetAxis {
    int source_axis = -1;
    std::int64_t start = 0;
    std::int64_t step = 1;
    std::int64_t extent = 0;
    friend bool operator==(const TargetAxis&, const TargetAxis&) = default;
  };
  struct FixedIndex {
    int source_axis = 0;
    std::int64_t index = 0;
    friend bool operator==(const FixedIndex&, const FixedIndex&) = default;
  };
  /// A Python slice: missing start/stop mean the whole axis in the direction of `step`; negative
  /// values count from the end.
  struct Slice {
    std::optional<std::int64_t> start;
    std::optional<std::int64_t> stop;
    std::int64_t step = 1;
  };

  /// Local. Throws std::invalid_argument when a source axis is read twice or never, an axis number is
  /// out of range, or a step is 0; std::out_of_range when a read or fixed index is out of bounds.
  IndexMap(std::vector<std::int64_t> source_shape, std::vector<TargetAxis> target_axes,
           std::vector<FixedIndex> fixed = {});

  /// Local. Target = source.
  static IndexMap identity(std::vector<std::int64_t> source_shape);
  /// Local. One slice per leading axis (the other axes are taken whole), as x[s0, s1, ...].
  static IndexMap slices(std::vector<std::int64_t> source_shape, const std::vector<Slice>& slices);
  /// Local. What slice `s` of source axis `source_axis` (extent `extent`) reads, as Python's
  /// slice.indices(extent) and len(range(...)) give it. Throws std::invalid_argument when the step is 0.
  static TargetAxis read_of(int source_axis, std::int64_t extent, const Slice& s);
  /// Local. Target axis k is source axis axes[k] (permute_dims). Throws std::invalid_argument unless
  /// `axes` is a permutation of the source axes.
  static IndexMap permutation(std::vector<std::int64_t> source_shape, const std::vector<int>& axes);

  /// Local. The map that applies this one and then `next` (whose source shape must be this target
  /// shape): the result reads this map's source directly.
  IndexMap then(const IndexMap& next) const;

  /// Local. The source shape.
  const std::vector<std::int64_t>& source_shape() const noexcept { return source_shape_; }
  /// Local. The target shape.
  std::vector<std::int64_t> target_shape() const;
  /// Local. What each target axis reads.
  const std::vector<TargetAxis>& target_axes() const noexcept { return target_axes_; }
  /// Local. The source axes held at a fixed index.
  const std::vector<FixedIndex>& fixed() const noexcept { return fixed_; }
  /// Local. For example "IndexMap(source=(8, 6): target axis 0 <- source axis 1 [5::-2], ...)".
  std::string describe() const;

  friend bool operator==(const IndexMap&, const IndexMap&) = default;

 private:
  std::vector<std::int64_t> source_shape_;
  std::vector<TargetAxis> target_axes_;
  std::vector<FixedIndex> fixed_;
};

}  // namespace gingham
