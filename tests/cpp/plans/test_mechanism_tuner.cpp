// The executor's tuner (datatypes or packing, by measurement): a plan times both, follows the faster,
// probes the slower every kProbePeriod-th execution, and changes its mind when the machine changes;
// its first execution follows what the process learnt from every plan, its second times the other way.
#include <gtest/gtest.h>

#include "src/plans/mechanism_tuner.hpp"

namespace gingham::detail {
namespace {

constexpr int kPeriod = static_cast<int>(MechanismAverages::kProbePeriod);

/// Runs `executions` answers of `tuner` with the given time per mechanism (for 1 byte); returns how
/// many used datatypes.
int run(MechanismTuner& tuner, int executions, double packed_seconds, double datatype_seconds) {
  int datatypes = 0;
  for (int e = 0; e < executions; ++e) {
    const bool answer = tuner.use_datatypes();
    datatypes += answer ? 1 : 0;
    tuner.record(answer ? datatype_seconds : packed_seconds, 1);
  }
  return datatypes;
}

TEST(MechanismTuner, TimesBothThenFollowsTheFasterAndProbesTheSlower) {
  MechanismTuner::Process process;
  MechanismTuner tuner(process);
  EXPECT_TRUE(tuner.use_datatypes());  // nothing known: datatypes
  tuner.record(1.0, 1);
  EXPECT_FALSE(tuner.use_datatypes());  // then the other one
  tuner.record(2.0, 1);
  // Datatypes take 1 s, packing 2 s: datatypes, but packing once in every kProbePeriod answers.
  EXPECT_EQ(run(tuner, 3 * kPeriod, 2.0, 1.0), 3 * kPeriod - 3);
}

TEST(MechanismTuner, ChangesItsMindWhenTheMachineChanges) {
  MechanismTuner::Process process;
  MechanismTuner tuner(process);
  run(tuner, 40, 2.0, 1.0);  // datatypes faster
  // Now packing is faster: within a few executions the tuner switches, and then probes datatypes.
  run(tuner, 8, 1.0, 3.0);
  EXPECT_EQ(run(tuner, 4 * kPeriod, 1.0, 3.0), 4);
}

TEST(MechanismTuner, PlansExecutedOnceFollowWhatTheProcessLearnt) {
  MechanismTuner::Process process;
  int datatypes = 0;
  for (int plan = 0; plan < 4 * kPeriod; ++plan) {  // one execution each, packing twice as fast
    MechanismTuner tuner(process);
    datatypes += run(tuner, 1, 1.0, 2.0);
  }
  EXPECT_LE(datatypes, 1 + 4 + 1);  // the first, the probes, and the one after the first
  // A plan that has timed both mechanisms itself follows its own times, whatever the process thinks.
  MechanismTuner own(process);
  own.use_datatypes(), own.record(1.0, 1);  // packed (the process's answer), 1 s
  while (!own.use_datatypes()) own.record(1.0, 1);
  own.record(0.5, 1);  // datatypes, 0.5 s: faster for this plan
  EXPECT_EQ(run(own, kPeriod, 1.0, 0.5), kPeriod - 1);
}

TEST(MechanismTuner, ASecondExecutionTimesTheMechanismTheProcessDidNotChoose) {
  // The process learnt (from other plans) that datatypes are faster; this plan's own times say packing is.
  MechanismTuner::Process process;
  for (int plan = 0; plan < 2; ++plan) {
    MechanismTuner tuner(process);
    run(tuner, 2, 4.0, 1.0);
  }
  MechanismTuner tuner(process);
  EXPECT_TRUE(tuner.use_datatypes());  // the process's answer
  tuner.record(2.0, 1);
  EXPECT_FALSE(tuner.use_datatypes());  // then the other one, whatever the process thinks
  tuner.record(1.0, 1);
  EXPECT_EQ(run(tuner, kPeriod, 1.0, 2.0), 1);  // packing, and one probe of datatypes
}

}  // namespace
}  // namespace gingham::detail
