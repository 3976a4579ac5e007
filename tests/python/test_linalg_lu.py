"""cholesky, solve, inv, det and slogdet (gg.linalg) against numpy.linalg on the gathered result at 1-4
ranks: relative residuals (||L L^H - A|| / ||A||, ||A X - B|| / (||A|| ||X||), ||A X - I|| / (||A|| ||X||))
and determinants, on 1-D, 1xN, Nx1 and 2x2 grids, block sizes 1, 3, 16 and 64, odd sizes, both storage
orders, every floating dtype, random layouts that must be moved, stacks, broadcasting right-hand sides, and
errors (not positive definite, singular, bad shapes and dtypes) raised alike on every rank."""

import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere, random_distribution, random_grid, uniform_values

import gingham as gg

P = COMM.size
FLOATING = [gg.float32, gg.float64, gg.complex64, gg.complex128]
EPS = {"float32": 1.2e-7, "float64": 2.3e-16, "complex64": 1.2e-7, "complex128": 2.3e-16}


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("linalg-lu",) + key)).encode()))


def eps(dtype):
    return EPS[str(np.dtype(dtype))]


def general(rng, dtype, shape):
    """Random entries in [-1, 1] (and i[-1, 1]): LU needs row interchanges, determinants of either sign."""
    return uniform_values(rng, dtype, shape)


def positive_definite(rng, dtype, shape):
    """M M^H + n I: Hermitian (real symmetric) positive definite and well conditioned."""
    m = general(rng, dtype, shape).astype(np.complex128 if np.dtype(dtype).kind == "c" else np.float64)
    n = shape[-1]
    a = m @ np.conj(np.swapaxes(m, -1, -2)) + n * np.eye(n)
    return a.astype(dtype)


def wide(a):
    """a in extended precision, for residuals computed well below the dtype's rounding."""
    return a.astype(np.clongdouble if a.dtype.kind == "c" else np.longdouble)


def norm(a):
    return float(np.sqrt(np.sum(np.abs(wide(a)) ** 2, axis=(-2, -1))).max()) if a.size else 0.0


def gathered(x, dtype, shape):
    whole = np.asarray(x)
    assert all_ranks(whole.dtype == np.dtype(dtype)), f"dtype {whole.dtype}, expected {np.dtype(dtype)}"
    assert all_ranks(whole.shape == tuple(shape)), f"shape {whole.shape}, expected {shape}"
    return whole


def check_cholesky(x, a, upper=False):
    n = a.shape[-1]
    factor = gathered(gg.linalg.cholesky(x, upper=upper), a.dtype, a.shape)
    other = np.triu(factor, 1) if not upper else np.tril(factor, -1)
    assert all_ranks(not np.any(other)), "the other triangle is not zero"
    f = wide(factor)
    fh = np.conj(np.swapaxes(f, -1, -2))
    product = fh @ f if upper else f @ fh
    # Only the triangle read counts: x's other triangle is that of the Hermitian matrix anyway.
    residual = np.max(np.sqrt(np.sum(np.abs(product - wide(a)) ** 2, axis=(-2, -1)))) / norm(a)
    assert all_ranks(residual <= 20 * n * eps(a.dtype)), f"||L L^H - A|| / ||A|| = {residual} ({a.dtype}, n={n})"


def check_solve(x, y, a, b, expected_shape):
    """a and b are the references broadcast to the full stack; a 1-D y is a vector (one column)."""
    dtype = np.result_type(a.dtype, b.dtype)
    solution = gathered(gg.linalg.solve(x, y), dtype, expected_shape)
    columns = solution[..., None] if y.ndim == 1 else solution
    rhs = b[..., None] if y.ndim == 1 else b
    residual = np.abs(wide(a) @ wide(columns) - wide(rhs))
    scale = norm(a) * max(norm(columns), 1e-300)
    relative = float(np.sqrt(np.sum(residual ** 2, axis=(-2, -1))).max()) / scale
    n = a.shape[-1]
    assert all_ranks(relative <= 50 * n * eps(dtype)), f"||A x - b|| / (||A|| ||x||) = {relative} ({dtype}, n={n})"


