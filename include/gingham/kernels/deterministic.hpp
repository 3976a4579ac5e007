#pragma once
/// \file
/// The deterministic mode of floating-point reductions: a process-wide switch.
///
/// Off (the default): sum, prod, mean, var and std of floating-point arrays add each shard in storage
/// order with several accumulators, then combine the per-rank partials in rank order. Every rank gets
/// the same bits, but the bits may change with the number of ranks or the layout.
///
/// On: the result depends only on the global indices of the elements, so it is bitwise-identical for any
/// number of ranks, grid shape and layout. Each reduced axis (the last reduced axis first) is reduced
/// with one fixed pairwise tree over its global indices: node [k 2^l, (k+1) 2^l) combines its two halves,
/// and nodes past the end of the axis are absent. Each rank evaluates the tree nodes its owned blocks
/// cover completely and the ranks along the grid axis exchange those node values (one MPI_Allgatherv per
/// distributed reduced axis, O(blocks * log n) values per rank and per result element), then every rank
/// finishes the same tree. Integer, boolean, min/max and arg reductions are exact in either mode.

namespace gingham {

/// Local. Turns the deterministic mode of floating-point reductions on or off for this process. Every
/// rank of a communicator must set the same value before a collective reduction: ranks that disagree
/// compute different (but terminating) results.
void set_deterministic(bool on) noexcept;

/// Local. Whether the deterministic mode is on.
bool deterministic() noexcept;

}  // namespace gingham
