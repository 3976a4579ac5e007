// eigh and eigvalsh: Hermitian (symmetric) eigenproblems on P?SYEVD / P?HEEVD (divide and conquer, with
// eigenvectors) and P?SYEV / P?HEEV (JOBZ = 'N': eigenvalues only).
#include <optional>
#include <stdexcept>
#include <string>

#include "gingham/array/promotion.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/linalg/eigh.hpp"
#include "gingham/linalg/matmul.hpp"
#include "batched.hpp"
#include "imports/scalapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham {

namespace {

using namespace linalg_detail;

template <class T>
using Real = decltype(std::real(T{}));

/// The eigenvalues (and eigenvectors) of one working matrix, which is overwritten. X's lower triangle is
/// read: S's lower triangle (UPLO = 'L') when S = X, S's upper (UPLO = 'U') when S = X^T = conj(X),
/// whose eigenvectors are the conjugates of X's.
std::vector<Array> eigh_matrix(const WorkMatrix& w, bool vectors) {
  const Array& a = w.array;
  const ProcessGrid& grid = a.grid();
  const std::int64_t n = a.global_shape()[0];
  const DType real = real_dtype(a.dtype());
  const char* uplo = w.view.transposed ? "U" : "L";
  std::optional<Array> values, z;
  if (vectors) z = allocate_in_view(a.dtype(), w, {n, n}, StorageOrder::column_major);
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (is_scalapack_type<T>) {
      using R = Real<T>;
      std::vector<R> eigenvalues(static_cast<std::size_t>(std::max<std::int64_t>(1, n)));
      const bool on_grid = grid.contains_this_rank() && n > 0;
      T dummy{}, query{};
      R rquery{};
      int iquery = 0, info = 0;
      std::optional<ScalapackDescriptor> da, dz;
      if (on_grid) {
        da = w.descriptor();
        if (vectors) dz = w.descriptor_of(*z);
      }
      const std::string routine = vectors ? "P?SYEVD/P?HEEVD" : "P?SYEV/P?HEEV";
      // Workspace query, then the agreed allocation, then the solve.
      if (on_grid && vectors) {
        scalapack::heevd("V", uplo, int(n), data_of(a, dummy), da->data(), eigenvalues.data(), data_of(*z, dummy),
                         dz->data(), &query, -1, &rquery, -1, &iquery, -1, &info);
      } else if (on_grid) {  // JOBZ = 'N': Z is not referenced
        scalapack::heev("N", uplo, int(n), data_of(a, dummy), da->data(), eigenvalues.data(), data_of(a, dummy),
                        da->data(), &query, -1, &rquery, -1, &info);
      }
      agree_info(grid, info, vectors ? "eigh" : "eigvalsh", routine.c_str(), "workspace query failed");
      // P?SYEVD's query undercounts P?ORMTR's workspace when the block size exceeds the local extents;
      // a margin of (local rows + local columns + 2 NB) NB + NB^2 covers P?ORMTR's own formula.
      const std::int64_t nb = w.block;
      const std::int64_t local_extents = a.local().shape.size() == 2 ? a.local().shape[0] + a.local().shape[1] : 0;
      const std::int64_t margin = vectors ? (local_extents + 2 * nb) * nb + nb * nb : 0;
      std::vector<T> work = agreed_buffer<T>(grid, on_grid ? queried_size(query) + margin : 1);
      std::vector<R> rwork = agreed_buffer<R>(grid, on_grid ? std::max<std::int64_t>(queried_size(rquery), 2 * n) + margin : 1);
      std::vector<int> iwork = agreed_buffer<int>(grid, on_grid ? iquery + 1 + (vectors ? 7 * n + 8 * grid.size() + 2 : 0) : 1);
      if (on_grid && vectors) {
        scalapack::heevd("V", uplo, int(n), data_of(a, dummy), da->data(), eigenvalues.data(), data_of(*z, dummy),
                         dz->data(), work.data(), int(work.size()), rwork.data(), int(rwork.size()), iwork.data(),
                         int(iwork.size()), &info);
      } else if (on_grid) {
        scalapack::heev("N", uplo, int(n), data_of(a, dummy), da->data(), eigenvalues.data(), data_of(a, dummy),
                        da->data(), work.data(), int(work.size()), rwork.data(), int(rwork.size()), &info);
      }
      agree_info(grid, info, vectors ? "eigh" : "eigvalsh", routine.c_str(),
                 "did not converge: the eigenvalue algorithm failed");
      values = vector_from_replicated(real, grid, eigenvalues.data(), n);
    } else {
      throw std::logic_error("gingham::eigh: no ScaLAPACK routine for " + std::string(dtype_name(a.dtype())));
    }
  });
  if (!vectors) return {*values};
  Array eigenvectors = w.view.transposed && is_complex_floating(a.dtype()) ? apply(*unary_op("conj"), *z) : *z;
  return {*values, eigenvectors};
}

/// The working layout: always row-major (S = conj(X), UPLO = 'U'; P?HEEVD on column-major copies with
/// UPLO = 'L' returned wrong eigenvectors, see gingham/linalg/eigh.hpp), with blocks below n / P: P?SYEVD
/// returns wrong eigenvalues and vectors when the matrix is one block spread over several processes
/// (measured: n = 29..64 with NB = 64 on 2 ranks).
WorkLayout eigh_layout(const Array& x, const char* function) {
  const std::int64_t n = x.global_shape().back(), ranks = x.grid().size();
  WorkNeeds needs;
  needs.finite_for = function;
  needs.order = StorageOrder::row_major;
  needs.max_block = ranks > 1 ? std::max<std::int64_t>(1, (n + ranks - 1) / ranks) : largest_kept_block;
  needs.zero_source = true;
  return work_layout(x, needs);
}

}  // namespace

EighResult<Array> eigh(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "eigh", arg("x", x));
  require_floating_matrices(x, "eigh", true);
  const std::int64_t n = x.global_shape().back();
  const std::vector<Array> pair =
      takes_batched_path(batch_of(x.global_shape()), {n})
          ? batched_eigh(x, true)
          : over_stack(x, eigh_layout(x, "eigh"),
                       [](const WorkMatrix& w, const std::vector<std::int64_t>&) { return eigh_matrix(w, true); },
                       {{real_dtype(x.dtype()), {n}}, {x.dtype(), {n, n}}});
  return {pair[0], pair[1]};
}

Array eigvalsh(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "eigvalsh", arg("x", x));
  require_floating_matrices(x, "eigvalsh", true);
  const std::int64_t n = x.global_shape().back();
  if (takes_batched_path(batch_of(x.global_shape()), {n})) return batched_eigh(x, false).front();
  return over_stack(x, eigh_layout(x, "eigvalsh"),
                    [](const WorkMatrix& w, const std::vector<std::int64_t>&) { return eigh_matrix(w, false); },
                    {{real_dtype(x.dtype()), {n}}})
      .front();
}

}  // namespace gingham
