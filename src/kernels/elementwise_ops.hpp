#pragma once
// The elementwise operations, one functor per operation of the table in elementwise.hpp, for every
// element type the table allows. Semantics: the Array API standard's special cases (which follow IEEE
// 754 and C99 Annex G, as the <cmath> and <complex> functions do; where NumPy differs, the standard wins:
// complex sign, tanh and tan, floor_divide with infinities), and NumPy's where the standard leaves the
// result to the implementation (integer overflow wraps, integer division by zero gives 0, shifts by the
// width or more give 0 or -1). No undefined behaviour: signed arithmetic wraps through unsigned types.

#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string_view>
#include <type_traits>

#include "gingham/kernels/elementwise.hpp"

namespace gingham::detail {

template <class T> inline constexpr bool is_complex_v = false;
template <class T> inline constexpr bool is_complex_v<std::complex<T>> = true;
template <class T> inline constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

/// The kind letter of an element type: B, I, R or C.
template <class T>
constexpr char kind_of() {
  if constexpr (std::is_same_v<T, bool>) return 'B';
  else if constexpr (is_int_v<T>) return 'I';
  else if constexpr (is_complex_v<T>) return 'C';
  else return 'R';
}

/// Wrapping integer arithmetic (two's complement, no undefined behaviour).
template <class T> T wrap_add(T a, T b) { using U = std::make_unsigned_t<T>; return T(U(a) + U(b)); }
template <class T> T wrap_sub(T a, T b) { using U = std::make_unsigned_t<T>; return T(U(a) - U(b)); }
template <class T> T wrap_mul(T a, T b) {
  using U = std::make_unsigned_t<T>;
  using W = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, U>;  // no int promotion surprises
  return T(U(W(U(a)) * W(U(b))));
}

namespace ops {

// ---- unary -----------------------------------------------------------------------------------------

struct abs {
  template <class T> static auto apply(T x) {
    if constexpr (is_complex_v<T>) return std::abs(x);
    else if constexpr (std::is_unsigned_v<T>) return x;
    else if constexpr (is_int_v<T>) return x < 0 ? wrap_sub(T(0), x) : x;
    else return std::fabs(x);
  }
};
#define GINGHAM_MATH_UNARY(name) \
  struct name { template <class T> static T apply(T x) { return std::name(x); } };
GINGHAM_MATH_UNARY(acos) GINGHAM_MATH_UNARY(acosh) GINGHAM_MATH_UNARY(asin) GINGHAM_MATH_UNARY(asinh)
GINGHAM_MATH_UNARY(atan) GINGHAM_MATH_UNARY(atanh) GINGHAM_MATH_UNARY(cos) GINGHAM_MATH_UNARY(cosh)
GINGHAM_MATH_UNARY(exp) GINGHAM_MATH_UNARY(log) GINGHAM_MATH_UNARY(sin) GINGHAM_MATH_UNARY(sinh)
GINGHAM_MATH_UNARY(sqrt)
#undef GINGHAM_MATH_UNARY
struct tanh {
  template <class T> static T apply(T x) {
    if constexpr (is_complex_v<T>) {
      // The standard: tanh(+infinity + bj) is 1 + 0j for a positive finite b (and, by tanh(conj(x)) =
      // conj(tanh(x)) and tanh(-x) = -tanh(x), +-1 +- 0j in the other quadrants). C99 Annex G (glibc)
      // gives the imaginary zero the sign of sin(2b) instead.
      using R = typename T::value_type;
      if (std::isinf(x.real()) && std::isfinite(x.imag())) {
        return T(std::copysign(R(1), x.real()), std::copysign(R(0), x.imag()));
      }
    }
    return std::tanh(x);
  }
};
struct tan {
  template <class T> static T apply(T x) {
    if constexpr (is_complex_v<T>) {  // as the standard defines it: -1j * tanh(x * 1j)
      const T w = tanh::apply(T(-x.imag(), x.real()));
      return T(w.imag(), -w.real());
    } else {
      return std::tan(x);
    }
  }
};

struct bitwise_invert {
  template <class T> static T apply(T x) {
    if constexpr (std::is_same_v<T, bool>) return !x;
    else return T(~x);
  }
};
struct ceil { template <class T> static T apply(T x) { if constexpr (is_int_v<T>) return x; else return std::ceil(x); } };
struct floor { template <class T> static T apply(T x) { if constexpr (is_int_v<T>) return x; else return std::floor(x); } };
struct trunc { template <class T> static T apply(T x) { if constexpr (is_int_v<T>) return x; else return std::trunc(x); } };
struct round {  // half to even, as the standard asks
  template <class T> static T apply(T x) {
    if constexpr (is_int_v<T>) return x;
    else if constexpr (is_complex_v<T>) return T(std::nearbyint(x.real()), std::nearbyint(x.imag()));
    else return std::nearbyint(x);
  }
};
struct conj { template <class T> static T apply(T x) { if constexpr (is_complex_v<T>) return std::conj(x); else return x; } };
struct real { template <class T> static auto apply(T x) { if constexpr (is_complex_v<T>) return x.real(); else return x; } };
struct imag { template <class T> static auto apply(T x) { if constexpr (is_complex_v<T>) return x.imag(); else return T(0); } };

struct expm1 {
  template <class T> static T apply(T x) {
    if constexpr (is_complex_v<T>) {  // exp(x + iy) - 1 without cancellation for small |z|
      using R = typename T::value_type;
      const R a = x.real(), b = x.imag();
      if (!std::isfinite(a) || !std::isfinite(b)) return std::exp(x) - R(1);
      const R half_sin = std::sin(b / 2);
      return T(std::expm1(a) * std::cos(b) - 2 * half_sin * half_sin, std::exp(a) * std::sin(b));
    } else {
      return std::expm1(x);
    }
  }
};
struct log1p {
  template <class T> static T apply(T x) {
    if constexpr (is_complex_v<T>) {  // log|1 + z| + i arg(1 + z), accurate for small |z|
      using R = typename T::value_type;
      const R a = x.real(), b = x.imag();
      if (!std::isfinite(a) || !std::isfinite(b) || std::abs(a) > R(0.5) || std::abs(b) > R(0.5)) {
        return std::log(x + R(1));
      }
      return T(std::log1p(a * (2 + a) + b * b) / 2, std::atan2(b, 1 + a));
    } else {
      return std::log1p(x);
    }
  }
};
struct log2 {
  template <class T> static T apply(T x) {
    if constexpr (is_complex_v<T>) return std::log(x) / typename T::value_type(std::numbers::ln2);
    else return std::log2(x);
  }
};
struct log10 {
  template <class T> static T apply(T x) {
    if constexpr (is_complex_v<T>) return std::log10(x);
    else return std::log10(x);
  }
};
struct isfinite {
  template <class T> static bool apply(T x) {
    if constexpr (is_int_v<T>) return true;
    else if constexpr (is_complex_v<T>) return std::isfinite(x.real()) && std::isfinite(x.imag());
    else return std::isfinite(x);
  }
};
struct isinf {
  template <class T> static bool apply(T x) {
    if constexpr (is_int_v<T>) return false;
    else if constexpr (is_complex_v<T>) return std::isinf(x.real()) || std::isinf(x.imag());
    else return std::isinf(x);
  }
};
struct isnan {
  template <class T> static bool apply(T x) {
    if constexpr (is_int_v<T>) return false;
    else if constexpr (is_complex_v<T>) return std::isnan(x.real()) || std::isnan(x.imag());
    else return std::isnan(x);
  }
};
struct logical_not { template <class T> static T apply(T x) { return !x; } };
struct negative {
  template <class T> static T apply(T x) {
    if constexpr (is_int_v<T>) return wrap_sub(T(0), x);
    else return -x;
  }
};
struct positive { template <class T> static T apply(T x) { return x; } };
struct reciprocal { template <class T> static T apply(T x) { return T(1) / x; } };
struct sign {
  template <class T> static T apply(T x) {
    if constexpr (std::is_unsigned_v<T>) return T(x > 0);
    else if constexpr (is_int_v<T>) return T((x > 0) - (x < 0));
    else if constexpr (is_complex_v<T>) {
      using R = typename T::value_type;
      if (std::isnan(x.real()) || std::isnan(x.imag())) {  // NaN + NaN j, as the standard says (NumPy: NaN + 0j)
        return T(std::numeric_limits<R>::quiet_NaN(), std::numeric_limits<R>::quiet_NaN());
      }
      if (x == T(0)) return T(0);
      if (std::isinf(x.real()) || std::isinf(x.imag())) {  // the direction of the infinite parts
        const R a = std::isinf(x.real()) ? std::copysign(R(1), x.real()) : R(0);
        const R b = std::isinf(x.imag()) ? std::copysign(R(1), x.imag()) : R(0);
        return T(a, b) / std::abs(T(a, b));
      }
      return x / std::abs(x);
    } else {
      if (std::isnan(x)) return x;
      return x > 0 ? T(1) : x < 0 ? T(-1) : T(0);
    }
  }
};
struct signbit { template <class T> static bool apply(T x) { return std::signbit(x); } };
struct square {
  template <class T> static T apply(T x) {
    if constexpr (is_int_v<T>) return wrap_mul(x, x);
    else return x * x;
  }
};

// ---- binary ----------------------------------------------------------------------------------------

struct add {
  template <class T> static T apply(T a, T b) { if constexpr (is_int_v<T>) return wrap_add(a, b); else return a + b; }
};
struct subtract {
  template <class T> static T apply(T a, T b) { if constexpr (is_int_v<T>) return wrap_sub(a, b); else return a - b; }
};
struct multiply {
  template <class T> static T apply(T a, T b) { if constexpr (is_int_v<T>) return wrap_mul(a, b); else return a * b; }
};
struct divide { template <class T> static T apply(T a, T b) { return a / b; } };
struct atan2 { template <class T> static T apply(T a, T b) { return std::atan2(a, b); } };
struct copysign { template <class T> static T apply(T a, T b) { return std::copysign(a, b); } };
struct hypot { template <class T> static T apply(T a, T b) { return std::hypot(a, b); } };
struct nextafter { template <class T> static T apply(T a, T b) { return std::nextafter(a, b); } };
struct bitwise_and {
  template <class T> static T apply(T a, T b) { if constexpr (std::is_same_v<T, bool>) return a && b; else return T(a & b); }
};
struct bitwise_or {
  template <class T> static T apply(T a, T b) { if constexpr (std::is_same_v<T, bool>) return a || b; else return T(a | b); }
};
struct bitwise_xor {
  template <class T> static T apply(T a, T b) { if constexpr (std::is_same_v<T, bool>) return a != b; else return T(a ^ b); }
};
struct bitwise_left_shift {  // shifts by the width or more (or by a negative count) give 0, as in NumPy
  template <class T> static T apply(T a, T b) {
    using U = std::make_unsigned_t<T>;
    return U(b) < U(sizeof(T) * 8) ? T(U(a) << U(b)) : T(0);
  }
};
struct bitwise_right_shift {  // arithmetic for signed types; by the width or more: 0 or -1
  template <class T> static T apply(T a, T b) {
    using U = std::make_unsigned_t<T>;
    if (U(b) < U(sizeof(T) * 8)) return T(a >> U(b));
    return a < 0 ? T(-1) : T(0);
  }
};
struct equal { template <class T> static bool apply(T a, T b) { return a == b; } };
struct not_equal { template <class T> static bool apply(T a, T b) { return a != b; } };
struct greater { template <class T> static bool apply(T a, T b) { return a > b; } };
struct greater_equal { template <class T> static bool apply(T a, T b) { return a >= b; } };
struct less { template <class T> static bool apply(T a, T b) { return a < b; } };
struct less_equal { template <class T> static bool apply(T a, T b) { return a <= b; } };
struct logical_and { template <class T> static T apply(T a, T b) { return a && b; } };
struct logical_or { template <class T> static T apply(T a, T b) { return a || b; } };
struct logical_xor { template <class T> static T apply(T a, T b) { return a != b; } };
struct maximum {  // NaN wins
  template <class T> static T apply(T a, T b) {
    if constexpr (!is_int_v<T>) { if (std::isnan(a) || std::isnan(b)) return a + b; }
    return a > b ? a : b;
  }
};
struct minimum {
  template <class T> static T apply(T a, T b) {
    if constexpr (!is_int_v<T>) { if (std::isnan(a) || std::isnan(b)) return a + b; }
    return a < b ? a : b;
  }
};
struct floor_divide {  // Python's a // b
  template <class T> static T apply(T a, T b) {
    if constexpr (is_int_v<T>) {
      if (b == 0) return T(0);
      if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return wrap_sub(T(0), a);  // the minimum // -1 wraps
        const T q = T(a / b);
        return ((a % b != 0) && ((a < 0) != (b < 0))) ? T(q - 1) : q;
      } else {
        return T(a / b);
      }
    } else {  // NumPy's npy_floor_divide, except with infinities: floor(a / b), which the standard prefers
      if (b == 0 || std::isinf(a) || std::isinf(b)) return std::floor(a / b);  // NumPy: inf // 1 is NaN, 1 // -inf is -1
      const T mod = std::fmod(a, b);
      T div = (a - mod) / b;
      if (mod != 0 && ((b < 0) != (mod < 0))) div -= T(1);
      if (div == 0) return std::copysign(T(0), a / b);
      const T floordiv = std::floor(div);
      return div - floordiv > T(0.5) ? floordiv + T(1) : floordiv;
    }
  }
};
struct remainder {  // Python's a % b: the sign of b
  template <class T> static T apply(T a, T b) {
    if constexpr (is_int_v<T>) {
      if (b == 0) return T(0);
      if constexpr (std::is_signed_v<T>) {
        if (b == T(-1)) return T(0);
        const T r = T(a % b);
        return (r != 0 && ((r < 0) != (b < 0))) ? T(r + b) : r;
      } else {
        return T(a % b);
      }
    } else {  // NumPy's npy_remainder
      if (b == 0) return std::fmod(a, b);
      T mod = std::fmod(a, b);
      if (mod != 0) {
        if ((b < 0) != (mod < 0)) mod += b;
      } else {
        mod = std::copysign(T(0), b);
      }
      return mod;
    }
  }
};
struct logaddexp {  // NumPy's npy_logaddexp
  template <class T> static T apply(T a, T b) {
    if (a == b) return a + T(std::numbers::ln2);  // infinities of the same sign too
    const T d = a - b;
    if (d > 0) return a + std::log1p(std::exp(-d));
    if (d <= 0) return b + std::log1p(std::exp(d));
    return d;  // NaN
  }
};
struct pow {
  template <class T> static T apply(T a, T b) {
    if constexpr (is_int_v<T>) {  // by squaring, wrapping; negative exponents are refused before
      T result = 1, base = a;
      for (auto e = static_cast<std::make_unsigned_t<T>>(b); e != 0; e >>= 1) {
        if (e & 1) result = wrap_mul(result, base);
        base = wrap_mul(base, base);
      }
      return result;
    } else if constexpr (is_complex_v<T>) {
      // Small integer exponents by repeated multiplication, as NumPy does, so that (1+1j)**2 is 2j exactly.
      using R = typename T::value_type;
      if (b.imag() == 0 && b.real() == std::trunc(b.real()) && std::abs(b.real()) < 100) {
        const int n = static_cast<int>(b.real());
        if (n == 0) return T(1);
        T result = 1, base = a;
        for (int e = std::abs(n); e != 0; e >>= 1) {
          if (e & 1) result *= base;
          base *= base;
        }
        return n > 0 ? result : T(R(1)) / result;
      }
      if (a == T(0)) {  // 0 ** b: 0 for Re(b) > 0, else NaN (NumPy)
        if (b.real() > 0) return T(0);
        return T(std::numeric_limits<R>::quiet_NaN(), std::numeric_limits<R>::quiet_NaN());
      }
      return std::pow(a, b);
    } else {
      return std::pow(a, b);
    }
  }
};

}  // namespace ops

