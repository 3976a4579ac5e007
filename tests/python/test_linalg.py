"""matmul (gg.matmul, gg.linalg.matmul, @, @=, np.matmul) against NumPy on the gathered result at 1-4 ranks:
every floating dtype, random odd shapes, 1xN / Nx1 / 2x2 grids, several block sizes, both storage orders,
layouts that must be redistributed, vectors, stacks, promotion, and errors raised alike on every rank."""

import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere, random_distribution, random_grid
from helpers import uniform_values as values

import gingham as gg

P = COMM.size
FLOATING = [gg.float32, gg.float64, gg.complex64, gg.complex128]
# Relative tolerance of each entry against sum_l |a_il| |b_lj| (times k for the rounding of k terms).
EPS = {np.dtype(np.float32): 1.2e-7, np.dtype(np.float64): 2.3e-16, np.dtype(np.complex64): 1.2e-7,
       np.dtype(np.complex128): 2.3e-16}


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("linalg",) + key)).encode()))


def assert_product(result, a, b):
    """Collective: the gathered result equals a @ b within rounding, with NumPy's shape and result dtype."""
    expected_dtype = np.result_type(a.dtype, b.dtype)
    whole = np.asarray(result)
    assert all_ranks(whole.dtype == expected_dtype), f"dtype {whole.dtype}, expected {expected_dtype}"
    reference = np.matmul(a.astype(np.complex256 if expected_dtype.kind == "c" else np.longdouble), b)
    bound = np.matmul(np.abs(a).astype(np.longdouble), np.abs(b))
    k = a.shape[-1]
    assert all_ranks(whole.shape == reference.shape), f"shape {whole.shape}, expected {reference.shape}"
    error = np.abs(whole - reference)
    ok = bool(np.all(error <= 8 * (k + 1) * EPS[expected_dtype] * bound + 1e-30))
    assert all_ranks(ok), f"max error {np.max(error, initial=0)} for a {a.shape} @ {b.shape} {expected_dtype} product"


@pytest.mark.parametrize("dtype", FLOATING)
def test_random_layouts_grids_and_shapes(dtype):
    rng = rng_of("random", dtype)
    for case in range(8):
        grid = random_grid(rng)
        m, k, n = (int(v) for v in rng.integers(1, 45, size=3))
        a, b = values(rng, dtype, (m, k)), values(rng, dtype, (k, n))
        x = gg.asarray(a, distribution=random_distribution(rng, (m, k), grid))
        y = gg.asarray(b, distribution=random_distribution(rng, (k, n), grid))
        assert_product(gg.matmul(x, y), a, b)


@pytest.mark.parametrize("dims", ["line", "1xN", "Nx1", "2x2"])
@pytest.mark.parametrize("nb", [1, 5, 64])
def test_in_place_block_cyclic_layouts_keep_their_layout(dims, nb):
    if dims == "2x2" and P != 4:
        pytest.skip("2x2 needs 4 ranks")
    shape = {"line": (P,), "1xN": (1, P), "Nx1": (P, 1), "2x2": (2, 2)}[dims]
    grid = gg.ProcessGrid(shape)
    rng = rng_of("in place", dims, nb)
    m, k, n = 71, 33, 50  # not multiples of the block sizes
    for order in "CF":
        def layout(rows, cols):
            axes = tuple(gg.BlockCyclic(nb) if g < grid.ndim else None for g in range(2))
            return gg.Distribution((rows, cols), axes=axes, grid=grid, local_order=order)

        a, b = values(rng, gg.float64, (m, k)), values(rng, gg.float64, (k, n))
        x, y = gg.asarray(a, distribution=layout(m, k)), gg.asarray(b, distribution=layout(k, n))
        assert all_ranks(gg._core.scalapack_obstacle(x._impl) == "")
        z = x @ y
        assert all_ranks(z.distribution == layout(m, n)), f"{z.distribution!r} != {layout(m, n)!r}"
        assert_product(z, a, b)


def test_default_layouts_give_the_default_layout_back():
    rng = rng_of("default")
    for grid in (gg.default_grid(), gg.ProcessGrid((0, 0))):
        a, b = values(rng, gg.float32, (37, 23)), values(rng, gg.float32, (23, 19))
        x, y = gg.asarray(a, device=grid), gg.asarray(b, device=grid)
        z = gg.linalg.matmul(x, y)
        assert all_ranks(z.distribution == gg.Distribution((37, 19), grid=grid)), repr(z.distribution)
        assert_product(z, a, b)


