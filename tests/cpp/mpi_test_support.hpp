#pragma once
// Helpers for MPI GoogleTests: assertions agreed across ranks, and the exception a rank saw.

#include <gtest/gtest.h>
#include <mpi.h>

#include <functional>
#include <optional>
#include <string>

#include "gingham/core/errors.hpp"

namespace gingham::test {

/// Collective over MPI_COMM_WORLD. True on every rank when `ok` is true on every rank, so that every
/// rank takes the same branch after an assertion (no rank runs ahead into a collective alone).
inline bool all_ranks(bool ok, MPI_Comm comm = MPI_COMM_WORLD) {
  int value = ok ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &value, 1, MPI_INT, MPI_MIN, comm);
  return value == 1;
}

/// Collective over MPI_COMM_WORLD. This rank's rank and the number of ranks.
inline int world_rank() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}
inline int world_size() {
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

/// What `body` threw on this rank: its kind and message, or nothing.
struct Thrown {
  gingham::ErrorKind kind;
  std::string message;
};
inline std::optional<Thrown> thrown_by(const std::function<void()>& body) {
  try {
    body();
  } catch (const std::exception& error) {
    return Thrown{gingham::classify(error), error.what()};
  }
  return std::nullopt;
}

}  // namespace gingham::test
