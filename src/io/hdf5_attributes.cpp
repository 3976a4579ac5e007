#include "hdf5_attributes.hpp"

#include <exception>
#include <stdexcept>
#include <vector>

#include "gingham/core/collective_errors.hpp"
#include "gingham/core/errors.hpp"
#include "hdf5_types.hpp"

namespace gingham::io {
namespace {

/// A variable-length string type (UTF-8 when `utf8`).
Hdf5Handle variable_string(bool utf8) {
  Hdf5Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), utf8 ? H5T_CSET_UTF8 : H5T_CSET_ASCII);
  return type;
}

/// The attribute `name` of `object` as one of the scalar kinds.
Hdf5Attribute read_attribute(hid_t object, const std::string& name, const std::string& where) {
  const std::string what = where + ": attribute '" + name + "'";
  Hdf5Handle attribute(checked_id<std::runtime_error>(H5Aopen(object, name.c_str(), H5P_DEFAULT), "cannot open " + what), H5Aclose);
  Hdf5Handle space(H5Aget_space(attribute.get()), H5Sclose);
  Hdf5Handle type(H5Aget_type(attribute.get()), H5Tclose);
  if (H5Sget_simple_extent_type(space.get()) != H5S_SCALAR) {
    throw TypeError(what + " is not a scalar (it has " + std::to_string(H5Sget_simple_extent_npoints(space.get())) +
                    " elements); gingham reads scalar attributes only (int, float, bool, complex, str)");
  }
  const std::string cannot = "cannot read " + what;
  if (H5Tget_class(type.get()) == H5T_STRING) {
    if (H5Tis_variable_str(type.get()) > 0) {
      Hdf5Handle memory = variable_string(H5Tget_cset(type.get()) == H5T_CSET_UTF8);
      char* text = nullptr;
      check_status<std::runtime_error>(H5Aread(attribute.get(), memory.get(), &text), cannot);
      std::string value = text == nullptr ? "" : text;
      H5free_memory(text);
      return value;
    }
    Hdf5Handle memory(H5Tcopy(type.get()), H5Tclose);
    std::vector<char> text(H5Tget_size(type.get()) + 1, '\0');
    H5Tset_size(memory.get(), text.size());
    H5Tset_strpad(memory.get(), H5T_STR_NULLTERM);
    check_status<std::runtime_error>(H5Aread(attribute.get(), memory.get(), text.data()), cannot);
    return std::string(text.data());
  }
  const DType dtype = dtype_of_hdf5_type(type.get(), what);
  auto read_as = [&]<class T>(DType as) {
    T value{};
    Hdf5Handle memory = hdf5_memory_type(as);
    check_status<std::runtime_error>(H5Aread(attribute.get(), memory.get(), &value), cannot);
    return value;
  };
  if (dtype == DType::bool_) return read_as.template operator()<signed char>(DType::bool_) != 0;
  if (dtype == DType::float32 || dtype == DType::float64) return read_as.template operator()<double>(DType::float64);
  if (dtype == DType::complex64 || dtype == DType::complex128) {
    return read_as.template operator()<std::complex<double>>(DType::complex128);
  }
  if (dtype == DType::uint64) {
    const auto value = read_as.template operator()<std::uint64_t>(DType::uint64);
    if (value > static_cast<std::uint64_t>(INT64_MAX)) {
      throw TypeError(what + " holds the uint64 value " + std::to_string(value) + ", beyond the int64 gingham reads integer attributes as");
    }
    return static_cast<std::int64_t>(value);
  }
  return read_as.template operator()<std::int64_t>(DType::int64);
}

struct Collected {
  std::map<std::string, Hdf5Attribute> attributes;
  std::string where;
  std::exception_ptr error;
};

herr_t collect(hid_t object, const char* name, const H5A_info_t*, void* data) {
  auto& collected = *static_cast<Collected*>(data);
  try {
    collected.attributes.emplace(name, read_attribute(object, name, collected.where));
    return 0;
  } catch (...) {
    collected.error = std::current_exception();
    return -1;
  }
}

}  // namespace

void write_hdf5_attribute(hid_t object, const std::string& name, const Hdf5Attribute& value) {
  const std::string what = "gingham::save_hdf5: cannot write the attribute '" + name + "'";
  Hdf5Handle space(checked_id<std::invalid_argument>(H5Screate(H5S_SCALAR), what), H5Sclose);
  std::visit(
      [&]<class T>(const T& held) {
        Hdf5Handle file_type, memory_type;
        const void* data = &held;
        const char* text = nullptr;
        signed char truth = 0;
        if constexpr (std::is_same_v<T, std::string>) {
          file_type = variable_string(true), memory_type = variable_string(true);
          text = held.c_str(), data = &text;
        } else {
          constexpr DType dtype = std::is_same_v<T, bool> ? DType::bool_ : dtype_of<T>;
          file_type = hdf5_file_type(dtype), memory_type = hdf5_memory_type(dtype);
          if constexpr (std::is_same_v<T, bool>) truth = held ? 1 : 0, data = &truth;
        }
        Hdf5Handle attribute(checked_id<std::invalid_argument>(
                                 H5Acreate2(object, name.c_str(), file_type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), what),
                             H5Aclose);
        check_status<std::invalid_argument>(H5Awrite(attribute.get(), memory_type.get(), data), what);
      },
      value);
}

std::map<std::string, Hdf5Attribute> read_hdf5_attributes(hid_t object, const std::string& where) {
  Collected collected{{}, where, nullptr};
  hsize_t position = 0;
  const herr_t status = H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &position, collect, &collected);
  if (collected.error) std::rethrow_exception(collected.error);
  check_status<std::runtime_error>(status, where + ": cannot list the attributes");
  return std::move(collected.attributes);
}

}  // namespace gingham::io
