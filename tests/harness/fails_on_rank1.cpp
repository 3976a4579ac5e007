// Harness self-test: an assertion that fails on rank 1 only. Run on 2 ranks, the run must fail (not
// pass, not hang), and the failure must be reported tagged with its rank.
#include <gtest/gtest.h>
#include <mpi.h>

TEST(Harness, FailsOnRankOneOnly) {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  EXPECT_NE(rank, 1) << "deliberate failure on rank 1";
}

TEST(Harness, LaterTestsStillRunOnEveryRank) {
  MPI_Barrier(MPI_COMM_WORLD);
  SUCCEED();
}
