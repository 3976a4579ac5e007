#pragma once
/// \file
/// ScaLAPACK array descriptors (DESC) of gingham arrays, and the rule for when an array can be handed
/// to ScaLAPACK in place.
///
/// **The in-place rule.** ScaLAPACK reads a matrix S stored column-major on each process of a 2-D
/// BLACS grid, rows of S block-cyclic over the BLACS process rows and columns over the process
/// columns. A 2-D gingham array X is used in place, with no copy, when
///   1. every grid axis of extent > 1 spreads one of X's two axes (no grid axis holds copies), and
///   2. its shard is dense along one axis: column-major storage (unit stride along axis 0) gives S = X;
///      row-major storage (unit stride along axis 1, gingham's default) gives S = X^T, because a
///      row-major m x n shard is, byte for byte, the column-major n x m shard of the transpose, and
///   3. the global extents and the leading dimension fit ScaLAPACK's 32-bit integers.
/// Conditions 1 and 3 (for the extents) are about the layout alone: they are
/// Distribution::scalapack_incompatibility(), the one rule; the others are about this rank's shard.
/// Ghost cells are allowed (the leading dimension then spans them). Every block-cyclic, block and
/// cyclic axis map is ScaLAPACK's own (nb, src), so no layout is refused for its block size or offset.
/// The BLACS grid of S is BlacsGrid::of(grid, grid axis of S's rows, grid axis of S's columns): for a
/// row-major array that is the transposed view of the grid, which is why a routine computes with the
/// transposed problem (for example C^T = B^T A^T for matmul) rather than moving data. Anything else is
/// redistributed, visibly, by the caller (see matmul.hpp for the target layout and its cost).

#include <array>
#include <cstdint>
#include <string>

#include "gingham/array/array.hpp"
#include "gingham/core/local_view.hpp"
#include "gingham/distributions/distribution.hpp"
#include "gingham/linalg/blacs_grid.hpp"

namespace gingham {

/// How one 2-D array is seen by ScaLAPACK without a copy (the in-place rule above).
struct ScalapackView {
  bool transposed = false;  ///< S = X^T (row-major shard); otherwise S = X (column-major shard)
  int row_axis = -1;        ///< the grid axis spreading S's rows, -1 for one BLACS process row
  int col_axis = -1;        ///< the grid axis spreading S's columns, -1 for one BLACS process column
  friend bool operator==(const ScalapackView&, const ScalapackView&) = default;
};

/// Local. Why a 2-D array of layout `layout` whose shard on this rank is `local` cannot be used in place
/// by ScaLAPACK (conditions 1-3 above), or "" when it can. Shards may differ between ranks (from_local
/// takes any strides), so callers agree on the answer before acting on it.
std::string scalapack_obstacle(const Distribution& layout, const RawView& local);

/// Local. The grid axes and orientation of S for a layout that passes conditions 1 and 3 on every rank
/// (the storage order decides `transposed`). Throws std::invalid_argument otherwise.
ScalapackView scalapack_view(const Distribution& layout);

/// The block sizes a descriptor states. ScaLAPACK's factorizations and eigensolvers (P?POTRF, P?GESVD,
/// P?SYEVD, P?LAHQR, ...) require square blocks, MB = NB, and use them as their algorithmic block size.
enum class BlockShape {
  as_laid_out,  ///< MB and NB are the layout's own block sizes (clamped to the extents)
  square,       ///< MB = NB wherever the storage allows it (see make_descriptor)
};

/// ScaLAPACK's array descriptor of a dense block-cyclic matrix: the nine integers DESC(1..9) that
/// every ScaLAPACK and PBLAS routine takes, read through named accessors (0-based process indices, as
/// ScaLAPACK stores them).
class ScalapackDescriptor {
 public:
  /// Local. DTYPE_: 1, a dense matrix.
  int dtype() const noexcept { return desc_[0]; }
  /// Local. CTXT_: the BLACS context.
  int context() const noexcept { return desc_[1]; }
  /// Local. M_: the global number of rows of S.
  int rows() const noexcept { return desc_[2]; }
  /// Local. N_: the global number of columns of S.
  int cols() const noexcept { return desc_[3]; }
  /// Local. MB_: the row block size.
  int row_block() const noexcept { return desc_[4]; }
  /// Local. NB_: the column block size.
  int col_block() const noexcept { return desc_[5]; }
  /// Local. RSRC_: the process row holding S's first row.
  int row_source() const noexcept { return desc_[6]; }
  /// Local. CSRC_: the process column holding S's first column.
  int col_source() const noexcept { return desc_[7]; }
  /// Local. LLD_: the local leading dimension (>= max(1, local rows of S)).
  int leading_dimension() const noexcept { return desc_[8]; }
  /// Local. The nine integers, for ScaLAPACK calls.
  const int* data() const noexcept { return desc_.data(); }
  /// Local. For example "DESC(dtype=1, ctxt=0, m=10, n=8, mb=4, nb=8, rsrc=0, csrc=1, lld=5)".
  std::string describe() const;

 private:
  friend ScalapackDescriptor make_descriptor(const Distribution&, const RawView&, const BlacsGrid&, BlockShape, int);
  std::array<int, 9> desc_{};
};

/// Local. The one function that builds ScaLAPACK descriptors: the descriptor of S (X, or X^T for a
/// row-major shard, see ScalapackView) for a 2-D array of layout `layout` whose shard here is `local`,
/// in the BLACS grid `blacs`, which must be BlacsGrid::of(grid, view.row_axis, view.col_axis).
/// M, N, MB, NB, RSRC and CSRC come from the layout's axis maps (swapped when transposed); LLD is the
/// shard's stride along its slower axis. Throws std::invalid_argument when scalapack_obstacle() is
/// not empty or `blacs` is not the layout's BLACS view.
///
/// With BlockShape::square, an axis of S whose block size does not change where any element is stored
/// (held by one BLACS process, or a single block: extent <= block) takes the other axis's block size,
/// so that MB = NB; when both are free, both take max(free_block, the extents they must cover), the
/// panel width ScaLAPACK then works with (pass the block size of the matrices this one must match).
/// MB != NB remains only when an axis spread in several blocks over several processes has a block size
/// the other axis cannot take (the caller redistributes such arrays).
ScalapackDescriptor make_descriptor(const Distribution& layout, const RawView& local, const BlacsGrid& blacs,
                                    BlockShape shape = BlockShape::as_laid_out, int free_block = 64);

}  // namespace gingham
