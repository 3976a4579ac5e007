// Uses the installed gingham: arange(10) on all ranks, summed collectively; exits 1 on a wrong sum.
#include <gingham/gingham.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  gingham::Environment environment(argc, argv);
  const gingham::ProcessGrid grid(gingham::Comm::world());
  const double total = gingham::sum(gingham::arange<double>(grid, 0, 10));
  std::printf("consumer: rank %d of %d: sum = %g\n", grid.comm().rank(), grid.comm().size(), total);
  return total == 45.0 ? 0 : 1;
}
