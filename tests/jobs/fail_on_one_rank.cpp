// A job in which one rank throws and the others go on into a collective: with gingham::Environment, the
// escaping exception must abort the whole job (tests/jobs/test_one_rank_failure.py runs it under mpirun).
// Usage: gingham_fail_on_one_rank <failing rank>
#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "gingham/core/environment.hpp"

int main(int argc, char** argv) {
  gingham::Environment environment(argc, argv);
  const int failing = argc > 1 ? std::atoi(argv[1]) : 1;
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank == failing % size) throw std::runtime_error("planned failure on rank " + std::to_string(rank));
  MPI_Barrier(MPI_COMM_WORLD);  // the failing rank never arrives: without the abort, this waits forever
  std::printf("rank %d passed the barrier\n", rank);
  return 0;
}
