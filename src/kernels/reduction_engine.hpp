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
#include <string>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/core/collective_errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "local_parallel.hpp"
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

/// Local. The partial of elements a[0], a[stride], ... a[(n - 1) * stride] of a row whose own partial is
/// `target` (an operation whose rows depend on their partial, like var's second pass, says so with piece()).
template <class Op, class T>
typename Op::Partial row_piece(const Op& op, const typename Op::Partial& target, const T* a, std::int64_t n,
                               std::int64_t stride, const RowIndex& index, std::int64_t base) {
  if constexpr (requires { op.piece(target, a, n, stride, index, base); }) {
    return op.piece(target, a, n, stride, index, base);
  } else {
    typename Op::Partial p = op.identity();
    op.add_row(p, a, n, stride, index, base);
    return p;
  }
}

/// Local. p[i] (+)= a[i] for i < n: a dense row of the input into the dense row of its partials (a kept
/// inner axis), by the operation's own vector loop when it has one (add_columns), else element by element
/// over unit strides.
template <class Op, class T>
void add_columns(const Op& op, typename Op::Partial* p, const T* a, std::int64_t n, std::int64_t base) {
  if constexpr (requires { op.add_columns(p, a, n); }) {
    op.add_columns(p, a, n);
  } else {
    for (std::int64_t i = 0; i < n; ++i) op.add(p[i], a[i], base);
  }
}

/// Local. add_columns of the four dense rows a[0], a[1], a[2], a[3] in that order into one dense row of
/// partials (an operation that needs no global index): each partial stays in a register across the four
/// additions, which come in the rows' order as four add_columns calls would. Operations with vector
/// loops of their own run them (add_column_rows<4>, else add_columns four times), and so do operations whose
/// partials must stay where they are (partial_by_address: their add() looks data up by the address).
template <class Op, class T>
void add_four_columns(const Op& op, typename Op::Partial* p, const T* const* a, std::int64_t n) {
  if constexpr (requires { op.template add_column_rows<4>(p, a, n); }) {
    op.template add_column_rows<4>(p, a, n);
  } else if constexpr (requires { op.add_columns(p, a[0], n); } || requires { requires Op::partial_by_address; }) {
    for (int j = 0; j < 4; ++j) add_columns(op, p, a[j], n, 0);
  } else {
    const T *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3];
    for (std::int64_t i = 0; i < n; ++i) {
      typename Op::Partial q = p[i];
      op.add(q, a0[i], 0), op.add(q, a1[i], 0), op.add(q, a2[i], 0), op.add(q, a3[i], 0);
      p[i] = q;
    }
  }
}

/// Elements of a kept inner axis whose partials (16 KiB of them) stay in the L1 cache while the rows
/// that share them are added in.
template <class P>
inline constexpr std::int64_t kept_piece_elements = std::max<std::int64_t>(1, (std::int64_t{16} << 10) / sizeof(P));

/// The rows of a shard's reduction: the outer axes (slowest first) and the inner axis (smallest stride).
struct ReductionRows {
  std::vector<int> outer;
  std::int64_t n = 0, step = 0, pstep = 0;  // the inner axis: extent, stride, stride among the partials
  bool inner_reduced = false;
  std::int64_t count = 1;                  // rows: the product of the outer extents
};

