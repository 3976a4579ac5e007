// A large dense linear system and a least-squares fit, distributed over all ranks (ScaLAPACK underneath).
//   mpirun -np 4 gingham_linear_solve [n] [m] [degree]
// 1. A x = b for an n x n diagonally dominant A (default n = 2000): uniform noise from gingham::random plus n
//    on the diagonal, b from the global indices (every rank makes its own shard; nothing is gathered), gingham::solve (P?GESV), and the relative
//    residual ||A x - b||_2 / (||A||_F ||x||_2) computed distributedly (matmul, subtract, norms).
// 2. Least squares: a polynomial of the given degree (default 5) fitted to m noisy samples (default
//    m = 100000) of a known polynomial on [-1, 1]: V c ~ y with the m x (degree + 1) Vandermonde matrix V,
//    solved through QR: V = Q R (gingham::qr, P?GEQRF + P?ORGQR), c = R^-1 (Q^T y) (gingham::solve on the small
//    R). Checks: the normal-equation residual ||V^T (V c - y)|| / (||V||_F ||y||), of the order of
//    eps cond(V) for the least-squares solution (V^T (V c - y) = 0 characterises it; threshold 1e-10, the pass/fail
//    check), and the distance of c from the true coefficients (printed: noise and cond(V) set it).
// V is laid out column-major with its rows BlockCyclic(64) over the ranks, the layout ScaLAPACK's QR reads
// in place for a tall matrix (rows spread over the processes, columns on each). From gingham's default layout,
// qr's working copy would be column blocks of 64 on a 1xP BLACS grid: all k <= 64 columns, so the whole of V
// and all of the work, on one rank.
// Exit status 1 (on every rank) when a check fails.
#include <gingham/gingham.hpp>
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using namespace gingham;

/// Local. Fills this rank's shard of the 2-D x with f(global row, global column).
template <class F>
void fill_2d(const DistArray<double>& x, F f) {
  if (!x.holds_shard()) return;
  const LocalView<double> local = x.local();
  const auto rows = x.distribution().owned_indices(x.grid().coords(), 0);
  const auto cols = x.distribution().owned_indices(x.grid().coords(), 1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) local(i, j) = f(rows[i], cols[j]);
  }
}

/// Local. Sets each element of this rank's shard of the 1-D x to f(global index, its value).
template <class F>
void update_1d(const DistArray<double>& x, F f) {
  if (!x.holds_shard()) return;
  const LocalView<double> local = x.local();
  const auto owned = x.distribution().owned_indices(x.grid().coords(), 0);
  for (std::size_t i = 0; i < owned.size(); ++i) local(i) = f(owned[i], local(i));
}

/// Collective. The value of a 0-D (replicated) result such as a norm, on every rank.
double value(const DistArray<double>& zero_d) { return sum(zero_d); }

}  // namespace

