#include "gingham/core/mpi_check.hpp"

namespace gingham {

void throw_mpi_error(int rc, const char* call) {
  char text[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  if (MPI_Error_string(rc, text, &length) != MPI_SUCCESS) length = 0;
  throw MpiError(rc, std::string(call) + " failed: " + (length > 0 ? std::string(text, length)
                                                                  : "MPI error code " + std::to_string(rc)));
}

}  // namespace gingham
