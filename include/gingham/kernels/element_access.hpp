#pragma once
/// \file
/// Reading and writing the elements of a distributed array at global positions that each rank chooses
/// for itself (request and response): the mechanism behind integer-array indexing, take_along_axis,
/// indices held in distributed arrays, and assignment through a key.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "gingham/array/array.hpp"

namespace gingham {

/// Requests go in rounds of at most this many per rank.
inline constexpr std::int64_t kElementsPerRound = std::int64_t{1} << 20;

/// Fills flat[0 .. n) with the row-major flat global indices of this rank's requests first .. first + n - 1.
using PositionBatch = std::function<void(std::int64_t first, std::int64_t n, std::int64_t* flat)>;
/// Receives the elements (x's item size each) of requests first .. first + n - 1.
using ValueSink = std::function<void(std::int64_t first, std::int64_t n, const std::byte* values)>;
/// Fills values (x's item size each) with the elements to write for requests first .. first + n - 1.
using ValueSource = std::function<void(std::int64_t first, std::int64_t n, std::byte* values)>;

/// Collective over x.grid().comm(). Reads the elements of x at this rank's `count` positions (any order,
/// repeats allowed; each rank asks for its own, ranks off the grid too), in rounds of at most
/// kElementsPerRound per rank (as many rounds on every rank: one MPI_Allreduce): `positions` gives each
/// round's positions and `deliver` receives its values, for consecutive ranges in increasing order.
/// Each request goes to the owner of its element (along grid axes that hold copies, the copy at the
/// asking rank's own coordinates, so replicated arrays answer locally); requests a rank owns itself are
/// read in place, never sent. When every rank holds the whole of x (one rank, or replicated over a grid
/// of every rank), no rounds: each rank reads in place, and one MPI_Allreduce agrees on errors. Otherwise
/// cost per round, over x.grid().comm(): two MPI_Allreduce agreeing on errors, and an ExchangePlan from
/// counts (one MPI_Allreduce, one MPI_Alltoall of counts) executed forward (positions in the owner's
/// shard out, 32-bit when x has at most 2^32 elements, else 64-bit) and in reverse (values back). Peak
/// extra memory per rank: about (28 + 2 item size) bytes per request of a round and (8 + item size) per
/// request served in a round, whatever `count`. Throws std::out_of_range on every rank when a position is outside
/// [0, x.global_size()), and every rank throws what `positions` throws on any rank.
void read_elements(const Array& x, std::int64_t count, const PositionBatch& positions, const ValueSink& deliver);

/// Collective over x.grid().comm(). read_elements whose values go straight to `values` (`count` items of
/// x's item size, in request order): no copy through a sink. Costs as above, less one copy of the values.
void read_elements(const Array& x, std::int64_t count, const PositionBatch& positions, std::byte* values);

/// Collective over x.grid().comm(). read_elements of the positions `flat` into `values` (flat.size()
/// elements of x's item size).
void read_elements(const Array& x, std::span<const std::int64_t> flat, std::byte* values);

/// Collective over x.grid().comm(). Sets the elements of x at this rank's `count` positions to the values
/// `values` gives, on every rank that holds a copy of them, in rounds as read_elements. All positions are
/// checked first (`positions` is called for every range, then again round by round), so a bad position
/// on any rank throws on every rank before anything is written. When several writes name one element,
/// the last one wins: writes are applied in the order (round, asking rank, position in its list), the
/// same on every copy. Cost per round: two MPI_Allreduce agreeing on errors and an ExchangePlan from
/// routes (one MPI_Allreduce, one MPI_Alltoall of counts) executed forward twice (positions and values:
/// one MPI_Allreduce and point-to-point messages each); the check adds one MPI_Allreduce. Peak extra memory per rank: about (12 + 2 item size) bytes
/// per request and copy of a round, plus (8 + item size) per write received in a round.
void write_elements(const Array& x, std::int64_t count, const PositionBatch& positions, const ValueSource& values);

/// Collective over x.grid().comm(). write_elements of `values` (flat.size() elements of x's item size)
/// at the positions `flat`.
void write_elements(const Array& x, std::span<const std::int64_t> flat, const std::byte* values);

}  // namespace gingham
