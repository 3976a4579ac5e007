#pragma once
/// \file
/// The array types of the linalg result structs (QrResult, EighResult, EigResult, SvdResult,
/// SlogdetResult): each struct is a template on T, which is Array for the type-erased face (QrResult<Array>,
/// also written QrResult<>) or an element type for the typed face on DistArray<T> (QrResult<double>).

#include <complex>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/kernels/elementwise_functions.hpp"

namespace gingham {

namespace detail {
template <class T>
struct ResultArrayOf {
  using type = DistArray<T>;
};
template <>
struct ResultArrayOf<Array> {
  using type = Array;
};
template <class T>
struct ComplexOf {
  using type = std::complex<T>;
};
template <class T>
struct ComplexOf<std::complex<T>> {
  using type = std::complex<T>;
};
template <>
struct ComplexOf<Array> {
  using type = Array;
};
}  // namespace detail

/// An array of T's face: Array for T = Array, else DistArray<T>.
template <class T>
using ResultArray = typename detail::ResultArrayOf<T>::type;

/// An array of the real element type of T's precision (eigenvalues of Hermitian matrices, singular values,
/// logabsdet): Array for T = Array, else DistArray<float> or DistArray<double>.
template <class T>
using RealResultArray = ResultArray<detail::real_t<T>>;

/// An array of the complex element type of T's precision (eig's results): Array for T = Array, else
/// DistArray<std::complex<float>> or DistArray<std::complex<double>>.
template <class T>
using ComplexResultArray = ResultArray<typename detail::ComplexOf<T>::type>;

}  // namespace gingham
