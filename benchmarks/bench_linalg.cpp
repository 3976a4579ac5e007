// Part 1, matmul of two n x n float64 matrices: gingham's matmul against PDGEMM called directly, in the same run,
// on the same layout and the same memory (the operands' shards), with the result buffer preallocated
// for PDGEMM (gingham allocates its result each call, as a user's C = A @ B does).
//   scripts/mpi-launch.sh 2 1200 build/benchmarks/bench_linalg [n] [rounds] [n2] [rounds2]
// Two layouts: gingham's default (Block rows, row-major shards on a 1-D grid: ScaLAPACK reads them as
// the transposed problem C^T = B^T A^T on a 1xP BLACS grid, column blocks of n/P), and ScaLAPACK's
// classic BlockCyclic(64) x BlockCyclic(64) column-major on a 1xP grid. Rounds alternate; medians, and the ratio of
// the best rounds (steadier when the machine's load changes within a run).
// Part 2, cholesky and solve of an n x n float64 matrix (one right-hand side) in BlockCyclic(64) x
// BlockCyclic(64) column-major on a 1xP grid: gingham::cholesky / gingham::solve against PDPOTRF / PDGESV
// called directly on the same layout. ScaLAPACK overwrites its input, so the direct call is timed with the
// copy a caller keeping A needs (memcpy of the shards into preallocated buffers); gingham copies into a
// fresh array (a local redistribution) and, for cholesky, zeroes the other triangle.
// Part 3, qr (mode 'reduced') and eigh of an n2 x n2 float64 matrix (n2 = 2000 by default), each on the layout
// gingham's working copy uses in place, so that gingham makes a local copy and no redistribution:
//  - qr: BlockCyclic(64) x BlockCyclic(64) column-major on a 1xP grid (qr asks for column-major storage);
//    direct: memcpy of A, PDGEQRF, PDLACPY of the upper triangle into a zeroed R, PDORGQR in place (Q).
//  - eigh: gingham's default ScaLAPACK layout of a 1-D grid, row-major with rows BlockCyclic(64) (eigh asks
//    for row-major storage; ScaLAPACK sees S = A^T = A, columns in blocks of 64 on a 1xP BLACS grid, and
//    gingham passes UPLO = 'U'); direct: memcpy of A and PDSYEVD('V', 'U') with Z preallocated.
// The direct calls get their workspaces queried and allocated once, outside the timed region.
// Flop counts (for GFLOP/s only; ratios are times): matmul 2n^3, cholesky n^3/3, solve 2n^3/3, qr 8n^3/3
// (4n^3/3 for PDGEQRF plus 4n^3/3 for PDORGQR forming Q), eigh 9n^3 (the textbook count for a symmetric
// eigensolver with vectors: tridiagonal reduction 4n^3/3 plus the eigenvectors and back-transformation;
// a convention, not PDSYEVD's exact operation count, which depends on deflation in divide and conquer).
#include <mpi.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gingham/gingham.hpp"
#include "timing.hpp"

extern "C" {
void Cblacs_get(int context, int what, int* value);
void Cblacs_gridinit(int* context, const char* order, int nprow, int npcol);
void Cblacs_gridexit(int context);
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb, const int* rsrc, const int* csrc,
               const int* context, const int* lld, int* info);
void pdpotrf_(const char* uplo, const int* n, double* a, const int* ia, const int* ja, const int* desca, int* info);
void pdgesv_(const int* n, const int* nrhs, double* a, const int* ia, const int* ja, const int* desca, int* ipiv,
             double* b, const int* ib, const int* jb, const int* descb, int* info);
void pdgeqrf_(const int* m, const int* n, double* a, const int* ia, const int* ja, const int* desca, double* tau,
              double* work, const int* lwork, int* info);
void pdorgqr_(const int* m, const int* n, const int* k, double* a, const int* ia, const int* ja, const int* desca,
              const double* tau, double* work, const int* lwork, int* info);
void pdlacpy_(const char* uplo, const int* m, const int* n, const double* a, const int* ia, const int* ja,
              const int* desca, double* b, const int* ib, const int* jb, const int* descb);
void pdsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* ia, const int* ja,
              const int* desca, double* w, double* z, const int* iz, const int* jz, const int* descz, double* work,
              const int* lwork, int* iwork, const int* liwork, int* info);
void pdgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const double* alpha,
             const double* a, const int* ia, const int* ja, const int* desca, const double* b, const int* ib,
             const int* jb, const int* descb, const double* beta, double* c, const int* ic, const int* jc,
             const int* descc);
}

namespace {

using namespace gingham;
using namespace gingham::bench;

struct Stored {  // what PDGEMM is given for one matrix: S's global extents, blocks and local leading dimension
  int m, n, mb, nb, lld;
};

/// The 1 x P BLACS grid of the direct ScaLAPACK calls (process (0, j) = rank j, like grid coordinate j),
/// released at the end of its scope.
class DirectBlacsGrid {
 public:
  explicit DirectBlacsGrid(int p) {
    Cblacs_get(-1, 0, &context_);
    Cblacs_gridinit(&context_, "Row", 1, p);
  }
  ~DirectBlacsGrid() { Cblacs_gridexit(context_); }
  DirectBlacsGrid(const DirectBlacsGrid&) = delete;
  DirectBlacsGrid& operator=(const DirectBlacsGrid&) = delete;

  /// An m x n descriptor in mb x nb blocks with leading dimension lld, both sources 0 (aborts if rejected).
  std::array<int, 9> descriptor(int m, int n, int mb, int nb, int lld) const {
    std::array<int, 9> desc{};
    const int zero = 0;
    int info = 0;
    descinit_(desc.data(), &m, &n, &mb, &nb, &zero, &zero, &context_, &lld, &info);
    if (info != 0) std::abort();
    return desc;
  }

 private:
  int context_ = 0;
};

/// Fills a shard with values of its global indices (the same matrix for any layout).
void fill(const DistArray<double>& x, double scale) {
  const LocalView<double> local = x.local();
  const Distribution& d = x.distribution();
  if (!x.holds_shard()) return;
  const auto rows = d.owned_indices(x.grid().coords(), 0), cols = d.owned_indices(x.grid().coords(), 1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) {
      local(i, j) = std::sin(scale * static_cast<double>(rows[i] * 7 + cols[j] * 3));
    }
  }
}

/// One line: medians (GFLOP/s from them), the ratio direct / gingham of the medians and of the best rounds.
void print_comparison(const Comm& comm, const char* name, const char* routine, double flops, const PairTimes& t,
                      double difference) {
  if (comm.rank() == 0) {
    std::printf("%-58s gingham %7.3f s %6.1f GFLOP/s | %s direct %7.3f s %6.1f GFLOP/s | ratio %.3f (best rounds "
                "%.3f s / %.3f s: %.3f) | max |difference| %.1e\n",
                name, t.median_a, flops / t.median_a / 1e9, routine, t.median_b, flops / t.median_b / 1e9,
                t.median_b / t.median_a, t.best_a, t.best_b, t.best_b / t.best_a, difference);
  }
}

