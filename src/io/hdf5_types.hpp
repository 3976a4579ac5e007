#pragma once
// The 13 dtypes as HDF5 datatypes, written the way h5py writes NumPy's types (so h5py reads back the same
// NumPy dtype): integers and floats as little-endian IEEE / two's complement types, bool as an 8-bit enum
// {FALSE = 0, TRUE = 1}, complex as a compound {r, i} of two floats. Read back: any byte order and any
// integer or float width that is one of the 13 dtypes (HDF5 converts to the native memory type).

#include <string>

#include "gingham/array/dtype.hpp"
#include "hdf5_handle.hpp"

namespace gingham::io {

/// Local. The HDF5 type a dataset or attribute of `dtype` is written with (little-endian, h5py's choices).
Hdf5Handle hdf5_file_type(DType dtype);
/// Local. The HDF5 type of `dtype`'s elements in memory (native byte order): what H5Dread/H5Dwrite convert to/from.
Hdf5Handle hdf5_memory_type(DType dtype);
/// Local. The dtype of stored HDF5 type `type`, or throws gingham::TypeError naming `what` and the HDF5 type
/// (strings, float16, enums other than h5py's bool, compounds other than {r, i}, arrays, references, ...).
DType dtype_of_hdf5_type(hid_t type, const std::string& what);
/// Local. A short description of an HDF5 type ("a 16-bit float", "a variable-length string", ...).
std::string describe_hdf5_type(hid_t type);

}  // namespace gingham::io
