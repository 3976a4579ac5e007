#pragma once
// Stacks of matrices in src/linalg/ (private: not installed): arrays of more than two axes are handled
// as a loop over their matrices, each computed on its own working copy, and the per-matrix results
// joined along new leading (batch) axes.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "gingham/array/array.hpp"
#include "work_matrix.hpp"

namespace gingham::linalg_detail {

/// Local. The stack (batch) axes of a shape: all but the last two.
std::vector<std::int64_t> batch_of(const std::vector<std::int64_t>& shape);

/// Local. The number of matrices in a stack of shape `batch`.
std::int64_t stack_count(const std::vector<std::int64_t>& batch);

/// Local. Steps `index` (a multi-index into `batch`) to the next matrix in row-major order.
void next_stack_index(std::vector<std::int64_t>& index, const std::vector<std::int64_t>& batch);

/// Local. " (matrix (i, j) of the stack)" for a stack index, "" for none: for error messages.
std::string stack_suffix(const std::vector<std::int64_t>& index);

/// Collective over the pieces' communicator. The matrices (or vectors, or 0-D arrays) `pieces`, one per
/// matrix of a stack of shape `batch` (non-empty) in row-major order, joined into one array of shape
/// batch + piece_shape (expand_dims, concat along axis 0, and a reshape when the stack has several
/// axes). An empty stack gives an empty array of dtype `dtype` in the default layout.
Array join_stack(const std::vector<Array>& pieces, const std::vector<std::int64_t>& batch,
                 const std::vector<std::int64_t>& piece_shape, DType dtype, const ProcessGrid& grid);

/// The dtype and per-matrix shape of one result of a routine applied over a stack.
using PieceShape = std::pair<DType, std::vector<std::int64_t>>;

/// Collective over x.grid().comm(). Applies `one_matrix` to every matrix of x (2-D: x itself; more axes:
/// a stack), each given as its working copy in `where` (work_layout(x, ...)) with its stack index
/// ({} for a 2-D x), and returns the results, each moved to x's grid when the copy lived on fewer ranks
/// (to_home_grid): for a 2-D x one_matrix's own, for a stack each result j
/// joined over the stack (join_stack) to shape batch + pieces[j]'s shape. `pieces` names the results'
/// dtypes and per-matrix shapes (used for empty stacks and for the joined shapes).
std::vector<Array> over_stack(const Array& x, const WorkLayout& where,
                              const std::function<std::vector<Array>(const WorkMatrix&,
                                                                     const std::vector<std::int64_t>&)>& one_matrix,
                              const std::vector<PieceShape>& pieces);

/// Collective over c.grid().comm(). c with the axes `axes` (of extent 1) removed; a 1-D result that the
/// squeeze left replicated (its one row or column lay on one process) is spread in the default layout
/// (local: each rank keeps its part).
Array squeeze_spread(const Array& c, const std::vector<int>& axes);

}  // namespace gingham::linalg_detail
