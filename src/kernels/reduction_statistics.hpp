#pragma once
// mean, var and std (internal; called by gingham::reduce, which has checked the arguments).

#include "gingham/array/array.hpp"
#include "gingham/kernels/reductions.hpp"
#include "reduction_engine.hpp"

namespace gingham::detail {

/// Collective over x.grid().comm(). Writes mean, var or std of x over g into y (allocated by the caller).
void reduce_statistics(Reduction op, const Array& x, const ReductionGeometry& g, const Array& y, double correction);

}  // namespace gingham::detail
