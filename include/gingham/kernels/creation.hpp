#pragma once
/// \file
/// Array creation (1-D block arrays and 0-D replicated arrays of double and int64 so far).

#include <cstdint>

#include "gingham/array/dist_array.hpp"

namespace gingham {

/// Collective over grid.comm(). A 1-D array of `n` copies of `value`, block-distributed over grid
/// axis 0 (and held identically along any other grid axes). No messages but one MPI_Allreduce of one int
/// that agrees on allocation failures. Throws std::invalid_argument on every rank when n < 0.
template <class T>
DistArray<T> full(const ProcessGrid& grid, std::int64_t n, T value);

/// Collective over grid.comm(). The 1-D array start, start + step, ... up to but excluding `stop`,
/// block-distributed over grid axis 0; its length is ceil((stop - start) / step), or 0 when that is
/// negative. Element i is start + i * step. Throws std::invalid_argument on every rank when step is 0
/// or, for floating point, when a bound is not finite.
template <class T>
DistArray<T> arange(const ProcessGrid& grid, T start, T stop, T step = T(1));

/// Collective over grid.comm(). A 0-D array holding `value` on every grid rank (replicated).
/// Precondition: every rank passes the same value.
template <class T>
DistArray<T> scalar(const ProcessGrid& grid, T value);

}  // namespace gingham
