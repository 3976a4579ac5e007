"""The batched path of gg.linalg for stacks of small matrices (every matrix extent <= 256): inv, solve, det,
slogdet, cholesky, eigh, eigvalsh and matmul against numpy.linalg on the gathered result at 1-4 ranks, for
every floating dtype, stacks with one and two batch axes, empty stacks and stacks with fewer matrices than
ranks; results keep the stack's shape and are laid out so that every rank holds whole matrices; failures
(singular, not positive definite) name the first failing matrix alike on every rank; a stack of large
matrices still takes the per-matrix ScaLAPACK loop."""

import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere, uniform_values

import gingham as gg

P = COMM.size
FLOATING = [gg.float32, gg.float64, gg.complex64, gg.complex128]
SHAPES = [(0, 3, 3), (1, 4, 4), (3, 5, 5), (7, 2, 2), (2, 3, 6, 6), (200, 3, 3), (50, 16, 16)]


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("linalg-batched",) + key)).encode()))


def tolerance(dtype):
    """rtol for well-conditioned small matrices: a few hundred roundings of the dtype."""
    return 2e-4 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-11


def well_conditioned(rng, dtype, shape):
    """Entries in [-1, 1] (and i[-1, 1]) plus n on the diagonal: invertible, with row interchanges."""
    n = shape[-1]
    return (uniform_values(rng, dtype, shape) + n * np.eye(n)).astype(dtype)


def general(rng, dtype, shape):
    """Entries in [-1, 1]: determinants of either sign."""
    return uniform_values(rng, dtype, shape)


def positive_definite(rng, dtype, shape):
    """M M^H + n I: Hermitian positive definite and well conditioned."""
    m = uniform_values(rng, dtype, shape).astype(np.complex128 if np.dtype(dtype).kind == "c" else np.float64)
    a = m @ np.conj(np.swapaxes(m, -1, -2)) + shape[-1] * np.eye(shape[-1])
    return a.astype(dtype)


def gathered(x, dtype, shape, whole_axes=2):
    """np.asarray(x), checked for dtype and shape on every rank, and that this rank's shard holds whole
    trailing blocks (its last ``whole_axes`` extents are the array's)."""
    shape = tuple(shape)
    tail = shape[len(shape) - whole_axes:] if whole_axes else ()
    assert all_ranks(x.local.size == 0 or x.local.shape[len(shape) - len(tail):] == tail), \
        f"shard {x.local.shape} of {shape}"
    whole = np.asarray(x)
    assert all_ranks(whole.dtype == np.dtype(dtype)), f"dtype {whole.dtype}, expected {np.dtype(dtype)}"
    assert all_ranks(whole.shape == shape), f"shape {whole.shape}, expected {shape}"
    return whole


def numpy_solve(a, b):
    """numpy.linalg.solve with b of shape (..., M, K) always (NumPy 1.24 reads b of a.ndim - 1 axes as a
    stack of vectors): both stacks broadcast first."""
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a, b = np.broadcast_to(a, batch + a.shape[-2:]), np.broadcast_to(b, batch + b.shape[-2:])
    return np.linalg.solve(a, b) if a.size and b.size else np.zeros(b.shape, np.result_type(a, b))


def assert_close(actual, expected, dtype, scale=1.0):
    ok = actual.shape == expected.shape and bool(np.allclose(actual, expected, rtol=tolerance(dtype),
                                                             atol=tolerance(dtype) * scale))
    assert all_ranks(ok), f"max |difference| {np.max(np.abs(actual - expected), initial=0)}"


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("shape", SHAPES)
def test_inv(shape, dtype):
    a = well_conditioned(rng_of("inv", shape, dtype), dtype, shape)
    x = gg.asarray(a)
    result = gathered(gg.linalg.inv(x), dtype, shape)
    assert_close(result, np.linalg.inv(a) if a.size else a, dtype)
    assert all_ranks(np.array_equal(np.asarray(x), a))  # the input is left as it was


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("shape", SHAPES)
def test_solve(shape, dtype):
    rng = rng_of("solve", shape, dtype)
    a = well_conditioned(rng, dtype, shape)
    n = shape[-1]
    for b_shape in (shape[:-1] + (2,), shape[:-1] + (1,), (n, 3), (1,) + shape[-2:-1] + (2,)):
        b = general(rng, dtype, b_shape)
        expected = numpy_solve(a, b)
        assert_close(gathered(gg.linalg.solve(gg.asarray(a), gg.asarray(b)), dtype, expected.shape), expected, dtype)


