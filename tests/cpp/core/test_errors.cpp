// Exception kinds: throw_error and classify agree, and the std types are the ones pybind11 expects.
#include <gtest/gtest.h>

#include <new>
#include <stdexcept>

#include "gingham/core/errors.hpp"

namespace gingham {
namespace {

TEST(Errors, ThrowErrorAndClassifyRoundTripEveryKind) {
  for (ErrorKind kind : {ErrorKind::value, ErrorKind::index, ErrorKind::type, ErrorKind::not_implemented,
                         ErrorKind::overflow, ErrorKind::memory, ErrorKind::runtime, ErrorKind::linalg}) {
    try {
      throw_error(kind, "message");
    } catch (const std::exception& error) {
      EXPECT_EQ(classify(error), kind) << python_name(kind);
      EXPECT_STREQ(error.what(), "message");
    }
  }
}

TEST(Errors, KindsUseTheStandardTypesPybind11Translates) {
  EXPECT_THROW(throw_error(ErrorKind::value, "x"), std::invalid_argument);
  EXPECT_THROW(throw_error(ErrorKind::index, "x"), std::out_of_range);
  EXPECT_THROW(throw_error(ErrorKind::type, "x"), TypeError);
  EXPECT_THROW(throw_error(ErrorKind::not_implemented, "x"), NotImplementedError);
  EXPECT_THROW(throw_error(ErrorKind::overflow, "x"), std::overflow_error);
  EXPECT_THROW(throw_error(ErrorKind::memory, "x"), std::bad_alloc);
  EXPECT_THROW(throw_error(ErrorKind::runtime, "x"), std::runtime_error);
  EXPECT_THROW(throw_error(ErrorKind::linalg, "x"), LinAlgError);
  EXPECT_THROW(throw_error(ErrorKind::linalg, "x"), std::invalid_argument);  // a ValueError where not translated
  EXPECT_EQ(python_name(ErrorKind::linalg), "LinAlgError");
  EXPECT_EQ(classify(std::domain_error("x")), ErrorKind::value);
  EXPECT_EQ(classify(std::length_error("x")), ErrorKind::value);
  EXPECT_EQ(classify(std::logic_error("x")), ErrorKind::runtime);
  EXPECT_EQ(python_name(ErrorKind::not_implemented), "NotImplementedError");
}

}  // namespace
}  // namespace gingham
