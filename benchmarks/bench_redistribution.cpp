// Redistribution and halo exchange against raw MPI, measured in one run (issue: distributions and plans).
//   scripts/mpi-launch.sh 2 600 build/benchmarks/bench_redistribution [n] [repeats]
// Each line gives gingham's time, the raw MPI baseline's time for the same bytes, and their ratio.
// Rounds of gingham and the baseline alternate, and medians are reported, because the machine is shared.
#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "gingham/gingham.hpp"
#include "timing.hpp"

namespace {

using namespace gingham;
using namespace gingham::bench;

std::shared_ptr<const Distribution> layout(std::vector<std::int64_t> shape, std::vector<AxisLayout> axes,
                                           const ProcessGrid& grid, std::vector<int> grid_axes = {}) {
  return std::make_shared<const Distribution>(std::move(shape), std::move(axes), grid.dims(), StorageOrder::row_major,
                                              std::move(grid_axes));
}

/// Times plan.execute against MPI_Alltoall of the bytes the plan sends to each peer.
void compare_with_alltoall(const char* name, const Comm& comm, int repeats, const RedistributionPlan& plan,
                           const DistArray<double>& x, const DistArray<double>& y) {
  const PlanStatistics stats = plan.statistics(sizeof(double));
  std::int64_t per_peer = stats.send_messages ? stats.send_elements / stats.send_messages : 0;
  MPI_Allreduce(MPI_IN_PLACE, &per_peer, 1, MPI_INT64_T, MPI_MAX, comm.get());
  const auto send = doubles(static_cast<std::size_t>(per_peer) * comm.size());
  const auto receive = doubles(static_cast<std::size_t>(per_peer) * comm.size());
  const auto [t_plan, t_alltoall] = time_pair(
      comm, repeats, [&] { plan.execute(x.array().local(), y.array().local(), ViewCheck::local); },
      [&] {
        MPI_Alltoall(send.get(), static_cast<int>(per_peer), MPI_DOUBLE, receive.get(), static_cast<int>(per_peer),
                     MPI_DOUBLE, comm.get());
      });
  const double gigabytes = static_cast<double>(per_peer) * sizeof(double) * (comm.size() - 1) / 1e9;
  const PlanStatistics after = plan.statistics(sizeof(double));  // which way the executions went
  if (comm.rank() == 0) {
    std::printf("%-58s gingham %8.2f ms (%5.2f GB/s)  MPI_Alltoall %8.2f ms (%5.2f GB/s)  bandwidth ratio %.2f  "
                "[%lld rounds, %zu buffer bytes, executions with datatypes %lld, packed %lld]\n",
                name, t_plan * 1e3, gigabytes / t_plan, t_alltoall * 1e3, gigabytes / t_alltoall, t_alltoall / t_plan,
                static_cast<long long>(stats.rounds), stats.buffer_bytes, static_cast<long long>(after.datatype_executions),
                static_cast<long long>(after.packed_executions));
  }
}

/// The transpose of block rows as a user would write it by hand: pack each peer's block transposed
/// (blocked loops), MPI_Alltoall, copy the received blocks into place.
void compare_with_hand_written_transpose(const Comm& comm, std::int64_t n, int repeats, const DistArray<double>& x) {
  const int p = comm.size();
  if (n % p != 0) return;
  const std::int64_t rows = n / p, block = rows * rows;  // my rows; one peer's block
  const auto send = doubles(static_cast<std::size_t>(block) * p), receive = doubles(static_cast<std::size_t>(block) * p);
  const auto y = doubles(static_cast<std::size_t>(rows) * n);
  const double* a = x.local().data();
  const RedistributionPlan plan(comm, x.layout(), x.layout(), IndexMap::permutation({n, n}, {1, 0}));
  const auto z = DistArray<double>::allocate(x.grid(), x.layout());
  const auto [t_gingham, t_hand] = time_pair(
      comm, repeats, [&] { plan.execute(x.array().local(), z.array().local(), ViewCheck::local); },
      [&] {
        constexpr std::int64_t tile = 32;
        for (int q = 0; q < p; ++q) {  // block q: my rows, columns of q's rows, transposed
          double* out = send.get() + q * block;
          for (std::int64_t i0 = 0; i0 < rows; i0 += tile) {
            for (std::int64_t j0 = 0; j0 < rows; j0 += tile) {
              for (std::int64_t i = i0; i < std::min(rows, i0 + tile); ++i) {
                for (std::int64_t j = j0; j < std::min(rows, j0 + tile); ++j) out[i * rows + j] = a[j * n + q * rows + i];
              }
            }
          }
        }
        MPI_Alltoall(send.get(), static_cast<int>(block), MPI_DOUBLE, receive.get(), static_cast<int>(block), MPI_DOUBLE,
                     comm.get());
        for (int q = 0; q < p; ++q) {
          for (std::int64_t i = 0; i < rows; ++i) {
            std::copy_n(receive.get() + q * block + i * rows, rows, y.get() + i * n + q * rows);
          }
        }
      });
  if (comm.rank() == 0) {
    std::printf("%-58s gingham %8.2f ms  by hand (pack, MPI_Alltoall, unpack) %8.2f ms  time ratio %.2f\n",
                "transpose, against the same by hand", t_gingham * 1e3, t_hand * 1e3, t_gingham / t_hand);
  }
}

void bench_redistribution(const Comm& comm, std::int64_t n, int repeats) {
  const ProcessGrid rows_grid(comm);
  const ProcessGrid grid_2d(comm, {0, 0});
  const auto rows = layout({n, n}, {AxisLayout::block(), AxisLayout::not_distributed()}, rows_grid);
  const auto x = DistArray<double>::allocate(rows_grid, rows);
  for (double& v : x.local().flat()) v = 1.0;
  for (auto [r, c] : {std::pair{grid_2d.dims()[0], grid_2d.dims()[1]}, std::pair{1, comm.size()}}) {
    const ProcessGrid grid(comm, {r, c});
    const auto cyclic = layout({n, n}, {AxisLayout::block_cyclic(64), AxisLayout::block_cyclic(64)}, grid);
    for (std::size_t chunk : {default_chunk_bytes(), std::size_t{64} << 20}) {
      PlanOptions options;
      options.chunk_bytes = chunk;
      const RedistributionPlan plan(comm, rows, cyclic, std::nullopt, options);
      const auto y = DistArray<double>::allocate(grid, cyclic);
      const std::string name = "block rows -> block-cyclic(64) " + std::to_string(r) + "x" + std::to_string(c) +
                               ", chunk " + std::to_string(chunk >> 20) + " MiB";
      compare_with_alltoall(name.c_str(), comm, repeats, plan, x, y);
    }
  }
  for (std::size_t chunk : {default_chunk_bytes(), std::size_t{64} << 20}) {
    PlanOptions options;
    options.chunk_bytes = chunk;
    const RedistributionPlan transpose(comm, rows, rows, IndexMap::permutation({n, n}, {1, 0}), options);
    const auto y = DistArray<double>::allocate(rows_grid, rows);
    const std::string name = "transpose, block rows -> block rows, chunk " + std::to_string(chunk >> 20) + " MiB";
    compare_with_alltoall(name.c_str(), comm, repeats, transpose, x, y);
  }
  compare_with_hand_written_transpose(comm, n, repeats, x);
  // One call of redistribute() does it all: plan, new array, execution.
  const ProcessGrid grid(comm, {0, 0});
  const auto cyclic = layout({n, n}, {AxisLayout::block_cyclic(64), AxisLayout::block_cyclic(64)}, grid);
  std::vector<double> t;
  for (int r = 0; r < repeats; ++r) {
    comm.barrier();
    const double start = MPI_Wtime();
    redistribute(x, grid, cyclic);
    double elapsed = MPI_Wtime() - start;
    MPI_Allreduce(MPI_IN_PLACE, &elapsed, 1, MPI_DOUBLE, MPI_MAX, comm.get());
    t.push_back(elapsed);
  }
  if (comm.rank() == 0) {
    std::printf("%-58s gingham %8.2f ms (plan + new array + execution)\n", "redistribute() one call, rows -> block-cyclic(64)",
                median(t) * 1e3);
  }
}

void bench_halo(const Comm& comm, std::int64_t n, int repeats) {
  const ProcessGrid grid(comm);
  const auto rows = layout({n, n}, {AxisLayout::block(), AxisLayout::not_distributed()}, grid);
  const HaloSpec halo{{1, 0}, {1, 0}, {false, false}, Stencil::star};
  const auto x = DistArray<double>::allocate(grid, rows, halo);
  // The baseline: the same padded storage, faces exchanged in place with MPI_Sendrecv.
  const std::int64_t local_rows = x.local_shape()[0];
  const auto storage = doubles(static_cast<std::size_t>((local_rows + 2) * n));
  const int up = comm.rank() > 0 ? comm.rank() - 1 : MPI_PROC_NULL;
  const int down = comm.rank() + 1 < comm.size() ? comm.rank() + 1 : MPI_PROC_NULL;
  double* row = storage.get();
  const int count = static_cast<int>(n);
  const auto [t_gingham, t_sendrecv] = time_pair(
      comm, repeats * 20, [&] { x.exchange_halo(); },
      [&] {
        MPI_Sendrecv(row + n, count, MPI_DOUBLE, up, 0, row + (local_rows + 1) * n, count, MPI_DOUBLE, down, 0, comm.get(),
                     MPI_STATUS_IGNORE);
        MPI_Sendrecv(row + local_rows * n, count, MPI_DOUBLE, down, 1, row, count, MPI_DOUBLE, up, 1, comm.get(),
                     MPI_STATUS_IGNORE);
      });
  if (comm.rank() == 0) {
    std::printf("%-58s gingham %8.1f us  MPI_Sendrecv %8.1f us  time ratio %.2f\n", "halo exchange, block rows, width 1",
                t_gingham * 1e6, t_sendrecv * 1e6, t_gingham / t_sendrecv);
  }
}

}  // namespace

int main(int argc, char** argv) {
  gingham::Environment environment(argc, argv);
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 4000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 10;
  const Comm comm = Comm::world();
  if (comm.rank() == 0) {
    std::printf("gingham redistribution benchmarks: %lld x %lld float64 on %d ranks, median of %d rounds\n",
                static_cast<long long>(n), static_cast<long long>(n), comm.size(), repeats);
  }
  bench_redistribution(comm, n, repeats);
  bench_halo(comm, n, repeats);
  return 0;
}
