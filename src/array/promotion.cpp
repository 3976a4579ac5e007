#include "gingham/array/promotion.hpp"

#include <algorithm>

#include "gingham/core/errors.hpp"

namespace gingham {
namespace {

int bits(DType d) noexcept { return static_cast<int>(item_size(d)) * 8; }

DType signed_of_bits(int b) noexcept {
  return b <= 8 ? DType::int8 : b <= 16 ? DType::int16 : b <= 32 ? DType::int32 : DType::int64;
}

}  // namespace

bool is_bool(DType d) noexcept { return d == DType::bool_; }
bool is_signed_integer(DType d) noexcept {
  return d == DType::int8 || d == DType::int16 || d == DType::int32 || d == DType::int64;
}
bool is_unsigned_integer(DType d) noexcept {
  return d == DType::uint8 || d == DType::uint16 || d == DType::uint32 || d == DType::uint64;
}
bool is_integer(DType d) noexcept { return is_signed_integer(d) || is_unsigned_integer(d); }
bool is_real_floating(DType d) noexcept { return d == DType::float32 || d == DType::float64; }
bool is_complex_floating(DType d) noexcept { return d == DType::complex64 || d == DType::complex128; }
bool is_floating(DType d) noexcept { return is_real_floating(d) || is_complex_floating(d); }
bool is_numeric(DType d) noexcept { return is_integer(d) || is_floating(d); }
bool is_real_numeric(DType d) noexcept { return is_integer(d) || is_real_floating(d); }

DType real_dtype(DType d) noexcept {
  return d == DType::complex64 ? DType::float32 : d == DType::complex128 ? DType::float64 : d;
}

DType complex_dtype(DType d) noexcept {
  return d == DType::float32 ? DType::complex64 : d == DType::float64 ? DType::complex128 : d;
}

std::optional<DType> promote(DType a, DType b) noexcept {
  if (a == b) return a;
  if (is_bool(a) || is_bool(b)) return std::nullopt;
  if (is_integer(a) && is_integer(b)) {
    if (is_signed_integer(a) == is_signed_integer(b)) return bits(a) >= bits(b) ? a : b;
    const DType u = is_unsigned_integer(a) ? a : b, s = is_unsigned_integer(a) ? b : a;
    if (bits(u) >= 64) return std::nullopt;  // no signed type holds uint64
    return signed_of_bits(std::max(bits(s), 2 * bits(u)));
  }
  if (is_floating(a) && is_floating(b)) {
    const int precision = std::max(bits(real_dtype(a)), bits(real_dtype(b)));
    const DType real = precision == 64 ? DType::float64 : DType::float32;
    return is_complex_floating(a) || is_complex_floating(b) ? complex_dtype(real) : real;
  }
  return std::nullopt;  // integer with floating: mixed kinds
}

DType promote_or_throw(DType a, DType b, const std::string& function) {
  if (auto result = promote(a, b)) return *result;
  const std::string names = std::string(dtype_name(a)) + " and " + std::string(dtype_name(b));
  std::string why = "the Array API defines no promotion between ";
  if (is_bool(a) || is_bool(b)) why += "bool and other dtypes";
  else if (is_integer(a) && is_integer(b)) why += "uint64 and signed integers";
  else why += "integer and floating-point dtypes (mixed kinds)";
  throw TypeError(function + ": cannot combine " + names + ": " + why);
}

bool can_cast(DType from, DType to) noexcept { return promote(from, to) == to; }

}  // namespace gingham
