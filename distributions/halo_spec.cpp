#include "gingham/distributions/halo_spec.hpp"

#include <stdexcept>

#include "gingham/core/format.hpp"

namespace gingham {

HaloSpec HaloSpec::uniform(int ndim, std::int64_t width, bool periodic, Stencil stencil) {
  return HaloSpec{std::vector<std::int64_t>(ndim, width), std::vector<std::int64_t>(ndim, width),
                  std::vector<bool>(ndim, periodic), stencil};
}

bool HaloSpec::empty() const noexcept {
  for (std::int64_t w : lower) if (w != 0) return false;
  for (std::int64_t w : upper) if (w != 0) return false;
  return true;
}

void HaloSpec::validate(const Distribution& layout) const {
  const std::size_t ndim = static_cast<std::size_t>(layout.ndim());
  auto fits = [&](std::size_t n) { return n == 0 || n == ndim; };
  if (!fits(lower.size()) || !fits(upper.size()) || !fits(periodic.size())) {
    throw std::invalid_argument("gingham: " + describe() + " must give one entry per axis of a " +
                                std::to_string(ndim) + "-D array");
  }
  for (int axis = 0; axis < layout.ndim(); ++axis) {
    if (lower_width(axis) < 0 || upper_width(axis) < 0) {
      throw std::invalid_argument("gingham: ghost widths must be >= 0, got " + describe());
    }
    if ((lower_width(axis) > 0 || upper_width(axis) > 0) && !layout.axis_map(axis).is_contiguous()) {
      throw std::invalid_argument("gingham: ghost cells need contiguous shards (Block or not distributed), but axis " +
                                  std::to_string(axis) + " is " + layout.axis_layout(axis).describe());
    }
  }
}

std::string HaloSpec::describe() const {
  std::string flags = "(";
  for (std::size_t k = 0; k < periodic.size(); ++k) flags += (k ? ", " : "") + std::string(periodic[k] ? "True" : "False");
  flags += periodic.size() == 1 ? ",)" : ")";
  return "halo(lower=" + format_shape(lower) + ", upper=" + format_shape(upper) + ", periodic=" + flags +
         ", stencil=" + (stencil == Stencil::star ? "star" : "box") + ")";
}

}  // namespace gingham
