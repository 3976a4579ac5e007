#include "gingham/linalg/matmul.hpp"

#include <mpi.h>

#include <complex>
#include <optional>
#include <type_traits>
#include <stdexcept>
#include <string>
#include <utility>

#include "gingham/array/call_arguments.hpp"
#include "gingham/array/promotion.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/core/format.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/distributions/derived.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "batched.hpp"
#include "integer_matmul.hpp"
#include "imports/scalapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham {

namespace {

using linalg_detail::batch_of;
using linalg_detail::data_of;
using linalg_detail::in_place_everywhere;

// ---- Checks every rank makes alike -------------------------------------------------------------------

/// The result dtype; throws the standard's exceptions for bad operands (every rank sees the same).
DType check_operands(const Array& x1, const Array& x2) {
  require_same_device("matmul", x1.grid(), x2.grid());
  if (!is_numeric(x1.dtype()) || !is_numeric(x2.dtype())) {
    throw TypeError("matmul: expected numeric arrays, got " + std::string(dtype_name(x1.dtype())) + " and " +
                    std::string(dtype_name(x2.dtype())));
  }
  if (x1.ndim() == 0 || x2.ndim() == 0) {
    throw std::invalid_argument("matmul: expected arrays of at least one dimension, got shapes " +
                                format_shape(x1.global_shape()) + " and " + format_shape(x2.global_shape()));
  }
  const std::int64_t k1 = x1.global_shape().back();
  const std::int64_t k2 = x2.ndim() == 1 ? x2.global_shape()[0] : x2.global_shape()[x2.ndim() - 2];
  if (k1 != k2) {
    throw std::invalid_argument("matmul: shapes " + format_shape(x1.global_shape()) + " and " +
                                format_shape(x2.global_shape()) + " are not aligned: x1's last axis has " +
                                std::to_string(k1) + " elements, x2's " +
                                (x2.ndim() == 1 ? "only axis" : "second-to-last axis") + " has " + std::to_string(k2));
  }
  if (x1.ndim() > 2 || x2.ndim() > 2) {
    const std::vector<std::int64_t> b1 = x1.ndim() > 2 ? batch_of(x1.global_shape()) : std::vector<std::int64_t>{};
    const std::vector<std::int64_t> b2 = x2.ndim() > 2 ? batch_of(x2.global_shape()) : std::vector<std::int64_t>{};
    try {
      broadcast_shapes(b1, b2);
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument("matmul: the stack shapes " + format_shape(b1) + " and " + format_shape(b2) +
                                  " of operands " + format_shape(x1.global_shape()) + " and " +
                                  format_shape(x2.global_shape()) + " do not broadcast");
    }
  }
  const DType result = promote_or_throw(x1.dtype(), x2.dtype(), "matmul");
  return result;
}

// ---- The in-place rule, agreed ---------------------------------------------------------------------

/// C = A B for 2-D A (m x k) and B (k x n) of one floating dtype on one grid, k matching.
Array matmul_2d(Array a, Array b) {
  if (is_integer(a.dtype())) return linalg_detail::integer_matmul(a, b);
  const ProcessGrid& grid = a.grid();
  const std::vector<int>& dims = grid.dims();
  const std::int64_t m = a.global_shape()[0], k = a.global_shape()[1], n = b.global_shape()[1];

  // Which operands stay where they are, and the BLACS view all three share.
  const bool a_in_place = in_place_everywhere(a), b_in_place = in_place_everywhere(b);
  std::optional<ScalapackView> va, vb;
  if (a_in_place) va = scalapack_view(a.distribution());
  if (b_in_place) vb = scalapack_view(b.distribution());
  auto same_axes = [](const ScalapackView& x, const ScalapackView& y) {
    return x.row_axis == y.row_axis && x.col_axis == y.col_axis;
  };
  ScalapackView view;
  if (va && vb && same_axes(*va, *vb)) {
    view = *va;
  } else if (va && vb) {  // both usable, in different views: move the smaller one
    if (b.global_size() <= a.global_size()) vb.reset();
    else va.reset();
    view = va ? *va : *vb;
  } else if (va || vb) {
    view = va ? *va : *vb;
  } else {
    view = default_scalapack_view(dims);
  }
  if (!va || !same_axes(*va, view)) {
    a = redistribute(a, scalapack_layout(a.global_shape(), dims, view));
    va = scalapack_view(a.distribution());
  }
  if (!vb || !same_axes(*vb, view)) {
    b = redistribute(b, scalapack_layout(b.global_shape(), dims, view));
    vb = scalapack_view(b.distribution());
  }

  // The result: stored row-major (the transposed problem C^T = B^T A^T) when A is, else column-major.
  const bool c_row_major = va->transposed;
  const int c_axis0 = c_row_major ? view.col_axis : view.row_axis;  // grid axis of C's rows (m)
  const int c_axis1 = c_row_major ? view.row_axis : view.col_axis;  // grid axis of C's columns (n)
  auto c_layout = std::make_shared<const Distribution>(derived::product_layout(
      a.distribution(), b.distribution(), c_axis0, c_axis1,
      c_row_major ? StorageOrder::row_major : StorageOrder::column_major, scalapack_default_block));
  const bool empty_product = m == 0 || n == 0 || k == 0;
  Array c = Array::allocate(a.dtype(), grid, c_layout, {}, /*zero=*/empty_product);
  if (empty_product || !grid.contains_this_rank()) return c;  // k = 0: C = 0; PBLAS is not called

  const BlacsGrid blacs = BlacsGrid::of(grid, view.row_axis, view.col_axis);
  const ScalapackDescriptor da = make_descriptor(a.distribution(), a.local(), blacs);
  const ScalapackDescriptor db = make_descriptor(b.distribution(), b.local(), blacs);
  const ScalapackDescriptor dc = make_descriptor(c.distribution(), c.local(), blacs);
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (linalg_detail::is_scalapack_type<T>) {
      T dummy[1] = {};
      const T* pa = data_of(a, dummy[0]);
      const T* pb = data_of(b, dummy[0]);
      T* pc = data_of(c, dummy[0]);
      // op(S) for each stored matrix S (S = X^T for a row-major shard): 'N' when S already is the factor.
      if (c_row_major) {  // C^T (n x m) = B^T (n x k) A^T (k x m)
        const char* tb = vb->transposed ? "N" : "T";
        const char* ta = va->transposed ? "N" : "T";
        linalg_detail::scalapack::gemm(tb, ta, static_cast<int>(n), static_cast<int>(m), static_cast<int>(k), T(1), pb,
                                       db.data(), pa, da.data(), T(0), pc, dc.data());
      } else {            // C (m x n) = A (m x k) B (k x n)
        const char* ta = va->transposed ? "T" : "N";
        const char* tb = vb->transposed ? "T" : "N";
        linalg_detail::scalapack::gemm(ta, tb, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), T(1), pa,
                                       da.data(), pb, db.data(), T(0), pc, dc.data());
      }
    } else {
      throw std::logic_error("gingham::matmul: no PBLAS product for " + std::string(dtype_name(a.dtype())));
    }
  });
  return c;
}

