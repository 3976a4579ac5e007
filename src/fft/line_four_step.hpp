#pragma once
// The four-step transform of a 1-D array Block over a 1-D grid (src/fft/line_four_step.cpp): the n = n1 n2
// points as an (n1, n2) matrix, three all-to-all exchanges straight between the ranks' buffers (MPI derived
// datatypes describe the strided pieces, so nothing is packed by hand), two batches of local FFTW transforms
// and one pass of twiddle factors from two tables.

#include <cstdint>

#include "gingham/array/array.hpp"

namespace gingham::fft_detail {

/// Collective over grid.comm() (the exchanges over grid.grid_comm()). The unnormalized complex transform (forward: exp(-2 pi i jk/n), inverse:
/// exp(+2 pi i jk/n)) of the complex64/complex128 1-D x of n = n1 n2 elements (n1 >= 1 divides n), as a new
/// array Block over the 1-D `grid` of its first `extent` (<= n) elements (rfft keeps n / 2 + 1). x is read through a Block copy on `grid` unless it is one already.
/// Math, with j = n2 j1 + j2 and k = k1 + n1 k2: X[k] = sum_j2 w_n2^(j2 k2) w_n^(j2 k1) sum_j1 w_n1^(j1 k1)
/// x[j]. Cost per rank: three MPI_Alltoallw of about n/p elements each, O((n/p) log n) flops, and two
/// scratch buffers of about n/p elements (from gingham's block cache).
Array line_four_step(const Array& x, std::int64_t n1, bool inverse, const ProcessGrid& grid, std::int64_t extent);

}  // namespace gingham::fft_detail
