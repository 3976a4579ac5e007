#pragma once
/// \file
/// Array creation: the default layout rule, typed 1-D creation on DistArray<T>, and the Array API's
/// creation functions on the dtype-erased Array, each element computed from its global index on the
/// rank that holds it (no messages but one agreement on the allocation).

#include <complex>
#include <cstdint>
#include <memory>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"
#include "gingham/array/scalar.hpp"
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

/// Local. gingham's default layout on `grid` (one rule for every creation function, stated once in
/// gingham/distributions/derived.hpp default_layout): the first min(ndim, grid.ndim()) array axes are
/// Block over grid axes 0, 1, ...; the other axes are not distributed; shards are row-major.
std::shared_ptr<const Distribution> default_layout(const std::vector<std::int64_t>& shape, const ProcessGrid& grid);

/// Collective over grid.comm() (one MPI_Allreduce agreeing on the allocation). An array of `layout`
/// (with ghost cells `halo`, zero-filled) whose elements are all `value`, which must fit `dtype`
/// (require_scalar_fits: gingham::TypeError or std::overflow_error otherwise).
Array full(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const Scalar& value,
           HaloSpec halo = {});

/// Collective over grid.comm() (one MPI_Allreduce). The 1-D array start + i * step, i = 0 .. n - 1 for
/// n = layout's extent, in a real numeric dtype. Integers are computed exactly (modulo 2^64, then
/// converted); floating dtypes follow NumPy's rule (x0 = start, x1 = start + step, x_i = x0 + i * (x1 - x0)
/// in the dtype's arithmetic), so the values equal numpy.arange's bit for bit.
/// Throws std::invalid_argument when the layout is not 1-D, gingham::TypeError for bool or complex dtypes.
Array arange(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const Scalar& start,
             const Scalar& step);

/// Collective over grid.comm() (one MPI_Allreduce). num = layout's extent evenly spaced values from
/// start to stop (included when `endpoint`), NumPy's formula: start + i * (stop - start) / div with
/// div = num - 1 (endpoint) or num, and the last element exactly stop when endpoint and num > 1.
/// A floating dtype; real dtypes take the real parts. Throws std::invalid_argument for a layout that is
/// not 1-D, gingham::TypeError for a non-floating dtype.
Array linspace(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout,
               std::complex<double> start, std::complex<double> stop, bool endpoint);

/// Collective over grid.comm() (one MPI_Allreduce). The 2-D array with ones on the k-th diagonal
/// (column - row == k) and zeros elsewhere. Throws std::invalid_argument when the layout is not 2-D.
Array eye(DType dtype, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, std::int64_t k);

/// Collective over x.grid().comm() (one MPI_Allreduce, no data messages). The lower (tril: column - row
/// <= k) or upper (triu: column - row >= k) triangle of each matrix in the last two axes of x, zeros
/// elsewhere, in x's layout and dtype. Throws std::invalid_argument when x has fewer than 2 axes.
Array tril(const Array& x, std::int64_t k = 0);
Array triu(const Array& x, std::int64_t k = 0);

}  // namespace gingham
