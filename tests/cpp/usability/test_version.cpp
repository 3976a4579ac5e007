// The version macros (headers) and gingham::version() (library) agree, and both come from the VERSION file.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "gingham/version.hpp"

#ifndef GINGHAM_SOURCE_DIR
#error "the test needs GINGHAM_SOURCE_DIR (set in tests/cpp/CMakeLists.txt)"
#endif

TEST(Version, LibraryMatchesHeaderMacros) {
  const std::string expected = std::to_string(GINGHAM_VERSION_MAJOR) + "." + std::to_string(GINGHAM_VERSION_MINOR) +
                               "." + std::to_string(GINGHAM_VERSION_PATCH);
  EXPECT_EQ(std::string(gingham::version()), expected);
  EXPECT_EQ(std::string(GINGHAM_VERSION_STRING), expected);
}

TEST(Version, ComesFromTheVersionFile) {
  std::ifstream file(GINGHAM_SOURCE_DIR "/VERSION");
  std::string line;
  ASSERT_TRUE(std::getline(file, line)) << "cannot read " GINGHAM_SOURCE_DIR "/VERSION";
  EXPECT_EQ(std::string(gingham::version()), line);
}
