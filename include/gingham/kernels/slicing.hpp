#pragma once
/// \file
/// x[key]: basic keys (integers, slices with any step, new axes, one ellipsis) and integer arrays mixed
/// with them, as the Array API and NumPy read them, on Array and DistArray<T>. The key's arithmetic (its
/// normalization and the layout of a basic selection) is gingham/distributions/basic_key.hpp and
/// derived.hpp; the data moves through the redistribution engine and index_arrays/take (indexing.hpp).

#include <cstdint>
#include <variant>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/distributions/basic_key.hpp"

namespace gingham {

/// One entry of a key: an integer, a slice, a new axis, an ellipsis, or an integer array (0-D or more, in
/// any layout, on a grid of x's ranks).
using IndexKey = std::variant<std::int64_t, IndexMap::Slice, NewAxis, Ellipsis, Array>;

/// Collective over x.grid().comm(). x[key]; messages name "__getitem__", as Python's do.
///
/// A basic key (no array) reads one redistribution into derived::sliced(x's layout, key): every sliced
/// axis keeps its kind (Block, Cyclic, BlockCyclic(nb) with its offset, or not distributed) and grid axis
/// at its new extent, integer-indexed axes are dropped and new axes are size-1 and not distributed (added
/// as a view). Cost: that redistribution (only elements whose owner changes cross the network).
///
/// With arrays: when the key is integers and arrays only, followed by full slices (or ...), it is
/// index_arrays(x, keys) (a single 1-D array: take(x, key, 0)). Otherwise (arrays among slices and new
/// axes, NumPy's "advanced indexing" mixed with basic indexing): new axes are inserted as views and
/// indexed by full slices; a single 1-D array among full slices is take() along its axis; else one
/// redistribution slices x and brings the indexed axes first (default layout), index_arrays reads the
/// elements, and when the indexed axes were side by side and not leading, one permute_dims puts their
/// broadcast axes back where the first of them was (NumPy's rule). Integers among arrays act as 0-D arrays.
///
/// Throws std::out_of_range (IndexError) for an index out of bounds, a second ellipsis or too many
/// indices; std::invalid_argument (ValueError) for a slice step of 0; what index_arrays and take throw
/// for bad arrays. Every rank throws alike.
Array getitem(const Array& x, const std::vector<IndexKey>& key);

/// Collective over x.grid().comm(). x[key] on a typed array (see getitem above).
template <class T>
DistArray<T> getitem(const DistArray<T>& x, const std::vector<IndexKey>& key) {
  return DistArray<T>(getitem(x.array(), key));
}

}  // namespace gingham