def check_inv(x, a):
    n = a.shape[-1]
    inverse = gathered(gg.linalg.inv(x), a.dtype, a.shape)
    residual = wide(a) @ wide(inverse) - np.eye(n)
    relative = float(np.sqrt(np.sum(np.abs(residual) ** 2, axis=(-2, -1))).max()) / (norm(a) * norm(inverse))
    assert all_ranks(relative <= 50 * n * eps(a.dtype)), f"||A X - I|| / (||A|| ||X||) = {relative} ({a.dtype}, n={n})"


def check_determinants(x, a):
    n = a.shape[-1]
    reference = a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)
    want_sign, want_log = np.linalg.slogdet(reference)
    sign, logabsdet = gg.linalg.slogdet(x)
    real = np.dtype(np.float32 if a.dtype in (np.float32, np.complex64) else np.float64)
    got_sign = gathered(sign, a.dtype, a.shape[:-2])
    got_log = gathered(logabsdet, real, a.shape[:-2])
    tolerance = 1000 * n * eps(a.dtype)
    assert all_ranks(np.allclose(got_sign, want_sign, rtol=0, atol=tolerance)), f"sign {got_sign} != {want_sign}"
    assert all_ranks(np.allclose(got_log, want_log, rtol=0, atol=tolerance)), f"log|det| {got_log} != {want_log}"
    got_det = gathered(gg.linalg.det(x), a.dtype, a.shape[:-2])
    want_det = want_sign * np.exp(want_log)
    assert all_ranks(np.allclose(got_det, want_det, rtol=tolerance, atol=0)), f"det {got_det} != {want_det}"


def grid_of(dims):
    if dims == "2x2" and P != 4:
        pytest.skip("2x2 needs 4 ranks")
    return gg.ProcessGrid({"line": (P,), "1xN": (1, P), "Nx1": (P, 1), "2x2": (2, 2)}[dims])


def block_cyclic(shape, grid, nb, order):
    axes = tuple(gg.BlockCyclic(nb) if g < grid.ndim else None for g in range(len(shape)))
    return gg.Distribution(shape, axes=axes, grid=grid, local_order=order)


@pytest.mark.parametrize("dims", ["line", "1xN", "Nx1", "2x2"])
@pytest.mark.parametrize("nb", [1, 3, 16, 64])
def test_every_function_on_grid_shapes_block_sizes_orders_and_dtypes(dims, nb):
    grid = grid_of(dims)
    rng = rng_of("grids", dims, nb)
    n, k = 37, 5  # odd, not a multiple of any block size
    for dtype in FLOATING:
        for order in "CF":
            spd, a = positive_definite(rng, dtype, (n, n)), general(rng, dtype, (n, n))
            b, v = general(rng, dtype, (n, k)), general(rng, dtype, (n,))
            x_spd = gg.asarray(spd, distribution=block_cyclic((n, n), grid, nb, order))
            x = gg.asarray(a, distribution=block_cyclic((n, n), grid, nb, order))
            y = gg.asarray(b, distribution=block_cyclic((n, k), grid, nb, order))
            w = gg.asarray(v, distribution=gg.Distribution((n,), axes=(gg.BlockCyclic(nb),), grid=grid))
            check_cholesky(x_spd, spd)
            check_cholesky(x_spd, spd, upper=True)
            check_solve(x, y, a, b, (n, k))
            check_solve(x, w, a, v, (n,))
            check_inv(x, a)
            check_determinants(x, a)
            # The user's arrays are never overwritten.
            assert all_ranks(np.array_equal(np.asarray(x), a) and np.array_equal(np.asarray(x_spd), spd))
            assert all_ranks(np.array_equal(np.asarray(y), b))


@pytest.mark.parametrize("dtype", FLOATING)
def test_random_layouts_grids_and_sizes(dtype):
    rng = rng_of("random", dtype)
    for case in range(6):
        grid = random_grid(rng)
        if sum(d > 1 for d in grid.dims) > 2:
            continue  # no 2-D BLACS view: NotImplementedError (tested below)
        n, k = (int(v) for v in rng.integers(1, 40, size=2))
        spd, a, b = positive_definite(rng, dtype, (n, n)), general(rng, dtype, (n, n)), general(rng, dtype, (n, k))
        x_spd = gg.asarray(spd, distribution=random_distribution(rng, (n, n), grid))
        x = gg.asarray(a, distribution=random_distribution(rng, (n, n), grid))
        y = gg.asarray(b, distribution=random_distribution(rng, (n, k), grid))
        check_cholesky(x_spd, spd, upper=bool(case % 2))
        check_solve(x, y, a, b, (n, k))
        check_inv(x, a)
        check_determinants(x, a)