def test_operands_that_must_move():
    rng = rng_of("moved")
    grid = gg.ProcessGrid((0, 0))
    a, b = values(rng, gg.complex128, (29, 31)), values(rng, gg.complex128, (31, 13))
    replicated = gg.asarray(a, distribution=gg.Distribution.replicated((29, 31), grid=grid))
    y = gg.asarray(b, distribution=gg.Distribution((31, 13), axes=(gg.Cyclic(), gg.Block()), grid=grid,
                                                   local_order="F"))
    assert_product(replicated @ y, a, b)
    assert_product(y.T @ replicated.T, b.T, a.T)  # permuted (transposed) operands
    halo = gg.asarray(a[:, :29], distribution=gg.Distribution((29, 29), grid=grid), halo=gg.Halo(1))
    assert_product(halo @ halo, a[:, :29], a[:, :29])


def test_vectors_stacks_and_promotion():
    rng = rng_of("shapes")
    a, b = values(rng, gg.float64, (7, 5)), values(rng, gg.float32, (5, 6))
    u, v = values(rng, gg.float64, (5,)), values(rng, gg.float64, (7,))
    x, y, xu, xv = gg.asarray(a), gg.asarray(b), gg.asarray(u), gg.asarray(v)
    assert_product(x @ y, a, b)          # float64 @ float32 -> float64
    assert_product(x @ xu, a, u)         # matrix @ vector
    assert_product(xv @ x, v, a)         # vector @ matrix
    assert all_ranks((xv @ x).distribution == gg.Distribution((5,), grid=x.device))  # spread, not replicated
    assert all_ranks((x @ xu).distribution == gg.Distribution((7,), grid=x.device))
    dot = xu @ xu                        # vector @ vector: 0-D, replicated
    assert all_ranks(dot.ndim == 0 and abs(float(dot) - float(u @ u)) < 1e-12)
    s1, s2 = values(rng, gg.complex64, (3, 1, 4, 6)), values(rng, gg.complex64, (2, 6, 5))
    assert_product(gg.matmul(gg.asarray(s1), gg.asarray(s2)), s1, s2)   # stacks broadcast
    assert_product(gg.matmul(gg.asarray(s1), gg.asarray(s2[0, :, 0])), s1, s2[0, :, 0])
    assert_product(gg.matmul(gg.asarray(s2[0, :, 0]), gg.asarray(s2)), s2[0, :, 0], s2)
    assert_product(np.matmul(x, y), a, b)  # NumPy's ufunc runs gingham's matmul
    assert_product(x @ b, a, b)            # a NumPy operand becomes a replicated array
    assert_product(a @ y, a, b)
    empty = gg.matmul(gg.zeros((3, 0)), gg.zeros((0, 4)))
    assert all_ranks(np.array_equal(np.asarray(empty), np.zeros((3, 4))))


def test_in_place_matmul():
    rng = rng_of("imatmul")
    a, b = values(rng, gg.float64, (9, 6)), values(rng, gg.float64, (6, 6))
    x = gg.asarray(a)
    before = x.distribution
    x @= gg.asarray(b)
    assert all_ranks(x.distribution == before)
    assert_product(x, a, b)
    outcome = raised_everywhere(lambda: x.__imatmul__(gg.asarray(a[:6, :4])))
    assert outcome is not None and outcome[0] == "ValueError", outcome
    small = gg.asarray(a.astype(np.float32))
    outcome = raised_everywhere(lambda: small.__imatmul__(gg.asarray(b)))
    assert outcome is not None and outcome[0] == "TypeError", outcome


def test_errors_are_raised_alike_on_every_rank():
    x, y = gg.ones((4, 3)), gg.ones((4, 3))
    outcome = raised_everywhere(lambda: x @ y)
    assert outcome is not None and outcome[0] == "ValueError" and "not aligned" in outcome[1], outcome
    for call, kind in ((lambda: gg.matmul(gg.ones(()), x), "ValueError"),
                       (lambda: gg.matmul(gg.ones((2, 4, 3)), gg.ones((3, 3, 2))), "ValueError"),
                       (lambda: gg.matmul(gg.ones((3, 3), dtype=gg.bool), gg.ones((3, 3), dtype=gg.bool)), "TypeError"),
                       (lambda: x @ 2.0, "TypeError"),
                       (lambda: gg.matmul(x, np.ones((3, 3))), "TypeError"),
                       (lambda: gg.matmul(x, gg.ones((3, 2), device=gg.ProcessGrid())), "ValueError")):
        outcome = raised_everywhere(call)
        assert outcome is not None and outcome[0] == kind, outcome


