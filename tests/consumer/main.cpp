// Uses the installed gingham: arange(10) on all ranks, summed collectively; exits 1 on a wrong sum or when
// the headers (GINGHAM_VERSION_STRING) and the library (gingham::version()) disagree.
#include <gingham/gingham.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  gingham::Environment environment(argc, argv);
  const gingham::ProcessGrid grid(gingham::Comm::world());
  const double total = gingham::sum(gingham::arange<double>(grid, 0, 10));
  std::printf("consumer: rank %d of %d: gingham %s: sum = %g\n", grid.comm().rank(), grid.comm().size(),
              std::string(gingham::version()).c_str(), total);
  return total == 45.0 && gingham::version() == GINGHAM_VERSION_STRING ? 0 : 1;
}
