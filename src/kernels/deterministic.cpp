#include "gingham/kernels/deterministic.hpp"

#include <atomic>

namespace gingham {
namespace {
std::atomic<bool> deterministic_mode{false};
}  // namespace

void set_deterministic(bool on) noexcept { deterministic_mode.store(on); }

bool deterministic() noexcept { return deterministic_mode.load(); }

}  // namespace gingham
