#pragma once
/// \file
/// Aliasing of local views: whether two shards may share memory (by their address ranges), and a dense
/// copy to stage a source through when they do, so that a move into its own input reads the old values.

#include <cstddef>
#include <memory>

#include "gingham/core/comm.hpp"
#include "gingham/core/local_view.hpp"

namespace gingham {

/// Local. Whether the address ranges of two views intersect, each range running from the lowest
/// addressed element to the end of the highest one (so interleaved views such as x[::2] and x[1::2]
/// count as overlapping). A view with no elements overlaps nothing.
bool views_overlap(const RawView& a, const RawView& b) noexcept;

/// A view of memory it keeps alive.
struct StagedView {
  std::shared_ptr<std::byte> memory;
  RawView view;
};

/// Local. A dense row-major copy of `view`. Throws gingham::MemoryError (a std::bad_alloc) naming the
/// bytes when the copy's memory is not there. Cost: one pass over the view.
StagedView dense_copy(const RawView& view);

/// Collective over `comm`. `source` itself on every rank whose `source` shares no memory with `target`;
/// on a rank where they overlap, a dense copy of `source` (kept alive by `staged`), so that filling
/// `target` from the result reads the values `source` had before. If a copy cannot be made on some rank,
/// throws the same gingham::MemoryError on every rank. Cost: one MPI_Allreduce of one int (agreeing on
/// the copies' success), plus one copy of this rank's source shard where the views overlap.
RawView unaliased_source(const Comm& comm, const RawView& source, const RawView& target, StagedView& staged);

}  // namespace gingham