@pytest.mark.parametrize("dtype", FLOATING)
def test_solve_broadcasting(dtype):
    rng = rng_of("solve-broadcast", dtype)
    a2 = well_conditioned(rng, dtype, (4, 4))  # a matrix for a stack of right-hand sides
    b = general(rng, dtype, (5, 4, 2))
    assert_close(gathered(gg.linalg.solve(gg.asarray(a2), gg.asarray(b)), dtype, (5, 4, 2)), numpy_solve(a2, b), dtype)
    a = well_conditioned(rng, dtype, (3, 1, 4, 4))  # batch axes of extent 1 broadcast
    b = general(rng, dtype, (2, 4, 3))
    assert_close(gathered(gg.linalg.solve(gg.asarray(a), gg.asarray(b)), dtype, (3, 2, 4, 3)), numpy_solve(a, b), dtype)
    a1 = well_conditioned(rng, dtype, (1, 1, 4, 4))  # one matrix for the whole stack (shared, not copied)
    b = general(rng, dtype, (3, 7, 4, 2))
    assert_close(gathered(gg.linalg.solve(gg.asarray(a1), gg.asarray(b)), dtype, (3, 7, 4, 2)), numpy_solve(a1, b),
                 dtype)
    singular = np.zeros((4, 4), dtype)
    outcome = raised_everywhere(lambda: gg.linalg.solve(gg.asarray(singular), gg.asarray(b)))
    assert outcome is not None and outcome[0] == "LinAlgError", outcome
    assert outcome[1].startswith("solve: the matrix is singular: U(1, 1)"), outcome  # one matrix: no stack index
    outcome = raised_everywhere(lambda: gg.linalg.solve(gg.asarray(singular[None]), gg.asarray(b)))
    assert outcome is not None and "singular (matrix (0, 0) of the stack)" in outcome[1], outcome
    a = well_conditioned(rng, dtype, (6, 4, 4))  # a vector right-hand side
    v = general(rng, dtype, (4,))
    expected = np.stack([np.linalg.solve(m, v) for m in a])
    assert_close(gathered(gg.linalg.solve(gg.asarray(a), gg.asarray(v)), dtype, (6, 4), 1), expected, dtype)


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("shape", SHAPES)
def test_det_and_slogdet(shape, dtype):
    a = general(rng_of("det", shape, dtype), dtype, shape)
    real = np.empty(0, dtype).real.dtype
    expected_sign, expected_log = np.linalg.slogdet(a) if a.size else (np.ones(shape[:-2], dtype),
                                                                        np.zeros(shape[:-2], real))
    sign, logabsdet = gg.linalg.slogdet(gg.asarray(a))
    assert_close(gathered(sign, dtype, shape[:-2], 0), expected_sign.astype(dtype), dtype)
    assert_close(gathered(logabsdet, real, shape[:-2], 0), expected_log.astype(real), dtype, scale=10)
    expected_det = np.linalg.det(a) if a.size else np.ones(shape[:-2], dtype)
    assert_close(gathered(gg.linalg.det(gg.asarray(a)), dtype, shape[:-2], 0), expected_det.astype(dtype), dtype)


