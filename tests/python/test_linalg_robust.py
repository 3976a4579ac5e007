"""Linear algebra on hostile input (issue 12), at 1-4 ranks against numpy.linalg: non-finite input raises
LinAlgError on every rank at once before any iterative driver runs (it hung or took tens of seconds);
exactly singular matrices are detected in every storage order and layout (they went undetected in the
default row-major layout); small matrices on more ranks than rows or columns decompose as NumPy does
(P?GESVD failed spuriously); 8- and 16-bit integer matmul wraps as NumPy's."""

import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere, uniform_values

import gingham as gg

P = COMM.size
FLOATING = [gg.float32, gg.float64, gg.complex64, gg.complex128]


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("linalg-robust",) + key)).encode()))


# ---- 1. Non-finite input -----------------------------------------------------------------------------

# Every function that runs an iterative driver (or cholesky) on its input, by name.
NON_FINITE_CALLS = {
    "eigh": gg.linalg.eigh,
    "eigvalsh": gg.linalg.eigvalsh,
    "eig": gg.linalg.eig,
    "eigvals": gg.linalg.eigvals,
    "svd": gg.linalg.svd,
    "svd_thin": lambda x: gg.linalg.svd(x, full_matrices=False),
    "svdvals": gg.linalg.svdvals,
    "pinv": gg.linalg.pinv,
    "matrix_rank": gg.linalg.matrix_rank,
    "matrix_norm_2": lambda x: gg.linalg.matrix_norm(x, ord=2),
    "matrix_norm_-2": lambda x: gg.linalg.matrix_norm(x, ord=-2),
    "matrix_norm_nuc": lambda x: gg.linalg.matrix_norm(x, ord="nuc"),
    "cholesky": gg.linalg.cholesky,
}


