#pragma once
/// \file
/// The layout of an elementwise result, chosen from its operands (the rule of apply(BinaryOp), where and
/// Python's broadcast_arrays).

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "gingham/array/array.hpp"
#include "gingham/core/process_grid.hpp"
#include "gingham/distributions/distribution.hpp"

namespace gingham {

/// Local. The layout of an elementwise result of `shape` on `grid` from its array operands (null entries
/// stand for scalars), in order: the first distributed operand (one with an axis spread over a grid axis) of
/// that shape; else, when some operand is distributed, the default layout; else (operands with no
/// distributed axis only) the first operand of that shape, or the default layout. A replicated operand (a
/// host array made replicated) thus never decides over a distributed one, on whichever side it stands.
std::shared_ptr<const Distribution> elementwise_result_layout(const std::vector<std::int64_t>& shape,
                                                              const ProcessGrid& grid,
                                                              std::span<const Array* const> operands);

}  // namespace gingham
