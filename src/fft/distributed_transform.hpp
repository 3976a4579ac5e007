#pragma once
// The distributed FFT driver (src/fft/distributed_transform.cpp): moves an array between slab layouts on a
// 1-D grid with the redistribution engine so that each local transform (local_fft.hpp) runs on axes every
// rank holds whole; arrays of one axis take the four-step (or Bluestein) path of one_axis_transform.cpp.

#include <cstdint>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/fft/fft.hpp"

namespace gingham::fft_detail {

/// What to transform. `axes` are unique and in [0, ndim); for the real kinds the last one is the axis
/// halved to n/2 + 1 (rfftn transforms it first, irfftn last). lengths[k] is the transform length n along
/// axes[k]: the output extent, except along the halved axis of real_forward, where it is the input extent
/// (the output has n/2 + 1). The input is cropped or zero-padded to the lengths (to n/2 + 1 along the
/// halved axis of real_backward). `inverse_direction` says whether norm's "backward" scaling is applied
/// (the backward transforms) or not.
struct TransformSpec {
  enum class Kind { complex_forward, complex_backward, real_forward, real_backward } kind;
  std::vector<int> axes;
  std::vector<std::int64_t> lengths;
  FftNorm norm = FftNorm::backward;
  bool keep_layout = true;
};

/// Collective over x.grid().comm(). The transform `spec` of x (complex64/complex128 for the complex kinds
/// and real_backward, float32/float64 for real_forward), in x's layout resized to the output extents, or,
/// without keep_layout, in the last slab layout on the work grid. See gingham/fft/fft.hpp for the cost.
Array distributed_transform(const Array& x, const TransformSpec& spec);

/// Local. The extents of the transform's output.
std::vector<std::int64_t> output_shape(const std::vector<std::int64_t>& input_shape, const TransformSpec& spec);

/// Local. The factor norm asks for on a transform of `points` points in the direction of `kind`.
double norm_factor(FftNorm norm, TransformSpec::Kind kind, double points);

/// Collective over grid.comm() the first time for a grid (one MPI_Cart_create), then Local. The 1-D grid
/// over `grid`'s ranks that slabs live on: `grid` itself when it is 1-D.
const ProcessGrid& work_grid(const ProcessGrid& grid);

/// Local. Multiplies every element of this rank's shard of the complex or real array `x` by `factor`.
void scale_shard(const Array& x, double factor);

}  // namespace gingham::fft_detail
