"""A periodic Poisson equation solved spectrally, distributed over all ranks (FFTW underneath, gg.fft).

    mpirun -np 4 /usr/bin/python3 examples/spectral_poisson.py [n]

Solve  laplacian(u) = f  on the periodic cube [0, 2 pi)^3 sampled on n^3 points (default n = 64), with
f = -(1 + 4 + 9) u_exact for the exact solution u_exact = sin(x) cos(2 y) sin(3 z) + 0.5 cos(x + y) (the second
term with f part -2 (0.5 cos(x + y))). In Fourier space the Laplacian is a multiplication by -|k|^2, so

    u_hat(k) = -f_hat(k) / |k|^2  (k != 0),  u_hat(0) = 0  (the mean of u, which f does not fix),

with f_hat = rfftn(f) (the last axis halved: real input) and u = irfftn(u_hat). The wave numbers come from
gg.fft.fftfreq / rfftfreq (d = 1 / n: integers on a period of 2 pi), broadcast to the spectrum's layout.
Each rank computes only its own part of f, the transforms move slabs between the ranks (nothing is
gathered), and the error max |u - u_exact| is a collective reduction. Prints the error on rank 0; exit status
1 (on every rank) when it exceeds 1e-10.
"""
import math
import sys

import gingham as gg

n = int(sys.argv[1]) if len(sys.argv) > 1 else 64
h = 2 * math.pi / n


def exact(i, j, k):
    """u_exact at the grid points of global indices (arrays) i, j, k."""
    x, y, z = i * h, j * h, k * h
    return gg.sin(x) * gg.cos(2 * y) * gg.sin(3 * z) + 0.5 * gg.cos(x + y)


def right_hand_side(i, j, k):
    x, y, z = i * h, j * h, k * h
    return -14 * gg.sin(x) * gg.cos(2 * y) * gg.sin(3 * z) - 2 * (0.5 * gg.cos(x + y))


def index(axis, extent):
    """The global indices 0 .. extent - 1 as an array of 3 axes, along `axis`."""
    shape = [1, 1, 1]
    shape[axis] = extent
    return gg.reshape(gg.arange(extent, dtype=gg.float64), tuple(shape))


i, j, k = index(0, n), index(1, n), index(2, n)
f = right_hand_side(i, j, k)                      # n^3 float64, each rank its own part
f_hat = gg.fft.rfftn(f)                           # (n, n, n // 2 + 1) complex128
kx = gg.reshape(gg.fft.fftfreq(n, d=1 / n), (n, 1, 1))
ky = gg.reshape(gg.fft.fftfreq(n, d=1 / n), (1, n, 1))
kz = gg.reshape(gg.fft.rfftfreq(n, d=1 / n), (1, 1, n // 2 + 1))
k2 = kx * kx + ky * ky + kz * kz
inverse_laplacian = gg.where(k2 > 0, -1 / gg.where(k2 > 0, k2, 1.0), 0.0)
u = gg.fft.irfftn(f_hat * inverse_laplacian, s=(n, n, n))
error = float(gg.max(gg.abs(u - exact(i, j, k))))
ok = error < 1e-10
if gg.default_grid().comm.rank == 0:
    print(f"spectral Poisson n = {n}^3 on {gg.default_grid().comm.size} ranks: max |u - u_exact| = {error:.1e}, "
          f"check {'passed' if ok else 'FAILED'}")
sys.exit(0 if ok else 1)