def hermitian_with(bad, dtype, n, stack):
    """A Hermitian, positive definite matrix (or a stack of three) with one symmetric pair of entries, or
    one diagonal entry, set to ``bad``; in the stack only the last matrix is bad."""
    a = (np.eye(n) * 4 + 0.5 * np.ones((n, n))).astype(dtype)
    i, j = (n // 2, n - 1 - n // 2) if n > 1 else (0, 0)
    a[i, j] = a[j, i] = bad
    if not stack:
        return a
    good = (np.eye(n) * 4).astype(dtype)
    return np.stack([good, good, a])


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_raises_everywhere_before_any_driver(dtype, bad):
    for n in (1, 2, 8, 40):
        for stack in (False, True):
            a = hermitian_with(bad, np.dtype(dtype), n, stack)
            x = gg.asarray(a)
            word = "NaN" if np.isnan(bad) else "infinity"
            for name, call in NON_FINITE_CALLS.items():
                outcome = raised_everywhere(lambda: call(x))
                where = f"{name} n={n} stack={stack} {np.dtype(dtype)} {bad}"
                assert outcome is not None, f"{where}: nothing raised"
                assert outcome[0] == "LinAlgError", f"{where}: {outcome}"
                assert "expected finite values" in outcome[1] and word in outcome[1], f"{where}: {outcome}"
                if stack:
                    assert f"shape (3, {n}, {n})" in outcome[1], f"{where}: {outcome}"


def test_numpy_agrees_where_it_is_deterministic():
    """NumPy 1.24 raises LinAlgError for eig/eigvals (its own finiteness check) and the SVD family on NaN;
    gingham raises for those too (and for eigh and cholesky, whose NumPy results depend on the LAPACK)."""
    a = np.eye(8)
    a[3, 5] = a[5, 3] = np.nan
    for name, numpy_call in (("eigvals", np.linalg.eigvals), ("svdvals", lambda m: np.linalg.svd(m, compute_uv=False)),
                             ("pinv", np.linalg.pinv), ("matrix_rank", np.linalg.matrix_rank)):
        with pytest.raises(np.linalg.LinAlgError):
            numpy_call(a)
        with pytest.raises(np.linalg.LinAlgError):
            NON_FINITE_CALLS[name](gg.asarray(a))


def test_the_issue_reproducer_does_not_hang():
    a = np.eye(8)
    a[3, 5] = a[5, 3] = np.nan
    outcome = raised_everywhere(lambda: gg.linalg.eigh(gg.asarray(a)))
    assert outcome is not None and outcome[0] == "LinAlgError", outcome
    assert outcome[1].startswith("eigh: expected finite values, got an array of shape (8, 8) that contains NaN"), outcome


def test_non_finite_value_on_one_rank_only_in_any_layout():
    """The bad value lies in one rank's shard (the last element), in layouts that must be moved and not."""
    rng = rng_of("one rank")
    n = 30
    a = np.eye(n) * 3
    a[-1, -1] = np.inf
    grid = gg.ProcessGrid((0,))
    for layout in (None, gg.Distribution((n, n), axes=(gg.BlockCyclic(4), None), grid=grid, local_order="F"),
                   gg.Distribution((n, n), axes=(None, gg.Cyclic()), grid=grid)):
        x = gg.asarray(a) if layout is None else gg.asarray(a, distribution=layout)
        for name in ("eigh", "svdvals", "eigvals", "cholesky"):
            outcome = raised_everywhere(lambda: NON_FINITE_CALLS[name](x))
            assert outcome is not None and outcome[0] == "LinAlgError" and "infinity" in outcome[1], outcome
    # Finite input still works after a refusal (no state left behind).
    b = uniform_values(rng, np.float64, (n, n))
    b = b + b.T
    w = np.asarray(gg.linalg.eigvalsh(gg.asarray(b)))
    assert all_ranks(np.allclose(w, np.linalg.eigvalsh(b), atol=1e-12))


# ---- 2. Small matrices on more ranks than rows or columns ------------------------------------------------

SMALL_SHAPES = [(2, 2), (3, 3), (2, 3), (3, 2), (1, 1), (1, 4), (4, 1), (1, 7), (7, 1)]


def tolerance(dtype):
    return 100 * float(np.finfo(np.dtype(dtype)).eps)


@pytest.mark.parametrize("dtype", FLOATING)
def test_small_matrices_decompose_as_numpy_on_any_rank_count(dtype):
    """Random 2x2, 3x3, 1xN and Nx1 matrices in the default layout and in BlockCyclic(1) rows (most ranks
    hold nothing): svd (both modes), svdvals, pinv, eigh, eig, qr, inv and solve agree with NumPy."""
    rng = rng_of("small", np.dtype(dtype).name)
    tol = tolerance(dtype)
    grid = gg.ProcessGrid((0,))
    for trial in range(6):
        for m, n in SMALL_SHAPES:
            a = uniform_values(rng, dtype, (m, n))
            layout = gg.Distribution((m, n), axes=(gg.BlockCyclic(1), None), grid=grid, local_order="CF"[trial % 2])
            for x in (gg.asarray(a), gg.asarray(a, distribution=layout)):
                where = f"{m}x{n} {np.dtype(dtype)} trial {trial} {x.distribution}"
                outcome = raised_everywhere(lambda: gg.linalg.svd(x, full_matrices=bool(trial % 2)))
                assert outcome is None, f"{where}: {outcome}"
                u, s, vh = (np.asarray(v) for v in gg.linalg.svd(x, full_matrices=bool(trial % 2)))
                k = min(m, n)
                assert all_ranks(np.allclose(s, np.linalg.svd(a, compute_uv=False), rtol=tol, atol=tol)), where
                rebuilt = (u[:, :k] * s) @ vh[:k]
                assert all_ranks(np.allclose(rebuilt, a, rtol=tol, atol=tol)), where
                assert all_ranks(np.allclose(np.asarray(gg.linalg.svdvals(x)), s, rtol=tol, atol=tol)), where
                assert all_ranks(np.allclose(np.asarray(gg.linalg.pinv(x)), np.linalg.pinv(a), rtol=1e3 * tol,
                                             atol=1e3 * tol)), where
                if m == n and trial < 2:
                    h = (a + np.conj(a.T)) / 2
                    xh = gg.asarray(h, distribution=x.distribution)
                    w = np.asarray(gg.linalg.eigvalsh(xh))
                    assert all_ranks(np.allclose(w, np.linalg.eigvalsh(h), rtol=tol, atol=tol)), where
                    wv = np.asarray(gg.linalg.eigvals(x)).astype(np.complex128)
                    expected = np.linalg.eigvals(a).astype(np.complex128)
                    distance = np.abs(wv[:, None] - expected[None, :])  # each value near one of the other's
                    assert all_ranks(max(distance.min(0).max(), distance.min(1).max()) <= 1e2 * tol), where
                q, r = (np.asarray(v) for v in gg.linalg.qr(x))
                assert all_ranks(np.allclose(q @ r, a, rtol=tol, atol=tol)), where


def test_scalapack_calls_on_different_sub_grids_one_after_another():
    """PBLAS's broadcast topologies are one process-wide state: qr on a 1x1 grid left its rank's row
    broadcast a decreasing ring, and a matmul on a 2x1 grid then hung (np >= 3). A small svd runs on a
    sub-grid of its own before a matmul on the whole grid."""
    one, two, every = gg.ProcessGrid((1, 1)), gg.ProcessGrid((min(2, P), 1)), gg.ProcessGrid((0, 0))
    a = rng_of("sub-grids").random((40, 40))
    small = np.array([[4.9317055, 0.0059995], [-0.3021979, 3.789097]], dtype=np.float32)
    for _ in range(2):
        gg.linalg.qr(gg.asarray(a, device=one))
        for grid in (two, every):
            x = gg.asarray(a, device=grid)
            assert all_ranks(np.allclose(np.asarray(x @ x), a @ a, rtol=1e-12, atol=1e-12)), grid
            gg.linalg.svd(gg.asarray(small, device=every))
    # Empty matrices on the 2-D grid (the sub-grid rule divided by zero for them: SIGFPE at np 4).
    assert gg.linalg.inv(gg.zeros((0, 0), dtype=gg.complex64, device=every)).shape == (0, 0)
    assert gg.linalg.svdvals(gg.zeros((0, 3), device=every)).shape == (0,)


def test_the_issue_reproducer_decomposes():
    a = np.array([[4.9317055, 0.0059995], [-0.3021979, 3.789097]], dtype=np.float32)
    outcome = raised_everywhere(lambda: gg.linalg.svd(gg.asarray(a)))
    assert outcome is None, outcome
    u, s, vh = (np.asarray(v) for v in gg.linalg.svd(gg.asarray(a)))
    assert all_ranks(np.allclose((u * s) @ vh, a, atol=1e-5))
    assert all_ranks(np.allclose(np.asarray(gg.linalg.pinv(gg.asarray(a))), np.linalg.pinv(a), atol=1e-5))


# ---- 3. Exactly singular matrices in every layout --------------------------------------------------------

def singular_matrix(rng, n, kind, dtype):
    a = uniform_values(rng, dtype, (n, n))
    i, j = (3, 140) if n >= 150 else (0, n - 1) if n > 1 else (0, 0)
    if kind == "equal rows":
        a[j] = a[i]
    elif kind == "equal columns":
        a[:, j] = a[:, i]
    elif kind == "zero row":
        a[j] = 0
    elif kind == "zero column":
        a[:, j] = 0
    return a


def layouts(n, grid):
    yield "default", None
    for nb in (1, 3, 64):
        for order in "CF":
            axes = tuple(gg.BlockCyclic(nb) if g < grid.ndim else None for g in range(2))
            yield f"BlockCyclic({nb}) {order}", gg.Distribution((n, n), axes=axes, grid=grid, local_order=order)


def check_singular_det(x, a, kind, where):
    """det and slogdet keep the computed factors, as NumPy's: exactly 0 and (0, -inf) for a zero row or
    column; for equal rows or columns a rounding-error value, tiny against Hadamard's bound prod ||row_i||."""
    det = complex(np.asarray(gg.linalg.det(x)))
    sign, logabs = (np.asarray(v) for v in gg.linalg.slogdet(x))
    if kind.startswith("zero"):
        assert all_ranks(det == 0), f"{where}: det {det}"
        assert all_ranks(sign == 0 and logabs == -np.inf), f"{where}: slogdet {sign}, {logabs}"
        return
    log_hadamard = float(np.sum(np.log(np.linalg.norm(a.astype(np.complex128), axis=1))))
    limit = np.log(1e3 * a.shape[0] * float(np.finfo(a.dtype).eps))
    assert all_ranks(bool(logabs - log_hadamard <= limit)), f"{where}: slogdet {sign}, {logabs}"


@pytest.mark.parametrize("kind", ["equal rows", "equal columns", "zero row", "zero column"])
def test_singular_matrices_are_detected_in_every_layout(kind):
    dims = [(0,), (0, 0)] if P == 4 else [(0,)]
    for dims_ in dims:
        grid = gg.ProcessGrid(dims_)
        for n in (1, 2, 5, 40, 150):
            if n == 1 and kind in ("equal rows", "equal columns"):
                continue
            for dtype in (np.float64, np.complex64):
                a = singular_matrix(rng_of("singular", kind, n), n, kind, dtype)
                for name, layout in layouts(n, grid):
                    x = gg.asarray(a) if layout is None else gg.asarray(a, distribution=layout)
                    where = f"{kind} n={n} {np.dtype(dtype)} {name} grid {dims_}"
                    ones = gg.ones(n, dtype=x.dtype, device=x.device)
                    for call in (gg.linalg.inv, lambda x: gg.linalg.solve(x, ones)):
                        outcome = raised_everywhere(lambda: call(x))
                        assert outcome is not None and outcome[0] == "LinAlgError", f"{where}: {outcome}"
                        assert "singular" in outcome[1], f"{where}: {outcome}"
                    check_singular_det(x, a, kind, where)


def test_the_issue_reproducers():
    a = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [1.0, 2.0, 3.0]])
    for call in (gg.linalg.inv, lambda x: gg.linalg.solve(x, gg.ones(3))):
        outcome = raised_everywhere(lambda: call(gg.asarray(a)))
        assert outcome is not None and outcome[0] == "LinAlgError", outcome
    outcome = raised_everywhere(lambda: gg.linalg.solve(gg.zeros((1, 1)), gg.ones(1)))
    assert outcome is not None and outcome[0] == "LinAlgError" and "singular" in outcome[1], outcome
    with pytest.raises(np.linalg.LinAlgError, match="Singular matrix"):
        np.linalg.solve(np.zeros((1, 1)), np.ones(1))


