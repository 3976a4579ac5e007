#pragma once
/// \file
/// Array creation (1-D block arrays and 0-D replicated arrays of double and int64 so far).

#include <cstdint>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/core/local_view.hpp"

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

/// Collective over grid.comm(). An array laid out as `layout` (with ghost cells `halo`) from `whole`,
/// the whole global array, which every rank passes and which must be identical on every rank: each
/// rank copies its own part, and nothing crosses the network (a redistribution from a replicated
/// layout reads each rank's own copy). Ranks off the grid may pass an empty view.
Array from_whole(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const RawView& whole,
                 HaloSpec halo = {});

}  // namespace gingham
