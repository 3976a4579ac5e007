#pragma once
/// \file
/// Dtype kinds and type promotion exactly as the Array API standard defines them: promotion within a
/// kind (signed and unsigned integers mix where a larger signed type holds both; real and complex
/// floating-point mix), never across kinds (bool, integer, floating) and never by value.

#include <optional>
#include <string>

#include "gingham/array/dtype.hpp"

namespace gingham {

/// Local. Kinds of dtypes (the standard's isdtype kinds).
bool is_bool(DType d) noexcept;
bool is_signed_integer(DType d) noexcept;
bool is_unsigned_integer(DType d) noexcept;
bool is_integer(DType d) noexcept;
bool is_real_floating(DType d) noexcept;
bool is_complex_floating(DType d) noexcept;
bool is_floating(DType d) noexcept;  // real or complex floating
bool is_numeric(DType d) noexcept;   // integer or floating
bool is_real_numeric(DType d) noexcept;  // integer or real floating

/// Local. The dtype both promote to, or nothing when the standard defines no promotion between them.
std::optional<DType> promote(DType a, DType b) noexcept;
/// Local. promote(), or gingham::TypeError naming both dtypes and the rule that forbids it.
DType promote_or_throw(DType a, DType b, const std::string& function);
/// Local. Whether `from` can be cast to `to` by type promotion (promote(from, to) == to).
bool can_cast(DType from, DType to) noexcept;

/// Local. The real dtype of a complex one's parts (complex64 -> float32); others unchanged.
DType real_dtype(DType d) noexcept;
/// Local. The complex dtype with parts of a real floating dtype (float32 -> complex64).
DType complex_dtype(DType d) noexcept;

/// Local. The default dtypes: int64 (integral and indexing), float64, complex128.
constexpr DType default_integer_dtype = DType::int64;
constexpr DType default_real_dtype = DType::float64;
constexpr DType default_complex_dtype = DType::complex128;

}  // namespace gingham
