#pragma once
/// \file
/// Reading and writing the elements of a distributed array at global positions that each rank chooses
/// for itself (request and response): the mechanism behind integer-array indexing, take_along_axis,
/// indices held in distributed arrays, and assignment through a key.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/core/collective_errors.hpp"

namespace gingham {

/// Collective over x.grid().comm(). values[i] = the element of x at the row-major flat global index
/// flat[i], for this rank's own list `flat` (any length and order, repeats allowed; ranks off the grid
/// may ask too). `values` has room for flat.size() elements of x's item size.
/// Each request goes to the owner of its element (along grid axes that hold copies, the copy at the
/// asking rank's own coordinates, so replicated arrays answer locally). Cost: one MPI_Alltoall of counts
/// and two MPI_Alltoallv over x.grid().comm() (the int64 positions out, the values back). Peak extra
/// memory per rank: 12 bytes per own request plus (8 + item size) per request served.
/// Throws std::out_of_range on every rank when a position is outside [0, x.global_size()).
void read_elements(const Array& x, std::span<const std::int64_t> flat, std::byte* values);

/// Collective over x.grid().comm(). read_elements at the positions `positions()` computes on this rank (a
/// callable returning std::vector<std::int64_t>); when it throws on any rank (a bad index, memory), every
/// rank throws the same error before anything is exchanged. Returns the values, x's item size each.
template <class Positions>
std::vector<std::byte> read_elements_agreed(const Array& x, Positions&& positions) {
  std::vector<std::int64_t> flat;
  std::vector<std::byte> values;
  agree_on_errors(x.grid().comm(), [&] {
    flat = positions();
    values.resize(flat.size() * item_size(x.dtype()));
  });
  read_elements(x, flat, values.data());
  return values;
}

/// Collective over x.grid().comm(). Sets the element of x at the row-major flat global index flat[i] to
/// values[i] (x's item size), on every rank that holds a copy of it. When several writes name one
/// element, the last one wins: writes are applied in the order (asking rank, position in its list), the
/// same on every copy.
/// Cost: one MPI_Alltoall of counts and two MPI_Alltoallv (positions and values) over x.grid().comm().
/// Peak extra memory per rank: (12 + item size) bytes per own write and copy, plus (8 + item size) per
/// write received. Throws std::out_of_range on every rank when a position is outside [0, x.global_size()).
void write_elements(const Array& x, std::span<const std::int64_t> flat, const std::byte* values);

}  // namespace gingham
