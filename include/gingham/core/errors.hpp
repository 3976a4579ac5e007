#pragma once
/// \file
/// gingham's exception types and their classification.
///
/// Every exception the library throws derives from a standard type whose pybind11 translation gives the
/// Python exception the Array API standard expects:
///
/// | C++ type                         | Python exception      | ErrorKind        |
/// |----------------------------------|-----------------------|------------------|
/// | gingham::LinAlgError             | gingham.linalg.LinAlgError (a ValueError and a numpy.linalg.LinAlgError) | linalg |
/// | std::invalid_argument            | ValueError            | value            |
/// | std::domain_error, std::length_error, std::range_error | ValueError | domain, length, range |
/// | std::underflow_error             | RuntimeError          | underflow        |
/// | std::logic_error (itself)        | RuntimeError          | logic            |
/// | std::out_of_range                | IndexError            | index            |
/// | gingham::TypeError               | TypeError             | type             |
/// | gingham::NotImplementedError     | NotImplementedError   | not_implemented  |
/// | std::overflow_error              | OverflowError         | overflow         |
/// | gingham::MemoryError, std::bad_alloc | MemoryError       | memory           |
/// | gingham::FileError               | FileNotFoundError, PermissionError, IsADirectoryError or OSError | file_not_found, permission, is_a_directory, os |
/// | gingham::MpiError, std::runtime_error, anything else | RuntimeError | runtime |
/// | (a Python exception of another type, agreed on by gingham.collective_errors) | that type | named |
///
/// Agreed errors (gingham/core/collective_errors.hpp) keep their kind, so every rank throws the same type.
/// Kind `named` carries its type in the message: "<module>.<qualified name>" NAMED_ERROR_SEPARATOR "<text>";
/// Python rebuilds that type, C++ throws std::runtime_error("<name>: <text>").

#include <cstddef>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

namespace gingham {

/// The category of an error, which fixes the exception type raised for it (see the table above).
enum class ErrorKind : int {
  value, index, type, not_implemented, overflow, memory, runtime, linalg,
  file_not_found, permission, is_a_directory, os,
  domain, length, range, underflow, logic, named
};

/// Separates the type's name from the text in the message of an error of kind `named`.
inline constexpr char NAMED_ERROR_SEPARATOR = '\x1f';

/// A file or directory that cannot be used as asked: missing, not permitted, a directory where a file was
/// expected, or another failure of the system. Python: FileNotFoundError, PermissionError,
/// IsADirectoryError or OSError, as kind() says.
class FileError : public std::runtime_error {
 public:
  /// Local. `error_number` is the errno that says why (ENOENT, EACCES, EPERM, EROFS, EISDIR; anything
  /// else, or 0, gives kind os).
  FileError(const std::string& message, int error_number);
  /// Local. With the kind given (one of file_not_found, permission, is_a_directory, os).
  FileError(const std::string& message, ErrorKind kind);
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

/// A value of the wrong type (dtype, kind of argument). Python: TypeError.
class TypeError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// A feature gingham does not provide (yet). Python: NotImplementedError.
class NotImplementedError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

/// A matrix that a linear algebra routine cannot handle: singular (solve, inv), not positive definite
/// (cholesky), or an iteration that did not converge. Derived from std::invalid_argument, so code that
/// catches value errors catches it too. Python: gingham.linalg.LinAlgError, a subclass of both ValueError
/// and numpy.linalg.LinAlgError.
class LinAlgError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Memory that is not there: a std::bad_alloc (so pybind11 gives MemoryError) with a message saying how
/// many bytes were asked for and for what. Python: MemoryError.
class MemoryError : public std::bad_alloc {
 public:
  explicit MemoryError(std::string message) : message_(std::move(message)) {}
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

/// Local. A MemoryError for `bytes` asked for `purpose` ("gingham: cannot allocate 8.0 GB (8000000000
/// bytes) for <purpose>").
MemoryError allocation_error(std::size_t bytes, const std::string& purpose);


/// Local. The kind of an exception, most specific type first.
ErrorKind classify(const std::exception& error) noexcept;

/// Local. A readable name of a kind, such as "ValueError".
std::string_view python_name(ErrorKind kind) noexcept;

/// Local. Throws the exception type of `kind` with `message`.
[[noreturn]] void throw_error(ErrorKind kind, const std::string& message);

}  // namespace gingham