@pytest.mark.parametrize("upper", [False, True])
@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("shape", SHAPES)
def test_cholesky(shape, dtype, upper):
    a = positive_definite(rng_of("cholesky", shape, dtype), dtype, shape)
    factor = gathered(gg.linalg.cholesky(gg.asarray(a), upper=upper), dtype, shape)
    expected = np.linalg.cholesky(a) if a.size else a
    if upper:
        expected = np.conj(np.swapaxes(expected, -1, -2))
    assert_close(factor, expected, dtype, scale=shape[-1])


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("shape", SHAPES)
def test_eigh_and_eigvalsh(shape, dtype):
    a = positive_definite(rng_of("eigh", shape, dtype), dtype, shape)
    n = shape[-1]
    real = np.empty(0, dtype).real.dtype
    expected = np.linalg.eigvalsh(a) if a.size else np.zeros(shape[:-1], real)
    values, vectors = gg.linalg.eigh(gg.asarray(a))
    values = gathered(values, real, shape[:-1], 1)
    vectors = gathered(vectors, dtype, shape)
    assert_close(values, expected, dtype, scale=n)
    # Eigenvectors are defined up to a unit factor: check A V = V diag(w) and V^H V = I instead.
    assert_close(a @ vectors, vectors * values[..., None, :], dtype, scale=n)
    assert_close(np.conj(np.swapaxes(vectors, -1, -2)) @ vectors, np.broadcast_to(np.eye(n, dtype=dtype), shape), dtype)
    assert_close(gathered(gg.linalg.eigvalsh(gg.asarray(a)), real, shape[:-1], 1), expected, dtype, scale=n)


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("shape", SHAPES)
def test_matmul(shape, dtype):
    rng = rng_of("matmul", shape, dtype)
    a = general(rng, dtype, shape[:-1] + (5,))
    for b_shape in (shape[:-2] + (5, 3), (5, 2), (1,) * (len(shape) - 2) + (5, 4)):
        b = general(rng, dtype, b_shape)
        expected = a @ b
        assert_close(gathered(gg.asarray(a) @ gg.asarray(b), dtype, expected.shape), expected, dtype, scale=5)
    v = general(rng, dtype, (5,))
    assert_close(gathered(gg.matmul(gg.asarray(a), gg.asarray(v)), dtype, shape[:-1], 1), a @ v, dtype, scale=5)
    left = general(rng, dtype, (2, shape[-2]))  # one matrix times the stack
    assert_close(gathered(gg.asarray(left) @ gg.asarray(a), dtype, shape[:-2] + (2, 5)), left @ a, dtype, scale=5)
    w = general(rng, dtype, (shape[-2],))
    assert_close(gathered(gg.matmul(gg.asarray(w), gg.asarray(a)), dtype, shape[:-2] + (5,), 1), w @ a, dtype, scale=5)
    empty_inner = gg.asarray(np.zeros(shape[:-1] + (0,), dtype)) @ gg.asarray(np.zeros((0, 2), dtype))
    assert all_ranks(np.array_equal(np.asarray(empty_inner), np.zeros(shape[:-1] + (2,), dtype)))


def test_integer_matmul_of_stacks_is_exact():
    rng = rng_of("integer")
    a = rng.integers(-50, 50, size=(9, 3, 4)).astype(np.int64)
    b = rng.integers(-50, 50, size=(9, 4, 2)).astype(np.int64)
    result = np.asarray(gg.asarray(a) @ gg.asarray(b))
    assert all_ranks(result.dtype == np.int64 and np.array_equal(result, a @ b))


def test_input_layouts_that_spread_the_matrices():
    """A stack whose matrix axes are distributed, on a 2-D grid or on a grid of fewer ranks than the
    communicator (ranks off the grid hold nothing), is moved to the batch layout alike."""
    rng = rng_of("layouts")
    a = well_conditioned(rng, np.float64, (9, 6, 6))
    for grid in (gg.ProcessGrid((P,)), gg.ProcessGrid((1, P)), gg.ProcessGrid((0, 0)), gg.ProcessGrid((max(1, P - 1),))):
        axes = (None, gg.BlockCyclic(2), gg.Block()) if grid.ndim == 2 else (None, gg.Cyclic(), None)
        x = gg.asarray(a, distribution=gg.Distribution(a.shape, axes=axes, grid=grid))
        inverse = gg.linalg.inv(x)
        assert all_ranks(inverse.device == x.device)
        assert_close(gathered(inverse, np.float64, a.shape), np.linalg.inv(a), np.float64)
        assert_close(gathered(x @ inverse, np.float64, a.shape), np.broadcast_to(np.eye(6), a.shape), np.float64)


