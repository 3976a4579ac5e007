#pragma once
// The reduction engine (internal): the geometry of a reduction on this rank, the local pass over a shard
// with one of the operations of reduction_ops.hpp, the exchange of partial results over the grid axes
// that spread reduced axes, and the write of the finished results into the result's shard.

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "reduction_ops.hpp"

namespace gingham::detail {

/// What one reduction does on this rank.
struct ReductionGeometry {
  std::vector<int> axes;                        // the reduced axes, sorted
  std::vector<char> reduced;                    // per input axis: reduced or kept
  std::int64_t reduced_count = 1;               // elements per result (product of the reduced extents)
  std::shared_ptr<const Distribution> result_layout;
  std::vector<int> combine_grid_axes;           // grid axes of extent > 1 that spread reduced axes
  std::vector<std::int64_t> kept_local_shape;   // this rank's extents of the kept axes (row-major partials)
  std::int64_t partial_count() const {
    std::int64_t n = 1;
    for (std::int64_t e : kept_local_shape) n *= e;
    return n;
  }
};

/// Local. The geometry of reducing `axes` (sorted, valid) of x; `keepdims` keeps them with extent 1.
ReductionGeometry reduction_geometry(const Array& x, std::vector<int> axes, bool keepdims);

/// Collective over z.grid().comm(). z in layout `target`: moved by the redistribution engine, or, when
/// both layouts place every element alike (equal maps, other descriptions such as Block and
/// BlockCyclic(nb) with the same nb), z's own shard under the new layout (no copy, no messages).
Array in_layout(const Array& z, std::shared_ptr<const Distribution> target);

/// Collective over x.grid().comm() when the partials of the whole result exceed 1 MiB (one MPI_Allreduce
/// agrees on allocation failures, so that no rank waits alone in the exchange), else Local. Sets
/// `partials` to g.partial_count() copies of `identity`.
template <class P>
void allocate_agreed(const Array& x, const ReductionGeometry& g, std::vector<P>& partials, const P& identity) {
  auto allocate = [&] { partials.assign(static_cast<std::size_t>(g.partial_count()), identity); };
  if (static_cast<double>(g.result_layout->global_size()) * sizeof(P) > double(1 << 20)) {
    agree_on_errors(x.grid().comm(), allocate);
  } else {
    allocate();
  }
}

/// Local. Adds every element of x's shard into partials[k] (k: the row-major index of the element's kept
/// local indices). Off the grid or for an empty shard, nothing.
template <class T, class Op>
void reduce_shard(const Op& op, const Array& x, const ReductionGeometry& g, typename Op::Partial* partials) {
  if (!x.holds_shard()) return;
  const RawView v = x.local();
  if (v.size() == 0) return;
  const T* data = reinterpret_cast<const T*>(v.data);
  const int nd = x.ndim();
  if (nd == 0) {
    op.add(partials[0], data[0], 0);
    return;
  }
  std::vector<std::int64_t> pstride(nd, 0);
  for (std::int64_t a = nd - 1, s = 1; a >= 0; --a) {
    if (!g.reduced[a]) pstride[a] = s, s *= v.shape[a];
  }
  // Innermost loop along the axis of smallest stride (storage order); axes of extent 1 go outermost.
  std::vector<int> order(nd);
  std::iota(order.begin(), order.end(), 0);
  auto weight = [&](int a) { return v.shape[a] == 1 ? INT64_MAX : std::abs(v.strides[a]); };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return weight(a) > weight(b); });
  const int inner = order.back();
  // Global flat indices over the reduced axes (row-major over their global extents): a table per outer
  // axis, and the inner axis's map itself.
  std::vector<std::vector<std::int64_t>> global(nd);
  RowIndex row_index;
  if constexpr (Op::needs_index) {
    const Distribution& d = x.distribution();
    std::int64_t stride = 1;
    for (int a = nd - 1; a >= 0; --a) {
      if (!g.reduced[a]) continue;
      const AxisMap& map = d.axis_map(a);
      const int part = d.part_of(a, x.grid().coords());
      if (a == inner) {
        row_index = RowIndex{&map, part, stride};
      } else {
        global[a].assign(v.shape[a], 0);
        for (std::int64_t b = 0; b < map.owned_block_count(part); ++b) {
          const OwnedBlock block = map.owned_block(part, b);
          std::int64_t* out = global[a].data() + block.local_begin;
          for (std::int64_t i = 0; i < block.length; ++i) out[i] = (block.global_begin + i) * stride;
        }
      }
      stride *= d.global_shape()[a];
    }
  }
  const std::int64_t n = v.shape[inner], step = v.strides[inner], pstep = pstride[inner];
  std::vector<std::int64_t> index(nd, 0);
  while (true) {
    std::int64_t offset = 0, poffset = 0, gbase = 0;
    for (int k = 0; k + 1 < nd; ++k) {
      const int a = order[k];
      offset += index[a] * v.strides[a];
      poffset += index[a] * pstride[a];
      if constexpr (Op::needs_index) {
        if (!global[a].empty()) gbase += global[a][index[a]];
      }
    }
    if (g.reduced[inner]) {
      op.add_row(partials[poffset], data + offset, n, step, row_index, gbase);
    } else {
      for (std::int64_t i = 0; i < n; ++i) op.add(partials[poffset + i * pstep], data[offset + i * step], gbase);
    }
    int k = nd - 2;
    for (; k >= 0 && ++index[order[k]] == v.shape[order[k]]; --k) index[order[k]] = 0;
    if (k < 0) return;
  }
}

