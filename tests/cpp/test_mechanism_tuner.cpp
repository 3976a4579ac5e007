// The executor's tuner (datatypes or packing, by measurement): it times both, follows the faster, probes
// the slower every kProbePeriod-th execution, and changes its mind when the machine changes.
#include <gtest/gtest.h>

#include "../../src/dist/mechanism_tuner.hpp"

namespace gingham::detail {
namespace {

/// Runs `executions` answers of `tuner` with the given time per mechanism; returns how many used datatypes.
int run(MechanismTuner& tuner, int executions, double packed_seconds, double datatype_seconds) {
  int datatypes = 0;
  for (int e = 0; e < executions; ++e) {
    const bool answer = tuner.use_datatypes();
    datatypes += answer ? 1 : 0;
    tuner.record(answer ? datatype_seconds : packed_seconds);
  }
  return datatypes;
}

TEST(MechanismTuner, TimesBothThenFollowsTheFasterAndProbesTheSlower) {
  MechanismTuner tuner;
  const bool prior = tuner.use_datatypes();  // the warm-up: the process's current preference, not timed
  tuner.record(100.0);                       // (a first execution pays page faults; ignored)
  EXPECT_EQ(tuner.use_datatypes(), prior);   // timed
  tuner.record(prior ? 1.0 : 2.0);
  EXPECT_NE(tuner.use_datatypes(), prior);  // the other one, timed
  tuner.record(prior ? 2.0 : 1.0);
  // Datatypes take 1 s, packing 2 s: datatypes, but packing every 16th answer.
  const int executions = 3 * static_cast<int>(MechanismTuner::kProbePeriod);
  EXPECT_EQ(run(tuner, executions, 2.0, 1.0), executions - 3);
}

TEST(MechanismTuner, ChangesItsMindWhenTheMachineChanges) {
  MechanismTuner tuner;
  run(tuner, 40, 2.0, 1.0);  // datatypes faster
  // Now packing is faster: within a few executions the tuner switches, and then probes datatypes.
  run(tuner, 8, 1.0, 3.0);
  const int executions = 4 * static_cast<int>(MechanismTuner::kProbePeriod);
  EXPECT_EQ(run(tuner, executions, 1.0, 3.0), 4);
  // A new tuner in this process starts with what the last one preferred.
  MechanismTuner fresh;
  EXPECT_FALSE(fresh.use_datatypes());
}

}  // namespace
}  // namespace gingham::detail