void compare(const char* name, const ProcessGrid& grid, std::shared_ptr<const Distribution> layout, const Stored& s,
             bool transposed_problem, int rounds) {
  const Comm& comm = grid.comm();
  const std::int64_t n = layout->global_shape()[0];
  const auto a = DistArray<double>::allocate(grid, layout), b = DistArray<double>::allocate(grid, layout);
  fill(a, 0.001);
  fill(b, 0.002);
  DistArray<double> c_gingham = matmul(a, b);
  const std::size_t local_size = static_cast<std::size_t>(a.local().size());
  const auto c_direct = doubles(local_size);

  const DirectBlacsGrid blacs(comm.size());
  const std::array<int, 9> descriptor = blacs.descriptor(s.m, s.n, s.mb, s.nb, s.lld);
  const int* desc = descriptor.data();
  const int one_i = 1;
  const double one = 1.0, none = 0.0;
  const int size = static_cast<int>(n);
  const double* pa = a.local().data();
  const double* pb = b.local().data();
  auto direct = [&] {  // the same product, as gingham would compute it on this layout
    if (transposed_problem) {  // C^T = B^T A^T: the row-major shards are the column-major transposes
      pdgemm_("N", "N", &size, &size, &size, &one, pb, &one_i, &one_i, desc, pa, &one_i, &one_i, desc, &none,
              c_direct.get(), &one_i, &one_i, desc);
    } else {
      pdgemm_("N", "N", &size, &size, &size, &one, pa, &one_i, &one_i, desc, pb, &one_i, &one_i, desc, &none,
              c_direct.get(), &one_i, &one_i, desc);
    }
  };
  auto through_gingham = [&] { c_gingham = matmul(a, b); };
  const PairTimes t = time_pair_stats(comm, rounds, through_gingham, direct);

  double difference = 0;
  const double* pc = c_gingham.local().data();
  for (std::size_t i = 0; i < local_size; ++i) difference = std::max(difference, std::abs(pc[i] - c_direct.get()[i]));
  MPI_Allreduce(MPI_IN_PLACE, &difference, 1, MPI_DOUBLE, MPI_MAX, comm.get());
  print_comparison(comm, name, "PDGEMM", 2.0 * static_cast<double>(n) * n * n, t, difference);
}

/// cholesky and solve on a BlockCyclic(nb) column-major layout of a 1xP grid, against the direct calls.
void compare_factorizations(const Comm& world, std::int64_t n, int nb, int rounds) {
  const int p = world.size();
  const ProcessGrid row(world, {1, p});
  auto cyclic = [&](std::int64_t cols) {
    return std::make_shared<const Distribution>(std::vector<std::int64_t>{n, cols},
        std::vector<AxisLayout>{AxisLayout::block_cyclic(nb), AxisLayout::block_cyclic(nb)}, row.dims(),
        StorageOrder::column_major);
  };
  const auto a = DistArray<double>::allocate(row, cyclic(n));
  const auto b = DistArray<double>::allocate(row, cyclic(1));
  fill(b, 0.003);
  {  // sin(0.001 (i + j)) + n [i = j]: symmetric and diagonally dominant, so positive definite
    const LocalView<double> local = a.local();
    const auto rows = a.distribution().owned_indices(row.coords(), 0), cols = a.distribution().owned_indices(row.coords(), 1);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (std::size_t j = 0; j < cols.size(); ++j) {
        local(i, j) = std::sin(0.001 * static_cast<double>(rows[i] + cols[j])) + (rows[i] == cols[j] ? n : 0.0);
      }
    }
  }
  const std::size_t a_size = static_cast<std::size_t>(a.local().size()), b_size = static_cast<std::size_t>(b.local().size());
  const auto a_copy = doubles(std::max<std::size_t>(a_size, 1)), b_copy = doubles(std::max<std::size_t>(b_size, 1));
  std::vector<int> ipiv(static_cast<std::size_t>(a.local().shape()[0] + nb));
  int info = 0;
  const DirectBlacsGrid blacs(p);
  const int nn = static_cast<int>(n), one_i = 1, lld_a = static_cast<int>(std::max<std::int64_t>(1, a.local().shape()[0]));
  const std::array<int, 9> descriptor_a = blacs.descriptor(nn, nn, nb, nb, lld_a);
  const std::array<int, 9> descriptor_b = blacs.descriptor(nn, 1, nb, nb, lld_a);
  const int* desc_a = descriptor_a.data();
  const int* desc_b = descriptor_b.data();
  const double* pa = a.local().data();
  const double* pb = b.local().data();
  const auto max_difference = [&](const double* x, const double* y, std::size_t count, bool lower_only,
                                  const DistArray<double>& layout_of) {
    double difference = 0;
    const auto rows = layout_of.distribution().owned_indices(row.coords(), 0);
    const auto cols = layout_of.distribution().owned_indices(row.coords(), 1);
    for (std::size_t j = 0, k = 0; j < cols.size(); ++j) {
      for (std::size_t i = 0; i < rows.size() && k < count; ++i, ++k) {
        if (!lower_only || rows[i] >= cols[j]) difference = std::max(difference, std::abs(x[k] - y[k]));
      }
    }
    MPI_Allreduce(MPI_IN_PLACE, &difference, 1, MPI_DOUBLE, MPI_MAX, world.get());
    return difference;
  };

  DistArray<double> factor = cholesky(a);
  const auto direct_cholesky = [&] {
    std::copy(pa, pa + a_size, a_copy.get());
    pdpotrf_("L", &nn, a_copy.get(), &one_i, &one_i, desc_a, &info);
  };
  const PairTimes tc = time_pair_stats(world, rounds, [&] { factor = cholesky(a); }, direct_cholesky);
  print_comparison(world, "cholesky, BlockCyclic(64)^2 column-major, 1xP", "PDPOTRF",
                   static_cast<double>(n) * n * n / 3.0, tc, max_difference(factor.local().data(), a_copy.get(), a_size, true, a));

  DistArray<double> x = solve(a, b);
  const auto direct_solve = [&] {
    std::copy(pa, pa + a_size, a_copy.get());
    std::copy(pb, pb + b_size, b_copy.get());
    pdgesv_(&nn, &one_i, a_copy.get(), &one_i, &one_i, desc_a, ipiv.data(), b_copy.get(), &one_i, &one_i, desc_b, &info);
  };
  const PairTimes ts = time_pair_stats(world, rounds, [&] { x = solve(a, b); }, direct_solve);
  print_comparison(world, "solve (1 right-hand side), BlockCyclic(64)^2 column-major, 1xP", "PDGESV",
                   2.0 * static_cast<double>(n) * n * n / 3.0, ts, max_difference(x.local().data(), b_copy.get(), b_size, false, b));
}

