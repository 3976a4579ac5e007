#pragma once
// Hdf5Handle: one HDF5 identifier (file, group, dataset, dataspace, datatype, property list, attribute)
// closed by its own close function when the handle goes; and the text of HDF5's error stack, which gingham
// turns into its exception messages (HDF5's automatic printing to stderr is switched off).

#include <hdf5.h>

#include <string>
#include <utility>

namespace gingham::io {

/// Owns an HDF5 identifier (hid_t) and its close function (H5Fclose, H5Dclose, ...). A negative
/// identifier is "none"; closing it is skipped. Closing a file is collective when it was opened through
/// MPI-IO: every rank must drop its handle at the same point (they do: errors are agreed before unwinding).
class Hdf5Handle {
 public:
  using Close = herr_t (*)(hid_t);
  Hdf5Handle() = default;
  /// Local. Takes `id` (may be negative: a failed call), to be closed by `close`.
  Hdf5Handle(hid_t id, Close close) : id_(id), close_(close) {}
  ~Hdf5Handle() { reset(); }
  Hdf5Handle(Hdf5Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Hdf5Handle& operator=(Hdf5Handle&& other) noexcept {
    if (this != &other) reset(), id_ = std::exchange(other.id_, -1), close_ = other.close_;
    return *this;
  }
  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;

  /// Local. The identifier (negative when none).
  hid_t get() const noexcept { return id_; }
  /// Local. Whether it holds a valid identifier.
  explicit operator bool() const noexcept { return id_ >= 0; }
  /// Local. Gives the identifier up without closing it (see save_hdf5: a file whose writes failed is left
  /// for HDF5 to close at its shutdown, because HDF5 1.10 keeps a half-destroyed file after a failed
  /// H5Fclose, and its shutdown then crashes on it).
  void release() noexcept { id_ = -1; }
  /// Local (collective for MPI-IO files). Closes now; returns false when the close function failed.
  bool reset() noexcept {
    const hid_t id = std::exchange(id_, -1);
    return id < 0 || close_ == nullptr || close_(id) >= 0;
  }

 private:
  hid_t id_ = -1;
  Close close_ = nullptr;
};

/// Local. Switches off HDF5's printing of its error stack (for the calling thread); gingham reports errors itself.
void silence_hdf5_errors();

/// Local. The current HDF5 error stack as one line ("HDF5: <innermost description>; <outer> ..."), or
/// "HDF5 gave no reason" when it is empty; clears the stack.
std::string hdf5_error_text();

/// Local. `id` unless it is negative; then throws `Error` with "<what>: <hdf5_error_text()>".
template <class Error>
hid_t checked_id(hid_t id, const std::string& what) {
  if (id < 0) throw Error(what + ": " + hdf5_error_text());
  return id;
}

/// Local. Throws `Error` with "<what>: <hdf5_error_text()>" when `status` is negative.
template <class Error>
void check_status(herr_t status, const std::string& what) {
  if (status < 0) throw Error(what + ": " + hdf5_error_text());
}

}  // namespace gingham::io
