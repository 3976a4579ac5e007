#pragma once
// Choosing, by measurement, how the executor moves slices that an MPI datatype can address in a shard:
// through the datatype (MPI gathers and scatters the pieces itself) or packed into a buffer by the
// executor. Neither wins everywhere. On this project's 2-core virtual machine the host places the two
// cores in two ways that alternate over minutes: in one, datatypes move a 32 MB block-cyclic message
// in 8 ms and packing takes 10 ms; in the other, 12.8 ms against 6.2 ms. So each plan keeps a tuner:
// it skips the first execution (first touches of a new target), times the next with one mechanism
// and the one after with the other, then answers the faster by a moving average of each one's time,
// trying the slower one every kProbePeriod-th execution so that it notices when the machine changes.
// A new plan starts with the mechanism the last decided tuner of the process preferred.
// Pure bookkeeping: no MPI calls, no data. Ranks decide on their own; any mix is correct (both sides of
// a message describe the same bytes), and their timings agree because executions are collective.

#include <cstdint>

namespace gingham::detail {

class MechanismTuner {
 public:
  static constexpr std::int64_t kProbePeriod = 16;

  /// Local. Whether the next execution should use datatypes.
  bool use_datatypes() noexcept;
  /// Local. Records the time of the execution the last use_datatypes() answer was for.
  void record(double seconds) noexcept;

 private:
  double seconds_[2] = {0, 0};  // moving average per mechanism [packed, datatypes]; 0: not timed yet
  std::int64_t answers_ = 0;
  bool last_answer_ = true;
};

}  // namespace gingham::detail
