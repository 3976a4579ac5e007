#pragma once
/// \file
/// MPI error checking. gingham sets MPI_ERRORS_RETURN on every communicator it owns, so a failing MPI
/// call returns a code, which check_mpi turns into a gingham::MpiError instead of aborting the job.

#include <mpi.h>

#include <stdexcept>
#include <string>

namespace gingham {

/// An MPI call that returned an error code. Python: RuntimeError.
class MpiError : public std::runtime_error {
 public:
  MpiError(int error_code, const std::string& message)
      : std::runtime_error(message), error_code_(error_code) {}
  /// Local. The MPI error code the call returned.
  int error_code() const noexcept { return error_code_; }

 private:
  int error_code_;
};

/// Local. Throws MpiError("<call> failed: <MPI's error string>") for the failed call's code `rc`.
[[noreturn]] void throw_mpi_error(int rc, const char* call);

/// Local. Throws the MpiError for `call` unless `rc == MPI_SUCCESS`.
inline void check_mpi(int rc, const char* call) {
  if (rc != MPI_SUCCESS) [[unlikely]] throw_mpi_error(rc, call);
}

}  // namespace gingham

/// Calls an MPI function and checks its return code, naming the call in the error.
#define GINGHAM_MPI(call) ::gingham::check_mpi((call), #call)
