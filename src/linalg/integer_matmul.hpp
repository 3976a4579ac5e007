#pragma once
// The matrix product of integer matrices (internal; PBLAS multiplies floating-point matrices only).

#include "gingham/array/array.hpp"

namespace gingham::linalg_detail {

/// Collective over a.grid().comm(). a @ b for 2-D integer arrays of one dtype, wrapping modulo 2^bits as
/// NumPy's integer matmul does. SUMMA on the redistribution engine: the result has the default layout of
/// (m, n); for each panel of at most about 4 MiB of columns of a (rows of b), a's panel is moved to the
/// result's row layout (not distributed along its columns) and b's to the result's column layout, and each
/// rank adds the product of its two panel shards into its result shard (a local triple loop). Traffic: a
/// once per grid column of the result and b once per grid row (all of b to every rank on a 1-D grid, as
/// the rows of a 1-D layout need it); peak extra memory per rank: the result shard and one panel of each.
Array integer_matmul(const Array& a, const Array& b);

}  // namespace gingham::linalg_detail
