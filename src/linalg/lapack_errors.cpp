// gingham's XERBLA and the pending LAPACK argument report (see gingham/linalg/lapack_errors.hpp).
#include "gingham/linalg/lapack_errors.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "imports/lapack.hpp"
#include "work_matrix.hpp"

namespace {

thread_local std::string pending_report;
std::string (*foreign_probe)() = nullptr;

}  // namespace

/// Local. LAPACK's error handler (Fortran: XERBLA(SRNAME, INFO), with SRNAME's hidden length): records
/// "On entry to <SRNAME> parameter number <INFO> had an illegal value" for this thread.
extern "C" void xerbla_(const char* name, const int* info, std::size_t length) {
  std::string routine(name, std::min<std::size_t>(length, 32));
  routine.erase(routine.find_last_not_of(' ') + 1);
  if (!pending_report.empty()) return;  // the first report is the cause
  pending_report = "On entry to " + routine + " parameter number " + std::to_string(*info) + " had an illegal value";
}

namespace gingham {

void set_lapack_error_probe(std::string (*probe)()) { foreign_probe = probe; }

std::string take_lapack_error() {
  std::string report;
  report.swap(pending_report);
  if (foreign_probe) {
    std::string foreign = foreign_probe();
    if (report.empty()) report = std::move(foreign);
  }
  return report;
}

void check_lapack_error_agreement(const ProcessGrid& grid) {
  int info = 0;
  if (grid.contains_this_rank() && grid.grid_comm().rank() == 0) {
    double a = 1;
    linalg_detail::lapack::potrf("X", 1, &a, &info);  // UPLO must be 'U' or 'L'
    info = 0;                                         // ignored, as ScaLAPACK ignores some internal INFOs
  }
  linalg_detail::agreed_info(grid, info, "check_lapack_error_agreement", "DPOTRF");
}

}  // namespace gingham
