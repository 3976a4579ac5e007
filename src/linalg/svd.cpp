// svd and svdvals on P?GESVD; pinv and matrix_rank built on them.
#include <optional>
#include <stdexcept>
#include <string>

#include "gingham/array/promotion.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/array/redistribute.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/manipulation.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/linalg/matmul.hpp"
#include "gingham/linalg/qr.hpp"
#include "gingham/linalg/svd.hpp"
#include "imports/scalapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham {

namespace {

using namespace linalg_detail;

/// {S} or {U, S, Vh} (thin) of one working matrix, which is overwritten. S = X: U and VT are written as
/// X's U (m x k) and Vh (k x n), column-major. S = X^T = U' S V'^H: X = conj(V') S U'^T, so P?GESVD's U'
/// (n x k) goes into a row-major (k x n) array, which is X's Vh, and its VT' = V'^H (k x m) into a
/// row-major (m x k) array, which is conj(V') = X's U: no extra pass.
std::vector<Array> svd_matrix(const WorkMatrix& w, bool vectors) {
  const Array& a = w.array;
  const ProcessGrid& grid = a.grid();
  const std::int64_t m = a.global_shape()[0], n = a.global_shape()[1], k = std::min(m, n);
  const bool t = w.view.transposed;
  const std::int64_t ms = t ? n : m, ns = t ? m : n;  // S's extents
  const StorageOrder order = a.distribution().storage_order();
  std::optional<Array> u_slot, vt_slot, values;
  if (vectors) {
    u_slot = allocate_in_view(a.dtype(), w, t ? std::vector<std::int64_t>{k, n} : std::vector<std::int64_t>{m, k}, order);
    vt_slot = allocate_in_view(a.dtype(), w, t ? std::vector<std::int64_t>{m, k} : std::vector<std::int64_t>{k, n}, order);
  }
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      using R = decltype(std::real(T{}));
      std::vector<R> s(static_cast<std::size_t>(std::max<std::int64_t>(1, k)));
      const bool on_grid = grid.contains_this_rank() && k > 0;
      T dummy{};
      std::optional<ScalapackDescriptor> da, du, dvt;
      T *pu = nullptr, *pvt = nullptr;
      if (on_grid) {
        da = w.descriptor();
        du = vectors ? w.descriptor_of(*u_slot) : *da;
        dvt = vectors ? w.descriptor_of(*vt_slot) : *da;
        pu = vectors ? data_of(*u_slot, dummy) : data_of(a, dummy);
        pvt = vectors ? data_of(*vt_slot, dummy) : data_of(a, dummy);
      }
      const char* job = vectors ? "V" : "N";
      std::vector<R> rwork = agreed_buffer<R>(grid, on_grid ? 1 + 4 * std::max(ms, ns) : 1);
      call_with_workspace<T>(grid, on_grid, vectors ? "svd" : "svdvals", "P?GESVD",
                             "did not converge (or found the singular values differ between processes)",
                             [&](T* work, int lwork, int* info) {
                               scalapack::gesvd(job, job, int(ms), int(ns), data_of(a, dummy), da->data(), s.data(),
                                                pu, du->data(), pvt, dvt->data(), work, lwork, rwork.data(), info);
                             });
      values = vector_from_replicated(real_dtype(a.dtype()), grid, s.data(), k);
    } else {
      throw std::logic_error("gingham::svd: no ScaLAPACK routine for " + std::string(dtype_name(a.dtype())));
    }
  });
  if (!vectors) return {*values};
  return {t ? *vt_slot : *u_slot, *values, t ? *u_slot : *vt_slot};
}

/// Columns [first, first + count) of the 2-D array x, in the default layout (one redistribution).
Array columns_of(const Array& x, std::int64_t first, std::int64_t count) {
  const std::int64_t rows = x.global_shape()[0];
  IndexMap map(x.global_shape(), {{0, 0, 1, rows}, {1, first, 1, count}}, {});
  return redistribute(x, default_layout({rows, count}, x.grid()), std::move(map));
}

Array conj_if_complex(const Array& x) { return is_complex_floating(x.dtype()) ? apply(*unary_op("conj"), x) : x; }

/// The thin factor u (rows x k, orthonormal columns, rows > k) completed to a square unitary: its own k
/// columns followed by the last rows - k columns of a complete QR of it (orthonormal, and orthogonal to
/// u's range since Q's first k columns span it).
Array complete_columns(const Array& u) {
  const std::int64_t rows = u.global_shape()[0], k = u.global_shape()[1];
  const Array q = qr(u, "complete").q;
  return concat({u, columns_of(q, k, rows - k)}, 1);
}

std::vector<Array> full_factors(std::vector<Array> usv) {
  const Array& u = usv[0];
  const Array& vh = usv[2];
  const std::int64_t m = u.global_shape()[0], n = vh.global_shape()[1], k = u.global_shape()[1];
  if (m > k) usv[0] = complete_columns(u);
  if (n > k) {  // Vh's rows completed: V = Vh^H (n x k) completed as columns, then Vh = V^H
    const Array v = conj_if_complex(permute_dims(vh, {1, 0}));
    usv[2] = conj_if_complex(permute_dims(complete_columns(v), {1, 0}));
  }
  return usv;
}

std::vector<Array> svd_one(const WorkMatrix& w, bool full_matrices) {
  std::vector<Array> usv = svd_matrix(w, true);
  return full_matrices ? full_factors(std::move(usv)) : usv;
}

