"""Matrices with an extent of 1 (m x 1, 1 x n, 1 x 1) in random layouts, grids and stacks at 1-4 ranks: every
ScaLAPACK-backed linalg function against NumPy. These layouts give ScaLAPACK descriptors whose blocks exceed
the extents and whose single row or column lies on one process (a regression: svdvals of a replicated
column-major 3 x 1 matrix got a working copy whose stated orientation contradicted its storage, and
P?GESVD refused it with INFO = -4)."""

import zlib

import numpy as np
import pytest
from helpers import all_ranks, random_distribution, random_grid, uniform_values

import gingham as gg

FLOATING = [gg.float32, gg.float64, gg.complex64, gg.complex128]
CASES = 12


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("linalg-thin",) + key)).encode()))


def tol(dtype):
    return 1e-4 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-11


def wide(a):
    return np.asarray(a).astype(np.complex128)


def rel(actual, expected):
    expected = wide(expected)
    return float(np.linalg.norm(wide(actual) - expected) / max(np.linalg.norm(expected), 1e-30))


def distributed(rng, a, grid=None):
    grid = random_grid(rng) if grid is None else grid
    return gg.asarray(a, distribution=random_distribution(rng, a.shape, grid))


def thin_shape(rng, square=False):
    """(..., m, n) with m or n equal to 1 (both when square), a stack of 1-2 matrices now and then."""
    if square:
        matrix = (1, 1)
    else:
        other = int(rng.integers(1, 6))
        matrix = (1, other) if rng.integers(0, 2) else (other, 1)
    return ((int(rng.integers(1, 3)),) if rng.integers(0, 4) == 0 else ()) + matrix


def thin_case(rng, dtype):
    """A random thin shape, values and a random layout of them."""
    shape = thin_shape(rng)
    a = uniform_values(rng, dtype, shape)
    return shape, a, distributed(rng, a)


def orthonormal_columns(q):
    q = wide(q)
    return float(np.linalg.norm(np.conj(np.swapaxes(q, -1, -2)) @ q - np.eye(q.shape[-1])))


@pytest.mark.parametrize("dtype", FLOATING)
def test_svd_svdvals_pinv_matrix_rank_and_norms(dtype):
    rng = rng_of("svd", dtype)
    for case in range(CASES):
        shape, a, x = thin_case(rng, dtype)
        reference = np.linalg.svd(wide(a), compute_uv=False)
        full = bool(case % 2)
        u, s, vh = (np.asarray(t) for t in gg.linalg.svd(x, full_matrices=full))
        svdvals, pinv = np.asarray(gg.linalg.svdvals(x)), np.asarray(gg.linalg.pinv(x))
        rank = np.asarray(gg.linalg.matrix_rank(x))
        norms = {ord: np.asarray(gg.linalg.matrix_norm(x, ord=ord)) for ord in (2, -2, "nuc")}
        # Every collective call is made on every rank: the comparisons only come after.
        k = min(shape[-2:])
        wrong = [name for name, ok in {
            "svdvals": rel(svdvals, reference) < tol(dtype), "s": rel(s, reference) < tol(dtype),
            "u": orthonormal_columns(u) < tol(dtype),
            "vh": orthonormal_columns(np.conj(np.swapaxes(vh, -1, -2))) < tol(dtype),
            "usvh": rel((u[..., :k] * s[..., None, :]) @ vh[..., :k, :], a) < tol(dtype),
            "pinv": rel(pinv, np.linalg.pinv(wide(a))) < 10 * tol(dtype),
            "matrix_rank": np.array_equal(rank, np.linalg.matrix_rank(wide(a))),
        }.items() if not ok]
        wrong += [f"matrix_norm {ord}" for ord, got in norms.items()
                  if not rel(got, np.linalg.norm(wide(a), ord=ord, axis=(-2, -1))) < tol(dtype)]
        assert all_ranks(not wrong), (shape, full, wrong, x.distribution)


@pytest.mark.parametrize("dtype", FLOATING)
def test_qr_of_rows_and_columns(dtype):
    rng = rng_of("qr", dtype)
    for case in range(CASES):
        shape, a, x = thin_case(rng, dtype)
        mode = "complete" if case % 2 else "reduced"
        q, r = (np.asarray(t) for t in gg.linalg.qr(x, mode=mode))
        ok = rel(q @ r, a) < tol(dtype) and orthonormal_columns(q) < tol(dtype)
        ok = ok and not np.any(np.tril(r, -1)) and q.dtype == a.dtype and r.dtype == a.dtype
        assert all_ranks(ok), (shape, mode, x.distribution)


@pytest.mark.parametrize("dtype", FLOATING)
def test_one_by_one_eigensolvers_and_factorizations(dtype):
    rng = rng_of("one", dtype)
    for _ in range(CASES):
        shape = thin_shape(rng, square=True)
        a = uniform_values(rng, dtype, shape) + np.asarray(2, dtype=dtype)  # away from 0: invertible
        h = a.real.astype(dtype)  # Hermitian 1 x 1, positive
        grid = random_grid(rng)
        x, y = distributed(rng, a, grid), distributed(rng, h)
        w, v = (np.asarray(t) for t in gg.linalg.eigh(y))
        b = uniform_values(rng, dtype, shape[:-1] + (3,))
        sign, logabsdet = gg.linalg.slogdet(x)
        # Every collective call is made on every rank: the comparisons only come after.
        results = {"eigvalsh": (gg.linalg.eigvalsh(y), h.real[..., 0]), "eigvals": (gg.linalg.eigvals(x), a[..., 0]),
                   "cholesky": (gg.linalg.cholesky(y), np.sqrt(h)), "inv": (gg.linalg.inv(x), 1 / a),
                   "det": (gg.linalg.det(x), a[..., 0, 0]),
                   "solve": (gg.linalg.solve(x, distributed(rng, b, grid)), b / a),
                   "sign": (sign, a[..., 0, 0] / np.abs(a[..., 0, 0])),
                   "logabsdet": (logabsdet, np.log(np.abs(a[..., 0, 0])))}
        wrong = [name for name, (got, want) in results.items() if not rel(np.asarray(got), want) < tol(dtype)]
        if not (rel(w, h.real[..., 0]) < tol(dtype) and np.allclose(np.abs(v), 1, atol=tol(dtype))):
            wrong.append("eigh")
        assert all_ranks(not wrong), (shape, wrong, x.distribution, y.distribution)
