#pragma once
/// \file
/// LAPACK argument errors: how a report through XERBLA becomes one gingham error on every rank.
///
/// LAPACK reports an illegal argument by calling XERBLA. gingham defines its own `xerbla_`, which records
/// the report for the calling thread (no printing, no exit); but a process may hold another one that the
/// dynamic linker picks for LAPACK first: NumPy's extension exports one that sets a Python exception. The
/// Python module therefore installs a probe that collects such a report. Every agreement of LAPACK's or
/// ScaLAPACK's INFO in gingham (one MPI_Allreduce it makes anyway) also agrees whether a report is
/// pending anywhere, and then throws std::logic_error on every rank with the report of the lowest such
/// rank: an illegal argument after gingham's own checks is a bug in gingham, never a Python error state
/// left behind (which surfaced as "SystemError: ... returned a result with an exception set").

#include <string>

#include "gingham/core/process_grid.hpp"

namespace gingham {

/// Local. Installs `probe` (nullptr: none), called in every INFO agreement to collect an argument error
/// that a foreign XERBLA reported on this thread: it returns the report and clears it, or "" for none.
/// Not thread-safe against concurrent linalg calls (install it once, at start-up).
void set_lapack_error_probe(std::string (*probe)());

/// Local. The pending report of this thread (gingham's own XERBLA's, else the probe's), cleared; "" for none.
std::string take_lapack_error();

/// Collective over grid.comm() (two MPI_Allreduce). A check of the mechanism above, callable from tests:
/// grid rank 0 calls LAPACK's DPOTRF with an illegal UPLO, whose INFO it ignores, as ScaLAPACK does for
/// some internal calls; then INFO is agreed as after any routine. Throws std::logic_error on every rank
/// ("... LAPACK reported an illegal argument: ... DPOTRF ...").
void check_lapack_error_agreement(const ProcessGrid& grid);

}  // namespace gingham
