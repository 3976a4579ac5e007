#pragma once
// Transforms of arrays of one axis spread over several ranks (src/fft/one_axis_transform.cpp): such an
// array has no second axis to hold the ranks while its one axis is made whole, so it is transformed as a
// matrix (four-step) or, for lengths with no factor pair, by Bluestein's algorithm on a power-of-two length.

#include "distributed_transform.hpp"

namespace gingham::fft_detail {

/// Collective over x.grid().comm(). The transform `spec` of the 1-D array x, unnormalized, in a layout on
/// `grid` (the 1-D work grid). Complex kinds: the four-step algorithm (n = n1 n2 with n1 the largest
/// divisor <= sqrt(n): fft along axis 0 of the (n1, n2) reshape, twiddle factors exp(-+2 pi i k1 j2 / n),
/// fft along axis 1, transpose), each step a slab transform; four redistributions of the array. n prime
/// (no divisor pair): Bluestein, x_j c_j convolved with conj(c) by three four-step transforms of a power of
/// two m >= 2n - 1 (c_j = exp(-+ pi i j^2 / n)). Real kinds go through the complex transform of n points
/// (rfft: cropped to n/2 + 1; irfft: of the Hermitian extension, real part).
Array one_axis_transform(const Array& x, const TransformSpec& spec, const ProcessGrid& grid);

}  // namespace gingham::fft_detail
