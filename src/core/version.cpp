// The library's version, compiled in from the generated header (CMake, from the top-level VERSION file).
#include "gingham/version.hpp"

namespace gingham {

std::string_view version() noexcept { return GINGHAM_VERSION_STRING; }

}  // namespace gingham
