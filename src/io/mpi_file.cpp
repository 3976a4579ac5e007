#include "mpi_file.hpp"

namespace gingham::io {
namespace {

std::string mpi_reason(int rc) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  return std::string(text, static_cast<std::size_t>(length));
}

/// The kind of error an MPI-IO failure is: the file missing, not permitted, or another failure of the system.
ErrorKind kind_of(int rc) {
  int error_class = MPI_ERR_OTHER;
  MPI_Error_class(rc, &error_class);
  if (error_class == MPI_ERR_NO_SUCH_FILE) return ErrorKind::file_not_found;
  if (error_class == MPI_ERR_ACCESS || error_class == MPI_ERR_READ_ONLY) return ErrorKind::permission;
  return ErrorKind::os;
}

}  // namespace

MpiFile::MpiFile(const Comm& comm, const std::string& path, int mode, const std::string& what) : what_(what) {
  const int rc = MPI_File_open(comm.get(), path.c_str(), mode, MPI_INFO_NULL, &handle_);
  std::optional<CapturedError> error;
  if (rc != MPI_SUCCESS) error = CapturedError{kind_of(rc), what + ": " + mpi_reason(rc)};
  raise_if_any_rank_failed(comm, error);
}

MpiFile::~MpiFile() {
  if (handle_ != MPI_FILE_NULL) MPI_File_close(&handle_);
}

void MpiFile::note(int rc, const char* call) {
  if (rc != MPI_SUCCESS && !error_) error_ = CapturedError{kind_of(rc), what_ + ": " + call + " failed: " + mpi_reason(rc)};
}

void MpiFile::set_view(MPI_Offset offset, const FileView& view) {
  const MPI_Datatype file_type = view.elements > 0 ? view.file_type.get() : MPI_BYTE;
  note(MPI_File_set_view(handle_, offset, MPI_BYTE, file_type, "native", MPI_INFO_NULL), "MPI_File_set_view");
}

void MpiFile::write_all(MPI_Offset offset, const FileView& view, std::size_t item, const void* buffer) {
  set_view(offset, view);
  const MPI_Datatype memory_type = view.elements > 0 ? view.memory_type.get() : MPI_BYTE;
  MPI_Status status;
  note(MPI_File_write_at_all(handle_, 0, buffer, view.elements > 0 ? 1 : 0, memory_type, &status), "MPI_File_write_at_all");
  check_moved(status, memory_type, view.elements * static_cast<MPI_Count>(item), "MPI_File_write_at_all wrote");
}

void MpiFile::read_all(MPI_Offset offset, const FileView& view, std::size_t item, void* buffer) {
  set_view(offset, view);
  const MPI_Datatype memory_type = view.elements > 0 ? view.memory_type.get() : MPI_BYTE;
  MPI_Status status;
  note(MPI_File_read_at_all(handle_, 0, buffer, view.elements > 0 ? 1 : 0, memory_type, &status), "MPI_File_read_at_all");
  check_moved(status, memory_type, view.elements * static_cast<MPI_Count>(item), "MPI_File_read_at_all read");
}

void MpiFile::write_at(MPI_Offset offset, const std::string& bytes) {
  MPI_Status status;
  note(MPI_File_write_at(handle_, offset, bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, &status),
       "MPI_File_write_at");
  check_moved(status, MPI_BYTE, static_cast<MPI_Count>(bytes.size()), "MPI_File_write_at wrote");
}

void MpiFile::check_moved(const MPI_Status& status, MPI_Datatype type, MPI_Count expected, const char* call) {
  if (error_ || expected == 0) return;  // a failed call's status means nothing
  MPI_Count moved = 0;  // basic elements: bytes, since every type here is built from MPI_BYTE
  note(MPI_Get_elements_x(&status, type, &moved), "MPI_Get_elements_x");
  if (!error_ && moved != expected) {
    error_ = CapturedError{ErrorKind::os, what_ + ": " + call + " " + std::to_string(moved) + " of " +
                                                   std::to_string(expected) + " bytes (a short transfer: disk full or a file size limit?)"};
  }
}

void MpiFile::sync_and_close() {
  note(MPI_File_sync(handle_), "MPI_File_sync");
  close();
}

void MpiFile::close() {
  note(MPI_File_close(&handle_), "MPI_File_close");
  handle_ = MPI_FILE_NULL;
}

}  // namespace gingham::io
