"""searchsorted against NumPy: sorted x1 in random layouts (block-cyclic blocks on every rank), x2 of any
shape and layout, both sides, NaNs, repeated values, sorter, scalars; at 1-4 ranks."""

import zlib

import numpy as np
import pytest
from helpers import all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


@pytest.mark.parametrize("trial", range(30))
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted_matches_numpy(trial, side):
    rng = np.random.default_rng(zlib.crc32(f"searchsorted {trial}".encode()))
    dtype = [np.float64, np.float32, np.int32, np.uint8, np.int64, np.bool_][trial % 6]
    n = int(rng.integers(0, 40))
    if dtype == np.bool_:
        a = np.sort(rng.integers(0, 2, size=n).astype(bool))
        v = rng.integers(0, 2, size=(3, 4)).astype(bool)
    else:
        a = np.sort(rng.integers(0, 12, size=n).astype(dtype))  # repeated values
        v = rng.integers(-2, 14, size=tuple(int(e) for e in rng.integers(0, 5, size=int(rng.integers(0, 3))))).astype(dtype)
        if dtype in (np.float64, np.float32) and n:
            a[-int(rng.integers(0, 3)):] = np.nan if rng.integers(0, 2) else a[-1]
            a = np.sort(a)
            v = np.append(v.reshape(-1), [np.nan, 0.5]).astype(dtype)
    x1 = gg.asarray(a, distribution=random_distribution(rng, a.shape, GRID_2D))
    x2 = gg.asarray(v, distribution=random_distribution(rng, v.shape, GRID_2D))
    y = gg.searchsorted(x1, x2, side=side)
    assert all_ranks(y.distribution == x2.distribution)
    assert_shard_and_whole(y, np.searchsorted(a, v, side=side).astype(np.int64))


def test_sorter_scalars_and_errors():
    a = np.array([5.0, 1.0, 3.0, 2.0, 4.0])
    x1 = gg.asarray(a, device=GRID_2D)
    order = np.argsort(a)
    x2 = gg.asarray(np.array([0.0, 2.5, 9.0]), device=GRID_2D)
    assert_shard_and_whole(gg.searchsorted(x1, x2, sorter=order), np.searchsorted(a, [0.0, 2.5, 9.0], sorter=order))
    assert all_ranks(int(gg.searchsorted(gg.asarray(np.sort(a), device=GRID_2D), 3.5)) == 3)
    assert raised_everywhere(lambda: gg.searchsorted(x1, x2, side="middle"))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.searchsorted(gg.zeros((2, 2), device=GRID_2D), x2))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.searchsorted(x1, gg.asarray(np.array([1], np.int8), device=GRID_2D)))[0] == "TypeError"


@pytest.mark.parametrize("trial", range(24))
def test_nonzero_matches_numpy_and_is_balanced(trial):
    rng = np.random.default_rng(zlib.crc32(f"nonzero {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(1, 4))))
    density = [0.0, 0.3, 1.0][trial % 3]  # none, some, all (skewed: everything selected)
    a = (rng.random(shape) < density).astype([np.bool_, np.int16, np.float64][trial % 3])
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    result = gg.nonzero(x)
    assert len(result) == a.ndim
    for got, expected in zip(result, np.nonzero(a)):
        assert_shard_and_whole(got, expected.astype(np.int64))
        assert all_ranks(got.distribution.axes == (gg.Block(),))
    assert raised_everywhere(lambda: gg.nonzero(gg.asarray(np.float64(1.0), device=GRID_2D)))[0] == "ValueError"


@pytest.mark.parametrize("density", [0.0, 0.4, 1.0])
def test_nonzero_on_one_row_of_ranks_gives_every_copy_its_own_result(density):
    """On a grid of one rank along axis 0 every rank's selection is the whole result (kept without a copy):
    each copy holds all of it, and writing into the result changes neither the mask nor another result."""
    grid = gg.ProcessGrid((1, 0))
    rng = np.random.default_rng(zlib.crc32(f"nonzero one row {density}".encode()))
    a = rng.random(40000) < density
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, axes=(gg.Block(),), grid=grid))
    (got,) = gg.nonzero(x)
    expected = np.nonzero(a)[0]
    assert_shard_and_whole(got, expected)
    if expected.size:
        got[0] = -7
        assert_shard_and_whole(gg.nonzero(x)[0], expected)
        assert all_ranks(np.asarray(got)[0] == -7 and bool(np.array_equal(np.asarray(x), a)))


def test_searches_of_many_values_go_in_rounds():
    """More than 2^20 values on a rank: the exchange runs in several rounds (as many on every rank)."""
    rng = np.random.default_rng(11)
    haystack = np.sort(rng.integers(0, 10**6, size=5000)).astype(np.float64)
    needles = rng.integers(-10, 10**6 + 10, size=2_500_000).astype(np.float64)
    grid = gg.ProcessGrid()
    x1 = gg.asarray(haystack, distribution=gg.Distribution(haystack.shape, (gg.BlockCyclic(64),), grid=grid))
    for layout in (gg.Distribution.replicated(needles.shape, grid=grid),
                   gg.Distribution(needles.shape, (gg.Block(),), grid=grid)):
        x2 = gg.asarray(needles, distribution=layout)
        assert_shard_and_whole(gg.searchsorted(x1, x2, side="right"), np.searchsorted(haystack, needles, side="right"))
        assert_shard_and_whole(gg.isin(x2, x1), np.isin(needles, haystack))
