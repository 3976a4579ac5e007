#pragma once
// Integer-array keys (internal): the keys of x[k0, k1, ..., rest...] broadcast into the leading axes of a
// result layout, and the flat positions in x of the result elements this rank holds. Shared by integer-array
// indexing and assignment through integer arrays.

#include <cstdint>
#include <memory>
#include <vector>

#include "gingham/array/array.hpp"

namespace gingham::detail {

/// Local. The row-major element strides of `shape`.
std::vector<std::int64_t> row_major_strides(const std::vector<std::int64_t>& shape);

/// Local. `index` normalised into [0, n) (negative counts from the end); throws std::out_of_range naming
/// `function`, the axis and its size otherwise.
std::int64_t normalized_index(std::int64_t index, std::int64_t n, int axis, const char* function);

/// Local. Throws gingham::TypeError unless `key` has an integer dtype.
void require_integer_key(const Array& key, const char* function);

/// Collective over key.grid().comm(). Throws std::out_of_range on every rank (normalized_index's message)
/// when an element of `key` (int64, any layout) is outside [-n, n). For results with no elements, whose
/// positions are never computed: an index is out of bounds whatever the other axes' extents, as with
/// host indices, so the outcome does not depend on the rank count (NumPy deprecates ignoring such
/// indices). Cost: one pass over this rank's shard of `key`, one MPI_Allreduce.
void require_keys_in_bounds(const Array& key, std::int64_t n, int axis, const char* function);

/// Integer keys of x, aligned with a result layout whose leading axes have the keys' broadcast shape.
class IntegerKeys {
 public:
  /// Collective over x.grid().comm(). Broadcasts each key (as int64) into the leading axes of `result`
  /// (one redistribution each). Throws std::invalid_argument for more keys than x's axes or keys that
  /// do not broadcast, gingham::TypeError for non-integer keys.
  IntegerKeys(const Array& x, const std::vector<Array>& keys, const char* function);

  /// Local. The broadcast shape of the keys followed by x's remaining axes.
  const std::vector<std::int64_t>& result_shape() const noexcept { return result_shape_; }
  /// Local. The default layout of result_shape() on x's grid.
  const std::shared_ptr<const Distribution>& result_layout() const noexcept { return result_layout_; }

  /// Local. The number of result elements this rank holds.
  std::int64_t local_count() const;
  /// Local. out[0 .. n) = the flat positions in x of this rank's result elements first .. first + n - 1
  /// (row-major order of its shard): a PositionBatch. Throws std::out_of_range for a key out of range.
  void flat_positions(std::int64_t first, std::int64_t n, std::int64_t* out) const;

 private:
  const Array& x_;
  const char* function_;
  std::vector<Array> keys_;  // int64, in the leading axes of result_layout_
  std::vector<std::int64_t> result_shape_;
  std::shared_ptr<const Distribution> result_layout_;
};

}  // namespace gingham::detail
