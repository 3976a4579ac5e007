#pragma once
/// \file
/// FileError: a file that cannot be read or written as asked (missing, a directory, a directory that does
/// not exist or is not writable, a failed write). A std::runtime_error, so Python sees RuntimeError and
/// collective agreement keeps that kind on every rank.

#include <stdexcept>

namespace gingham::io {

/// A file that cannot be read or written as asked; the message names the path and the system's reason.
class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gingham::io
