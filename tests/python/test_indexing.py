"""Basic indexing x[key] (integers, slices with any step, ..., None) against NumPy on random layouts and
keys at 1-4 ranks; bad keys raise the same error on every rank."""

import zlib

import numpy as np
import pytest
from helpers import DTYPES, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution, random_key

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


@pytest.mark.parametrize("trial", range(40))
def test_basic_indexing_matches_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"indexing {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(0, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = (rng.integers(-50, 50, size=shape)).astype(dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    key = random_key(rng, shape, new_axes=True)
    y = x[key]
    assert_shard_and_whole(y, a[key])


def test_the_result_keeps_the_axis_layouts():
    x = gg.asarray(np.arange(60.0).reshape(6, 10),
                   distribution=gg.Distribution((6, 10), (gg.BlockCyclic(2, offset=0), gg.Cyclic()), grid=GRID_2D))
    y = x[1:, ::-3]
    assert all_ranks(y.distribution.axes == (gg.BlockCyclic(2), gg.Cyclic()))
    assert_shard_and_whole(y, np.arange(60.0).reshape(6, 10)[1:, ::-3])
    assert all_ranks(x[2].distribution.axes == (gg.Cyclic(),))
    assert float(x[5, 9]) == 59.0  # a 0-D result is replicated: every rank converts it


def test_bad_keys_raise_everywhere():
    x = gg.zeros((3, 4))
    assert raised_everywhere(lambda: x[3])[0] == "IndexError"
    assert raised_everywhere(lambda: x[0, -5])[0] == "IndexError"
    assert raised_everywhere(lambda: x[0, 0, 0])[0] == "IndexError"
    assert raised_everywhere(lambda: x[..., ...])[0] == "IndexError"
    assert raised_everywhere(lambda: x[::0])[0] == "ValueError"
    assert raised_everywhere(lambda: x["a"])[0] == "TypeError"
    assert raised_everywhere(lambda: x[np.array([[0, 1]])])[0] == "NotImplementedError"
    assert raised_everywhere(lambda: x[True])[0] == "NotImplementedError"


@pytest.mark.parametrize("trial", range(30))
def test_take_along_any_axis_and_layout(trial):
    rng = np.random.default_rng(zlib.crc32(f"take {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 7, size=int(rng.integers(1, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = rng.integers(-50, 50, size=shape).astype(dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    axis = int(rng.integers(-len(shape), len(shape)))
    n = shape[axis]
    indices = rng.integers(-n, n, size=int(rng.integers(0, 9)))
    y = gg.take(x, indices, axis=axis)
    assert_shard_and_whole(y, np.take(a, indices, axis=axis))
    assert all_ranks(y.distribution.axes == x.distribution.axes)
    replicated = gg.asarray(indices.astype(np.int64), distribution=gg.Distribution.replicated(indices.shape, grid=GRID_2D))
    assert_shard_and_whole(gg.take(x, replicated, axis=axis), np.take(a, indices, axis=axis))
    if axis % len(shape) == 0:
        assert_shard_and_whole(x[indices], a[indices])


def test_take_errors_raise_everywhere():
    x = gg.asarray(np.arange(12.0).reshape(3, 4), device=GRID_2D)
    assert raised_everywhere(lambda: gg.take(x, [3], axis=0))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.take(x, [0], axis=2))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.take(x, [0.5], axis=0))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.take(x, [0]))[0] == "ValueError"
    distributed = gg.asarray(np.array([0, 1, 2]), device=GRID_2D)
    if not distributed.distribution.is_replicated:
        assert raised_everywhere(lambda: gg.take(x, distributed, axis=0))[0] == "NotImplementedError"