/// A pseudo-random value in [0, 1) of a global index pair (the same matrix for any layout and rank count).
double noise(std::int64_t i, std::int64_t j) {
  const double v = std::sin(12.9898 * static_cast<double>(i) + 78.233 * static_cast<double>(j)) * 43758.5453;
  return v - std::floor(v);
}

/// Fills x's shard with f(global row, global column).
template <class F>
void fill_with(const DistArray<double>& x, F f) {
  if (!x.holds_shard()) return;
  const LocalView<double> local = x.local();
  const auto rows = x.distribution().owned_indices(x.grid().coords(), 0);
  const auto cols = x.distribution().owned_indices(x.grid().coords(), 1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) local(i, j) = f(rows[i], cols[j]);
  }
}

/// max |x - y| over `count` local elements, agreed over comm.
double agreed_max_difference(const Comm& comm, const double* x, const double* y, std::size_t count) {
  double difference = 0;
  for (std::size_t k = 0; k < count; ++k) difference = std::max(difference, std::abs(x[k] - y[k]));
  MPI_Allreduce(MPI_IN_PLACE, &difference, 1, MPI_DOUBLE, MPI_MAX, comm.get());
  return difference;
}


/// qr(a, "reduced") on BlockCyclic(nb)^2 column-major, 1xP (used in place by gingham: a local copy), against
/// memcpy + PDGEQRF + PDLACPY('U') into R + PDORGQR on the same layout and memory.
void compare_qr(const Comm& world, std::int64_t n, int nb, int rounds) {
  const int p = world.size();
  const ProcessGrid row(world, {1, p});
  const auto layout = std::make_shared<const Distribution>(std::vector<std::int64_t>{n, n},
      std::vector<AxisLayout>{AxisLayout::block_cyclic(nb), AxisLayout::block_cyclic(nb)}, row.dims(),
      StorageOrder::column_major);
  const auto a = DistArray<double>::allocate(row, layout);
  fill_with(a, [](std::int64_t i, std::int64_t j) { return noise(i, j); });
  const std::size_t a_size = static_cast<std::size_t>(a.local().size());
  const auto q_direct = doubles(std::max<std::size_t>(a_size, 1)), r_direct = doubles(std::max<std::size_t>(a_size, 1));
  std::fill(r_direct.get(), r_direct.get() + a_size, 0.0);  // PDLACPY('U') writes the upper triangle only
  int info = 0;
  const DirectBlacsGrid blacs(p);
  const int nn = static_cast<int>(n), one_i = 1;
  const std::array<int, 9> descriptor = blacs.descriptor(nn, nn, nb, nb, std::max(1, nn));
  const int* desc = descriptor.data();
  std::vector<double> tau(static_cast<std::size_t>(a.local().shape()[1] + nb));
  double query_qr = 0, query_q = 0;
  const int minus_one = -1;
  pdgeqrf_(&nn, &nn, q_direct.get(), &one_i, &one_i, desc, tau.data(), &query_qr, &minus_one, &info);
  pdorgqr_(&nn, &nn, &nn, q_direct.get(), &one_i, &one_i, desc, tau.data(), &query_q, &minus_one, &info);
  const int lwork = static_cast<int>(std::max(query_qr, query_q)) + 1;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  const double* pa = a.local().data();
  QrResult<Array> qr_gingham = qr(a.array(), "reduced");
  const auto direct = [&] {
    std::copy(pa, pa + a_size, q_direct.get());
    pdgeqrf_(&nn, &nn, q_direct.get(), &one_i, &one_i, desc, tau.data(), work.data(), &lwork, &info);
    pdlacpy_("U", &nn, &nn, q_direct.get(), &one_i, &one_i, desc, r_direct.get(), &one_i, &one_i, desc);
    pdorgqr_(&nn, &nn, &nn, q_direct.get(), &one_i, &one_i, desc, tau.data(), work.data(), &lwork, &info);
  };
  const PairTimes t = time_pair_stats(world, rounds, [&] { qr_gingham = qr(a.array(), "reduced"); }, direct);
  // Q and R come back in a's layout (the working copy's), so the shards compare element by element.
  const auto* q = reinterpret_cast<const double*>(qr_gingham.q.local().data);
  const auto* r = reinterpret_cast<const double*>(qr_gingham.r.local().data);
  const double difference = std::max(agreed_max_difference(world, q, q_direct.get(), a_size),
                                     agreed_max_difference(world, r, r_direct.get(), a_size));
  print_comparison(world, "qr (reduced, Q and R), BlockCyclic(64)^2 column-major, 1xP", "PDGEQRF+PDORGQR",
                   8.0 * static_cast<double>(n) * n * n / 3.0, t, difference);
}

