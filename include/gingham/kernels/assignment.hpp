#pragma once
/// \file
/// Assignment through a key (x[key] = value, Python's __setitem__): the owners of the selected elements
/// write them in place, on every copy; no other element of x changes.

#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/scalar.hpp"
#include "gingham/distributions/index_map.hpp"
#include "gingham/kernels/elementwise.hpp"

namespace gingham {

/// Collective over x.grid().comm(). x[selection] = value for a basic key: `selection` maps the selected
/// region (its target shape; no broadcast axes) to x's indices, as for reading x[key]. `value` is a scalar
/// (it must fit x's dtype: require_scalar_fits) or an array of x's dtype whose shape, without leading
/// axes of extent 1 beyond the region's dimensions, broadcasts to the region's shape. Each rank writes
/// its own selected elements: a scalar with no messages; an array's elements are read from their owners
/// first (read_elements, 8 bytes of request per element), so `value` may overlap x.
/// Throws std::invalid_argument for shapes that do not broadcast, gingham::TypeError for another dtype.
void assign(const Array& x, const IndexMap& selection, const Operand& value);

/// Collective over x.grid().comm(). x[mask] = value: `mask` is a bool array of x's shape (in any layout;
/// it is moved to x's layout first); a scalar is written where mask is set (no messages more); an array
/// value is 1-D with one element per set position in row-major order (or one element, or 0-D, for all).
/// The set positions' row-major ranks come from a cumulative sum over the flattened mask, moved back to
/// x's layout; each owner then reads its values from their owners (read_elements).
/// Throws std::invalid_argument for a mask of another shape or a value of the wrong length,
/// gingham::TypeError for a mask that is not bool or a value of another dtype.
void assign_where(const Array& x, const Array& mask, const Operand& value);

/// Collective over x.grid().comm(). x[keys[0], ..., keys[k - 1], ...] = value for integer-array keys (see
/// index_arrays): `value` (a scalar, or an array of x's dtype broadcasting to the selection's shape) is
/// broadcast into the selection's default layout, and each rank sends its elements to every copy of their
/// places in x (write_elements). Where keys repeat a place, the last write wins in the order (rank, row-major
/// position in its shard of the selection), identically on every copy.
/// Throws std::out_of_range on every rank for a key out of range, std::invalid_argument for shapes that do
/// not broadcast, gingham::TypeError for non-integer keys or a value of another dtype.
void assign_at(const Array& x, const std::vector<Array>& keys, const Operand& value);

}  // namespace gingham
