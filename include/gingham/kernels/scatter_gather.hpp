#pragma once
/// \file
/// One rank in, one rank out: an array that one rank (the root) holds, scattered to any layout, and a
/// distributed array gathered onto the root. Both are one redistribution by the plan engine between the
/// array's layout and the layout that puts the whole array on the root (derived::on_one_rank), whose
/// shard on the root is the caller's own buffer, read or written in place. The plan moves the data in
/// rounds of at most PlanOptions::chunk_bytes of buffers, so a rank other than the root never holds
/// more than its own shard plus those buffers; the root holds the whole array (the caller's) and its own
/// shard. A 0-D array travels as the one element of a shape (1,) array on the root.

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/core/comm.hpp"
#include "gingham/core/local_view.hpp"

namespace gingham {

/// What the other ranks need to know of an array that one rank holds: its dtype and global shape.
struct HostArrayHeader {
  DType dtype = DType::float64;
  std::vector<std::int64_t> shape;
  friend bool operator==(const HostArrayHeader&, const HostArrayHeader&) = default;
};

/// Local. Throws std::out_of_range, "gingham::<function>: expected a root rank in [0, n), got r", unless
/// 0 <= root < comm.size().
void require_root(const Comm& comm, int root, std::string_view function);

/// Collective over `comm`. The root's `header` on every rank (the others' `header` is ignored). Throws
/// std::out_of_range on every rank when the root is not a rank of `comm` (require_root), which every rank
/// must pass alike. Cost: two MPI_Bcast (the dtype and the number of axes, then the extents).
HostArrayHeader broadcast_header(const Comm& comm, int root, const HostArrayHeader& header);

/// Collective over grid.comm(). A new array laid out as `layout` on `grid` (with ghost cells `halo`,
/// zero-filled) from `whole`, the whole array on rank `root` of grid.comm() (any rank of the
/// communicator, on the grid or not), with the layout's global shape and `dtype`'s element size, any
/// strides; the other ranks' `whole` is ignored (pass an empty view). Only the root reads data: each rank
/// receives its own part (replicas their copies), in rounds of at most the default chunk size. Throws on
/// every rank: std::out_of_range for a root outside the communicator, std::invalid_argument when the
/// root's `whole` has another shape or element size, or the ranks pass different roots or dtypes (one
/// MPI_Allreduce agrees on these checks). Cost: that reduction, then one redistribution from the root
/// (cached_plan; every element crosses the network once per rank that holds it, except the root's own).
Array scatter_from(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, int root,
                   const RawView& whole, HaloSpec halo = {});

/// Collective over grid.comm(). The typed version: `whole` is the array in row-major order on the root
/// (layout's global size elements: std::invalid_argument on every rank otherwise), ignored elsewhere.
template <class T>
DistArray<T> scatter_from(const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, int root,
                          std::span<const T> whole);

/// Collective over x.grid().comm(). Writes the whole of x into `whole` on rank `root` of the
/// communicator (on x's grid or not); the other ranks' `whole` is ignored (pass an empty view) and
/// receive nothing. `whole` has x's global shape and element size, any strides. Throws on every rank:
/// std::out_of_range for a root outside the communicator, std::invalid_argument when the root's `whole`
/// has another shape or element size or the ranks pass different roots (one MPI_Allreduce agrees on
/// these checks). Cost: that reduction, then one redistribution to the root (cached_plan): every element
/// crosses the network at most once (replicated data: one copy of it), in rounds of at most the default
/// chunk size of buffers on each rank.
void gather_to(const Array& x, int root, const RawView& whole);

/// Collective over x.grid().comm(). The whole of x, row-major, on rank `root`; an empty vector elsewhere.
template <class T>
std::vector<T> gather_to(const DistArray<T>& x, int root);

}  // namespace gingham
