#include "hdf5_types.hpp"

#include <cstring>

#include "gingham/core/errors.hpp"

namespace gingham::io {
namespace {

/// An 8-bit enum {FALSE = 0, TRUE = 1} over `base` (h5py's bool).
Hdf5Handle bool_type(hid_t base) {
  Hdf5Handle type(checked_id<std::runtime_error>(H5Tenum_create(base), "gingham: cannot make HDF5's bool type"), H5Tclose);
  const signed char no = 0, yes = 1;
  H5Tenum_insert(type.get(), "FALSE", &no);
  H5Tenum_insert(type.get(), "TRUE", &yes);
  return type;
}

/// A compound {r, i} of two `part` floats (h5py's complex).
Hdf5Handle complex_type(hid_t part) {
  const std::size_t size = H5Tget_size(part);
  Hdf5Handle type(checked_id<std::runtime_error>(H5Tcreate(H5T_COMPOUND, 2 * size), "gingham: cannot make HDF5's complex type"),
                  H5Tclose);
  H5Tinsert(type.get(), "r", 0, part);
  H5Tinsert(type.get(), "i", size, part);
  return type;
}

Hdf5Handle copy(hid_t type) { return Hdf5Handle(H5Tcopy(type), H5Tclose); }

/// The type of each dtype: little-endian in files, native in memory.
Hdf5Handle type_of(DType dtype, bool file) {
  switch (dtype) {
    case DType::bool_: return bool_type(file ? H5T_STD_I8LE : H5T_NATIVE_INT8);
    case DType::int8: return copy(file ? H5T_STD_I8LE : H5T_NATIVE_INT8);
    case DType::int16: return copy(file ? H5T_STD_I16LE : H5T_NATIVE_INT16);
    case DType::int32: return copy(file ? H5T_STD_I32LE : H5T_NATIVE_INT32);
    case DType::int64: return copy(file ? H5T_STD_I64LE : H5T_NATIVE_INT64);
    case DType::uint8: return copy(file ? H5T_STD_U8LE : H5T_NATIVE_UINT8);
    case DType::uint16: return copy(file ? H5T_STD_U16LE : H5T_NATIVE_UINT16);
    case DType::uint32: return copy(file ? H5T_STD_U32LE : H5T_NATIVE_UINT32);
    case DType::uint64: return copy(file ? H5T_STD_U64LE : H5T_NATIVE_UINT64);
    case DType::float32: return copy(file ? H5T_IEEE_F32LE : H5T_NATIVE_FLOAT);
    case DType::float64: return copy(file ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE);
    case DType::complex64: return complex_type(file ? H5T_IEEE_F32LE : H5T_NATIVE_FLOAT);
    case DType::complex128: return complex_type(file ? H5T_IEEE_F64LE : H5T_NATIVE_DOUBLE);
  }
  throw std::logic_error("gingham::io::hdf5 type_of: invalid dtype");
}

/// Whether an enum type is h5py's bool: one byte, exactly the members FALSE = 0 and TRUE = 1.
bool is_bool_enum(hid_t type) {
  if (H5Tget_size(type) != 1 || H5Tget_nmembers(type) != 2) return false;
  for (int k = 0; k < 2; ++k) {
    char* name = H5Tget_member_name(type, static_cast<unsigned>(k));
    signed char value = -1;
    H5Tget_member_value(type, static_cast<unsigned>(k), &value);
    const bool ok = name != nullptr && std::strcmp(name, value == 0 ? "FALSE" : "TRUE") == 0 && (value == 0 || value == 1);
    H5free_memory(name);
    if (!ok) return false;
  }
  return true;
}

/// The float dtype of an HDF5 float of `size` bytes with the standard IEEE layout, if any.
std::optional<DType> float_dtype(hid_t type) {
  if (H5Tget_class(type) != H5T_FLOAT) return std::nullopt;
  if (H5Tget_size(type) == 4 && H5Tget_precision(type) == 32) return DType::float32;
  if (H5Tget_size(type) == 8 && H5Tget_precision(type) == 64) return DType::float64;
  return std::nullopt;
}

/// complex64/complex128 for a compound of two equal IEEE floats named r and i (h5py's complex), if it is one.
std::optional<DType> complex_dtype(hid_t type) {
  if (H5Tget_nmembers(type) != 2) return std::nullopt;
  std::optional<DType> parts[2];
  bool named = true;
  for (unsigned k = 0; k < 2; ++k) {
    char* name = H5Tget_member_name(type, k);
    named = named && name != nullptr && std::strcmp(name, k == 0 ? "r" : "i") == 0;
    H5free_memory(name);
    Hdf5Handle member(H5Tget_member_type(type, k), H5Tclose);
    if (member) parts[k] = float_dtype(member.get());
  }
  if (!named || !parts[0] || parts[0] != parts[1]) return std::nullopt;
  return *parts[0] == DType::float32 ? DType::complex64 : DType::complex128;
}

}  // namespace

Hdf5Handle hdf5_file_type(DType dtype) { return type_of(dtype, true); }
Hdf5Handle hdf5_memory_type(DType dtype) { return type_of(dtype, false); }

std::string describe_hdf5_type(hid_t type) {
  const std::size_t bits = 8 * H5Tget_size(type);
  const std::string width = std::to_string(bits) + "-bit ";
  switch (H5Tget_class(type)) {
    case H5T_INTEGER: return "a " + width + (H5Tget_sign(type) == H5T_SGN_NONE ? "unsigned " : "") + "integer";
    case H5T_FLOAT: return "a " + width + "float (precision " + std::to_string(H5Tget_precision(type)) + " bits)";
    case H5T_STRING: return H5Tis_variable_str(type) > 0 ? "a variable-length string" : "a fixed-length string of " +
                                                                                          std::to_string(bits / 8) + " bytes";
    case H5T_ENUM: return "a " + width + "enum of " + std::to_string(H5Tget_nmembers(type)) + " members (not h5py's bool)";
    case H5T_COMPOUND: return "a compound of " + std::to_string(H5Tget_nmembers(type)) + " members (" +
                              std::to_string(bits / 8) + " bytes; not h5py's complex {r, i})";
    case H5T_BITFIELD: return "a " + width + "bitfield";
    case H5T_OPAQUE: return "an opaque type of " + std::to_string(bits / 8) + " bytes";
    case H5T_REFERENCE: return "a reference";
    case H5T_VLEN: return "a variable-length sequence";
    case H5T_ARRAY: return "an array type";
    case H5T_TIME: return "a time type";
    default: return "an unknown type";
  }
}

DType dtype_of_hdf5_type(hid_t type, const std::string& what) {
  const H5T_class_t type_class = H5Tget_class(type);
  std::optional<DType> dtype;
  if (type_class == H5T_INTEGER) {
    const bool is_signed = H5Tget_sign(type) != H5T_SGN_NONE;
    switch (H5Tget_size(type)) {
      case 1: dtype = is_signed ? DType::int8 : DType::uint8; break;
      case 2: dtype = is_signed ? DType::int16 : DType::uint16; break;
      case 4: dtype = is_signed ? DType::int32 : DType::uint32; break;
      case 8: dtype = is_signed ? DType::int64 : DType::uint64; break;
      default: break;
    }
  } else if (type_class == H5T_FLOAT) {
    dtype = float_dtype(type);
  } else if (type_class == H5T_ENUM && is_bool_enum(type)) {
    dtype = DType::bool_;
  } else if (type_class == H5T_COMPOUND) {
    dtype = complex_dtype(type);
  }
  if (!dtype) {
    throw TypeError(what + " holds " + describe_hdf5_type(type) + ", which is none of gingham's dtypes (bool as h5py "
                    "writes it, int8-int64, uint8-uint64, float32, float64, complex64/complex128 as h5py's {r, i})");
  }
  return *dtype;
}

}  // namespace gingham::io
