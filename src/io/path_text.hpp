#pragma once
// How io's messages show a path: in single quotes, as Python shows a str.

#include <string>

namespace gingham::io {

/// Local. 'path'.
inline std::string quoted_path(const std::string& path) { return "'" + path + "'"; }

}  // namespace gingham::io
