#pragma once
/// \file
/// BlacsGrid: a 2-D BLACS process grid made of the ranks of a ProcessGrid, created once per (grid, axes)
/// and cached until the grid's communicator is freed or MPI is finalised.

#include <string>

#include "gingham/core/process_grid.hpp"

namespace gingham {

/// The BLACS context in which ScaLAPACK sees arrays of a ProcessGrid. BLACS process (r, c) is the grid
/// rank whose coordinate along grid axis `row_axis()` is r and along `col_axis()` is c (-1 stands for a
/// BLACS axis of extent 1). Every other grid axis must have extent 1, so every grid rank is in the
/// BLACS grid exactly once and no rank holds a copy. The context is built with Cblacs_gridmap over the
/// grid's own communicator (grid_comm(), numbered row-major like the grid), so a transposed view of the
/// same grid (rows on grid axis 1, columns on grid axis 0) is a different context with the same ranks.
///
/// Lifetime: contexts are cached per grid communicator and (row_axis, col_axis). They are released
/// (Cblacs_gridexit, then the BLACS system handle of the communicator) by an MPI attribute callback
/// when the grid's communicator is freed, that is when the last copy of the ProcessGrid goes away; the
/// ones still alive at MPI_Finalize are released at its start (an MPI_COMM_SELF attribute), so none
/// leaks and none is freed twice. BLACS's own internal buffers belong to BLACS (blacs_exit).
/// A handle: copies are cheap and stay valid while the grid lives.
class BlacsGrid {
 public:
  /// Collective over grid.grid_comm() the first time a (grid, row_axis, col_axis) is asked for (one
  /// Cblacs_gridmap: every grid rank must ask for the same views in the same order), then Local.
  /// Grid axes of extent 1 are normalised to -1. Throws std::logic_error on a rank off the grid, and
  /// std::invalid_argument (on every rank) when an axis is out of range, both name the same grid axis
  /// of extent > 1, or a grid axis of extent > 1 is neither of them (see blacs_view_obstacle).
  /// Every call also sets PBLAS's broadcast and combine topologies back to their defaults: they are one
  /// process-wide state that ScaLAPACK routines may leave changed (P?GEQRF/P?ORGQR leave the row
  /// broadcast a decreasing ring), so ranks that last ran different routines (on different sub-grids)
  /// would enter the next PBLAS call with different topologies and wait in different collectives.
  static BlacsGrid of(const ProcessGrid& grid, int row_axis, int col_axis);

  /// Local. Why (row_axis, col_axis) is no BLACS view of a grid of shape `grid_dims`, or "" when it is.
  static std::string blacs_view_obstacle(const std::vector<int>& grid_dims, int row_axis, int col_axis);

  /// Local. The BLACS context handle (ScaLAPACK's DESC CTXT_).
  int context() const noexcept { return context_; }
  /// Local. The grid axis whose coordinate is the BLACS process row, or -1 (one process row).
  int row_axis() const noexcept { return row_axis_; }
  /// Local. The grid axis whose coordinate is the BLACS process column, or -1 (one process column).
  int col_axis() const noexcept { return col_axis_; }
  /// Local. The number of BLACS process rows (NPROW).
  int rows() const noexcept { return rows_; }
  /// Local. The number of BLACS process columns (NPCOL).
  int cols() const noexcept { return cols_; }
  /// Local. This rank's BLACS process row (MYROW), as Cblacs_gridinfo reports it.
  int my_row() const noexcept { return my_row_; }
  /// Local. This rank's BLACS process column (MYCOL).
  int my_col() const noexcept { return my_col_; }
  /// Local. For example "BlacsGrid(1x2: rows on grid axis -1, columns on grid axis 0, context 1)".
  std::string describe() const;

  /// Local. The number of BLACS contexts gingham holds now, over all grids (for leak tests).
  static int live_contexts() noexcept;

 private:
  BlacsGrid() = default;
  int context_ = -1;
  int row_axis_ = -1;
  int col_axis_ = -1;
  int rows_ = 1;
  int cols_ = 1;
  int my_row_ = 0;
  int my_col_ = 0;
};

}  // namespace gingham
