#pragma once
/// \file
/// Reading one element of a distributed array at a global index that every rank names alike (x[i, j] with
/// integers): one small all-reduce that carries the owner's element, instead of the request-and-response exchange that
/// element_access.hpp uses for positions each rank chooses for itself.

#include <cstddef>
#include <cstdint>
#include <span>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/array/scalar.hpp"

namespace gingham {

/// Local. The rank in x.grid().comm() that answers for the element at `global_index` (each entry in
/// [0, extent)): its owner, and among copies (grid axes that hold copies) the primary one, coordinate 0.
/// Grid ranks are the communicator's first ranks, so the owner's grid rank is its rank there. Pure
/// layout arithmetic. Throws std::out_of_range when the index has the wrong length or is out of bounds.
int element_owner(const Array& x, std::span<const std::int64_t> global_index);

/// Collective over x.grid().comm(), every rank (on the grid or not) naming the same `global_index`. Writes
/// the element of x at `global_index` (one entry per axis, each in [0, extent)) into `value` (x's item size
/// bytes) on every rank: every rank finds the owner from the layout (no message), the owner copies its
/// element, and one MPI_Allreduce (bitwise or) of item size + 17 bytes carries it to every rank together
/// with the check that every rank named the same index (one message round, like an MPI_Bcast of one
/// item). Throws on every rank: std::invalid_argument when the ranks named different indices (naming two
/// of them; one more MPI_Allreduce, then an MPI_Allgather), std::out_of_range when the index has the wrong
/// length or is out of bounds.
void read_element(const Array& x, std::span<const std::int64_t> global_index, std::byte* value);

/// Collective over x.grid().comm(): no message when x is replicated (a 0-D result of a reduction is) on a
/// grid of the whole communicator, else one MPI_Allreduce of the item (read_element). Writes the one element
/// of a size-1 array (0-D, or of shape (1, 1, ...)) into `value` (x's item size bytes) on every rank.
/// Throws std::invalid_argument on every rank when x does not hold exactly one element.
void read_item(const Array& x, std::byte* value);

/// Collective over x.grid().comm() (see read_item). The one element of a size-1 array as a Python-style
/// scalar, as Python's x.item(): bool, int64 (signed integers), uint64 (unsigned), double (floating),
/// complex<double> (complex). Throws std::invalid_argument when x does not hold exactly one element.
Scalar item(const Array& x);

/// Collective over x.grid().comm() (see read_item). The one element of a size-1 typed array (a 0-D
/// result, say) as T on every rank. Throws std::invalid_argument when x does not hold exactly one element.
template <class T>
T item(const DistArray<T>& x) {
  return scalar_value<T>(item(x.array()));  // exact: Scalar holds every dtype's values
}

}  // namespace gingham