Array matmul_stack(const Array& a, const Array& b) {
  const std::vector<std::int64_t> batch = broadcast_shapes(batch_of(a.global_shape()), batch_of(b.global_shape()));
  const std::int64_t m = a.global_shape()[a.ndim() - 2], n = b.global_shape().back();
  if (is_floating(a.dtype()) && linalg_detail::takes_batched_path(batch, {m, a.global_shape().back(), n})) {
    return linalg_detail::batched_matmul(a, b);
  }
  const std::int64_t count = linalg_detail::stack_count(batch);
  // Each matrix of each operand is moved to the default ScaLAPACK layout of the grid (one redistribution).
  const std::vector<int>& dims = a.grid().dims();
  const ScalapackView view = default_scalapack_view(dims);
  std::vector<Array> pieces;
  pieces.reserve(static_cast<std::size_t>(count));
  std::vector<std::int64_t> index(batch.size(), 0);
  for (std::int64_t j = 0; j < count; ++j, linalg_detail::next_stack_index(index, batch)) {
    const std::int64_t k = a.global_shape().back();
    pieces.push_back(matmul_2d(linalg_detail::matrix_copy(a, index, scalapack_layout({m, k}, dims, view)),
                               linalg_detail::matrix_copy(b, index, scalapack_layout({k, n}, dims, view))));
  }
  return linalg_detail::join_stack(pieces, batch, {m, n}, a.dtype(), a.grid());
}

}  // namespace

ScalapackView default_scalapack_view(const std::vector<int>& grid_dims) {
  std::vector<int> spread;
  for (int axis = 0; axis < static_cast<int>(grid_dims.size()); ++axis) {
    if (grid_dims[axis] > 1) spread.push_back(axis);
  }
  if (spread.size() > 2) {
    throw NotImplementedError("matmul: the grid " + format_shape(grid_dims) + " has " + std::to_string(spread.size()) +
                              " axes of extent > 1, and ScaLAPACK needs a 2-D process grid; move the arrays to a grid "
                              "with at most two such axes (to_device)");
  }
  if (spread.empty()) return {true, -1, -1};
  if (spread.size() == 1) return {true, -1, spread[0]};  // 1 x P: 1xP beats Px1 for PDGEMM on few ranks
  return {true, spread[0], spread[1]};
}

std::shared_ptr<const Distribution> scalapack_layout(const std::vector<std::int64_t>& global_shape,
                                                     const std::vector<int>& grid_dims, const ScalapackView& view,
                                                     StorageOrder order, std::int64_t block) {
  return std::make_shared<const Distribution>(
      derived::scalapack_layout(global_shape, grid_dims, view.row_axis, view.col_axis, order, block));
}

Array matmul(const Array& x1, const Array& x2) {
  const auto checked = check_call(x1.grid().comm(), "matmul", arg("x1", x1), arg("x2", x2));
  const DType dtype = check_operands(x1, x2);
  Array a = x1.dtype() == dtype ? x1 : astype(x1, dtype);
  Array b = x2.dtype() == dtype ? x2 : astype(x2, dtype);
  const bool row_vector = a.ndim() == 1, column_vector = b.ndim() == 1;
  if (row_vector) a = expand_dims(a, {0});   // (k,) -> (1, k): a view
  if (column_vector) b = expand_dims(b, {1});  // (k,) -> (k, 1): a view
  Array c = a.ndim() == 2 && b.ndim() == 2 ? matmul_2d(a, b) : matmul_stack(a, b);
  std::vector<int> added;
  if (row_vector) added.push_back(c.ndim() - 2);
  if (column_vector) added.push_back(c.ndim() - 1);
  if (added.empty()) return c;
  // vector @ matrix: the product's one row lay on one BLACS process column, so squeezing it copies the
  // vector to every rank; squeeze_spread spreads it as the default layout instead.
  return linalg_detail::squeeze_spread(c, added);
}

}  // namespace gingham