@pytest.mark.parametrize("kind", ["equal rows", "equal columns", "zero row"])
def test_singular_matrices_in_stacks(kind):
    """Stacks take the batched (serial LAPACK) path for small matrices and the per-matrix ScaLAPACK loop
    for larger ones; the singular matrix is named alike on every rank."""
    for n in (4, 40, 300):
        if n == 300 and kind != "zero row":
            continue  # equal random rows at n = 300 leave a pivot above max(n, 10) eps max|U| (NumPy does not raise either)
        rng = rng_of("stack", kind, n)
        a = np.stack([uniform_values(rng, np.float64, (n, n)) + n * np.eye(n), singular_matrix(rng, n, kind, np.float64),
                      uniform_values(rng, np.float64, (n, n)) + n * np.eye(n)])
        x = gg.asarray(a)
        for call in (gg.linalg.inv, lambda x: gg.linalg.solve(x, gg.ones((3, n, 1)))):
            outcome = raised_everywhere(lambda: call(x))
            assert outcome is not None and outcome[0] == "LinAlgError", f"{kind} n={n}: {outcome}"
            assert "(matrix (1,) of the stack)" in outcome[1], f"{kind} n={n}: {outcome}"
        det = np.asarray(gg.linalg.det(x))
        assert all_ranks(np.allclose(det[[0, 2]], np.linalg.det(a[[0, 2]]), rtol=1e-10)), f"{det}"


