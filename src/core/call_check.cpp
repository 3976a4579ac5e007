#include "gingham/core/call_check.hpp"

#include <cstdio>
#include <string>

namespace gingham {

namespace {
thread_local int checked_calls = 0;  // checked entry points running on this thread
}  // namespace

CallCheck::CallCheck(bool active, std::string_view operation) noexcept : active_(active), operation_(operation) {
  if (active_) ++checked_calls;
}

CallCheck::~CallCheck() {
  if (active_) --checked_calls;
}

bool CallCheck::inside_checked_call() noexcept { return checked_calls > 0; }

std::string describe_argument(const RawView& view) {
  return "a view of " + std::to_string(view.item_size) + "-byte elements in " + std::to_string(view.shape.size()) +
         " dimensions";
}

std::string describe_floating(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace gingham
