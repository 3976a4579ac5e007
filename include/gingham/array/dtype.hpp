#pragma once
/// \file
/// DType: the element types of gingham arrays (the 13 dtypes of the Array API standard), and the one
/// dispatch mechanism from a runtime dtype to a C++ element type (visit_dtype).

#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

#include <stdexcept>

namespace gingham {

/// The one list of dtypes: (enumerator, C++ element type, Array API name). Everything below derives from it.
#define GINGHAM_FOR_EACH_DTYPE(X)                                                             \
  X(bool_, bool, "bool") X(int8, std::int8_t, "int8") X(int16, std::int16_t, "int16")         \
  X(int32, std::int32_t, "int32") X(int64, std::int64_t, "int64")                             \
  X(uint8, std::uint8_t, "uint8") X(uint16, std::uint16_t, "uint16")                          \
  X(uint32, std::uint32_t, "uint32") X(uint64, std::uint64_t, "uint64")                       \
  X(float32, float, "float32") X(float64, double, "float64")                                  \
  X(complex64, std::complex<float>, "complex64") X(complex128, std::complex<double>, "complex128")

enum class DType : std::uint8_t {
#define GINGHAM_ENUMERATOR(name, type, text) name,
  GINGHAM_FOR_EACH_DTYPE(GINGHAM_ENUMERATOR)
#undef GINGHAM_ENUMERATOR
};

/// Every dtype, in declaration order.
inline constexpr DType all_dtypes[] = {
#define GINGHAM_LIST_ENTRY(name, type, text) DType::name,
    GINGHAM_FOR_EACH_DTYPE(GINGHAM_LIST_ENTRY)
#undef GINGHAM_LIST_ENTRY
};

namespace detail {
template <DType D> struct DTypeType;
template <class T> struct DTypeOf;
#define GINGHAM_TRAITS(name, type, text)                                       \
  template <> struct DTypeType<DType::name> { using element = type; };       \
  template <> struct DTypeOf<type> { static constexpr DType value = DType::name; };
GINGHAM_FOR_EACH_DTYPE(GINGHAM_TRAITS)
#undef GINGHAM_TRAITS
}  // namespace detail

/// The C++ element type of a dtype.
template <DType D>
using dtype_type_t = typename detail::DTypeType<D>::element;

/// The dtype of a C++ element type (a compile error for other types).
template <class T>
inline constexpr DType dtype_of = detail::DTypeOf<T>::value;

/// Local. Calls `visitor.template operator()<T>()` with T the element type of `dtype`, and returns
/// its result. This is the only switch over dtypes: every dtype-generic operation goes through it.
template <class Visitor>
decltype(auto) visit_dtype(DType dtype, Visitor&& visitor) {
  switch (dtype) {
#define GINGHAM_VISIT_CASE(name, type, text) \
  case DType::name: return visitor.template operator()<type>();
    GINGHAM_FOR_EACH_DTYPE(GINGHAM_VISIT_CASE)
#undef GINGHAM_VISIT_CASE
  }
  throw std::logic_error("gingham::visit_dtype: invalid dtype");
}

/// Local. The size of one element in bytes.
std::size_t item_size(DType dtype) noexcept;
/// Local. The Array API name: "bool", "int8", ..., "complex128".
std::string_view dtype_name(DType dtype) noexcept;
/// Local. The dtype with that Array API name, if any.
std::optional<DType> dtype_from_name(std::string_view name) noexcept;

}  // namespace gingham