/// eigh(a) on gingham's default ScaLAPACK layout of a 1-D grid (row-major, rows BlockCyclic(nb): used in place
/// by gingham, a local copy), against memcpy + PDSYEVD('V', 'U') on the same layout and memory.
void compare_eigh(const Comm& world, std::int64_t n, int nb, int rounds) {
  const int p = world.size();
  const ProcessGrid line(world);
  const auto layout = scalapack_layout({n, n}, line.dims(), default_scalapack_view(line.dims()),
                                       StorageOrder::row_major, nb);
  const auto a = DistArray<double>::allocate(line, layout);
  fill_with(a, [](std::int64_t i, std::int64_t j) { return noise(std::min(i, j), std::max(i, j)); });  // symmetric
  const std::size_t a_size = static_cast<std::size_t>(a.local().size());
  const auto a_copy = doubles(std::max<std::size_t>(a_size, 1)), z_direct = doubles(std::max<std::size_t>(a_size, 1));
  std::vector<double> w_direct(static_cast<std::size_t>(n));
  int info = 0;
  const DirectBlacsGrid blacs(p);
  // The row-major shard (local rows x n) is the column-major n x (local rows) shard of S = A^T.
  const int nn = static_cast<int>(n), one_i = 1;
  const std::array<int, 9> descriptor = blacs.descriptor(nn, nn, nb, nb, std::max(1, nn));
  const int* desc = descriptor.data();
  double query = 0;
  int iquery = 0;
  const int minus_one = -1;
  pdsyevd_("V", "U", &nn, a_copy.get(), &one_i, &one_i, desc, w_direct.data(), z_direct.get(), &one_i, &one_i, desc,
           &query, &minus_one, &iquery, &minus_one, &info);
  // The same margins gingham adds (P?SYEVD's query undercounts P?ORMTR's workspace for some shapes).
  const std::int64_t local_cols = a.local().shape()[0];
  const int lwork = static_cast<int>(query) + 1 + static_cast<int>((n + local_cols + 2 * nb) * nb + nb * nb);
  const int liwork = iquery + 1 + static_cast<int>(7 * n + 8 * p + 2);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<int> iwork(static_cast<std::size_t>(liwork));
  const double* pa = a.local().data();
  EighResult<Array> eigh_gingham = eigh(a.array());
  const auto direct = [&] {
    std::copy(pa, pa + a_size, a_copy.get());
    pdsyevd_("V", "U", &nn, a_copy.get(), &one_i, &one_i, desc, w_direct.data(), z_direct.get(), &one_i, &one_i, desc,
             work.data(), &lwork, iwork.data(), &liwork, &info);
  };
  const PairTimes t = time_pair_stats(world, rounds, [&] { eigh_gingham = eigh(a.array()); }, direct);
  // Eigenvalues: each rank's part of gingham's 1-D result against the replicated direct ones; eigenvectors:
  // gingham's Z has the direct call's layout (column-major, columns BlockCyclic(64) on the 1xP BLACS grid).
  const Array& values = eigh_gingham.eigenvalues;
  double difference = 0;
  if (values.grid().contains_this_rank() && values.local().data != nullptr) {
    const auto owned = values.distribution().owned_indices(values.grid().coords(), 0);
    const auto* v = reinterpret_cast<const double*>(values.local().data);
    for (std::size_t k = 0; k < owned.size(); ++k) {
      difference = std::max(difference, std::abs(v[k] - w_direct[static_cast<std::size_t>(owned[k])]));
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, &difference, 1, MPI_DOUBLE, MPI_MAX, world.get());
  difference = std::max(difference, agreed_max_difference(world, reinterpret_cast<const double*>(eigh_gingham.eigenvectors.local().data),
                                                          z_direct.get(), a_size));
  print_comparison(world, "eigh (values and vectors), BlockCyclic(64) rows, row-major, 1xP", "PDSYEVD",
                   9.0 * static_cast<double>(n) * n * n, t, difference);
}

}  // namespace

