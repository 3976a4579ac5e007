#include "mechanism_tuner.hpp"

namespace gingham::detail {
namespace {
constexpr double kWeight = 0.25;  // of a new cost in the moving average
}  // namespace

bool MechanismAverages::answer() noexcept {
  const std::int64_t answer = answers_++;
  if (cost_[0] == 0 && cost_[1] == 0) return true;
  if (!decided()) return cost_[1] == 0;  // the one not timed yet
  const bool datatypes_cheaper = cost_[1] < cost_[0];
  return answer % kProbePeriod == kProbePeriod - 1 ? !datatypes_cheaper : datatypes_cheaper;
}

void MechanismAverages::add(bool datatypes, double cost) noexcept {
  if (!(cost > 0)) return;
  double& average = cost_[datatypes ? 1 : 0];
  average = average == 0 ? cost : (1 - kWeight) * average + kWeight * cost;
}

MechanismTuner::Process& MechanismTuner::process() noexcept {
  static Process instance;
  return instance;
}

bool MechanismTuner::use_datatypes() noexcept {
  if (own_.decided()) return last_answer_ = own_.answer();
  if (own_.timed(true) || own_.timed(false)) return last_answer_ = !own_.timed(true);  // the other one
  const std::lock_guard lock(process_->mutex);
  return last_answer_ = process_->averages.answer();
}

void MechanismTuner::record(double seconds, std::int64_t bytes) noexcept {
  own_.add(last_answer_, seconds);
  if (bytes <= 0) return;
  const std::lock_guard lock(process_->mutex);
  process_->averages.add(last_answer_, seconds / static_cast<double>(bytes));
}

}  // namespace gingham::detail
