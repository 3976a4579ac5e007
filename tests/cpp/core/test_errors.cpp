// Exception kinds: throw_error and classify agree, and the std types are the ones pybind11 expects.
#include <gtest/gtest.h>

#include <new>
#include <stdexcept>
#include <string>
#include <typeinfo>

#include "gingham/core/errors.hpp"

namespace gingham {
namespace {

TEST(Errors, ThrowErrorAndClassifyRoundTripEveryKind) {
  for (ErrorKind kind : {ErrorKind::value, ErrorKind::index, ErrorKind::type, ErrorKind::not_implemented,
                         ErrorKind::overflow, ErrorKind::memory, ErrorKind::runtime, ErrorKind::linalg,
                         ErrorKind::domain, ErrorKind::length, ErrorKind::range, ErrorKind::underflow,
                         ErrorKind::logic}) {
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
  EXPECT_EQ(classify(std::domain_error("x")), ErrorKind::domain);
  EXPECT_EQ(classify(std::length_error("x")), ErrorKind::length);
  EXPECT_EQ(classify(std::range_error("x")), ErrorKind::range);
  EXPECT_EQ(classify(std::underflow_error("x")), ErrorKind::underflow);
  EXPECT_EQ(classify(std::logic_error("x")), ErrorKind::logic);
  EXPECT_EQ(classify(std::bad_cast()), ErrorKind::runtime);  // any other std::exception
  EXPECT_THROW(throw_error(ErrorKind::domain, "x"), std::domain_error);
  EXPECT_THROW(throw_error(ErrorKind::length, "x"), std::length_error);
  EXPECT_THROW(throw_error(ErrorKind::range, "x"), std::range_error);
  EXPECT_THROW(throw_error(ErrorKind::underflow, "x"), std::underflow_error);
  EXPECT_THROW(throw_error(ErrorKind::logic, "x"), std::logic_error);
  EXPECT_EQ(python_name(ErrorKind::not_implemented), "NotImplementedError");
}

TEST(Errors, NamedKindThrowsARuntimeErrorWithTheTypeName) {
  try {
    throw_error(ErrorKind::named, std::string("builtins.KeyError") + NAMED_ERROR_SEPARATOR + "'key'");
    FAIL() << "throw_error returned";
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "builtins.KeyError: 'key'");
  }
}

}  // namespace
}  // namespace gingham
