#pragma once
/// \file
/// matmul_assign: the in-place matrix product x @= y (Python's Array.__imatmul__).

#include "gingham/array/array.hpp"
#include "gingham/array/dist_array.hpp"

namespace gingham {

/// Collective over x.grid().comm(). x @= y: matmul(x, y) (matmul.hpp) written into x's memory, in x's
/// layout (one redistribution of the product into x's shard through a plan; ghost cells untouched), with
/// the standard's rules for in-place operators: the product must have x's shape and dtype, so y is a
/// square matrix (or a stack of them broadcasting against x's). Cost: matmul's, plus the redistribution
/// (the product's size in bytes sent and received in total at most). Throws, on every rank alike:
/// gingham::TypeError when x's and y's dtypes do not promote or promote to another dtype than x's;
/// std::invalid_argument for a 0-D operand, a y that is not a square matrix or stack, or a product of
/// another shape than x's; and as matmul does.
void matmul_assign(const Array& x, const Array& y);

/// Collective over x.grid().comm(). The typed matmul_assign (see above).
template <class T>
void matmul_assign(const DistArray<T>& x, const DistArray<T>& y) {
  matmul_assign(x.array(), y.array());
}

}  // namespace gingham
