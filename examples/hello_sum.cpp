// The smallest gingham program: a distributed arange(10) and its collective sum, on every rank.
//   mpirun -np 4 gingham_hello_sum
#include <gingham/gingham.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  gingham::Environment environment(argc, argv);              // MPI_Init (singleton without mpirun)
  const gingham::ProcessGrid grid(gingham::Comm::world());   // 1-D grid over all ranks
  const auto x = gingham::arange<double>(grid, 0, 10);       // block-distributed 0, 1, ..., 9
  const double total = gingham::sum(x);                      // collective; identical on every rank
  std::printf("[rank %d of %d] holds %zu of the %lld elements, sum = %.1f\n", grid.comm().rank(),
              grid.comm().size(), x.local().size(), static_cast<long long>(x.global_size()), total);
  return 0;
}
