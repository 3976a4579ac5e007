#pragma once
/// \file
/// Text helpers for error messages and descriptions, formatted the way Python users read them.

#include <string>

namespace gingham {

/// Local. A shape as Python prints a tuple: "()", "(5,)", "(2, 3)".
template <class Range>
std::string format_shape(const Range& extents) {
  std::string text = "(";
  std::size_t count = 0;
  for (const auto& extent : extents) text += (count++ ? ", " : "") + std::to_string(extent);
  return text + (count == 1 ? ",)" : ")");
}

}  // namespace gingham
