#include "gingham/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "gingham/core/call_check.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/mpi_check.hpp"
#include "path_text.hpp"

namespace gingham::io {
namespace {

std::atomic<unsigned long> save_counter{0};

/// The directory part of `path` ("." when it has none) and its last component.
std::pair<std::string, std::string> split_path(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

/// Rank 0's checks and the creation of the empty temporary file; returns its path.
std::string create_temporary(const std::string& target, const std::string& function) {
  struct stat info {};
  if (::stat(target.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    throw FileError(function + ": cannot save to " + quoted_path(target) + ": it is a directory, expected a file path", EISDIR);
  }
  const auto [directory, name] = split_path(target);
  if (name.empty()) throw FileError(function + ": cannot save to " + quoted_path(target) + ": the path names a directory, expected a file path", EISDIR);
  if (::stat(directory.c_str(), &info) != 0) {
    throw FileError(function + ": cannot save to " + quoted_path(target) + ": its directory " + quoted_path(directory) +
                    " " + (errno == ENOENT ? std::string("does not exist") : "cannot be read: " + std::string(std::strerror(errno))), errno);
  }
  if (!S_ISDIR(info.st_mode)) {
    throw FileError(function + ": cannot save to " + quoted_path(target) + ": " + quoted_path(directory) + " is not a directory", ENOTDIR);
  }
  const std::string temporary = (directory == "/" ? "" : directory) + "/." + name + ".tmp-" + std::to_string(::getpid()) +
                                "-" + std::to_string(save_counter++);
  const int fd = ::open(temporary.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) {
    throw FileError(function + ": cannot save to " + quoted_path(target) + ": cannot create a file in its directory " +
                    quoted_path(directory) + ": " + std::strerror(errno), errno);
  }
  ::close(fd);
  return temporary;
}

/// Makes a rename durable: fsync of the directory holding it (best effort: some file systems refuse).
void sync_directory(const std::string& path) {
  const int fd = ::open(split_path(path).first.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

AtomicFile::AtomicFile(const Comm& comm, std::string target, std::string function)
    : comm_(comm), target_(std::move(target)), function_(std::move(function)) {
  const auto checked = check_call(comm_, "AtomicFile", arg("target", target_), arg("function", function_));
  if (target_.empty()) throw std::invalid_argument(function_ + ": expected a file path, got an empty string");
  temporary_ = agree_on_errors(comm_, [&] { return comm_.rank() == 0 ? create_temporary(target_, function_) : std::string(); });
  long length = static_cast<long>(temporary_.size());
  GINGHAM_MPI(MPI_Bcast(&length, 1, MPI_LONG, 0, comm_.get()));
  temporary_.resize(static_cast<std::size_t>(length));
  GINGHAM_MPI(MPI_Bcast(temporary_.data(), static_cast<int>(length), MPI_CHAR, 0, comm_.get()));
}

AtomicFile::~AtomicFile() {
  if (comm_.rank() == 0 && !renamed_) ::unlink(temporary_.c_str());
}

void AtomicFile::commit(const std::optional<CapturedError>& local_error) {
  const auto checked = check_call(comm_, "AtomicFile::commit", arg("target", target_));
  raise_if_any_rank_failed(comm_, local_error);
  agree_on_errors(comm_, [&] {
    if (comm_.rank() != 0) return;
    if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
      throw FileError(function_ + ": cannot replace " + quoted_path(target_) + " by the file just written (" +
                      quoted_path(temporary_) + "): " + std::strerror(errno), errno);
    }
    renamed_ = true;
    sync_directory(target_);
  });
}

}  // namespace gingham::io
