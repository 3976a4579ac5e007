#pragma once
/// \file
/// A Distribution as a flat list of integers, for sending a layout to ranks that cannot build it
/// themselves (ranks outside a sub-communicator's grid, before a move between communicators).

#include <cstdint>
#include <span>
#include <vector>

#include "gingham/distributions/distribution.hpp"

namespace gingham {

/// Local. `layout` as integers: decode_distribution(encode_distribution(d)) == d. Cost: O(ndim + grid ndim).
std::vector<std::int64_t> encode_distribution(const Distribution& layout);

/// Local. The Distribution `code` describes. Throws std::invalid_argument when `code` is not the output of
/// encode_distribution (wrong length, an unknown axis kind, or values the Distribution constructor refuses).
Distribution decode_distribution(std::span<const std::int64_t> code);

}  // namespace gingham