/// A committed MPI datatype of `bytes` contiguous bytes, freed on destruction.
class ByteBlockType {
 public:
  explicit ByteBlockType(std::size_t bytes) {
    GINGHAM_MPI(MPI_Type_contiguous(static_cast<int>(bytes), MPI_BYTE, &type_));
    GINGHAM_MPI(MPI_Type_commit(&type_));
  }
  ~ByteBlockType() { MPI_Type_free(&type_); }
  ByteBlockType(const ByteBlockType&) = delete;
  ByteBlockType& operator=(const ByteBlockType&) = delete;
  MPI_Datatype get() const noexcept { return type_; }

 private:
  MPI_Datatype type_ = MPI_DATATYPE_NULL;
};

/// Collective over the ranks of x's grid that differ only along g.combine_grid_axes (nothing when there
/// are none, or off the grid): every such rank ends with partial[k] = p_0[k] (+) p_1[k] (+) ..., in the
/// sub-communicator's rank order, so all of them hold the same bits. One MPI_Allgather of the partials.
template <class P, class Combine>
void combine_partials(const ProcessGrid& grid, const ReductionGeometry& g, std::vector<P>& partials,
                      Combine&& combine) {
  if (!grid.contains_this_rank() || g.combine_grid_axes.empty()) return;
  const Comm& sub = grid.axes_comm(g.combine_grid_axes);
  const int size = sub.size();
  if (size == 1) return;
  if (partials.size() > static_cast<std::size_t>(INT_MAX)) {
    throw std::length_error("gingham: more than 2^31 partial results per rank in one reduction");
  }
  const ByteBlockType type(sizeof(P));
  const int count = static_cast<int>(partials.size());
  std::vector<P> all(partials.size() * static_cast<std::size_t>(size));
  GINGHAM_MPI(MPI_Allgather(partials.data(), count, type.get(), all.data(), count, type.get(), sub.get()));
  for (std::size_t k = 0; k < partials.size(); ++k) {
    P acc = all[k];
    for (int r = 1; r < size; ++r) combine(acc, all[static_cast<std::size_t>(r) * partials.size() + k]);
    partials[k] = acc;
  }
}

/// Local. Writes finish(partials[k]) into y's shard (y: the result of the reduction of `g`).
template <class R, class P, class Finish>
void write_results(const Array& y, const ReductionGeometry& g, const std::vector<P>& partials, Finish&& finish) {
  if (!y.holds_shard()) return;
  const RawView out = y.local();
  if (out.size() == 0) return;
  R* o = reinterpret_cast<R*>(out.data);
  // The strides of the kept axes in y's shard (with keepdims, y's axes are x's; otherwise compacted).
  std::vector<std::int64_t> strides;
  for (std::size_t a = 0, k = 0; a < g.reduced.size(); ++a) {
    const bool kept = !g.reduced[a];
    const bool present = kept || static_cast<int>(out.shape.size()) == static_cast<int>(g.reduced.size());
    if (kept) strides.push_back(out.strides[k]);
    if (present) ++k;
  }
  const int nk = static_cast<int>(strides.size());
  std::vector<std::int64_t> index(nk, 0);
  for (std::size_t p = 0; p < partials.size(); ++p) {
    std::int64_t offset = 0;
    for (int k = 0; k < nk; ++k) offset += index[k] * strides[k];
    o[offset] = finish(partials[p]);
    for (int k = nk - 1; k >= 0 && ++index[k] == g.kept_local_shape[k]; --k) index[k] = 0;
  }
}

}  // namespace gingham::detail
