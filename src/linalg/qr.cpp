// qr: x = Q R on P?GEQRF (Householder QR) and P?ORGQR / P?UNGQR (Q formed from the reflectors).
#include <stdexcept>
#include <string>

#include "gingham/kernels/creation.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/linalg/qr.hpp"
#include "gingham/linalg/matmul.hpp"
#include "imports/scalapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham {

namespace {

using namespace linalg_detail;

/// Q and R of one column-major working matrix w (m x n), which is overwritten.
///   reduced, m >= n: GEQRF(w); R = triu(w[:n, :n]); ORGQR(m, n, n) in w: Q = w.
///   m < n (both modes): GEQRF(w); R = triu(w); ORGQR(m, m, m) in w: Q = w[:, :m].
///   complete, m > n: GEQRF(w); R = triu(w); Q = a new m x m matrix holding w's reflectors (P?LACPY),
///   ORGQR(m, m, n) in it.
std::vector<Array> qr_matrix(const WorkMatrix& w, bool complete) {
  const Array& a = w.array;
  const ProcessGrid& grid = a.grid();
  const std::int64_t m = a.global_shape()[0], n = a.global_shape()[1], k = std::min(m, n);
  const bool square_q = complete && m > n;
  if (k == 0) {  // nothing to factor: Q is the identity's first columns, R is empty or zero
    const std::int64_t q_cols = complete ? m : k;
    Array q = eye(a.dtype(), grid, scalapack_layout({m, q_cols}, grid.dims(), w.view, StorageOrder::column_major), 0);
    Array r = Array::allocate(a.dtype(), grid,
                              scalapack_layout({q_cols, n}, grid.dims(), w.view, StorageOrder::column_major), {}, true);
    return {q, r};
  }
  Array q = square_q ? allocate_in_view(a.dtype(), w, {m, m}, StorageOrder::column_major) : a;
  std::optional<Array> r;
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      const bool on_grid = grid.contains_this_rank();
      T dummy{};
      std::optional<ScalapackDescriptor> da, dq;
      if (on_grid) {
        da = w.descriptor();
          dq = square_q ? w.descriptor_of(q) : *da;
      }
      const std::int64_t local_cols = std::max(a.local().shape.size() == 2 ? a.local().shape[1] : 0,
                                               q.local().shape.size() == 2 ? q.local().shape[1] : 0);
      std::vector<T> tau = agreed_buffer<T>(grid, local_cols + w.block);
      T* pa = data_of(a, dummy);
      T* pq = data_of(q, dummy);
      call_with_workspace<T>(grid, on_grid, "qr", "P?GEQRF", "failed", [&](T* work, int lwork, int* info) {
        scalapack::geqrf(int(m), int(n), pa, da->data(), tau.data(), work, lwork, info);
      });
      r = triu(complete || m <= n ? a : block_of(w, 0, n, 0, n), 0);
      const int qm = int(m), qn = int(square_q ? m : k);
      if (on_grid && square_q) scalapack::lacpy("A", int(m), int(n), pa, da->data(), pq, dq->data());
      call_with_workspace<T>(grid, on_grid, "qr", "P?ORGQR", "failed", [&](T* work, int lwork, int* info) {
        scalapack::orgqr(qm, qn, int(k), pq, dq->data(), tau.data(), work, lwork, info);
      });
    } else {
      throw std::logic_error("gingham::qr: no ScaLAPACK routine for " + std::string(dtype_name(a.dtype())));
    }
  });
  if (!square_q && n > m) q = block_of(w, 0, m, 0, m);  // Q is the first m columns; k = m
  return {q, *r};
}

}  // namespace

QrResult<Array> qr(const Array& x, const std::string& mode) {
  const auto checked = check_call(x.grid().comm(), "qr", arg("x", x), arg("mode", mode));
  if (mode != "reduced" && mode != "complete") {
    throw std::invalid_argument("qr: mode must be 'reduced' or 'complete', got '" + mode + "'");
  }
  require_floating_matrices(x, "qr", false);
  const bool complete = mode == "complete";
  const std::int64_t m = x.global_shape()[x.ndim() - 2], n = x.global_shape()[x.ndim() - 1];
  const std::int64_t k = std::min(m, n), q_cols = complete ? m : k;
  WorkNeeds needs;
  needs.order = StorageOrder::column_major;  // S = X
  needs.zero_source = true;
  needs.spread_axis = 1;  // P?GEQRF's panels are columns of S = X: each on one process of a 1xP view
  const std::vector<Array> qr_pieces =
      over_stack(x, work_layout(x, needs),
                 [&](const WorkMatrix& w, const std::vector<std::int64_t>&) { return qr_matrix(w, complete); },
                 {{x.dtype(), {m, q_cols}}, {x.dtype(), {q_cols, n}}});
  return {qr_pieces[0], qr_pieces[1]};
}

}  // namespace gingham
