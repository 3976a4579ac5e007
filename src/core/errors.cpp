#include "gingham/core/errors.hpp"

#include <cerrno>
#include <cstdio>
#include <new>

namespace gingham {

namespace {

ErrorKind kind_of_errno(int error_number) noexcept {
  switch (error_number) {
    case ENOENT: return ErrorKind::file_not_found;
    case EACCES:
    case EPERM:
    case EROFS: return ErrorKind::permission;
    case EISDIR: return ErrorKind::is_a_directory;
    default: return ErrorKind::os;
  }
}

}  // namespace

FileError::FileError(const std::string& message, int error_number)
    : std::runtime_error(message), kind_(kind_of_errno(error_number)) {}

FileError::FileError(const std::string& message, ErrorKind kind)
    : std::runtime_error(message),
      kind_(kind == ErrorKind::file_not_found || kind == ErrorKind::permission || kind == ErrorKind::is_a_directory
                ? kind
                : ErrorKind::os) {}

ErrorKind classify(const std::exception& error) noexcept {
  if (const auto* file = dynamic_cast<const FileError*>(&error)) return file->kind();
  if (dynamic_cast<const TypeError*>(&error)) return ErrorKind::type;
  if (dynamic_cast<const NotImplementedError*>(&error)) return ErrorKind::not_implemented;
  if (dynamic_cast<const std::out_of_range*>(&error)) return ErrorKind::index;
  if (dynamic_cast<const LinAlgError*>(&error)) return ErrorKind::linalg;  // before its base, invalid_argument
  if (dynamic_cast<const std::invalid_argument*>(&error)) return ErrorKind::value;
  if (dynamic_cast<const std::domain_error*>(&error)) return ErrorKind::domain;
  if (dynamic_cast<const std::length_error*>(&error)) return ErrorKind::length;
  if (dynamic_cast<const std::logic_error*>(&error)) return ErrorKind::logic;  // after its subclasses
  if (dynamic_cast<const std::overflow_error*>(&error)) return ErrorKind::overflow;
  if (dynamic_cast<const std::range_error*>(&error)) return ErrorKind::range;
  if (dynamic_cast<const std::underflow_error*>(&error)) return ErrorKind::underflow;
  if (dynamic_cast<const std::bad_alloc*>(&error)) return ErrorKind::memory;
  return ErrorKind::runtime;
}

std::string_view python_name(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::value: return "ValueError";
    case ErrorKind::index: return "IndexError";
    case ErrorKind::type: return "TypeError";
    case ErrorKind::not_implemented: return "NotImplementedError";
    case ErrorKind::overflow: return "OverflowError";
    case ErrorKind::memory: return "MemoryError";
    case ErrorKind::runtime: return "RuntimeError";
    case ErrorKind::linalg: return "LinAlgError";
    case ErrorKind::file_not_found: return "FileNotFoundError";
    case ErrorKind::permission: return "PermissionError";
    case ErrorKind::is_a_directory: return "IsADirectoryError";
    case ErrorKind::os: return "OSError";
    case ErrorKind::domain:
    case ErrorKind::length:
    case ErrorKind::range: return "ValueError";  // pybind11's translation of these std types
    case ErrorKind::underflow:
    case ErrorKind::logic: return "RuntimeError";
    case ErrorKind::named: return "the exception type named in the message";
  }
  return "RuntimeError";
}

MemoryError allocation_error(std::size_t bytes, const std::string& purpose) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double amount = static_cast<double>(bytes);
  int unit = 0;
  while (amount >= 1024.0 && unit < 6) amount /= 1024.0, ++unit;
  char readable[32];
  std::snprintf(readable, sizeof readable, unit == 0 ? "%.0f %s" : "%.1f %s", amount, units[unit]);
  return MemoryError("gingham: cannot allocate " + std::string(readable) + " (" + std::to_string(bytes) +
                     " bytes) for " + purpose);
}

void throw_error(ErrorKind kind, const std::string& message) {
  switch (kind) {
    case ErrorKind::value: throw std::invalid_argument(message);
    case ErrorKind::index: throw std::out_of_range(message);
    case ErrorKind::type: throw TypeError(message);
    case ErrorKind::not_implemented: throw NotImplementedError(message);
    case ErrorKind::overflow: throw std::overflow_error(message);
    case ErrorKind::memory: throw MemoryError(message);
    case ErrorKind::runtime: throw std::runtime_error(message);
    case ErrorKind::linalg: throw LinAlgError(message);
    case ErrorKind::file_not_found:
    case ErrorKind::permission:
    case ErrorKind::is_a_directory:
    case ErrorKind::os: throw FileError(message, kind);
    case ErrorKind::domain: throw std::domain_error(message);
    case ErrorKind::length: throw std::length_error(message);
    case ErrorKind::range: throw std::range_error(message);
    case ErrorKind::underflow: throw std::underflow_error(message);
    case ErrorKind::logic: throw std::logic_error(message);
    case ErrorKind::named: {
      std::string readable = message;
      const auto separator = readable.find(NAMED_ERROR_SEPARATOR);
      if (separator != std::string::npos) readable.replace(separator, 1, ": ");
      throw std::runtime_error(readable);
    }
  }
  throw std::runtime_error(message);
}

}  // namespace gingham
