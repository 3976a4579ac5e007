#pragma once
/// \file
/// The header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0): parsed from the bytes at the
/// start of a file, and formatted exactly as numpy.save writes it (so a file written by gingham is byte
/// for byte the file numpy.save writes for the same array). Pure text work: no MPI, no file access.
///
/// Layout of the start of a file: the magic "\x93NUMPY", major and minor version bytes, the header
/// length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python dict literal
/// such as "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", padded with spaces and a final
/// newline so that the data starts at a multiple of 64 bytes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gingham/array/dtype.hpp"

namespace gingham::io {

/// What a .npy header says about the array that follows it.
struct NpyHeader {
  DType dtype = DType::float64;
  /// Whether the file stores multi-byte elements big-endian ('>'); '<', '|' and '=' are little-endian here.
  bool big_endian = false;
  /// Whether the data is in column-major (Fortran) order.
  bool fortran_order = false;
  std::vector<std::int64_t> shape;
  /// The format version's major number (1, 2 or 3).
  int major_version = 1;
  /// The byte offset of the first data element: the length of magic, version, length field and header.
  std::size_t data_offset = 0;

  /// Local. The number of elements (1 for shape ()).
  std::int64_t element_count() const noexcept;
  /// Local. The number of data bytes after the header.
  std::int64_t data_bytes() const noexcept;
};

/// Local. The fewest bytes from the start of a file that npy_header_length needs (magic, version and
/// the longest length field): 12.
inline constexpr std::size_t npy_preamble_size = 12;

/// Local. The total length of the header (magic + version + length field + header text: where the data
/// starts) from the first bytes of a file (at least 8, and 10 or 12 by the version). Throws
/// std::invalid_argument when they are not a .npy preamble (wrong magic, an unknown version, too few
/// bytes); `what` names the file in the message.
std::size_t npy_header_length(std::string_view first_bytes, std::string_view what);

/// Local. The header parsed from the whole header (the first npy_header_length bytes of the file).
/// Throws std::invalid_argument when it is malformed, and gingham::TypeError for an element type
/// gingham has no dtype for (object, structured, strings, datetimes, float16, ...), saying what was
/// expected and what was found; `what` names the file in the message.
NpyHeader parse_npy_header(std::string_view header, std::string_view what);

/// Local. The header numpy.save writes for an array of `dtype` and `shape` (little-endian, native
/// order), `fortran_order` as given: format 1.0 when the header fits 65535 bytes, else 2.0. Its length
/// is a multiple of 64.
std::string format_npy_header(DType dtype, const std::vector<std::int64_t>& shape, bool fortran_order = false);

/// Local. The NumPy type string of `dtype` in little-endian order: "|b1", "|i1", "<i8", "<f8", "<c16", ...
std::string npy_descr(DType dtype);

}  // namespace gingham::io