@pytest.mark.parametrize("dtype", FLOATING)
def test_default_layouts(dtype):
    rng = rng_of("default", dtype)
    n = 45
    spd, a, b = positive_definite(rng, dtype, (n, n)), general(rng, dtype, (n, n)), general(rng, dtype, (n,))
    check_cholesky(gg.asarray(spd), spd)
    check_solve(gg.asarray(a), gg.asarray(b), a, b, (n,))
    check_inv(gg.asarray(a), a)
    check_determinants(gg.asarray(a), a)


def test_stacks_and_broadcasting_right_hand_sides():
    rng = rng_of("stacks")
    n, k = 11, 3
    for dtype in (gg.float64, gg.complex64):
        spd = positive_definite(rng, dtype, (2, 3, n, n))
        check_cholesky(gg.asarray(spd), spd)
        check_cholesky(gg.asarray(spd), spd, upper=True)
        a = general(rng, dtype, (2, 1, n, n))
        check_inv(gg.asarray(a), a)
        check_determinants(gg.asarray(a), a)
        x = gg.asarray(a)
        # (2, 1, n, n) with (3, n, k): broadcast stack (2, 3).
        b = general(rng, dtype, (3, n, k))
        check_solve(x, gg.asarray(b), np.broadcast_to(a, (2, 3, n, n)), np.broadcast_to(b, (2, 3, n, k)), (2, 3, n, k))
        # A 1-D x2 is one right-hand side for every matrix: the result has shape x1.shape[:-1].
        v = general(rng, dtype, (n,))
        check_solve(x, gg.asarray(v), a, np.broadcast_to(v, (2, 1, n)), (2, 1, n))
        # A 2-D x1 with a stack of right-hand sides (factorized once).
        a2 = general(rng, dtype, (n, n))
        check_solve(gg.asarray(a2), gg.asarray(b), np.broadcast_to(a2, (3, n, n)), b, (3, n, k))
        # x2 of shape (B, M) is a matrix (M' = B rows) by the standard, not a stack of vectors.
        square = general(rng, dtype, (n, n, n))
        rhs = general(rng, dtype, (n, n))
        check_solve(gg.asarray(square), gg.asarray(rhs), square, np.broadcast_to(rhs, (n, n, n)), (n, n, n))


def test_promotion_and_empty_matrices():
    rng = rng_of("promotion")
    n = 9
    a, b = general(rng, np.float32, (n, n)), general(rng, np.float64, (n, 2))
    check_solve(gg.asarray(a), gg.asarray(b), a.astype(np.float64), b, (n, 2))
    c = general(rng, np.complex64, (n,))
    check_solve(gg.asarray(a), gg.asarray(c), a.astype(np.complex64), c, (n,))
    empty = gg.asarray(np.zeros((0, 0)))
    assert all_ranks(gg.linalg.cholesky(empty).shape == (0, 0) and gg.linalg.inv(empty).shape == (0, 0))
    assert all_ranks(float(gg.linalg.det(empty)) == 1.0)
    sign, logabsdet = gg.linalg.slogdet(empty)
    assert all_ranks(float(sign) == 1.0 and float(logabsdet) == 0.0)
    assert all_ranks(gg.linalg.solve(empty, gg.asarray(np.zeros(0))).shape == (0,))
    stack = gg.linalg.det(gg.asarray(np.zeros((0, 3, 3))))
    assert all_ranks(stack.shape == (0,))


def test_slogdet_is_a_named_pair_of_replicated_arrays():
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    result = gg.linalg.slogdet(gg.asarray(a))
    sign, logabsdet = result
    assert all_ranks(result.sign is sign and result.logabsdet is logabsdet)
    assert all_ranks(sign.shape == () and float(sign) == 1.0 and abs(float(logabsdet) - np.log(5.0)) < 1e-14)
    assert all_ranks(abs(float(gg.linalg.det(gg.asarray(a))) - 5.0) < 1e-13)


