// eig and eigvals: the general (nonsymmetric) eigenproblem on ScaLAPACK's complex path: P?GEHRD
// (Hessenberg reduction), P?UNMHR (its Q), P?LAHQR (Schur form by multishift QR), P?TREVC (eigenvectors).
#include <mpi.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "gingham/array/promotion.hpp"
#include "gingham/array/call_arguments.hpp"
#include "gingham/core/mpi_check.hpp"
#include "gingham/kernels/creation.hpp"
#include "gingham/kernels/elementwise.hpp"
#include "gingham/kernels/reductions.hpp"
#include "gingham/linalg/eig.hpp"
#include "gingham/linalg/matmul.hpp"
#include "imports/scalapack.hpp"
#include "stack.hpp"
#include "work_matrix.hpp"

namespace gingham {

namespace {

using namespace linalg_detail;

using C = std::complex<float>;
using Z = std::complex<double>;

/// Eigenvalues (and eigenvectors) of one complex, column-major working matrix (S = X), overwritten:
/// H = Q^H X Q (P?GEHRD), Z = Q (P?UNMHR on the identity), T = Z'^H H Z' with Z := Z Z' (P?LAHQR; Z is
/// always accumulated, as P?LAHQR is only tested that way), then P?TREVC's eigenvectors of T times Z,
/// normalized to unit 2-norm.
std::vector<Array> eig_matrix(const WorkMatrix& w, bool vectors) {
  const Array& a = w.array;
  const ProcessGrid& grid = a.grid();
  const std::int64_t n = a.global_shape()[0];
  const char* function = vectors ? "eig" : "eigvals";
  Array z = eye(a.dtype(), grid,
                scalapack_layout({n, n}, grid.dims(), w.view, StorageOrder::column_major, w.block), 0);
  std::optional<Array> values;
  visit_dtype(a.dtype(), [&]<class T>() {
    if constexpr (std::is_same_v<T, C> || std::is_same_v<T, Z>) {
      using R = decltype(std::real(T{}));
      const bool on_grid = grid.contains_this_rank() && n > 0;
      T dummy{};
      int info = 0;
      std::optional<ScalapackDescriptor> da, dz;
      if (on_grid) {
        da = w.descriptor();
        dz = w.descriptor_of(z);
      }
      const std::int64_t local_cols = a.local().shape.size() == 2 ? a.local().shape[1] : 0;
      const std::int64_t lld = on_grid ? da->leading_dimension() : 1;
      std::vector<T> tau = agreed_buffer<T>(grid, local_cols + w.block);
      std::vector<T> eigenvalues(static_cast<std::size_t>(std::max<std::int64_t>(1, n)));
      T* pa = data_of(a, dummy);
      T* pz = data_of(z, dummy);
      // Hessenberg reduction, then Z = Q.
      call_with_workspace<T>(grid, on_grid, function, "P?GEHRD", "failed", [&](T* work, int lwork, int* info) {
        scalapack::gehrd(int(n), 1, int(n), pa, da->data(), tau.data(), work, lwork, info);
      });
      call_with_workspace<T>(grid, on_grid, function, "P?UNMHR", "failed", [&](T* work, int lwork, int* info) {
        scalapack::unmhr("L", "N", int(n), int(n), 1, int(n), pa, da->data(), tau.data(), pz, dz->data(), work, lwork,
                         info);
      });
      // Schur form: H's reflectors below the subdiagonal are zeroed first (P?LAHQR wants a true Hessenberg).
      if (on_grid && n > 2) scalapack::laset("L", int(n) - 2, int(n) - 2, T(0), T(0), pa, 3, 1, da->data());
      call_with_workspace<T>(grid, on_grid, function, "P?LAHQR",
                             "did not converge: the QR algorithm failed to find all eigenvalues",
                             [&](T* work, int lwork, int* info) {
                               int iwork = 0;
                               scalapack::lahqr(true, true, int(n), 1, int(n), pa, da->data(), eigenvalues.data(), 1,
                                                int(n), pz, dz->data(), work, lwork, &iwork, 1, info);
                             });
      if (n == 1) {
        // P?LAHQR's quick return for ILO = IHI (n = 1) writes W only on the process holding A(1, 1) and
        // zero on the others (pzlahqr.f; the real P?LAHQR broadcasts it): the sum over the grid is the value.
        const MPI_Datatype real_type = std::is_same_v<R, float> ? MPI_FLOAT : MPI_DOUBLE;
        GINGHAM_MPI(MPI_Allreduce(MPI_IN_PLACE, eigenvalues.data(), 2, real_type, MPI_SUM, grid.comm().get()));
      }
      values = vector_from_replicated(a.dtype(), grid, eigenvalues.data(), n);
      if (vectors) {
        std::vector<T> work = agreed_buffer<T>(grid, 2 * lld + n);
        std::vector<R> rwork = agreed_buffer<R>(grid, lld + n);
        int select = 0, used = 0;  // HOWMNY = 'B': all, back-transformed by Z (VR on entry)
        if (on_grid) {
          scalapack::trevc("R", "B", &select, int(n), pa, da->data(), pz, dz->data(), pz, dz->data(), int(n), &used,
                           work.data(), rwork.data(), &info);
        }
        agree_info(grid, info, function, "P?TREVC", "failed");
      }
    } else {
      throw std::logic_error("gingham::eig: no ScaLAPACK routine for " + std::string(dtype_name(a.dtype())));
    }
  });
  if (!vectors) return {*values};
  // Unit 2-norm columns: z / sqrt(sum(|z|^2, axis=0)).
  ReduceOptions options;
  options.axis = std::vector<int>{0};
  const Array magnitude = apply(*unary_op("abs"), z);
  const Array norms = apply(*unary_op("sqrt"), sum(apply(*binary_op("multiply"), magnitude, magnitude), options));
  return {*values, apply(*binary_op("divide"), z, norms)};
}

Array as_complex(const Array& x) { return is_complex_floating(x.dtype()) ? x : astype(x, complex_dtype(x.dtype())); }

std::vector<Array> eig_any(const Array& x, bool vectors) {
  const char* function = vectors ? "eig" : "eigvals";
  require_floating_matrices(x, function, true);
  const Array c = as_complex(x);
  const std::int64_t n = x.global_shape().back();
  constexpr std::int64_t smallest_block = 6;  // P?LAHQR needs square blocks of at least 6
  WorkNeeds needs;
  needs.order = StorageOrder::column_major;  // S = X
  needs.min_block = smallest_block;
  needs.zero_source = true;                  // P?LAHQR refuses RSRC, CSRC != 0
  needs.finite_for = function;               // as NumPy: "Array must not contain infs or NaNs"
  std::vector<PieceShape> shapes{{c.dtype(), {n}}};
  if (vectors) shapes.push_back({c.dtype(), {n, n}});
  return over_stack(c, work_layout(c, needs),
                    [&](const WorkMatrix& w, const std::vector<std::int64_t>&) { return eig_matrix(w, vectors); },
                    shapes);
}

}  // namespace

EigResult<Array> eig(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "eig", arg("x", x));
  const std::vector<Array> pair = eig_any(x, true);
  return {pair[0], pair[1]};
}

Array eigvals(const Array& x) {
  const auto checked = check_call(x.grid().comm(), "eigvals", arg("x", x));
  return eig_any(x, false).front();
}

}  // namespace gingham
