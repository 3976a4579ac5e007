#include "mechanism_tuner.hpp"

#include <atomic>

namespace gingham::detail {
namespace {
constexpr double kWeight = 0.25;                   // of a new time in the moving average
std::atomic<bool> process_prefers_datatypes{true};  // the verdict of the last tuner that had both times
}  // namespace

bool MechanismTuner::use_datatypes() noexcept {
  const std::int64_t answer = answers_++;
  const bool prior = process_prefers_datatypes.load(std::memory_order_relaxed);
  if (answer == 0 || (seconds_[0] == 0 && seconds_[1] == 0)) return last_answer_ = prior;  // 0: a warm-up, not timed
  if (seconds_[0] == 0 || seconds_[1] == 0) return last_answer_ = seconds_[0] == 0 ? false : true;  // the untimed one
  const bool datatypes_faster = seconds_[1] < seconds_[0];
  process_prefers_datatypes.store(datatypes_faster, std::memory_order_relaxed);
  const bool probe = answer % kProbePeriod == kProbePeriod - 1;
  return last_answer_ = probe ? !datatypes_faster : datatypes_faster;
}

void MechanismTuner::record(double seconds) noexcept {
  if (answers_ <= 1 || !(seconds > 0)) return;  // the warm-up execution
  double& average = seconds_[last_answer_ ? 1 : 0];
  average = average == 0 ? seconds : (1 - kWeight) * average + kWeight * seconds;
}

}  // namespace gingham::detail
