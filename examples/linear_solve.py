"""A large dense linear system and a least-squares fit, distributed over all ranks (ScaLAPACK underneath).

    mpirun -np 4 /usr/bin/python3 examples/linear_solve.py [n] [m] [degree]

1. A x = b for an n x n diagonally dominant A (default n = 2000): uniform noise from gg.random plus n on
   the diagonal (each rank computes only its own part; nothing is gathered to one rank), solved with gg.linalg.solve (P?GESV), and the relative residual
   ||A x - b||_2 / (||A||_F ||x||_2) computed distributedly (matmul, subtract, norms).
2. Least squares: a polynomial of the given degree (default 5) fitted to m noisy samples (default m = 100000)
   of a known polynomial on [-1, 1]: V c ~ y with the m x (degree + 1) Vandermonde matrix V, solved through
   QR: V = Q R (gg.linalg.qr, P?GEQRF + P?ORGQR), c = R^-1 (Q^T y) (gg.linalg.solve on the small R).
   Checks: the normal-equation residual ||V^T (V c - y)|| / (||V||_F ||y||), of the order of eps cond(V) for
   the least-squares solution (V^T (V c - y) = 0 characterises it; threshold 1e-10, the pass/fail check), and the
   distance of c from the true coefficients (printed: noise and cond(V) set it). At small sizes
   (m <= 20000) the fit is also compared with numpy.linalg.lstsq on the gathered V and y.
V is laid out column-major with its rows BlockCyclic(64) over the ranks, the layout ScaLAPACK's QR reads in
place for a tall matrix (rows spread over the processes, columns on each). From gingham's default layout, qr's
working copy would be column blocks of 64 on a 1xP BLACS grid: all k <= 64 columns, so the whole of V and all of
the work, on one rank.
Exit status 1 (on every rank) when a check fails.
"""
import sys
import time

import numpy as np
from mpi4py import MPI

import gingham as gg

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
m = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
degree = int(sys.argv[3]) if len(sys.argv) > 3 else 5
k = degree + 1
comm = MPI.COMM_WORLD
root = comm.rank == 0


rng = gg.random.default_rng(2026)  # counter-based: the same numbers for any rank count and layout

# ---- 1. A dense linear system ------------------------------------------------------------------------------
a = rng.uniform(-1.0, 1.0, (n, n)) + n * gg.eye(n, dtype=gg.float64)  # n x n, default layout (Block rows)
b = gg.cos(0.01 * gg.arange(n, dtype=gg.float64))
start = time.perf_counter()
x = gg.linalg.solve(a, b)  # P?GESV on a working copy; a and b are kept
seconds = time.perf_counter() - start
residual = float(gg.linalg.vector_norm(a @ x - b)) / (float(gg.linalg.matrix_norm(a)) * float(gg.linalg.vector_norm(x)))
system_ok = residual < 1e-12
if root:
    print(f"linear system: n = {n} on {comm.size} ranks, solve {seconds:.3f} s, relative residual "
          f"||Ax - b|| / (||A|| ||x||) = {residual:.1e}: {'check passed' if system_ok else 'FAILED'}", flush=True)

# ---- 2. A least-squares fit through QR ---------------------------------------------------------------------
truth = np.resize([0.5, -1.0, 2.0, 0.25, -0.75, 1.5, -0.5, 0.125, 1.0, -2.0], k)
tall = gg.Distribution((m, k), (gg.BlockCyclic(64), None), local_order="F")  # rows spread, columns on each rank
t = gg.linspace(-1.0, 1.0, m, dtype=gg.float64)
powers = gg.reshape(gg.arange(k, dtype=gg.float64), (1, k))
v = gg.redistribute(gg.reshape(t, (m, 1)) ** powers, tall)  # V[i, j] = t_i^j
y = gg.zeros(m, dtype=gg.float64)
for j in reversed(range(k)):  # Horner: y = p(t)
    y = y * t + float(truth[j])
y = y + 1e-3 * rng.uniform(-1.0, 1.0, m)
start = time.perf_counter()
q, r = gg.linalg.qr(v, mode="reduced")  # Q: m x k, R: k x k upper triangular
c = gg.linalg.solve(r, gg.matmul(gg.matrix_transpose(q), y))  # c = R^-1 Q^T y
fit_seconds = time.perf_counter() - start
fit_residual = v @ c - y
fit_residual_norm = float(gg.linalg.vector_norm(fit_residual))
normal_residual = float(gg.linalg.vector_norm(gg.matrix_transpose(v) @ fit_residual)) / (
    float(gg.linalg.matrix_norm(v)) * float(gg.linalg.vector_norm(y)))
fitted = np.asarray(c)  # k numbers, gathered to every rank
coefficient_error = float(np.max(np.abs(fitted - truth)))
fit_ok = normal_residual < 1e-10  # the coefficients' error is information: it grows with the degree
numpy_note = ""
if m <= 20000:  # small: compare with NumPy's least squares on the gathered V and y (every rank)
    reference = np.linalg.lstsq(np.asarray(v), np.asarray(y), rcond=None)[0]
    numpy_difference = float(np.max(np.abs(fitted - reference)))
    fit_ok = fit_ok and numpy_difference < 1e-8
    numpy_note = f", max |c - numpy.linalg.lstsq| = {numpy_difference:.1e}"
if root:
    print(f"least squares: degree {degree} fit to m = {m} samples, qr + solve {fit_seconds:.3f} s, "
          f"||V^T (Vc - y)|| / (||V|| ||y||) = {normal_residual:.1e}, ||Vc - y|| = {fit_residual_norm:.3e}, "
          f"max |c - c_true| = {coefficient_error:.1e}{numpy_note}: {'check passed' if fit_ok else 'FAILED'}",
          flush=True)
    print("coefficients:", " ".join(f"{value:.4f}" for value in fitted), flush=True)
sys.exit(0 if system_ok and fit_ok else 1)
