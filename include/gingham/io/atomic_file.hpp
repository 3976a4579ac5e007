#pragma once
/// \file
/// AtomicFile: a collective save that replaces its target only when every rank's part is on disk.
///
/// Every save writes a temporary file next to the target (same directory, so the same file system):
/// ".<name>.tmp-<pid of rank 0>-<counter>". When every rank has written its part, flushed it
/// (MPI_File_sync) and closed the file, the ranks agree (one reduction), and rank 0 renames the
/// temporary over the target (POSIX rename is atomic) and flushes the directory. A failure on any rank
/// removes the temporary and raises the same error on every rank; a job killed during the save leaves
/// the previous target untouched (and, at worst, a stray temporary file beside it).

#include <optional>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/comm.hpp"

namespace gingham::io {

/// One atomic save to `target` over the ranks of a communicator. Use: construct, write the temporary
/// (collectively) and close it, then commit() with the error this rank saw, if any.
class AtomicFile {
 public:
  /// Collective over `comm`. Rank 0 checks the target (not a directory; its directory exists) and
  /// creates the empty temporary file (O_CREAT | O_EXCL), which also proves the directory writable.
  /// Throws gingham::FileError on every rank when it cannot (naming `function`, the path and the
  /// system's reason), std::invalid_argument for an empty path. Cost: one MPI_Allreduce of three 64-bit
  /// integers and two MPI_Bcast (the temporary's name).
  AtomicFile(const Comm& comm, std::string target, std::string function);
  /// Local. Removes the temporary file (rank 0) unless commit() renamed it.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// Local. The path the save replaces.
  const std::string& target() const noexcept { return target_; }
  /// Local. The temporary file's path (the same on every rank).
  const std::string& temporary() const noexcept { return temporary_; }

  /// Collective over the communicator. Call after every rank has closed the temporary file. Each rank
  /// brings the error it saw while writing, if any. If any rank brought one, the temporary is removed
  /// and every rank throws it (see raise_if_any_rank_failed); otherwise rank 0 renames the temporary
  /// over the target and fsyncs the directory, and a failure there throws gingham::FileError on every
  /// rank. Cost: two MPI_Allreduce of three 64-bit integers (plus broadcasts of a message on failure).
  void commit(const std::optional<CapturedError>& local_error);

 private:
  Comm comm_;
  std::string target_, temporary_, function_;
  bool renamed_ = false;
};

}  // namespace gingham::io