/// Calls visitor.template operator()<ops::name>() for a unary operation.
template <class Visitor>
decltype(auto) visit_op(UnaryOp op, Visitor&& visitor) {
  switch (op) {
#define GINGHAM_CASE(name, kinds, result) case UnaryOp::name: return visitor.template operator()<ops::name>();
    GINGHAM_FOR_EACH_UNARY_OP(GINGHAM_CASE)
#undef GINGHAM_CASE
  }
  throw std::logic_error("gingham: unknown unary operation");
}
/// Calls visitor.template operator()<ops::name>() for a binary operation.
template <class Visitor>
decltype(auto) visit_op(BinaryOp op, Visitor&& visitor) {
  switch (op) {
#define GINGHAM_CASE(name, kinds, result) case BinaryOp::name: return visitor.template operator()<ops::name>();
    GINGHAM_FOR_EACH_BINARY_OP(GINGHAM_CASE)
#undef GINGHAM_CASE
  }
  throw std::logic_error("gingham: unknown binary operation");
}

/// The kinds an operation accepts and its result rule, from the table.
template <class Op> struct OpTraits;
#define GINGHAM_TRAITS(name, kinds_, result_)                            \
  template <> struct OpTraits<ops::name> {                               \
    static constexpr std::string_view kinds = kinds_;                    \
    static constexpr std::string_view result = #result_;                 \
  };
GINGHAM_FOR_EACH_UNARY_OP(GINGHAM_TRAITS)
GINGHAM_FOR_EACH_BINARY_OP(GINGHAM_TRAITS)
#undef GINGHAM_TRAITS

/// Whether operation Op is defined for element type T (so its loops are compiled only then).
template <class Op, class T>
inline constexpr bool accepts_v = OpTraits<Op>::kinds.find(kind_of<T>()) != std::string_view::npos;

}  // namespace gingham::detail
