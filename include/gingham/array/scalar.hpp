#pragma once
/// \file
/// Scalar: a Python-style scalar operand or fill value (bool, int, float or complex), and how it takes a dtype.

#include <complex>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <variant>

#include "gingham/array/dtype.hpp"

namespace gingham {

/// A Python scalar: bool, int (signed or beyond INT64_MAX unsigned), float or complex. It takes the dtype
/// of the array it meets (the Array API's rule), which must be of a kind that holds it: bool only with
/// bool, int with integer (where it must fit) and floating dtypes, float with floating, complex with
/// floating (a real floating array then computes in the complex dtype of its precision).
using Scalar = std::variant<bool, std::int64_t, std::uint64_t, double, std::complex<double>>;

/// Local. Throws gingham::TypeError when `s` cannot take dtype `d` (see Scalar), std::overflow_error
/// when an int does not fit an integer dtype; `function` names the caller in the message.
void require_scalar_fits(const Scalar& s, DType d, std::string_view function);

/// Local. The value of `s` in element type T (a complex's real part for real T). Precondition:
/// require_scalar_fits(s, dtype_of<T>) holds, or the caller accepts C++'s conversion.
template <class T>
T scalar_value(const Scalar& s) {
  return std::visit([](auto v) -> T {
    using V = decltype(v);
    constexpr bool complex_t = !std::is_arithmetic_v<T>, complex_v = !std::is_arithmetic_v<V>;
    if constexpr (complex_t) return T(v);
    else if constexpr (complex_v) return static_cast<T>(v.real());
    else return static_cast<T>(v);
  }, s);
}

}  // namespace gingham