def test_nonsingular_results_still_match_numpy_in_every_layout():
    grid = gg.ProcessGrid((0,))
    for n in (1, 7, 40):
        rng = rng_of("regular", n)
        a = uniform_values(rng, np.float64, (n, n)) + n * np.eye(n)
        b = uniform_values(rng, np.float64, (n,))
        for name, layout in layouts(n, grid):
            x = gg.asarray(a) if layout is None else gg.asarray(a, distribution=layout)
            assert all_ranks(np.allclose(np.asarray(gg.linalg.inv(x)), np.linalg.inv(a), rtol=1e-10, atol=1e-12)), name
            solution = np.asarray(gg.linalg.solve(x, gg.asarray(b, device=x.device)))
            assert all_ranks(np.allclose(solution, np.linalg.solve(a, b), rtol=1e-10, atol=1e-12)), name
            assert all_ranks(np.isclose(float(gg.linalg.det(x)), np.linalg.det(a), rtol=1e-10)), name


# ---- 6. Integer matmul wraps as NumPy's ---------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.uint16, np.int16])
def test_small_integer_matmul_with_large_values_wraps_as_numpy(dtype):
    rng = rng_of("wrap", np.dtype(dtype).name)
    info = np.iinfo(dtype)
    for m, k, n in ((1, 1, 1), (3, 5, 4), (17, 9, 6)):
        a = rng.choice([info.max, info.min, info.max - 1, -1 if info.min < 0 else 1], size=(m, k)).astype(dtype)
        b = rng.integers(info.min, info.max, size=(k, n), endpoint=True).astype(dtype)
        expected = a @ b
        result = np.asarray(gg.matmul(gg.asarray(a), gg.asarray(b)))
        assert all_ranks(result.dtype == expected.dtype and np.array_equal(result, expected)), f"{result} != {expected}"


# ---- 5. LAPACK argument errors never leak as Python error state -----------------------------------------

def test_lapack_argument_errors_become_one_error_on_every_rank_after_numpy():
    """NumPy is loaded (its extension exports an XERBLA that sets a Python exception): rank 0 makes LAPACK
    report an illegal argument that the caller ignores, as ScaLAPACK does for some internal calls. That
    was "SystemError: ... returned a result with an exception set" on rank 0 and nothing elsewhere; now
    every rank raises the same RuntimeError with LAPACK's report, and no Python error state is left."""
    np.linalg.inv(np.eye(2))  # NumPy's linalg extension loaded and used
    from gingham import _core

    grid = gg.ProcessGrid((0,))
    outcome = raised_everywhere(lambda: _core.check_lapack_error_agreement(grid._impl))
    assert outcome is not None and outcome[0] == "RuntimeError", outcome
    assert "LAPACK reported an illegal argument" in outcome[1] and "DPOTRF" in outcome[1].upper(), outcome
    assert "parameter number 1" in outcome[1], outcome
    # Nothing is left behind: later linalg calls work and raise nothing.
    a = np.eye(3) * 2
    assert all_ranks(np.allclose(np.asarray(gg.linalg.inv(gg.asarray(a))), np.eye(3) / 2))
