// The main() of every MPI GoogleTest binary. Rank 0 prints gtest's usual report; other ranks print
// only their failures, each tagged "[rank N]". Each test's result is agreed across ranks as it ends (a
// test that failed on any rank fails on rank 0 too, so rank 0's report and closing lines are true), and
// the exit code is agreed as well: a failure on any single rank fails the run on every rank.
#include <gtest/gtest.h>
#include <mpi.h>

#include <cstdio>
#include <string>
#include <vector>

#include "gingham/core/environment.hpp"

namespace {

class RankFailurePrinter : public ::testing::EmptyTestEventListener {
 public:
  explicit RankFailurePrinter(int rank) : rank_(rank) {}

  void OnTestPartResult(const ::testing::TestPartResult& result) override {
    if (!result.failed()) return;
    std::fprintf(stderr, "[rank %d] %s:%d: Failure\n%s\n", rank_, result.file_name() ? result.file_name() : "?",
                 result.line_number(), result.summary());
    std::fflush(stderr);
  }
  void OnTestEnd(const ::testing::TestInfo& info) override {
    if (!info.result()->Failed()) return;
    std::fprintf(stderr, "[rank %d] [  FAILED  ] %s.%s\n", rank_, info.test_suite_name(), info.name());
    std::fflush(stderr);
  }

 private:
  int rank_;
};

/// Collective over MPI_COMM_WORLD at the end of every test (every rank runs the same tests in the same
/// order): one MPI_Allgather of one int. On rank 0, a test that failed only on other ranks gets a
/// failure naming them, before rank 0's printer reports the test.
class AgreeOnTestResults : public ::testing::EmptyTestEventListener {
 public:
  AgreeOnTestResults(int rank, int size) : rank_(rank), failed_(static_cast<std::size_t>(size)) {}

  void OnTestEnd(const ::testing::TestInfo& info) override {
    int failed_here = info.result()->Failed() ? 1 : 0;
    MPI_Allgather(&failed_here, 1, MPI_INT, failed_.data(), 1, MPI_INT, MPI_COMM_WORLD);
    if (rank_ != 0 || failed_here) return;
    std::string ranks;
    for (std::size_t r = 0; r < failed_.size(); ++r) {
      if (failed_[r]) ranks += (ranks.empty() ? "" : ", ") + std::to_string(r);
    }
    if (!ranks.empty()) ADD_FAILURE() << "failed on rank(s) " << ranks << " (see their [rank N] lines)";
  }

 private:
  int rank_;
  std::vector<int> failed_;
};

}  // namespace

int main(int argc, char** argv) {
  gingham::Environment environment(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
  if (rank != 0) {
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new RankFailurePrinter(rank));
  }
  // gtest delivers OnTestEnd in reverse order of appending: appended last, this runs before the printer.
  listeners.Append(new AgreeOnTestResults(rank, size));
  int local_status = RUN_ALL_TESTS();
  int global_status = 0;
  MPI_Allreduce(&local_status, &global_status, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  if (rank == 0 && global_status != local_status) {
    std::fprintf(stderr, "[rank 0] tests failed on other ranks (see their [rank N] lines above)\n");
  }
  return global_status;
}
