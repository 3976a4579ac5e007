"""Basic indexing x[key] (integers, slices with any step, ..., None) against NumPy on random layouts and
keys at 1-4 ranks; bad keys raise the same error on every rank."""

import zlib

import numpy as np
import pytest
from helpers import DTYPES, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


def random_key(rng, shape):
    """A random basic key: per axis an integer or a slice (any step), with None and ... mixed in."""
    key = []
    for n in shape[: int(rng.integers(0, len(shape) + 1))]:
        if n > 0 and rng.integers(0, 4) == 0:
            key.append(int(rng.integers(-n, n)))
        else:
            bound = lambda: None if rng.integers(0, 2) else int(rng.integers(-n - 1, n + 2))  # noqa: E731
            key.append(slice(bound(), bound(), int(rng.choice([-3, -2, -1, 1, 1, 2, 3]))))
    for _ in range(int(rng.integers(0, 3))):
        key.insert(int(rng.integers(0, len(key) + 1)), None)
    if rng.integers(0, 3) == 0:
        key.insert(int(rng.integers(0, len(key) + 1)), Ellipsis)
    return tuple(key)


@pytest.mark.parametrize("trial", range(40))
def test_basic_indexing_matches_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"indexing {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(0, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = (rng.integers(-50, 50, size=shape)).astype(dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    key = random_key(rng, shape)
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
    assert raised_everywhere(lambda: x[np.array([0, 1])])[0] == "NotImplementedError"
    assert raised_everywhere(lambda: x[True])[0] == "NotImplementedError"