/// Local. Adds every element of x's shard into partials[k] (k: the row-major index of the element's kept
/// local indices). Off the grid or for an empty shard, nothing. Runs on num_threads() threads with the widest
/// SIMD level: long reduced rows are cut into pieces of fixed length (their partials combined in order);
/// rows with partials of their own, and the kept inner axis, are shared among threads. The order of the
/// additions never depends on the thread count.
template <class T, class Op>
void reduce_shard(const Op& op, const Array& x, const ReductionGeometry& g, typename Op::Partial* partials) {
  using Partial = typename Op::Partial;
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
  ReductionRows rows{{order.begin(), order.end() - 1}, v.shape[inner], v.strides[inner], pstride[inner],
                     static_cast<bool>(g.reduced[inner])};
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
  } else {
    // Reduced outer axes that continue the inner one in memory join it (a dense shard's full reduction is
    // one row); extent-1 axes drop out.
    while (rows.inner_reduced && !rows.outer.empty()) {
      const int a = rows.outer.back();
      if (v.shape[a] != 1 && (!g.reduced[a] || v.strides[a] != rows.n * rows.step)) break;
      rows.n *= v.shape[a];
      rows.outer.pop_back();
    }
  }
  for (int a : rows.outer) rows.count *= v.shape[a];
  bool outer_reduced = false;
  for (int a : rows.outer) outer_reduced |= g.reduced[a] && v.shape[a] > 1;

  // Row r's offsets (data, partials, global index base) from its index over the outer axes (row-major).
  const auto outer_count = static_cast<std::ptrdiff_t>(rows.outer.size());
  auto offsets = [&](const std::int64_t* index, std::int64_t& offset, std::int64_t& poffset, std::int64_t& gbase) {
    offset = poffset = gbase = 0;
    for (std::ptrdiff_t k = 0; k < outer_count; ++k) {
      const int a = rows.outer[k];
      offset += index[k] * v.strides[a];
      poffset += index[k] * pstride[a];
      if constexpr (Op::needs_index) {
        if (!global[a].empty()) gbase += global[a][index[k]];
      }
    }
  };
  // Row r's index over the outer axes (row-major).
  auto decompose = [&](std::int64_t r, std::int64_t* index) {
    for (std::ptrdiff_t k = outer_count - 1; k >= 0; --k) index[k] = r % v.shape[rows.outer[k]], r /= v.shape[rows.outer[k]];
  };
  auto locate = [&](std::int64_t r, std::int64_t& offset, std::int64_t& poffset, std::int64_t& gbase) {
    std::vector<std::int64_t> index(static_cast<std::size_t>(outer_count));
    decompose(r, index.data());
    offsets(index.data(), offset, poffset, gbase);
  };
  // Rows [first, last), elements [lo, hi) of each (the inner axis). Allocates nothing for up to 64 outer
  // axes (it runs inside OpenMP regions, which an exception must not leave).
  constexpr std::ptrdiff_t max_outer = 64;
  const bool threaded = outer_count <= max_outer;  // else one thread, and walk's index on the heap
  // The next row's index over the outer axes.
  auto next_row = [&](std::int64_t* index) {
    for (std::ptrdiff_t k = outer_count - 1; k >= 0 && ++index[k] == v.shape[rows.outer[k]]; --k) index[k] = 0;
  };
  auto walk = [&](std::int64_t first, std::int64_t last, std::int64_t lo, std::int64_t hi) {
    std::int64_t stack_index[max_outer];
    std::vector<std::int64_t> heap_index(threaded ? 0 : static_cast<std::size_t>(outer_count));
    std::int64_t* index = threaded ? stack_index : heap_index.data();
    decompose(first, index);
    for (std::int64_t r = first; r < last; ++r) {
      std::int64_t offset, poffset, gbase;
      offsets(index, offset, poffset, gbase);
      if (rows.inner_reduced) {
        op.add_row(partials[poffset], data + offset, rows.n, rows.step, row_index, gbase);
      } else {
        if (rows.step == 1 && rows.pstep == 1) {
          add_columns(op, partials + poffset + lo, data + offset + lo, hi - lo, gbase);
        } else {
          for (std::int64_t i = lo; i < hi; ++i) op.add(partials[poffset + i * rows.pstep], data[offset + i * rows.step], gbase);
        }
      }
      next_row(index);
    }
  };
  if (!threaded) {
    walk(0, rows.count, 0, rows.n);
  } else if (rows.inner_reduced && rows.n >= 2 * piece_elements) {
    // Long reduced rows: each cut into pieces whose partials combine in order.
    std::vector<Partial> pieces(static_cast<std::size_t>(piece_count(rows.n)));
    for (std::int64_t r = 0; r < rows.count; ++r) {
      std::int64_t offset, poffset, gbase;
      locate(r, offset, poffset, gbase);
      Partial& target = partials[poffset];
      auto piece = [&](std::int64_t k) {
        const std::int64_t begin = k * piece_elements, length = std::min(rows.n - begin, piece_elements);
        RowIndex index = row_index;
        index.first = begin;
        pieces[k] = row_piece(op, target, data + offset + begin * rows.step, length, rows.step, index, gbase);
      };
      const auto total = static_cast<std::int64_t>(pieces.size());
      if constexpr (requires(Partial p) { Op::decided(p); }) {
        // An operation that an element can decide (all, any): the pieces in batches that double (1, 1, 2,
        // 4, ...), stopping once the row is decided, so that a row decided early costs one piece, not a
        // pass over the row in every piece.
        for (std::int64_t done = 0, batch = 1; done < total && !Op::decided(target); batch *= 2) {
          const std::int64_t end = std::min(total, done + batch);
          for_each_piece(end - done, [&](std::int64_t k) { piece(done + k); });
          for (std::int64_t k = done; k < end; ++k) op.combine(target, pieces[k]);
          done = end;
        }
      } else {
        for_each_piece(total, piece);
        for (const Partial& p : pieces) op.combine(target, p);
      }
    }
  } else if (!rows.inner_reduced && outer_reduced && rows.n > kept_piece_elements<Partial>) {
    // A kept inner axis whose partials every row adds into: cut into pieces small enough that their
    // partials stay in the L1 cache while every row adds its part (threads share the pieces when there is
    // enough work); when the rows differ only along reduced axes (one row of partials for all) and are
    // dense, they are added four at a time. Each partial still receives its rows in order, so the bits do
    // not change.
    bool one_partial_row = rows.step == 1 && rows.pstep == 1 && !Op::needs_index;
    for (int a : rows.outer) one_partial_row &= g.reduced[a] || v.shape[a] == 1;
    auto four_at_a_time = [&](std::int64_t lo, std::int64_t hi) {
      std::int64_t index[max_outer] = {};
      const T* row[4];
      int held = 0;
      for (std::int64_t r = 0; r < rows.count; ++r) {
        std::int64_t offset, poffset, gbase;
        offsets(index, offset, poffset, gbase);
        row[held++] = data + offset + lo;
        if (held == 4) add_four_columns(op, partials + lo, row, hi - lo), held = 0;
        next_row(index);
      }
      for (int j = 0; j < held; ++j) add_columns(op, partials + lo, row[j], hi - lo, 0);
    };
    constexpr std::int64_t width = kept_piece_elements<Partial>;
    const std::int64_t count = (rows.n + width - 1) / width;
    auto piece = [&](std::int64_t k) {
      const std::int64_t lo = k * width, hi = std::min(rows.n, lo + width);
      if (one_partial_row) {
        four_at_a_time(lo, hi);
      } else {
        walk(0, rows.count, lo, hi);
      }
    };
    if (rows.count * rows.n >= 2 * piece_elements) {
      for_each_piece(count, piece);
    } else {
      with_simd([&] {
        for (std::int64_t k = 0; k < count; ++k) piece(k);
      });
    }
  } else if (!rows.inner_reduced && rows.n >= 2 * piece_elements) {
    // A long kept inner axis, rows with partials of their own: each thread adds its pieces of it, over every row.
    for_each_range(rows.n, [&](std::int64_t lo, std::int64_t hi) { walk(0, rows.count, lo, hi); });
  } else if (!outer_reduced && rows.count * rows.n >= 2 * piece_elements) {
    // Many short rows, each with partials of its own: threads share the rows.
    const std::int64_t per_piece = std::max<std::int64_t>(1, piece_elements / std::max<std::int64_t>(rows.n, 1));
    const std::int64_t count = (rows.count + per_piece - 1) / per_piece;
    for_each_piece(count, [&](std::int64_t k) {
      walk(k * per_piece, std::min(rows.count, (k + 1) * per_piece), 0, rows.n);
    });
  } else {
    with_simd([&] { walk(0, rows.count, 0, rows.n); });
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