int main(int argc, char** argv) {
  Environment environment(argc, argv);
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 4000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::int64_t n2 = argc > 3 ? std::atoll(argv[3]) : 2000;  // qr and eigh
  const int rounds2 = argc > 4 ? std::atoi(argv[4]) : std::max(rounds, 5);  // they are short: more rounds
  const Comm world = Comm::world();
  const int p = world.size();
  if (world.rank() == 0) {
    std::printf("gingham linalg benchmark: %lld x %lld float64 on %d ranks, median of %d alternating rounds\n",
                static_cast<long long>(n), static_cast<long long>(n), p, rounds);
  }
  const int nn = static_cast<int>(n), per_rank = static_cast<int>((n + p - 1) / p);
  {
    const ProcessGrid line(world);  // gingham's default grid and layout
    compare("default layout (Block rows, row-major; C^T = B^T A^T, 1xP)", line, default_layout({n, n}, line),
            Stored{nn, nn, nn, per_rank, nn}, true, rounds);
  }
  {
    const ProcessGrid row(world, {1, p});
    auto cyclic = std::make_shared<const Distribution>(std::vector<std::int64_t>{n, n},
        std::vector<AxisLayout>{AxisLayout::block_cyclic(64), AxisLayout::block_cyclic(64)}, row.dims(),
        StorageOrder::column_major);
    compare("BlockCyclic(64) x BlockCyclic(64), column-major, 1xP", row, cyclic, Stored{nn, nn, 64, 64, nn}, false,
            rounds);
  }
  compare_factorizations(world, n, 64, rounds);
  if (world.rank() == 0) {
    std::printf("qr and eigh: %lld x %lld float64, median of %d alternating rounds\n", static_cast<long long>(n2),
                static_cast<long long>(n2), rounds2);
  }
  compare_qr(world, n2, 64, rounds2);
  compare_eigh(world, n2, 64, rounds2);
}
