#pragma once
// Choosing, by measurement, how the executor moves slices that an MPI datatype can address in a shard:
// through the datatype (MPI gathers and scatters the pieces itself) or packed into a buffer by the
// executor. Neither wins everywhere. On this project's 2-core virtual machine the host places the two
// cores in two ways that alternate over minutes: in one, datatypes move a 32 MB block-cyclic message
// in 8 ms and packing takes 10 ms; in the other, 12.8 ms against 6.2 ms.
//
// So every plan has a tuner. Once it has timed its own executions with both mechanisms, it answers the
// faster by a moving average of each one's time, and the slower one every kProbePeriod-th execution, so
// that it notices when the machine changes. Its first execution asks the process's tuner, which learns
// the same way from every execution of every plan (in seconds per byte), so that plans executed once, as
// gg.redistribute builds them, also follow what this machine does best; its second uses the mechanism
// the first did not, so that a plan never keeps following the process on the strength of one timing
// (which may have been another plan's first, slowed by a busy machine) without timing the other itself.
// Pure bookkeeping: no MPI calls, no data. Ranks decide on their own; any mix is correct (both sides of
// a message describe the same bytes), and their timings agree because executions are collective.

#include <cstdint>
#include <mutex>

namespace gingham::detail {

/// Moving averages of the cost of each mechanism, and the answer they give.
class MechanismAverages {
 public:
  static constexpr std::int64_t kProbePeriod = 16;

  /// Whether both mechanisms have been timed.
  bool decided() const noexcept { return cost_[0] > 0 && cost_[1] > 0; }
  /// Whether the mechanism (datatypes or packing) has been timed.
  bool timed(bool datatypes) const noexcept { return cost_[datatypes ? 1 : 0] > 0; }
  /// Datatypes first; then the one not timed yet; then the cheaper one, except every kProbePeriod-th
  /// answer, which is the other one.
  bool answer() noexcept;
  /// Adds the cost of an execution that used datatypes (or not).
  void add(bool datatypes, double cost) noexcept;

 private:
  double cost_[2] = {0, 0};  // [packed, datatypes]; 0: not timed yet
  std::int64_t answers_ = 0;
};

class MechanismTuner {
 public:
  /// The process-wide averages (seconds per byte) that plans ask until they have decided for themselves.
  struct Process {
    std::mutex mutex;
    MechanismAverages averages;
  };
  static Process& process() noexcept;

  explicit MechanismTuner(Process& process = MechanismTuner::process()) noexcept : process_(&process) {}

  /// Local. Whether the next execution should use datatypes.
  bool use_datatypes() noexcept;
  /// Local. Records the time of the execution the last use_datatypes() answer was for, which moved
  /// `bytes` on this rank (the process learns the time per byte).
  void record(double seconds, std::int64_t bytes) noexcept;

 private:
  Process* process_;
  MechanismAverages own_;  // in seconds
  bool last_answer_ = true;
};

}  // namespace gingham::detail
