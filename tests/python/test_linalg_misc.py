"""The linalg functions without factorizations (diagonal, trace, outer, cross, vector_norm, matrix_norm,
matrix_power) and the signature gaps of tensordot, against NumPy on random shapes, grids and layouts at
1-4 ranks: every applicable dtype, stacks, keepdims, empty arrays, and errors raised alike on every rank."""

import math
import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, assert_close_shard_and_whole, assert_shard_and_whole, raised_everywhere
from helpers import random_distribution, random_grid

import gingham as gg

FLOATING = [gg.float32, gg.float64, gg.complex64, gg.complex128]
NUMERIC = [gg.int8, gg.int16, gg.int32, gg.int64, gg.uint8, gg.uint16, gg.uint32, gg.uint64] + FLOATING
RTOL = {np.dtype(np.float32): 2e-5, np.dtype(np.float64): 1e-12, np.dtype(np.complex64): 2e-5,
        np.dtype(np.complex128): 1e-12}


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("linalg-misc",) + key)).encode()))


def values(rng, dtype, shape):
    """Random values of ``dtype``: small integers (signed and unsigned alike), or uniform(-1, 1) parts."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        return rng.integers(0 if dtype.kind == "u" else -9, 10, size=shape).astype(dtype)
    data = rng.uniform(-1, 1, size=shape)
    if dtype.kind == "c":
        data = data + 1j * rng.uniform(-1, 1, size=shape)
    return data.astype(dtype)


def distributed(rng, data, grid=None):
    grid = random_grid(rng) if grid is None else grid
    return gg.asarray(data, distribution=random_distribution(rng, data.shape, grid))


def random_shape(rng, ndim, low=0, high=7):
    return tuple(int(v) for v in rng.integers(low, high, size=ndim))


def real_of(dtype):
    return np.dtype({"c": np.float32 if np.dtype(dtype).itemsize == 8 else np.float64}.get(np.dtype(dtype).kind,
                                                                                         dtype))


def assert_error(function, kind):
    outcome = raised_everywhere(function)
    assert outcome is not None and outcome[0] == kind, f"expected {kind}, got {outcome}"
    return outcome[1]


# ---- diagonal and trace ------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [gg.bool] + NUMERIC)
def test_diagonal_matches_numpy_on_random_layouts_and_stacks(dtype):
    rng = rng_of("diagonal", dtype)
    for case in range(6):
        shape = random_shape(rng, int(rng.integers(2, 5)), high=6)
        a = values(rng, np.int8, shape).astype(dtype) if dtype == gg.bool else values(rng, dtype, shape)
        offset = int(rng.integers(-shape[-2] - 1, shape[-1] + 2))
        result = gg.linalg.diagonal(distributed(rng, a), offset=offset)
        assert_shard_and_whole(result, np.diagonal(a, offset=offset, axis1=-2, axis2=-1))


def test_diagonal_reads_from_owners_of_a_large_matrix_on_a_2d_grid():
    rng = rng_of("diagonal", "large")
    grid = gg.ProcessGrid((0, 0))
    a = values(rng, np.float64, (61, 47))
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, axes=(gg.BlockCyclic(5), gg.Cyclic()), grid=grid))
    for offset in (0, 3, -7, 46, -60, 47, -61):
        assert_shard_and_whole(gg.linalg.diagonal(x, offset=offset), np.diagonal(a, offset))


@pytest.mark.parametrize("dtype", NUMERIC)
def test_trace_matches_numpy_with_default_and_given_dtypes(dtype):
    rng = rng_of("trace", dtype)
    for case in range(5):
        shape = random_shape(rng, int(rng.integers(2, 4)), high=7)
        a = values(rng, dtype, shape)
        offset = int(rng.integers(-3, 4))
        x = distributed(rng, a)
        expected = np.trace(a, offset=offset, axis1=-2, axis2=-1)
        result = gg.linalg.trace(x, offset=offset)
        assert all_ranks(result.dtype == expected.dtype), f"{result.dtype} != {expected.dtype}"
        assert_close_shard_and_whole(result, expected, rtol=RTOL.get(np.dtype(dtype), 0), atol=1e-5)
    if np.dtype(dtype).kind in "iu":
        as_float = gg.linalg.trace(x, offset=offset, dtype=gg.float64)
        assert_close_shard_and_whole(as_float, np.trace(a, offset, axis1=-2, axis2=-1, dtype=np.float64), rtol=1e-12)


def test_trace_of_one_matrix_is_replicated_and_empty_traces_are_zero():
    rng = rng_of("trace", "0d")
    a = values(rng, np.float64, (9, 5))
    t = gg.linalg.trace(distributed(rng, a))
    assert all_ranks(t.ndim == 0 and abs(float(t) - np.trace(a)) < 1e-12)
    for shape, offset in [((0, 4), 0), ((3, 4), 4), ((3, 4), -3), ((2, 0, 3), 0), ((3, 2, 2), 5)]:
        a = values(rng, np.float32, shape)
        assert_close_shard_and_whole(gg.linalg.trace(distributed(rng, a), offset=offset),
                                     np.trace(a, offset, axis1=-2, axis2=-1))


def test_diagonal_and_trace_errors_are_raised_everywhere():
    x = gg.asarray(np.arange(5.0))
    assert "at least 2 dimensions" in assert_error(lambda: gg.linalg.diagonal(x), "ValueError")
    assert_error(lambda: gg.linalg.trace(x), "ValueError")
    m = gg.asarray(np.ones((3, 3)))
    assert_error(lambda: gg.linalg.diagonal(m, offset=1.0), "TypeError")
    assert_error(lambda: gg.linalg.trace(gg.asarray(np.ones((2, 2), dtype=bool))), "TypeError")
    assert_error(lambda: gg.linalg.trace(m, dtype=gg.int32), "TypeError")
    assert_error(lambda: gg.linalg.diagonal(np.ones((3, 3))), "TypeError")


# ---- outer -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", NUMERIC)
def test_outer_matches_numpy_in_the_default_layout(dtype):
    rng = rng_of("outer", dtype)
    for case in range(5):
        grid = random_grid(rng)
        n, m = (int(v) for v in rng.integers(0, 30, size=2))
        promoted = case == 0 and np.dtype(dtype).kind in "fc"  # float32 promotes with every floating dtype
        a, b = values(rng, dtype, (n,)), values(rng, gg.float32 if promoted else dtype, (m,))
        result = gg.linalg.outer(distributed(rng, a, grid), distributed(rng, b, grid))
        expected = np.outer(a, b).astype(np.result_type(a.dtype, b.dtype))
        assert_close_shard_and_whole(result, expected, rtol=RTOL.get(expected.dtype, 0))
        default = gg.zeros((n, m), dtype=result.dtype, device=grid)
        assert all_ranks(result.distribution == default.distribution), f"{result.distribution}"


def test_outer_errors_are_raised_everywhere():
    v = gg.asarray(np.arange(3.0))
    assert_error(lambda: gg.linalg.outer(v, gg.asarray(np.ones((2, 2)))), "ValueError")
    assert_error(lambda: gg.linalg.outer(gg.asarray(np.ones(3, dtype=bool)), v), "TypeError")
    assert_error(lambda: gg.linalg.outer(gg.asarray(np.ones(3, dtype=np.int8)), v), "TypeError")


# ---- cross -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [gg.int16, gg.int64, gg.uint8] + FLOATING)
def test_cross_matches_numpy_with_broadcasting(dtype):
    rng = rng_of("cross", dtype)
    for case in range(6):
        grid = random_grid(rng)
        ndim = int(rng.integers(1, 4))
        shape = list(random_shape(rng, ndim, 1, 5))
        axis = -int(rng.integers(1, ndim + 1))
        shape[axis] = 3
        other = list(shape[int(rng.integers(0, ndim)):])  # trailing axes only, some set to 1 to broadcast
        for i in range(len(other)):
            if len(other) + axis != i and len(other) + axis >= 0 and rng.integers(0, 3) == 0:
                other[i] = 1
        if len(other) < -axis:
            other = shape
        a, b = values(rng, dtype, tuple(shape)), values(rng, dtype, tuple(other))
        if rng.integers(0, 2):
            a, b = b, a
        result = gg.linalg.cross(distributed(rng, a, grid), distributed(rng, b, grid), axis=axis)
        expected = np.cross(a, b, axis=axis)
        assert_close_shard_and_whole(result, expected.astype(np.result_type(a, b)), rtol=RTOL.get(np.dtype(dtype), 0),
                                     atol=1e-6)


def test_cross_of_empty_stacks():
    rng = rng_of("cross", "empty")
    a, b = values(rng, np.float64, (0, 3)), values(rng, np.float64, (4, 1, 3))
    grid = random_grid(rng)
    result = gg.linalg.cross(distributed(rng, a, grid), distributed(rng, b, grid))
    assert_close_shard_and_whole(result, np.cross(a, b))


def test_cross_errors_are_raised_everywhere():
    v3, v4 = gg.asarray(np.ones(3)), gg.asarray(np.ones(4))
    assert "3 elements" in assert_error(lambda: gg.linalg.cross(v4, v4), "ValueError")
    assert_error(lambda: gg.linalg.cross(v3, v3, axis=0), "ValueError")
    assert_error(lambda: gg.linalg.cross(v3, gg.asarray(np.ones((3, 3))), axis=-2), "ValueError")
    assert_error(lambda: gg.linalg.cross(gg.asarray(np.ones((2, 3))), gg.asarray(np.ones((4, 3)))), "ValueError")
    assert_error(lambda: gg.linalg.cross(gg.asarray(np.ones(3, dtype=bool)), v3), "TypeError")
    assert_error(lambda: gg.linalg.cross(v3, v3, axis=None), "TypeError")


# ---- vector_norm -------------------------------------------------------------------------------------

def reference_vector_norm(a, axis, keepdims, ord):
    wide = np.abs(a.astype(np.complex128 if a.dtype.kind == "c" else np.float64))
    if ord == 0:
        r = np.sum(wide != 0, axis=axis, keepdims=keepdims).astype(np.float64)
    elif ord == math.inf:
        r = np.max(wide, axis=axis, keepdims=keepdims)
    elif ord == -math.inf:
        r = np.min(wide, axis=axis, keepdims=keepdims)
    else:
        with np.errstate(divide="ignore"):
            r = np.sum(wide ** ord, axis=axis, keepdims=keepdims) ** (1.0 / ord)
    return np.asarray(r).astype(real_of(a.dtype))


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("ord", [2, 1, math.inf, -math.inf, 0, 3, 0.5, -1, -2.5])
def test_vector_norm_matches_numpy_over_random_axes(dtype, ord):
    rng = rng_of("vector_norm", dtype, ord)
    for case in range(4):
        ndim = int(rng.integers(1, 4))
        shape = random_shape(rng, ndim, 1, 7)
        a = values(rng, dtype, shape)
        if case == 1:
            a[(0,) * ndim] = 0  # zeros: counted out by ord=0, infinite terms for negative orders
        choice = int(rng.integers(0, 3))
        if choice == 0:
            axis = None
        elif choice == 1:
            axis = int(rng.integers(-ndim, ndim))
        else:
            axis = tuple(int(v) for v in rng.choice(ndim, size=int(rng.integers(1, ndim + 1)), replace=False))
        keepdims = bool(rng.integers(0, 2))
        result = gg.linalg.vector_norm(distributed(rng, a), axis=axis, keepdims=keepdims, ord=ord)
        expected = reference_vector_norm(a, axis, keepdims, ord)
        assert_close_shard_and_whole(result, expected, rtol=10 * RTOL[np.dtype(dtype)])


def test_vector_norm_of_empty_arrays_and_a_replicated_scalar():
    rng = rng_of("vector_norm", "empty")
    a = values(rng, np.float64, (3, 0))
    x = distributed(rng, a)
    assert_close_shard_and_whole(gg.linalg.vector_norm(x), np.float64(0.0))
    assert_close_shard_and_whole(gg.linalg.vector_norm(x, axis=1, ord=1), np.zeros(3))
    assert_close_shard_and_whole(gg.linalg.vector_norm(x, axis=0, keepdims=True), np.zeros((1, 0)))
    assert "no elements" in assert_error(lambda: gg.linalg.vector_norm(x, ord=math.inf), "ValueError")
    n = gg.linalg.vector_norm(gg.asarray(np.array([3.0, 4.0])))
    assert all_ranks(n.ndim == 0 and float(n) == 5.0)


def test_vector_norm_errors_are_raised_everywhere():
    x = gg.asarray(np.ones((2, 3)))
    assert "floating-point" in assert_error(lambda: gg.linalg.vector_norm(gg.asarray(np.ones(3, dtype=np.int32))),
                                            "TypeError")
    assert_error(lambda: gg.linalg.vector_norm(x, axis=2), "IndexError")
    assert_error(lambda: gg.linalg.vector_norm(x, axis=(0, 0)), "ValueError")
    assert_error(lambda: gg.linalg.vector_norm(x, ord="fro"), "TypeError")
    assert_error(lambda: gg.linalg.vector_norm(x, ord=math.nan), "ValueError")


# ---- matrix_norm -------------------------------------------------------------------------------------

def check_matrix_norms(dtype, ord, cases, max_ndim, rtol):
    """Collective: matrix_norm of random stacks in random layouts against numpy.linalg.norm in double."""
    rng = rng_of("matrix_norm", dtype, ord)
    for case in range(cases):
        shape = random_shape(rng, int(rng.integers(2, max_ndim + 1)), 1, 7)
        a = values(rng, dtype, shape)
        keepdims = bool(rng.integers(0, 2))
        result = gg.linalg.matrix_norm(distributed(rng, a), keepdims=keepdims, ord=ord)
        wide = a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)
        expected = np.linalg.norm(wide, ord=ord, axis=(-2, -1), keepdims=keepdims).astype(real_of(dtype))
        assert_close_shard_and_whole(result, expected, rtol=rtol * RTOL[np.dtype(dtype)])


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("ord", ["fro", 1, -1, math.inf, -math.inf])
def test_matrix_norm_matches_numpy_on_stacks(dtype, ord):
    check_matrix_norms(dtype, ord, cases=4, max_ndim=4, rtol=10)


def test_matrix_norm_of_empty_matrices():
    rng = rng_of("matrix_norm", "empty")
    x = distributed(rng, np.zeros((2, 0, 4)))
    assert_close_shard_and_whole(gg.linalg.matrix_norm(x), np.zeros(2))
    assert_close_shard_and_whole(gg.linalg.matrix_norm(x, ord=1), np.zeros(2))  # column sums of no rows
    assert_error(lambda: gg.linalg.matrix_norm(x, ord=math.inf), "ValueError")  # the max of no rows


@pytest.mark.parametrize("dtype", FLOATING)
@pytest.mark.parametrize("ord", ["nuc", 2, -2])
def test_matrix_norm_of_singular_value_orders(dtype, ord):
    check_matrix_norms(dtype, ord, cases=3, max_ndim=3, rtol=100)


def test_matrix_norm_errors_are_raised_everywhere():
    x = gg.asarray(np.ones((3, 3)))
    assert_error(lambda: gg.linalg.matrix_norm(gg.asarray(np.ones(3))), "ValueError")
    assert_error(lambda: gg.linalg.matrix_norm(gg.asarray(np.ones((2, 2), dtype=np.int64))), "TypeError")
    assert_error(lambda: gg.linalg.matrix_norm(x, ord=3), "ValueError")
    assert_error(lambda: gg.linalg.matrix_norm(x, ord="max"), "ValueError")
    assert_error(lambda: gg.linalg.matrix_norm(x, ord=None), "TypeError")


# ---- matrix_power ------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", FLOATING)
def test_matrix_power_matches_numpy_on_layouts_and_stacks(dtype):
    rng = rng_of("matrix_power", dtype)
    for case, n in enumerate([0, 1, 2, 3, 5, 8, 13]):
        m = int(rng.integers(1, 12))
        shape = (int(rng.integers(1, 3)), m, m) if case % 3 == 2 else (m, m)
        a = values(rng, dtype, shape) / np.sqrt(m)
        x = distributed(rng, a)
        result = gg.linalg.matrix_power(x, n)
        wide = a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)
        expected = np.linalg.matrix_power(wide, n).astype(dtype)
        assert_close_shard_and_whole(result, expected, rtol=1e3 * RTOL[np.dtype(dtype)], atol=1e3 * RTOL[np.dtype(dtype)])
        if n <= 1:
            assert all_ranks(result.distribution == x.distribution)


def test_matrix_power_negative_exponent():
    rng = rng_of("matrix_power", "negative")
    a = values(rng, np.float64, (5, 5)) + 5 * np.eye(5)
    x = distributed(rng, a)
    assert_close_shard_and_whole(gg.linalg.matrix_power(x, -3), np.linalg.matrix_power(a, -3), rtol=1e-9, atol=1e-12)
    assert_error(lambda: gg.linalg.matrix_power(gg.asarray(np.zeros((3, 3))), -1), "LinAlgError")


def test_matrix_power_errors_are_raised_everywhere():
    assert "square" in assert_error(lambda: gg.linalg.matrix_power(gg.asarray(np.ones((2, 3))), 2), "ValueError")
    assert_error(lambda: gg.linalg.matrix_power(gg.asarray(np.ones(3)), 2), "ValueError")
    assert_error(lambda: gg.linalg.matrix_power(gg.asarray(np.ones((2, 2), dtype=np.int32)), 2), "TypeError")
    assert_error(lambda: gg.linalg.matrix_power(gg.asarray(np.ones((2, 2))), 2.0), "TypeError")


# ---- the existing functions against the standard's signatures ------------------------------------------

def test_tensordot_takes_a_pair_of_integers_as_axes():
    rng = rng_of("tensordot", "pair")
    a, b = values(rng, np.float64, (4, 5, 3)), values(rng, np.float64, (5, 2))
    grid = random_grid(rng)
    x, y = distributed(rng, a, grid), distributed(rng, b, grid)
    assert_close_shard_and_whole(gg.linalg.tensordot(x, y, axes=(1, 0)), np.tensordot(a, b, axes=(1, 0)), rtol=1e-12)
    assert_close_shard_and_whole(gg.linalg.tensordot(x, y, axes=([-2], [-2])), np.tensordot(a, b, axes=([1], [0])),
                                 rtol=1e-12)
    assert_error(lambda: gg.linalg.tensordot(x, y, axes=-1), "ValueError")


@pytest.mark.parametrize("dtype", FLOATING)
def test_vecdot_conjugates_the_first_operand(dtype):
    rng = rng_of("vecdot", dtype)
    a, b = values(rng, dtype, (4, 6)), values(rng, dtype, (6,))
    grid = random_grid(rng)
    result = gg.linalg.vecdot(distributed(rng, a, grid), distributed(rng, b, grid))
    assert_close_shard_and_whole(result, np.sum(np.conj(a) * b, axis=-1), rtol=10 * RTOL[np.dtype(dtype)])


def test_matrix_transpose_and_the_namespace():
    rng = rng_of("matrix_transpose")
    a = values(rng, np.complex64, (2, 3, 4))
    assert_shard_and_whole(gg.linalg.matrix_transpose(distributed(rng, a)), np.swapaxes(a, -1, -2))
    for name in ("cross", "diagonal", "matrix_norm", "matrix_power", "outer", "trace", "vector_norm"):
        assert name in gg.linalg.__all__ and callable(getattr(gg.linalg, name))
