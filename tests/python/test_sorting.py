"""sort and argsort against np.sort / np.argsort(kind="stable") at 1-4 ranks: every dtype, random 1-D sizes and
layouts (distributed sample sort), skewed data, descending, N-D along local and distributed axes, errors."""

import zlib

import numpy as np
import pytest
from helpers import COMM, DTYPES, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution

import gingham as gg

P = COMM.size
GRID_1D = gg.ProcessGrid((P,))
GRID_2D = gg.ProcessGrid((0, 0))


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("sorting",) + key)).encode()))


def random_values(rng, dtype, shape):
    """Values with many ties; floats with NaN, -0.0, +0.0 and infinities mixed in."""
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        if rng.integers(0, 2):
            return rng.integers(0, 4, size=shape).astype(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    specials = np.array([np.nan, -0.0, 0.0, np.inf, -np.inf, 1.5, -1.5])
    def part():
        v = np.where(rng.random(shape) < 0.3, rng.choice(specials, size=shape), rng.integers(-3, 4, size=shape))
        return v.astype(np.float64)
    if dtype.kind == "c":
        c = np.empty(shape, dtype=dtype)
        c.real, c.imag = part(), part()
        return c
    return part().astype(dtype)


def expected_order(a, axis=-1, descending=False):
    """NumPy's stable argsort; descending keeps equal elements in their original order."""
    if not descending:
        return np.argsort(a, axis=axis, kind="stable")
    n = a.shape[axis]
    return n - 1 - np.flip(np.argsort(np.flip(a, axis=axis), axis=axis, kind="stable"), axis=axis)


def same_bits(actual, expected):
    """Collective check input: equal dtype, shape and bits (so NaN == NaN, -0.0 != +0.0)."""
    return actual.dtype == expected.dtype and actual.shape == expected.shape and \
        np.ascontiguousarray(actual).tobytes() == np.ascontiguousarray(expected).tobytes()


def check(x, a, axis=-1, descending=False, balanced=False):
    """Collective: gg.sort and gg.argsort of x against NumPy; the argsort reproduces the sort."""
    order = expected_order(a, axis, descending)
    expected = np.take_along_axis(a, order, axis=axis)
    y = gg.sort(x, axis=axis, descending=descending)
    i = gg.argsort(x, axis=axis, descending=descending)
    whole_y, whole_i = np.asarray(y), np.asarray(i)
    assert all_ranks(same_bits(whole_y, expected)), f"sort: {whole_y} != {expected}"
    assert all_ranks(same_bits(whole_i, order.astype(np.int64))), f"argsort: {whole_i} != {order}"
    assert all_ranks(same_bits(np.take_along_axis(a, whole_i, axis=axis), whole_y))
    assert_shard_and_whole(i, order.astype(np.int64))
    if balanced and P > 1:  # a 1-D result along a distributed axis: Block layout, ceil(n / P) per rank
        n = a.shape[0]
        for z in (y, i):
            assert all_ranks(z.distribution.axes == (gg.Block(),))
            nb = -(-n // P) if n else 0
            assert all_ranks(z.local.shape[0] <= max(nb, 1) if z.device.coords is not None else True)
            counts = COMM.allgather(z.local.shape[0] if z.device.coords is not None else 0)
            assert all_ranks(sum(counts) == n)


LAYOUTS = [lambda rng: gg.Block(), lambda rng: gg.Cyclic(),
           lambda rng: gg.BlockCyclic(int(rng.integers(1, 5)), offset=int(rng.integers(0, P)))]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [0, 1, 7, 2500])
def test_1d_every_dtype(dtype, n):
    rng = rng_of(dtype, n)
    a = random_values(rng, dtype, (n,))
    for layout in LAYOUTS:
        x = gg.asarray(a, distribution=gg.Distribution((n,), (layout(rng),), grid=GRID_1D))
        check(x, a, balanced=True)
        check(x, a, descending=True, balanced=True)


@pytest.mark.parametrize("trial", range(12))
def test_1d_random_sizes_and_layouts(trial):
    rng = rng_of("random", trial)
    n = int(rng.integers(0, 4000))
    dtype = DTYPES[trial % len(DTYPES)]
    a = random_values(rng, dtype, (n,))
    x = gg.asarray(a, distribution=random_distribution(rng, (n,), GRID_2D))
    check(x, a, axis=0, descending=bool(trial % 2))


@pytest.mark.parametrize("kind", ["equal", "sorted", "reversed", "sparse_ones"])
@pytest.mark.parametrize("dtype", [gg.int32, gg.float64, gg.bool])
def test_1d_skewed(kind, dtype):
    """Skewed inputs; "sparse_ones" is a 1 at every 97th place and the rest NaN (float) or 0 (int, bool)."""
    n = 3001
    rest = np.nan if dtype == gg.float64 else 0
    a = {"equal": np.full(n, 3), "sorted": np.arange(n), "reversed": np.arange(n)[::-1],
         "sparse_ones": np.where(np.arange(n) % 97 == 0, 1.0, rest)}[kind].astype(np.dtype(dtype))
    assert len(np.unique(a)) > 1 or kind == "equal"
    x = gg.asarray(a, distribution=gg.Distribution((n,), (gg.Block(),), grid=GRID_1D))
    check(x, a, balanced=True)
    check(x, a, descending=True, balanced=True)


def test_stable_false_sorts():
    rng = rng_of("unstable")
    a = rng.integers(0, 50, size=1000)
    x = gg.asarray(a, distribution=gg.Distribution((1000,), (gg.Cyclic(),), grid=GRID_1D))
    y = np.asarray(gg.sort(x, stable=False))
    i = np.asarray(gg.argsort(x, stable=False, descending=True))
    assert all_ranks(np.array_equal(y, np.sort(a)))
    assert all_ranks(np.array_equal(np.sort(i), np.arange(1000)) and np.all(np.diff(a[i]) <= 0))


@pytest.mark.parametrize("trial", range(16))
def test_nd(trial):
    """N-D arrays along any axis: local axes sort in place, distributed ones through a redistribution."""
    rng = rng_of("nd", trial)
    shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(2, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = random_values(rng, dtype, shape)
    grid = GRID_1D if trial % 2 else GRID_2D
    x = gg.asarray(a, distribution=random_distribution(rng, shape, grid))
    for axis in range(-a.ndim, a.ndim):
        outcome = raised_everywhere(lambda: gg.sort(x, axis=axis))
        if outcome is not None:  # every axis distributed: only then may it refuse
            assert all_ranks(outcome[0] == "NotImplementedError" and
                             all(ax is not None for ax in x.distribution.axes))
            continue
        check(x, a, axis=axis, descending=bool(rng.integers(0, 2)))
        y = gg.sort(x, axis=axis)
        assert all_ranks(y.distribution == x.distribution)


def test_errors():
    x = gg.asarray(np.arange(6.0).reshape(2, 3))
    assert raised_everywhere(lambda: gg.sort(x, axis=2))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.argsort(x, axis=-3))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.sort(gg.asarray(np.float64(1.0))))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.sort(x, axis=1.0))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.sort(np.arange(3)))[0] == "TypeError"
    if P > 1:  # the other axis is spread over a grid axis of extent 1: it takes the sort axis's grid axis
        a = np.arange(24.0)[::-1].reshape(4, 6)
        z = gg.asarray(a, distribution=gg.Distribution((4, 6), (gg.Block(), gg.Cyclic()), grid=gg.ProcessGrid((P, 1))))
        check(z, a, axis=0)
    if P == 4:  # both axes really distributed: not implemented
        z = gg.asarray(np.arange(16.0).reshape(4, 4), distribution=gg.Distribution(
            (4, 4), (gg.Block(), gg.Cyclic()), grid=gg.ProcessGrid((2, 2))))
        outcome = raised_everywhere(lambda: gg.argsort(z, axis=1))
        assert outcome is not None and outcome[0] == "NotImplementedError" and "all distributed" in outcome[1]
        assert raised_everywhere(lambda: gg.sort(z, axis=0))[0] == "NotImplementedError"
