// Harness self-test: rank 1 never enters a barrier that the other ranks wait in. The launcher's time
// limit must turn this hang into a failure.
#include <gtest/gtest.h>
#include <mpi.h>

TEST(Harness, HangsBecauseRankOneSkipsABarrier) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 1) MPI_Barrier(MPI_COMM_WORLD);
}
