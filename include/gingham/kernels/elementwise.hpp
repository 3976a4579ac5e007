#pragma once
/// \file
/// Elementwise functions of the Array API standard on distributed arrays: the 67 functions' unary and
/// binary operations, with the standard's type promotion, broadcasting between operands of different
/// shapes and different distributions, and Python-style scalar operands.

#include <complex>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "gingham/array/array.hpp"
#include "gingham/array/scalar.hpp"
#include "gingham/distributions/derived.hpp"

namespace gingham {

/// The table of elementwise operations: X(name, kinds accepted, result rule). Kinds: B bool, I integer,
/// R real floating, C complex floating. Result: same (the promoted dtype), boolean, real (the real dtype
/// of a complex input), floating (integers give float64).
#define GINGHAM_FOR_EACH_UNARY_OP(X)                                                                       \
  X(abs, "IRC", real) X(acos, "RC", same) X(acosh, "RC", same) X(asin, "RC", same) X(asinh, "RC", same)     \
  X(atan, "RC", same) X(atanh, "RC", same) X(bitwise_invert, "BI", same) X(ceil, "IR", same)                \
  X(conj, "IRC", same) X(cos, "RC", same) X(cosh, "RC", same) X(exp, "RC", same) X(expm1, "RC", same)       \
  X(floor, "IR", same) X(imag, "C", real) X(isfinite, "IRC", boolean) X(isinf, "IRC", boolean)           \
  X(isnan, "IRC", boolean) X(log, "RC", same) X(log1p, "RC", same) X(log2, "RC", same) X(log10, "RC", same) \
  X(logical_not, "B", same) X(negative, "IRC", same) X(positive, "IRC", same) X(real, "IRC", real)          \
  X(reciprocal, "RC", same) X(round, "IRC", same) X(sign, "IRC", same) X(signbit, "R", boolean)            \
  X(sin, "RC", same) X(sinh, "RC", same) X(square, "IRC", same) X(sqrt, "RC", same) X(tan, "RC", same)      \
  X(tanh, "RC", same) X(trunc, "IR", same)

#define GINGHAM_FOR_EACH_BINARY_OP(X)                                                                      \
  X(add, "IRC", same) X(atan2, "R", same) X(bitwise_and, "BI", same) X(bitwise_left_shift, "I", same)      \
  X(bitwise_or, "BI", same) X(bitwise_right_shift, "I", same) X(bitwise_xor, "BI", same)                   \
  X(copysign, "R", same) X(divide, "IRC", floating) X(equal, "BIRC", boolean) X(floor_divide, "IR", same)   \
  X(greater, "IR", boolean) X(greater_equal, "IR", boolean) X(hypot, "R", same) X(less, "IR", boolean)      \
  X(less_equal, "IR", boolean) X(logaddexp, "R", same) X(logical_and, "B", same) X(logical_or, "B", same)  \
  X(logical_xor, "B", same) X(maximum, "IR", same) X(minimum, "IR", same) X(multiply, "IRC", same)         \
  X(nextafter, "R", same) X(not_equal, "BIRC", boolean) X(pow, "IRC", same) X(remainder, "IR", same)       \
  X(subtract, "IRC", same)

enum class UnaryOp : std::uint8_t {
#define GINGHAM_ENUMERATOR(name, kinds, result) name,
  GINGHAM_FOR_EACH_UNARY_OP(GINGHAM_ENUMERATOR)
#undef GINGHAM_ENUMERATOR
};

enum class BinaryOp : std::uint8_t {
#define GINGHAM_ENUMERATOR(name, kinds, result) name,
  GINGHAM_FOR_EACH_BINARY_OP(GINGHAM_ENUMERATOR)
#undef GINGHAM_ENUMERATOR
};

/// Local. The Array API name of an operation ("exp", "bitwise_and", ...).
std::string_view op_name(UnaryOp op) noexcept;
std::string_view op_name(BinaryOp op) noexcept;
/// Local. The operation of an Array API name, if any.
std::optional<UnaryOp> unary_op(std::string_view name) noexcept;
std::optional<BinaryOp> binary_op(std::string_view name) noexcept;

/// An operand of a binary operation: an array or a scalar.
using Operand = std::variant<Scalar, Array>;  // Scalar first: default-constructible (for pybind11)

/// Local. The dtype an operation gives for operand dtypes (TypeError where the standard allows none).
DType result_dtype(UnaryOp op, DType x);
DType result_dtype(BinaryOp op, DType x1, DType x2);

/// Collective over x.grid().comm(), with no messages: op applied to every element, in x's layout.
/// Throws gingham::TypeError when x's dtype is not one op accepts.
Array apply(UnaryOp op, const Array& x);

/// Collective over the arrays' communicator. op applied to the broadcast operands (at least one an
/// array). The result has the broadcast shape and the layout elementwise_result_layout chooses
/// (gingham/kernels/result_layout.hpp: the first distributed operand's; a replicated operand, a host array
/// in Python, never decides over a distributed one, whichever side it is on). Operands in other layouts are
/// moved to it, which sends only the elements each rank needs (none for replicated operands). When one of
/// two arrays of the result's shape (and compute dtype) moves, the move and the operation are one pass (the
/// plan's combined execution hands the moved values to the operation where they land: no aligned copy is
/// written and read back), except for operations computed with SIMD math (libmvec) on dense operands,
/// which keep the aligned copy so that their bits do not depend on the layouts. With `out`, writes into `out` instead (the
/// in-place operators), which must have the result's shape and dtype; `out` may share memory with an
/// operand (a view of it, an array over the same buffer): such an operand is read from a copy, agreed on
/// with one MPI_Allreduce when an operand in out's layout is another array than `out`.
/// Throws gingham::TypeError for dtypes the standard does not combine or a result dtype `out` does not
/// have, std::invalid_argument for shapes that do not broadcast, a result shape `out` does not have, or
/// arrays on different grids.
Array apply(BinaryOp op, const Operand& x1, const Operand& x2, const Array* out = nullptr);

/// Collective over x.grid().comm(), with no messages unless shapes or layouts differ: clip(x, min, max).
Array clip(const Array& x, const std::optional<Operand>& min, const std::optional<Operand>& max);

/// Collective over the arrays' communicator: where(condition, x1, x2) with broadcasting.
Array where(const Array& condition, const Operand& x1, const Operand& x2);

/// Collective over x.grid().comm(), with no messages: x converted to `dtype` (NumPy's conversions: bool is
/// nonzero; floating to integer truncates, and NaN or out-of-range values give the integer's minimum).
Array astype(const Array& x, DType dtype);

/// Local. The broadcast shape of two shapes; std::invalid_argument when they do not broadcast (the rule
/// lives in gingham/distributions/derived.hpp).
using derived::broadcast_shapes;

}  // namespace gingham
