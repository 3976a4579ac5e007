#pragma once
// MpiFile: one MPI-IO file handle, opened and closed collectively, whose failures become
// gingham::FileError agreed on every rank. Transfers note their failure instead of throwing, so that every
// rank still takes part in every collective call; the notes are agreed on once, at the end.

#include <mpi.h>

#include <optional>
#include <string>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/comm.hpp"
#include "file_view.hpp"

namespace gingham::io {

class MpiFile {
 public:
  /// Collective over `comm`. MPI_File_open of `path` with `mode`; on failure on any rank, throws
  /// gingham::FileError on every rank ("<what>: <MPI's reason>"). Cost: MPI_File_open and one MPI_Allreduce.
  MpiFile(const Comm& comm, const std::string& path, int mode, const std::string& what);
  /// Collective over the communicator when still open (MPI_File_close). Every error between open and
  /// close is agreed on, so every rank unwinds through here alike.
  ~MpiFile();
  MpiFile(const MpiFile&) = delete;
  MpiFile& operator=(const MpiFile&) = delete;

  /// Collective. Transfers this rank's elements (of `item` bytes) of the file view at byte `offset` of
  /// the file: writes them from `buffer` (the shard's first element). A failure, or fewer bytes moved
  /// than the view holds, is noted, not thrown.
  void write_all(MPI_Offset offset, const FileView& view, std::size_t item, const void* buffer);
  /// Collective. As write_all, reading into `buffer`.
  void read_all(MPI_Offset offset, const FileView& view, std::size_t item, void* buffer);
  /// Local. Writes `bytes` at `offset` from this rank alone (MPI_File_write_at). A failure is noted.
  void write_at(MPI_Offset offset, const std::string& bytes);
  /// Collective. MPI_File_sync (everything written reaches the storage) then MPI_File_close. Noted.
  void sync_and_close();
  /// Collective. MPI_File_close. Noted.
  void close();

  /// Local. The first failure this rank saw, as an error to agree on (FileError naming `what`).
  const std::optional<CapturedError>& error() const noexcept { return error_; }

 private:
  void note(int rc, const char* call);
  void set_view(MPI_Offset offset, const FileView& view);
  void check_moved(const MPI_Status& status, MPI_Datatype type, MPI_Count expected, const char* call);

  MPI_File handle_ = MPI_FILE_NULL;
  std::string what_;
  std::optional<CapturedError> error_;
};

}  // namespace gingham::io
