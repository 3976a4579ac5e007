#pragma once
/// \file
/// HaloSpec: the ghost cells of an array (widths per axis and side, periodic axes, stencil shape). Pure
/// description, no data and no MPI; gingham/plans/halo_plan.hpp exchanges them.

#include <cstdint>
#include <string>
#include <vector>

#include "gingham/distributions/distribution.hpp"

namespace gingham {

/// Which ghost cells a stencil reads: faces only (star: ghost cells outside the shard along exactly
/// one axis) or faces, edges and corners (box).
enum class Stencil { star, box };

/// Ghost widths of an array: `lower[k]` cells before and `upper[k]` after the shard along axis k;
/// `periodic[k]` wraps axis k around. Empty vectors mean zeros (and no periodic axis).
struct HaloSpec {
  std::vector<std::int64_t> lower, upper;
  std::vector<bool> periodic;
  Stencil stencil = Stencil::box;

  /// Local. `width` cells on both sides of every one of `ndim` axes.
  static HaloSpec uniform(int ndim, std::int64_t width, bool periodic = false, Stencil stencil = Stencil::box);
  /// Local. Whether the array has no ghost cells.
  bool empty() const noexcept;
  /// Local. Ghost widths of axis `axis` (0 when not given).
  std::int64_t lower_width(int axis) const noexcept { return axis < static_cast<int>(lower.size()) ? lower[axis] : 0; }
  std::int64_t upper_width(int axis) const noexcept { return axis < static_cast<int>(upper.size()) ? upper[axis] : 0; }
  bool is_periodic(int axis) const noexcept { return axis < static_cast<int>(periodic.size()) && periodic[axis]; }
  /// Local. Throws std::invalid_argument unless the spec fits `layout`: one entry per axis (or none),
  /// widths >= 0, and ghost cells only along axes whose shards are contiguous (Block or not distributed).
  void validate(const Distribution& layout) const;
  /// Local. For example "halo(lower=(1, 1), upper=(1, 1), periodic=(True, False), stencil=star)".
  std::string describe() const;

  friend bool operator==(const HaloSpec&, const HaloSpec&) = default;
};

}  // namespace gingham
