// A periodic Poisson equation solved spectrally, distributed over all ranks: the C++ twin of
// examples/spectral_poisson.py.
//   mpirun -np 4 gingham_spectral_poisson [n]
// Solve laplacian(u) = f on the periodic cube [0, 2 pi)^3 sampled on n^3 points (default 64), with
// u_exact = sin(x) cos(2y) sin(3z) + 0.5 cos(x + y), so f = -14 sin(x) cos(2y) sin(3z) - 2 (0.5 cos(x + y)).
// The Laplacian is a multiplication by -|k|^2 in Fourier space:
//   u_hat(k) = -f_hat(k) / |k|^2 (k != 0), u_hat(0) = 0 (the mean of u, which f does not fix),
// f_hat = rfftn(f) (real input: the last axis halved to n/2 + 1), u = irfftn(u_hat). f and u_exact are built
// with gingham::fromfunction (each rank its own shard); each rank scales its own part of the spectrum, with
// the wave numbers of its global indices; the transforms move slabs between the ranks (nothing is gathered).
// Prints max |u - u_exact| on rank 0; exit status 1 (on every rank) when it exceeds 1e-10.
#include <gingham/gingham.hpp>

#include <cmath>
#include <complex>
#include <cstdio>
#include <cstdlib>
#include <numbers>
#include <span>

int main(int argc, char** argv) {
  gingham::Environment environment(argc, argv);
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 64;
  const gingham::ProcessGrid grid(gingham::Comm::world());
  const double h = 2 * std::numbers::pi / static_cast<double>(n);
  auto layout = std::make_shared<const gingham::Distribution>(gingham::derived::default_layout({n, n, n}, grid.dims()));
  auto point = [h](std::span<const std::int64_t> i, int axis) { return static_cast<double>(i[axis]) * h; };
  const auto f = gingham::fromfunction<double>(grid, layout, [&](std::span<const std::int64_t> i) {
    const double x = point(i, 0), y = point(i, 1), z = point(i, 2);
    return -14 * std::sin(x) * std::cos(2 * y) * std::sin(3 * z) - 2 * (0.5 * std::cos(x + y));
  });

  auto f_hat = gingham::rfftn(f);  // (n, n, n/2 + 1) complex128, in f's layout
  if (f_hat.holds_shard()) {       // u_hat = -f_hat / |k|^2 on this rank's part, from its global indices
    const auto& d = f_hat.distribution();
    const auto coords = grid.coords();
    const auto kx = d.owned_indices(coords, 0), ky = d.owned_indices(coords, 1), kz = d.owned_indices(coords, 2);
    const auto shard = f_hat.local();
    auto wave = [n](std::int64_t k) { return static_cast<double>(k <= n / 2 ? k : k - n); };  // fftfreq * n
    for (std::size_t a = 0; a < kx.size(); ++a) {
      for (std::size_t b = 0; b < ky.size(); ++b) {
        for (std::size_t c = 0; c < kz.size(); ++c) {
          const double k2 = wave(kx[a]) * wave(kx[a]) + wave(ky[b]) * wave(ky[b]) + static_cast<double>(kz[c] * kz[c]);
          shard(a, b, c) = k2 > 0 ? -shard(a, b, c) / k2 : std::complex<double>(0);
        }
      }
    }
  }
  const auto u = gingham::irfftn(f_hat, std::vector<std::int64_t>{n, n, n});
  const auto exact = gingham::fromfunction<double>(grid, u.layout(), [&](std::span<const std::int64_t> i) {
    const double x = point(i, 0), y = point(i, 1), z = point(i, 2);
    return std::sin(x) * std::cos(2 * y) * std::sin(3 * z) + 0.5 * std::cos(x + y);
  });
  const gingham::Array largest =  // 0-D and replicated: on every rank
      gingham::reduce(gingham::Reduction::max, gingham::abs(u.array() - exact.array()));
  const double error = largest.local_as<double>().data()[0];
  const bool ok = error < 1e-10;
  if (grid.comm().rank() == 0) {
    std::printf("spectral Poisson n = %lld^3 on %d ranks: max |u - u_exact| = %.1e, check %s\n",
                static_cast<long long>(n), grid.comm().size(), error, ok ? "passed" : "FAILED");
  }
  return ok ? 0 : 1;
}
