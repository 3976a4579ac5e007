#include "gingham/linalg/matrix_functions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/core/errors.hpp"
#include "gingham/core/format.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/elementwise_functions.hpp"
#include "gingham/kernels/indexing.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/linalg/lu.hpp"
#include "gingham/linalg/matmul.hpp"
#include "gingham/linalg/svd.hpp"

namespace gingham {

namespace {

std::string shape_text(const Array& x) { return format_shape(x.global_shape()); }

void require_matrices(const Array& x, const char* function) {
  if (x.ndim() < 2) {
    throw std::invalid_argument(std::string(function) + ": expected an array of at least 2 dimensions (..., M, N), got shape " +
                                shape_text(x));
  }
}

void require_numeric(const Array& x, const char* function) {
  if (!is_numeric(x.dtype())) {
    throw TypeError(std::string(function) + ": expected a numeric array, got " + std::string(dtype_name(x.dtype())));
  }
}

void require_floating(const Array& x, const char* function) {
  if (!is_floating(x.dtype())) {
    throw TypeError(std::string(function) + ": expected a floating-point array, got " +
                    std::string(dtype_name(x.dtype())) + " (convert with astype first)");
  }
}

void require_same_grid(const Array& x1, const Array& x2, const char* function) {
  require_same_device(function, x1.grid(), x2.grid());
}

/// The 1-D int64 array start, start + 1, ..., start + n - 1 in the default layout, as axis `position`
/// of an array of `ndim` axes (size-1 axes elsewhere: a view).
Array index_key(const ProcessGrid& grid, std::int64_t start, std::int64_t n, int position, int ndim) {
  const Array line = arange(DType::int64, grid, default_layout({n}, grid), Scalar(start), Scalar(std::int64_t{1}));
  std::vector<int> others;
  for (int a = 0; a < ndim; ++a) {
    if (a != position) others.push_back(a);
  }
  return others.empty() ? line : expand_dims(line, others);
}

/// The non-negative axis of x for a negative `axis` that must lie in [-min(x1.ndim, x2.ndim), -1].
void require_negative_axis(const Array& x1, const Array& x2, int axis, const char* function) {
  const int n = std::min(x1.ndim(), x2.ndim());
  if (axis < -n || axis > -1) {
    throw std::invalid_argument(std::string(function) + ": axis must be in [-" + std::to_string(n) + ", -1] for shapes " +
                                shape_text(x1) + " and " + shape_text(x2) + ", got " + std::to_string(axis));
  }
}

Array reduce_axes(Reduction op, const Array& x, std::vector<int> axes, bool keepdims) {
  ReduceOptions options;
  options.axis = std::move(axes);
  options.keepdims = keepdims;
  return reduce(op, x, options);
}

/// max or min of x over `axis` with the caller's message when that axis is empty.
Array extreme(bool largest, const Array& x, int axis, bool keepdims, const char* function, const std::string& what) {
  if (x.global_shape()[axis < 0 ? axis + x.ndim() : axis] == 0) {
    throw std::invalid_argument(std::string(function) + ": " + what + " of an empty set has no value (array of shape " +
                                shape_text(x) + ")");
  }
  return reduce_axes(largest ? Reduction::max : Reduction::min, x, {axis}, keepdims);
}


}  // namespace

Array diagonal(const Array& x, std::int64_t offset) {
  const auto checked = check_call(x.grid().comm(), "diagonal", arg("x", x), arg("offset", offset));
  require_matrices(x, "diagonal");
  const int ndim = x.ndim();
  const std::int64_t m = x.global_shape()[ndim - 2], n = x.global_shape()[ndim - 1];
  const std::int64_t row0 = offset < 0 ? -offset : 0, col0 = offset > 0 ? offset : 0;
  const std::int64_t length = std::max<std::int64_t>(0, std::min(m - row0, n - col0));
  // One key per axis of x: batch axis b is key b (position b), the diagonal's rows and columns share the
  // last position, so the keys broadcast to the result's shape (batch..., length).
  const int result_ndim = ndim - 1;
  std::vector<Array> keys;
  keys.reserve(ndim);
  for (int b = 0; b < ndim - 2; ++b) keys.push_back(index_key(x.grid(), 0, x.global_shape()[b], b, result_ndim));
  keys.push_back(index_key(x.grid(), row0, length, result_ndim - 1, result_ndim));
  keys.push_back(index_key(x.grid(), col0, length, result_ndim - 1, result_ndim));
  return index_arrays(x, keys);
}

Array trace(const Array& x, std::int64_t offset, std::optional<DType> dtype) {
  const auto checked = check_call(x.grid().comm(), "trace", arg("x", x), arg("offset", offset), arg("dtype", dtype));
  require_matrices(x, "trace");
  require_numeric(x, "trace");
  if (dtype) reduction_result_dtype(Reduction::sum, x.dtype(), dtype);  // the dtype check, before any work
  ReduceOptions options;
  options.axis = std::vector<int>{-1};
  options.dtype = dtype;
  return reduce(Reduction::sum, diagonal(x, offset), options);
}

Array outer(const Array& x1, const Array& x2) {
  const auto checked = check_call(x1.grid().comm(), "outer", arg("x1", x1), arg("x2", x2));
  require_same_grid(x1, x2, "outer");
  if (x1.ndim() != 1 || x2.ndim() != 1) {
    throw std::invalid_argument("outer: expected two 1-D arrays, got shapes " + shape_text(x1) + " and " + shape_text(x2));
  }
  require_numeric(x1, "outer");
  require_numeric(x2, "outer");
  const DType dtype = promote_or_throw(x1.dtype(), x2.dtype(), "outer");
  const ProcessGrid& grid = x1.grid();
  const Array result = Array::allocate(dtype, grid, default_layout({x1.global_shape()[0], x2.global_shape()[0]}, grid), {},
                                       /*zero=*/false);
  return apply(BinaryOp::multiply, expand_dims(x1, {1}), expand_dims(x2, {0}), &result);
}

Array cross(const Array& x1, const Array& x2, int axis) {
  const auto checked = check_call(x1.grid().comm(), "cross", arg("x1", x1), arg("x2", x2), arg("axis", axis));
  require_same_grid(x1, x2, "cross");
  require_numeric(x1, "cross");
  require_numeric(x2, "cross");
  promote_or_throw(x1.dtype(), x2.dtype(), "cross");
  require_negative_axis(x1, x2, axis, "cross");
  const std::int64_t e1 = x1.global_shape()[x1.ndim() + axis], e2 = x2.global_shape()[x2.ndim() + axis];
  if (e1 != 3 || e2 != 3) {
    throw std::invalid_argument("cross: expected 3 elements along axis " + std::to_string(axis) + ", got shapes " +
                                shape_text(x1) + " and " + shape_text(x2));
  }
  try {
    broadcast_shapes(x1.global_shape(), x2.global_shape());
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("cross: shapes " + shape_text(x1) + " and " + shape_text(x2) +
                                " do not broadcast along the axes other than " + std::to_string(axis));
  }
  // (a x b)_i = a_{i+1} b_{i+2} - a_{i+2} b_{i+1}, indices modulo 3.
  const Array a1 = take(x1, {1, 2, 0}, x1.ndim() + axis), a2 = take(x1, {2, 0, 1}, x1.ndim() + axis);
  const Array b1 = take(x2, {1, 2, 0}, x2.ndim() + axis), b2 = take(x2, {2, 0, 1}, x2.ndim() + axis);
  return subtract(multiply(a1, b2), multiply(a2, b1));
}

Array vector_norm(const Array& x, const std::optional<std::vector<int>>& axis, bool keepdims, double ord) {
  const auto checked = check_call(x.grid().comm(), "vector_norm", arg("x", x), arg("axis", axis),
                                  arg("keepdims", keepdims), arg("ord", ord));
  require_floating(x, "vector_norm");
  if (std::isnan(ord)) throw std::invalid_argument("vector_norm: ord must be a number, got nan");
  const std::vector<int> axes = normalize_axes(axis, x.ndim(), "vector_norm");
  const DType real = real_dtype(x.dtype());
  if (ord == 0) {
    return astype(reduce_axes(Reduction::count_nonzero, x, axes, keepdims), real);
  }
  if (ord == 2) return sqrt(sum_of_squares(x, axes, keepdims));  // one pass, no temporary
  const Array magnitude = abs(x);
  if (std::isinf(ord)) {
    std::int64_t count = 1;
    for (int a : axes) count *= x.global_shape()[a];
    if (count == 0) {
      throw std::invalid_argument(std::string("vector_norm: ord=") + (ord > 0 ? "inf" : "-inf") +
                                  " over no elements (shape " + shape_text(x) + ") has no value");
    }
    return reduce_axes(ord > 0 ? Reduction::max : Reduction::min, magnitude, axes, keepdims);
  }
  if (ord == 1) return reduce_axes(Reduction::sum, magnitude, axes, keepdims);
  const Array powers = pow(magnitude, Scalar(ord));
  return pow(reduce_axes(Reduction::sum, powers, axes, keepdims), Scalar(1.0 / ord));
}

std::optional<MatrixNormOrder> matrix_norm_order(std::string_view name) noexcept {
  for (MatrixNormOrder ord : {MatrixNormOrder::fro, MatrixNormOrder::nuc, MatrixNormOrder::one, MatrixNormOrder::minus_one,
                              MatrixNormOrder::two, MatrixNormOrder::minus_two, MatrixNormOrder::inf,
                              MatrixNormOrder::minus_inf}) {
    if (matrix_norm_order_name(ord) == name) return ord;
  }
  return std::nullopt;
}

std::string_view matrix_norm_order_name(MatrixNormOrder ord) noexcept {
  switch (ord) {
    case MatrixNormOrder::fro: return "fro";
    case MatrixNormOrder::nuc: return "nuc";
    case MatrixNormOrder::one: return "1";
    case MatrixNormOrder::minus_one: return "-1";
    case MatrixNormOrder::two: return "2";
    case MatrixNormOrder::minus_two: return "-2";
    case MatrixNormOrder::inf: return "inf";
    case MatrixNormOrder::minus_inf: return "-inf";
  }
  return "?";
}

Array matrix_norm(const Array& x, bool keepdims, MatrixNormOrder ord) {
  const auto checked = check_call(x.grid().comm(), "matrix_norm", arg("x", x), arg("keepdims", keepdims),
                                  arg("ord", ord));
  require_matrices(x, "matrix_norm");
  require_floating(x, "matrix_norm");
  switch (ord) {
    case MatrixNormOrder::fro:
      return vector_norm(x, std::vector<int>{-2, -1}, keepdims, 2.0);
    case MatrixNormOrder::one:
    case MatrixNormOrder::minus_one: {
      // Column sums (over the rows, axis -2), then the extreme column: the result's last axis either way.
      const Array sums = reduce_axes(Reduction::sum, abs(x), {-2}, keepdims);
      return extreme(ord == MatrixNormOrder::one, sums, -1, keepdims, "matrix_norm", "the largest column sum");
    }
    case MatrixNormOrder::inf:
    case MatrixNormOrder::minus_inf: {
      // Row sums (over the columns, axis -1), then the extreme row: axis -2 with keepdims, else -1.
      const Array sums = reduce_axes(Reduction::sum, abs(x), {-1}, keepdims);
      return extreme(ord == MatrixNormOrder::inf, sums, keepdims ? -2 : -1, keepdims, "matrix_norm",
                     "the largest row sum");
    }
    case MatrixNormOrder::nuc:
    case MatrixNormOrder::two:
    case MatrixNormOrder::minus_two: {
      const Array s = svdvals(x);
      Array r = ord == MatrixNormOrder::nuc
                    ? reduce_axes(Reduction::sum, s, {-1}, keepdims)
                    : extreme(ord == MatrixNormOrder::two, s, -1, keepdims, "matrix_norm", "the largest singular value");
      return keepdims ? expand_dims(r, {r.ndim()}) : r;
    }
  }
  throw std::invalid_argument("matrix_norm: unknown order");
}

Array matrix_power(const Array& x, std::int64_t n) {
  const auto checked = check_call(x.grid().comm(), "matrix_power", arg("x", x), arg("n", n));
  require_matrices(x, "matrix_power");
  const std::int64_t m = x.global_shape()[x.ndim() - 2];
  if (x.global_shape()[x.ndim() - 1] != m) {
    throw std::invalid_argument("matrix_power: expected square matrices (..., M, M), got shape " + shape_text(x));
  }
  require_floating(x, "matrix_power");
  if (n < 0) return matrix_power(inv(x), -n);  // LinAlgError (every rank) for a singular matrix
  if (n == 0) {
    const Array identity = eye(x.dtype(), x.grid(), default_layout({m, m}, x.grid()), 0);
    return broadcast_to(identity, x.grid(), x.layout());
  }
  if (n == 1) return apply(UnaryOp::positive, x);
  // x^n = prod over the set bits b of n of x^(2^b).
  std::optional<Array> result;
  Array square = x;
  for (std::int64_t rest = n;;) {
    if (rest & 1) result = result ? matmul(*result, square) : square;
    rest >>= 1;
    if (rest == 0) break;
    square = matmul(square, square);
  }
  return *result;
}

Array vecdot(const Array& x1, const Array& x2, int axis) {
  const auto checked = check_call(x1.grid().comm(), "vecdot", arg("x1", x1), arg("x2", x2), arg("axis", axis));
  require_same_grid(x1, x2, "vecdot");
  require_numeric(x1, "vecdot");
  require_numeric(x2, "vecdot");
  const DType dtype = promote_or_throw(x1.dtype(), x2.dtype(), "vecdot");
  require_negative_axis(x1, x2, axis, "vecdot");
  if (x1.global_shape()[x1.ndim() + axis] != x2.global_shape()[x2.ndim() + axis]) {
    throw std::invalid_argument("vecdot: shapes " + shape_text(x1) + " and " + shape_text(x2) + " have " +
                                std::to_string(x1.global_shape()[x1.ndim() + axis]) + " and " +
                                std::to_string(x2.global_shape()[x2.ndim() + axis]) + " elements along axis " +
                                std::to_string(axis));
  }
  const Array product = multiply(is_complex_floating(x1.dtype()) ? conj(x1) : x1, x2);
  ReduceOptions options;
  options.axis = std::vector<int>{axis};
  options.dtype = dtype;
  return reduce(Reduction::sum, product, options);
}

namespace {

std::vector<int> contracted_axes(const std::vector<int>& axes, const Array& x, const char* which) {
  std::vector<int> out;
  std::vector<char> seen(x.ndim(), 0);
  for (int a : axes) {
    if (a < -x.ndim() || a >= x.ndim()) {
      throw std::invalid_argument("tensordot: axis " + std::to_string(a) + " is out of range for " + which + " of " +
                                  std::to_string(x.ndim()) + " dimensions");
    }
    const int axis = a < 0 ? a + x.ndim() : a;
    if (seen[axis]) throw std::invalid_argument("tensordot: repeated axis " + std::to_string(a) + " for " + which);
    seen[axis] = 1;
    out.push_back(axis);
  }
  return out;
}

/// x permuted to `order` and reshaped to (rows, cols), each step skipped when it changes nothing.
Array as_matrix(const Array& x, const std::vector<int>& order, std::int64_t rows, std::int64_t cols) {
  bool identity = true;
  for (int a = 0; a < x.ndim(); ++a) identity = identity && order[a] == a;
  const Array permuted = identity ? x : permute_dims(x, order);
  const std::vector<std::int64_t> shape{rows, cols};
  return permuted.global_shape() == shape ? permuted : reshape(permuted, shape);
}

}  // namespace

Array tensordot(const Array& x1, const Array& x2, const std::vector<int>& x1_axes, const std::vector<int>& x2_axes) {
  const auto checked = check_call(x1.grid().comm(), "tensordot", arg("x1", x1), arg("x2", x2), arg("x1_axes", x1_axes),
                                  arg("x2_axes", x2_axes));
  if (x1_axes.size() != x2_axes.size()) {
    throw std::invalid_argument("tensordot: " + std::to_string(x1_axes.size()) + " axes of x1 but " +
                                std::to_string(x2_axes.size()) + " of x2");
  }
  const std::vector<int> first = contracted_axes(x1_axes, x1, "x1"), second = contracted_axes(x2_axes, x2, "x2");
  std::int64_t contracted = 1;
  for (std::size_t k = 0; k < first.size(); ++k) {
    const std::int64_t e1 = x1.global_shape()[first[k]], e2 = x2.global_shape()[second[k]];
    if (e1 != e2) {
      throw std::invalid_argument("tensordot: axis " + std::to_string(first[k]) + " of x1 " + shape_text(x1) + " has " +
                                  std::to_string(e1) + " elements, axis " + std::to_string(second[k]) + " of x2 " +
                                  shape_text(x2) + " has " + std::to_string(e2));
    }
    contracted *= e1;
  }
  // x1 as (free1..., first...) -> (M, K); x2 as (second..., free2...) -> (K, N).
  std::vector<int> order1, order2 = second;
  std::vector<std::int64_t> result_shape;
  std::int64_t rows = 1, cols = 1;
  for (int a = 0; a < x1.ndim(); ++a) {
    if (std::find(first.begin(), first.end(), a) == first.end()) {
      order1.push_back(a), result_shape.push_back(x1.global_shape()[a]), rows *= x1.global_shape()[a];
    }
  }
  order1.insert(order1.end(), first.begin(), first.end());
  for (int b = 0; b < x2.ndim(); ++b) {
    if (std::find(second.begin(), second.end(), b) == second.end()) {
      order2.push_back(b), result_shape.push_back(x2.global_shape()[b]), cols *= x2.global_shape()[b];
    }
  }
  const Array product = matmul(as_matrix(x1, order1, rows, contracted), as_matrix(x2, order2, contracted, cols));
  return product.global_shape() == result_shape ? product : reshape(product, result_shape);
}

Array tensordot(const Array& x1, const Array& x2, int count) {
  const auto checked = check_call(x1.grid().comm(), "tensordot", arg("x1", x1), arg("x2", x2), arg("count", count));
  if (count < 0 || count > std::min(x1.ndim(), x2.ndim())) {
    throw std::invalid_argument("tensordot: axes=" + std::to_string(count) + " must be in [0, " +
                                std::to_string(std::min(x1.ndim(), x2.ndim())) + "] for shapes " + shape_text(x1) +
                                " and " + shape_text(x2));
  }
  std::vector<int> first, second;
  for (int k = 0; k < count; ++k) first.push_back(x1.ndim() - count + k), second.push_back(k);
  return tensordot(x1, x2, first, second);
}

Array matrix_transpose(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "matrix_transpose", arg("x", x));
  require_matrices(x, "matrix_transpose");
  std::vector<int> axes(x.ndim());
  for (int a = 0; a < x.ndim(); ++a) axes[a] = a;
  std::swap(axes[x.ndim() - 2], axes[x.ndim() - 1]);
  return permute_dims(x, axes);
}

}  // namespace gingham