double default_rtol(const Array& x) {
  const std::int64_t m = x.global_shape()[x.ndim() - 2], n = x.global_shape()[x.ndim() - 1];
  return static_cast<double>(std::max(m, n)) * epsilon_of(x.dtype());
}

/// s > rtol * max(s) along the last axis of the singular values s (batch..., k), k > 0.
Array above_cutoff(const Array& s, double rtol) {
  ReduceOptions options;
  options.axis = std::vector<int>{-1};
  options.keepdims = true;
  const Array largest = reduce(*reduction_named("max"), s, options);
  const Array cutoff = apply(*binary_op("multiply"), largest, Scalar(rtol));
  return apply(*binary_op("greater"), s, cutoff);
}


/// The working layout: any storage order (the user's, so the copy can be local) unless the matrix
/// is a single row or column, which is worked on as a column S (M x 1, the order that makes S = X or X^T
/// tall). P?GESVD's path for M < N (a lower bidiagonal) returns singular values that differ between
/// processes (INFO = min(M, N) + 1) for S of 1 x 2 on any BLACS grid with more than one process column
/// (measured with ScaLAPACK 2.2.1 at 2-4 ranks, every block size); 2 x 1 is exact. Moving a vector costs
/// next to nothing, so every k = 1 matrix takes that path.
WorkLayout svd_layout(const Array& x, const char* function) {
  const std::int64_t m = x.global_shape()[x.ndim() - 2], n = x.global_shape()[x.ndim() - 1];
  WorkNeeds needs;
  needs.finite_for = function;
  needs.zero_source = true;
  if (std::min(m, n) == 1) needs.order = m >= n ? StorageOrder::column_major : StorageOrder::row_major;
  return work_layout(x, needs);
}

}  // namespace

SvdResult<Array> svd(const Array& x, bool full_matrices) {
  const auto checked = check_call(x.grid().comm(), "svd", arg("x", x), arg("full_matrices", full_matrices));
  require_floating_matrices(x, "svd", false);
  const std::int64_t m = x.global_shape()[x.ndim() - 2], n = x.global_shape()[x.ndim() - 1], k = std::min(m, n);
  const std::int64_t ucols = full_matrices ? m : k, vrows = full_matrices ? n : k;
  const std::vector<Array> usv =
      over_stack(x, svd_layout(x, "svd"),
                 [&](const WorkMatrix& w, const std::vector<std::int64_t>&) { return svd_one(w, full_matrices); },
                 {{x.dtype(), {m, ucols}}, {real_dtype(x.dtype()), {k}}, {x.dtype(), {vrows, n}}});
  return {usv[0], usv[1], usv[2]};
}

Array svdvals(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "svdvals", arg("x", x));
  require_floating_matrices(x, "svdvals", false);
  const std::int64_t k = std::min(x.global_shape()[x.ndim() - 2], x.global_shape()[x.ndim() - 1]);
  return over_stack(x, svd_layout(x, "svdvals"),
                    [](const WorkMatrix& w, const std::vector<std::int64_t>&) { return svd_matrix(w, false); },
                    {{real_dtype(x.dtype()), {k}}})
      .front();
}

Array pinv(const Array& x, std::optional<double> rtol) {
  const auto checked = check_call(x.grid().comm(), "pinv", arg("x", x), arg("rtol", rtol));
  require_floating_matrices(x, "pinv", false);
  const int nd = x.ndim();
  std::vector<int> swap(static_cast<std::size_t>(nd));
  for (int axis = 0; axis < nd; ++axis) swap[axis] = axis;
  std::swap(swap[nd - 2], swap[nd - 1]);
  const std::int64_t m = x.global_shape()[nd - 2], n = x.global_shape()[nd - 1];
  if (std::min(m, n) == 0) {
    std::vector<std::int64_t> shape = x.global_shape();
    std::swap(shape[nd - 2], shape[nd - 1]);
    return Array::allocate(x.dtype(), x.grid(), default_layout(shape, x.grid()), {}, true);
  }
  const auto [u, s, vh] = svd(x, false);
  // 1 / s where s > cutoff, else 0; then pinv = (conj(Vh)^T * s_inv) @ conj(U)^T.
  const Array keep = above_cutoff(s, rtol.value_or(default_rtol(x)));
  const Array inverse = where(keep, apply(*binary_op("divide"), Scalar(1.0), s), Scalar(0.0));
  const Array v = conj_if_complex(permute_dims(vh, swap));
  const Array scaled = apply(*binary_op("multiply"), v, expand_dims(inverse, {nd - 2}));
  return matmul(scaled, conj_if_complex(permute_dims(u, swap)));
}

Array matrix_rank(const Array& x, std::optional<double> rtol) {
  const auto checked = check_call(x.grid().comm(), "matrix_rank", arg("x", x), arg("rtol", rtol));
  require_floating_matrices(x, "matrix_rank", false);
  const int nd = x.ndim();
  const std::int64_t k = std::min(x.global_shape()[nd - 2], x.global_shape()[nd - 1]);
  if (k == 0) {
    const std::vector<std::int64_t> batch(x.global_shape().begin(), x.global_shape().end() - 2);
    return Array::allocate(DType::int64, x.grid(), default_layout(batch, x.grid()), {}, true);
  }
  ReduceOptions options;
  options.axis = std::vector<int>{-1};
  options.dtype = DType::int64;
  return sum(above_cutoff(svdvals(x), rtol.value_or(default_rtol(x))), options);
}

}  // namespace gingham
