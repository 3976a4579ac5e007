#pragma once
/// \file
/// The elementwise functions by name (gingham::exp(x), gingham::add(x, y), ...) and arithmetic operators,
/// on the dtype-erased Array and on DistArray<T>. Each is one call into the single dispatch mechanism of
/// elementwise.hpp (apply with a UnaryOp/BinaryOp), so all share its promotion, broadcasting and cost:
/// collective over the arrays' communicator; unary functions send no messages; binary ones move only
/// the elements an operand in another layout must provide.

#include <complex>
#include <type_traits>

#include "gingham/array/dist_array.hpp"
#include "gingham/kernels/elementwise.hpp"

namespace gingham {
namespace detail {
template <class T>
struct RealOf {
  using type = T;
};
template <class T>
struct RealOf<std::complex<T>> {
  using type = T;
};
/// The element type of a result rule (see GINGHAM_FOR_EACH_UNARY_OP) for element type T.
template <class T>
using same_t = T;
template <class T>
using real_t = typename RealOf<T>::type;
template <class T>
using boolean_t = bool;
template <class T>
using floating_t = std::conditional_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, double, T>;
}  // namespace detail

#define GINGHAM_NAMED_UNARY(name, kinds, result)                                                         \
  /** Collective over x.grid().comm(), no messages: the Array API's name, elementwise. */              \
  inline Array name(const Array& x) { return apply(UnaryOp::name, x); }                                 \
  /** Collective over x.grid().comm(), no messages: the Array API's name, elementwise. */              \
  template <class T>                                                                                    \
  DistArray<detail::result##_t<T>> name(const DistArray<T>& x) {                                        \
    return DistArray<detail::result##_t<T>>(apply(UnaryOp::name, x.array()));                            \
  }
GINGHAM_FOR_EACH_UNARY_OP(GINGHAM_NAMED_UNARY)
#undef GINGHAM_NAMED_UNARY

#define GINGHAM_NAMED_BINARY(name, kinds, result)                                                        \
  /** Collective over the arrays' communicator: the Array API's name, elementwise, broadcast. */        \
  inline Array name(const Array& x1, const Array& x2) { return apply(BinaryOp::name, x1, x2); }         \
  inline Array name(const Array& x1, const Scalar& x2) { return apply(BinaryOp::name, x1, x2); }        \
  inline Array name(const Scalar& x1, const Array& x2) { return apply(BinaryOp::name, x1, x2); }        \
  template <class T>                                                                                    \
  DistArray<detail::result##_t<T>> name(const DistArray<T>& x1, const DistArray<T>& x2) {               \
    return DistArray<detail::result##_t<T>>(apply(BinaryOp::name, x1.array(), x2.array()));             \
  }
GINGHAM_FOR_EACH_BINARY_OP(GINGHAM_NAMED_BINARY)
#undef GINGHAM_NAMED_BINARY

// Arithmetic operators: the same functions. On DistArray<T> with a scalar, the scalar is a T.
#define GINGHAM_OPERATOR(symbol, op, result)                                                             \
  inline Array operator symbol(const Array& a, const Array& b) { return apply(BinaryOp::op, a, b); }    \
  inline Array operator symbol(const Array& a, const Scalar& b) { return apply(BinaryOp::op, a, b); }   \
  inline Array operator symbol(const Scalar& a, const Array& b) { return apply(BinaryOp::op, a, b); }   \
  template <class T>                                                                                    \
  DistArray<detail::result##_t<T>> operator symbol(const DistArray<T>& a, const DistArray<T>& b) {      \
    return DistArray<detail::result##_t<T>>(apply(BinaryOp::op, a.array(), b.array()));                 \
  }                                                                                                     \
  template <class T>                                                                                    \
  DistArray<detail::result##_t<T>> operator symbol(const DistArray<T>& a, std::type_identity_t<T> b) {  \
    return DistArray<detail::result##_t<T>>(apply(BinaryOp::op, a.array(), Scalar(b)));                 \
  }                                                                                                     \
  template <class T>                                                                                    \
  DistArray<detail::result##_t<T>> operator symbol(std::type_identity_t<T> a, const DistArray<T>& b) {  \
    return DistArray<detail::result##_t<T>>(apply(BinaryOp::op, Scalar(a), b.array()));                 \
  }
GINGHAM_OPERATOR(+, add, same)
GINGHAM_OPERATOR(-, subtract, same)
GINGHAM_OPERATOR(*, multiply, same)
GINGHAM_OPERATOR(/, divide, floating)
#undef GINGHAM_OPERATOR

/// Collective, no messages: -x.
inline Array operator-(const Array& x) { return apply(UnaryOp::negative, x); }
template <class T>
DistArray<T> operator-(const DistArray<T>& x) {
  return DistArray<T>(apply(UnaryOp::negative, x.array()));
}

}  // namespace gingham