@pytest.mark.parametrize("dtype", FLOATING)
def test_failures_name_the_first_failing_matrix_on_every_rank(dtype):
    rng = rng_of("failures", dtype)
    a = well_conditioned(rng, dtype, (2, 5, 4, 4))
    a[1, 2, :, 1] = 0  # matrices (1, 2) and (1, 4) are exactly singular: the first is named
    a[1, 4, 3, :] = 0
    x = gg.asarray(a)
    b = gg.asarray(general(rng, dtype, (2, 5, 4, 1)))
    for function in (lambda: gg.linalg.inv(x), lambda: gg.linalg.solve(x, b)):
        outcome = raised_everywhere(function)
        assert outcome is not None and outcome[0] == "LinAlgError", outcome
        assert "singular (matrix (1, 2) of the stack)" in outcome[1], outcome
    det = gathered(gg.linalg.det(x), dtype, (2, 5), 0)
    assert all_ranks(det[1, 2] == 0 and det[1, 4] == 0 and np.all(det[0] != 0))
    sign, logabsdet = gg.linalg.slogdet(x)
    sign, logabsdet = np.asarray(sign), np.asarray(logabsdet)
    assert all_ranks(sign[1, 2] == 0 and logabsdet[1, 2] == -np.inf and np.all(np.isfinite(logabsdet[0])))
    indefinite = positive_definite(rng, dtype, (30, 3, 3))
    indefinite[17, 1, 1] = -10
    indefinite[25, 0, 0] = -10
    for upper in (False, True):
        outcome = raised_everywhere(lambda: gg.linalg.cholesky(gg.asarray(indefinite), upper=upper))
        assert outcome is not None and outcome[0] == "LinAlgError", outcome
        assert "not positive definite (matrix (17,) of the stack)" in outcome[1], outcome
    with pytest.raises(np.linalg.LinAlgError):
        gg.linalg.inv(gg.asarray(np.zeros((3, 2, 2), dtype)))


def test_stacks_of_large_matrices_keep_the_scalapack_loop():
    rng = rng_of("large")
    n = 300
    a = well_conditioned(rng, np.float64, (2, n, n))
    b = general(rng, np.float64, (2, n, 2))
    x = gg.asarray(a)
    assert_close(gathered(gg.linalg.inv(x), np.float64, a.shape, 0), np.linalg.inv(a), np.float64, scale=1e-2)
    assert_close(gathered(gg.linalg.solve(x, gg.asarray(b)), np.float64, b.shape, 0), numpy_solve(a, b), np.float64)


@pytest.mark.parametrize("x1_shape, x2_shape", [((2, 2), (2, 0)), ((2, 2), (3, 2, 0)), ((3, 2, 2), (3, 2, 0)),
                                                ((0, 2, 2), (0, 2, 0)), ((300, 300), (300, 0))])
def test_solve_without_right_hand_sides_is_empty_even_for_a_singular_x1(x1_shape, x2_shape):
    # As NumPy: nothing to solve for, so x1 (here all zeros: singular) is not factorized.
    a, b = np.zeros(x1_shape), np.zeros(x2_shape)
    result = gg.linalg.solve(gg.asarray(a), gg.asarray(b))
    expected = np.linalg.solve(a, b)
    assert result.shape == expected.shape and result.dtype == gg.float64
    assert all_ranks(np.asarray(result).shape == expected.shape)
