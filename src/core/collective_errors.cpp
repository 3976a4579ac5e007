#include "gingham/core/collective_errors.hpp"

#include <exception>

#include "gingham/core/mpi_check.hpp"

namespace gingham {

CapturedError capture_current_exception() {
  try {
    throw;
  } catch (const std::exception& error) {
    return {classify(error), error.what()};
  } catch (...) {
    return {ErrorKind::runtime, "unknown exception (not derived from std::exception)"};
  }
}

std::optional<CapturedError> agree_on_error(const Comm& comm, const std::optional<CapturedError>& local) {
  const int size = comm.size();
  int first_failing_rank = local ? comm.rank() : size;
  GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, &first_failing_rank, 1, MPI_INT, MPI_MIN, comm.get()));
  if (first_failing_rank == size) return std::nullopt;

  const bool is_root = comm.rank() == first_failing_rank;
  long header[2] = {0, 0};  // kind, message length
  if (is_root) header[0] = static_cast<long>(local->kind), header[1] = static_cast<long>(local->message.size());
  GINGHAM_MPI(MPI_Bcast(header, 2, MPI_LONG, first_failing_rank, comm.get()));
  std::string message = is_root ? local->message : std::string(static_cast<std::size_t>(header[1]), '\0');
  GINGHAM_MPI(MPI_Bcast(message.data(), static_cast<int>(header[1]), MPI_CHAR, first_failing_rank, comm.get()));

  message += " [raised on rank " + std::to_string(first_failing_rank) + " of " + std::to_string(size) + "]";
  return CapturedError{static_cast<ErrorKind>(header[0]), std::move(message)};
}

void raise_if_any_rank_failed(const Comm& comm, const std::optional<CapturedError>& local) {
  if (auto agreed = agree_on_error(comm, local)) throw_error(agreed->kind, agreed->message);
}

}  // namespace gingham
