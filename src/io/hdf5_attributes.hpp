#pragma once
// Scalar attributes on an HDF5 object (gingham writes them on the file's root group), typed as h5py types
// Python scalars: int as a 64-bit integer, float as a 64-bit float, bool as h5py's bool enum, complex as
// h5py's {r, i}, str as a variable-length UTF-8 string; so h5py reads back the Python value.

#include <map>
#include <string>

#include "gingham/io/hdf5.hpp"
#include "hdf5_handle.hpp"

namespace gingham::io {

/// Local (collective over the file's communicator for a file opened through MPI-IO: every rank writes the
/// same attribute). Writes the scalar attribute `name` = `value` on `object`. Throws std::invalid_argument
/// (HDF5's reason) when it cannot.
void write_hdf5_attribute(hid_t object, const std::string& name, const Hdf5Attribute& value);

/// Local. Every attribute of `object`, by name. Throws gingham::TypeError naming `where` and the attribute
/// for an attribute that is not a scalar of one of the types above (integers of any width read as int64,
/// floats as double, fixed- or variable-length strings as str).
std::map<std::string, Hdf5Attribute> read_hdf5_attributes(hid_t object, const std::string& where);

}  // namespace gingham::io