int main(int argc, char** argv) {
  Environment environment(argc, argv);
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 2000;
  const std::int64_t m = argc > 2 ? std::atoll(argv[2]) : 100000;
  const std::int64_t degree = argc > 3 ? std::atoll(argv[3]) : 5, k = degree + 1;
  const ProcessGrid grid(Comm::world());  // 1-D grid over all ranks
  const bool root = grid.comm().rank() == 0;
  bool ok = true;

  // ---- 1. A dense linear system ------------------------------------------------------------------------
  // Uniform noise in [-1, 1) from gingham::random (counter-based: the same matrix for any rank count and
  // layout, each rank making only its shard), plus n on the diagonal.
  random::Generator rng(2026);
  const DistArray<double> a(rng.uniform(DType::float64, grid, default_layout({n, n}, grid), -1.0, 1.0));  // Block rows
  if (a.holds_shard()) {
    const LocalView<double> local = a.local();
    const auto rows = a.distribution().owned_indices(a.grid().coords(), 0);
    for (std::size_t i = 0; i < rows.size(); ++i) local(i, rows[i]) += double(n);  // the rows are whole
  }
  const auto b = DistArray<double>::allocate(grid, default_layout({n}, grid));
  update_1d(b, [](std::int64_t i, double) { return std::cos(0.01 * static_cast<double>(i)); });
  const double start = MPI_Wtime();
  const DistArray<double> x = solve(a, b);  // P?GESV on a working copy; a and b are kept
  const double seconds = MPI_Wtime() - start;
  const double residual = value(vector_norm(matmul(a, x) - b)) / (value(matrix_norm(a)) * value(vector_norm(x)));
  const bool system_ok = residual < 1e-12;
  ok = ok && system_ok;
  if (root) {
    std::printf("linear system: n = %lld on %d ranks, solve %.3f s, relative residual ||Ax - b|| / (||A|| ||x||) = "
                "%.1e: %s\n",
                static_cast<long long>(n), grid.comm().size(), seconds, residual, system_ok ? "check passed" : "FAILED");
  }

  // ---- 2. A least-squares fit through QR ----------------------------------------------------------------
  const std::vector<double> truth{0.5, -1.0, 2.0, 0.25, -0.75, 1.5, -0.5, 0.125, 1.0, -2.0};
  const auto coefficient = [&](std::int64_t j) { return truth[static_cast<std::size_t>(j) % truth.size()]; };
  const auto sample = [&](std::int64_t i) { return m > 1 ? -1.0 + 2.0 * static_cast<double>(i) / double(m - 1) : 0.0; };
  const auto tall = std::make_shared<const Distribution>(
      std::vector<std::int64_t>{m, k}, std::vector<AxisLayout>{AxisLayout::block_cyclic(64), AxisLayout::not_distributed()},
      grid.dims(), StorageOrder::column_major, std::vector<int>{0, -1});
  const auto v = DistArray<double>::allocate(grid, tall);
  fill_2d(v, [&](std::int64_t i, std::int64_t j) { return std::pow(sample(i), static_cast<double>(j)); });
  const DistArray<double> y(rng.uniform(DType::float64, grid, default_layout({m}, grid), -1.0, 1.0));  // the noise
  update_1d(y, [&](std::int64_t i, double noise) {
    double p = 0;
    for (std::int64_t j = k - 1; j >= 0; --j) p = p * sample(i) + coefficient(j);  // Horner
    return p + 1e-3 * noise;
  });
  const double fit_start = MPI_Wtime();
  const auto [q, r] = qr(v, "reduced");  // DistArray<double>s; Q: m x k, R: k x k upper triangular
  const DistArray<double> c = solve(r, matmul(matrix_transpose(q), y));  // c = R^-1 Q^T y
  const double fit_seconds = MPI_Wtime() - fit_start;
  const DistArray<double> fit_residual = matmul(v, c) - y;
  const double fit_residual_norm = value(vector_norm(fit_residual));
  const double normal_residual = value(vector_norm(matmul(matrix_transpose(v), fit_residual))) /
                                 (value(matrix_norm(v)) * value(vector_norm(y)));
  const std::vector<double> fitted = gather_to_all(c);  // k numbers, on every rank
  double coefficient_error = 0;
  for (std::int64_t j = 0; j < k; ++j) {
    coefficient_error = std::max(coefficient_error, std::abs(fitted[static_cast<std::size_t>(j)] - coefficient(j)));
  }
  const bool fit_ok = normal_residual < 1e-10;  // the coefficients' error is information: it grows with the degree
  ok = ok && fit_ok;
  if (root) {
    std::printf("least squares: degree %lld fit to m = %lld samples, qr + solve %.3f s, ||V^T (Vc - y)|| / (||V|| "
                "||y||) = %.1e, ||Vc - y|| = %.3e, max |c - c_true| = %.1e: %s\n",
                static_cast<long long>(degree), static_cast<long long>(m), fit_seconds, normal_residual,
                fit_residual_norm, coefficient_error, fit_ok ? "check passed" : "FAILED");
    std::printf("coefficients:");
    for (double f : fitted) std::printf(" %.4f", f);
    std::printf("\n");
  }
  return ok ? 0 : 1;
}