def test_blacs_contexts_are_released_with_their_grid():
    import gc

    before = gg._core.blacs_live_contexts()
    grid = gg.ProcessGrid((0, 0))
    z = gg.ones((8, 8), device=grid) @ gg.ones((8, 8), device=grid)
    assert all_ranks(np.all(np.asarray(z) == 8.0))
    assert all_ranks(gg._core.blacs_live_contexts() == before + 1)
    del grid, z
    gc.collect()
    assert all_ranks(gg._core.blacs_live_contexts() == before)


@pytest.mark.parametrize("dtype", FLOATING)
def test_tensordot_against_numpy(dtype):
    rng = rng_of("tensordot", dtype)
    a, b = values(rng, dtype, (3, 4, 5)), values(rng, dtype, (4, 5, 6))
    x, y = gg.asarray(a), gg.asarray(b)
    for axes in (2, 0, ([1], [0]), ([2], [1]), ([1, 2], [0, 1]), ([2, 1], [1, 0]), ([-2], [0])):
        result = gg.tensordot(x, y, axes=axes)
        reference = np.tensordot(a.astype(np.complex128), b, axes=axes)
        whole = np.asarray(result)
        tolerance = 1e-5 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-12
        assert all_ranks(whole.shape == reference.shape and np.allclose(whole, reference, rtol=tolerance,
                                                                        atol=tolerance)), axes
    full = gg.tensordot(gg.asarray(a), gg.asarray(a), axes=3)  # every axis contracted: 0-D
    assert all_ranks(full.ndim == 0)
    outcome = raised_everywhere(lambda: gg.tensordot(x, y, axes=([0], [0])))
    assert outcome is not None and outcome[0] == "ValueError", outcome


@pytest.mark.parametrize("dtype", [gg.int32, gg.float32, gg.float64, gg.complex64, gg.complex128])
def test_vecdot_against_numpy(dtype):
    rng = rng_of("vecdot", dtype)
    a = (rng.integers(-5, 5, size=(4, 6)) if np.dtype(dtype).kind == "i" else values(rng, dtype, (4, 6))).astype(dtype)
    b = (rng.integers(-5, 5, size=(6,)) if np.dtype(dtype).kind == "i" else values(rng, dtype, (6,))).astype(dtype)
    result = gg.vecdot(gg.asarray(a), gg.asarray(b))
    reference = np.sum(np.conj(a) * b, axis=-1, dtype=a.dtype)
    whole = np.asarray(result)
    assert all_ranks(whole.dtype == reference.dtype and np.allclose(whole, reference, rtol=1e-5))
    column = gg.vecdot(gg.asarray(a), gg.asarray(a), axis=-2)
    assert all_ranks(np.allclose(np.asarray(column), np.sum(np.conj(a) * a, axis=0, dtype=a.dtype), rtol=1e-5))
    for call in (lambda: gg.vecdot(gg.asarray(a), gg.asarray(b[:5])), lambda: gg.vecdot(gg.asarray(a), gg.asarray(b),
                                                                                    axis=0)):
        outcome = raised_everywhere(call)
        assert outcome is not None and outcome[0] == "ValueError", outcome


def test_matrix_transpose_is_in_the_linalg_namespace():
    a = np.arange(24.0).reshape(2, 3, 4)
    assert all_ranks(np.array_equal(np.asarray(gg.linalg.matrix_transpose(gg.asarray(a))), np.swapaxes(a, -1, -2)))


@pytest.mark.parametrize("trial", range(16))
def test_integer_matmul_matches_numpy_and_wraps(trial):
    """Integer products (SUMMA on the redistribution engine) equal NumPy's, wrapping included."""
    rng = np.random.default_rng(zlib.crc32(f"integer matmul {trial}".encode()))
    dtype = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64][trial % 8]
    shapes = [((5, 7), (7, 3)), ((1, 9), (9, 4)), ((6, 0), (0, 2)), ((2, 3, 4), (4, 5)), ((4,), (4, 3)),
              ((3, 4), (4,)), ((6,), (6,)), ((17, 33), (33, 9))][trial % 8]
    a = rng.integers(0, 200, size=shapes[0]).astype(dtype)
    b = rng.integers(0, 200, size=shapes[1]).astype(dtype)
    grid = gg.ProcessGrid((0, 0)) if trial % 2 else gg.ProcessGrid()
    x = gg.asarray(a, distribution=random_distribution(rng, a.shape, grid))
    y = gg.asarray(b, distribution=random_distribution(rng, b.shape, grid))
    expected = np.matmul(a, b)
    result = x @ y
    assert all_ranks(result.dtype == expected.dtype)
    assert all_ranks(np.array_equal(np.asarray(result), expected))