def test_singular_and_indefinite_matrices_raise_on_every_rank():
    n = 13
    rng = rng_of("errors")
    for dtype in FLOATING:
        singular = general(rng, dtype, (n, n))
        singular[:, 4] = 0  # exactly singular: a zero column gives an exactly zero pivot
        x = gg.asarray(singular, distribution=gg.Distribution((n, n), axes=(gg.BlockCyclic(3), None)))
        for function in (lambda: gg.linalg.inv(x), lambda: gg.linalg.solve(x, gg.asarray(np.ones(n, dtype=dtype)))):
            outcome = raised_everywhere(function)
            assert outcome is not None and outcome[0] == "LinAlgError" and "singular" in outcome[1], outcome
        assert all_ranks(complex(gg.linalg.det(x)) == 0)
        sign, logabsdet = gg.linalg.slogdet(x)
        assert all_ranks(complex(sign) == 0 and float(logabsdet) == -np.inf)
        indefinite = positive_definite(rng, dtype, (n, n))
        indefinite[7, 7] = -100
        outcome = raised_everywhere(lambda: gg.linalg.cholesky(gg.asarray(indefinite)))
        assert outcome is not None and outcome[0] == "LinAlgError" and "not positive definite" in outcome[1], outcome
    # In a stack, the message names the matrix; the error is a ValueError and a numpy.linalg.LinAlgError.
    stack = np.stack([np.eye(4), -np.eye(4)])
    outcome = raised_everywhere(lambda: gg.linalg.cholesky(gg.asarray(stack)))
    assert outcome is not None and "matrix (1,) of the stack" in outcome[1], outcome
    with pytest.raises(np.linalg.LinAlgError):
        gg.linalg.inv(gg.asarray(np.zeros((3, 3))))
    with pytest.raises(ValueError):
        gg.linalg.inv(gg.asarray(np.zeros((3, 3))))
    assert issubclass(gg.linalg.LinAlgError, ValueError) and gg.linalg.LinAlgError.__module__ == "gingham.linalg"


def test_collective_errors_agree_on_linalg_errors():
    def fails_on_rank_zero():
        with gg._errors.collective_errors():
            if COMM.rank == 0:
                raise gg.linalg.LinAlgError("local failure")

    outcome = raised_everywhere(fails_on_rank_zero)
    assert outcome is not None and outcome[0] == "LinAlgError", outcome


def test_bad_shapes_and_dtypes_raise_the_same_error_everywhere():
    square, vector = gg.asarray(np.eye(4)), gg.asarray(np.ones(4))
    cases = [
        (lambda: gg.linalg.cholesky(vector), "ValueError"),
        (lambda: gg.linalg.inv(gg.asarray(np.ones((3, 4)))), "ValueError"),
        (lambda: gg.linalg.det(gg.asarray(np.ones((2, 3, 4)))), "ValueError"),
        (lambda: gg.linalg.slogdet(gg.asarray(5.0)), "ValueError"),
        (lambda: gg.linalg.solve(square, gg.asarray(np.ones(5))), "ValueError"),
        (lambda: gg.linalg.solve(square, gg.asarray(np.ones((5, 2)))), "ValueError"),
        (lambda: gg.linalg.solve(square, gg.asarray(5.0)), "ValueError"),
        (lambda: gg.linalg.solve(gg.asarray(np.ones((2, 4, 4))), gg.asarray(np.ones((3, 4, 1)))), "ValueError"),
        (lambda: gg.linalg.cholesky(gg.asarray(np.eye(3, dtype=np.int64))), "TypeError"),
        (lambda: gg.linalg.inv(gg.asarray(np.eye(3, dtype=bool))), "TypeError"),
        (lambda: gg.linalg.solve(square, gg.asarray(np.ones(4, dtype=np.int32))), "TypeError"),
        (lambda: gg.linalg.det(np.eye(3)), "TypeError"),
    ]
    for function, kind in cases:
        outcome = raised_everywhere(function)
        assert outcome is not None and outcome[0] == kind, outcome
    if P > 1:
        other = gg.ProcessGrid((P,))
        outcome = raised_everywhere(lambda: gg.linalg.solve(square, gg.asarray(np.ones(4), device=other)))
        assert outcome is not None and outcome[0] == "ValueError", outcome
