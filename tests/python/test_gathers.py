"""Gathers at sizes that cross the kernels' batches, pieces and threads (issue 18's fast paths): x[idx] and
take with host indices (sorted, unsorted, repeated, negative, empty, longer than x, 2-D), take with
distributed indices, take_along_axis along an axis every rank holds whole (no exchange) and across ranks,
nonzero of 1-3-D masks and x[idx] = v, against NumPy at 1-4 ranks; bad indices raise the same error on
every rank."""

import zlib

import numpy as np
import pytest
from helpers import COMM, DTYPES, assert_shard_and_whole, raised_everywhere, random_distribution

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))
KINDS = ("unsorted", "sorted", "repeated", "negative", "empty", "longer", "sorted repeats")


def _indices(rng, kind, n):
    """Host indices into an axis of n elements: 'longer' has more indices than n, 'repeated' few values."""
    if kind == "empty":
        return np.zeros(0, np.int64)
    if kind == "negative":
        return rng.integers(-n, n, 3 * n // 2 + 7)
    if kind == "repeated":
        return rng.integers(0, min(n, 5), 2 * n + 3)
    if kind == "sorted repeats":  # ascending runs of equal indices, some across the layouts' block edges
        return np.sort(np.repeat(rng.integers(0, n, n // 7 + 3), rng.integers(1, 9, n // 7 + 3)))
    indices = rng.integers(0, n, 3 * n + 11 if kind == "longer" else n // 2 + 5)
    return np.sort(indices) if kind == "sorted" else indices


def _random_matrix(seed, rows, columns):
    """(generator, NumPy matrix of up to rows x columns, the same in a random layout on the 2-D grid)."""
    rng = np.random.default_rng(zlib.crc32(seed.encode()))
    shape = (int(rng.integers(1, rows)), int(rng.integers(1, columns)))
    a = rng.standard_normal(shape)
    return rng, a, gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("dtype", [gg.bool, gg.int16, gg.float32, gg.float64, gg.complex128])
def test_host_index_gather_of_a_long_vector(kind, dtype):
    rng = np.random.default_rng(zlib.crc32(f"gather {kind} {dtype}".encode()))
    n = 70001  # more than two pieces of 2^15 (threads) and many batches of indices
    a = rng.integers(-100, 100, n).astype(dtype)
    for distribution in (None, gg.Distribution((n,), (gg.Cyclic(),)), gg.Distribution((n,), (gg.BlockCyclic(5, offset=COMM.size - 1),))):
        x = gg.asarray(a, distribution=distribution)
        idx = _indices(rng, kind, n)
        assert_shard_and_whole(x[idx], a[idx])
        assert_shard_and_whole(gg.take(x, idx, axis=0), np.take(a, idx))


@pytest.mark.parametrize("trial", range(8))
def test_host_index_take_of_a_matrix(trial):
    rng, a, x = _random_matrix(f"gather 2-D {trial}", 90, 90)
    shape = a.shape
    axis = trial % 2
    idx = _indices(rng, KINDS[trial % len(KINDS)], shape[axis])
    assert_shard_and_whole(gg.take(x, idx, axis=axis), np.take(a, idx, axis=axis))
    if axis == 0:
        assert_shard_and_whole(x[idx], a[idx])
    else:
        assert_shard_and_whole(x[:, idx], a[:, idx])


@pytest.mark.parametrize("trial", range(6))
def test_ascending_host_indices_along_either_axis_of_a_matrix(trial):
    # Ascending indices are cut into one piece per source block by search instead of classified one by one.
    rng, a, x = _random_matrix(f"gather ascending 2-D {trial}", 120, 120)
    axis = trial % 2
    idx = _indices(rng, ("sorted", "sorted repeats", "longer")[trial // 2], a.shape[axis])
    idx = np.sort(idx)
    assert_shard_and_whole(gg.take(x, idx, axis=axis), np.take(a, idx, axis=axis))


def test_out_of_range_host_index_raises_the_first_one_everywhere():
    x = gg.asarray(np.arange(50000.0))
    idx = np.arange(60000) - 5000  # -5000 .. 54999: 50000 is the first out of range
    outcome = raised_everywhere(lambda: x[idx])
    assert outcome is not None and outcome[0] == "IndexError" and "index 50000 " in outcome[1]
    assert raised_everywhere(lambda: gg.take(x, np.array([0, -50001]), axis=0))[0] == "IndexError"


@pytest.mark.parametrize("kind", ("unsorted", "sorted", "negative", "longer"))
def test_take_with_distributed_indices_of_a_long_vector(kind):
    rng = np.random.default_rng(zlib.crc32(f"take distributed {kind}".encode()))
    n = 40003
    a = rng.standard_normal(n)
    x = gg.asarray(a, distribution=gg.Distribution((n,), (gg.Cyclic(),)))
    idx = _indices(rng, kind, n)
    y = gg.take(x, gg.asarray(idx), axis=0)
    assert_shard_and_whole(y, np.take(a, idx))


@pytest.mark.parametrize("shape, axis", [((37, 2501), 1), ((2501, 37), 0), ((5, 7, 901), 2), ((6, 1100), -1)])
def test_take_along_an_axis_held_whole(shape, axis):
    # x split over the other axes only, the indices laid out as x: every rank reads its own shard
    rng = np.random.default_rng(zlib.crc32(f"along local {shape}".encode()))
    a = rng.standard_normal(shape)
    axes = tuple(None if d == axis % len(shape) else (gg.Block() if d == 0 or axis == 0 else None)
                 for d in range(len(shape)))
    distribution = gg.Distribution(shape, axes)
    x = gg.asarray(a, distribution=distribution)
    n = shape[axis]
    along = rng.integers(-n, n, shape)
    indices = gg.asarray(along, distribution=gg.Distribution(shape, axes))
    assert_shard_and_whole(gg.take_along_axis(x, indices, axis=axis), np.take_along_axis(a, along, axis))
    # default layouts on both sides (the sweep's case) and a broadcast index
    x, indices = gg.asarray(a), gg.asarray(along)
    assert_shard_and_whole(gg.take_along_axis(x, indices, axis=axis), np.take_along_axis(a, along, axis))
    column = along.take([0], axis=axis)
    assert_shard_and_whole(gg.take_along_axis(x, gg.asarray(column), axis=axis),
                           np.take_along_axis(a, column, axis))


def test_take_along_axis_out_of_range_raises_everywhere():
    shape = (40, 3001)
    a = np.arange(float(np.prod(shape))).reshape(shape)
    along = np.zeros(shape, np.int64)
    along[-1, -1] = 3001  # on the last rank only
    x = gg.asarray(a, distribution=gg.Distribution(shape, (gg.Block(), None)))
    indices = gg.asarray(along, distribution=gg.Distribution(shape, (gg.Block(), None)))
    outcome = raised_everywhere(lambda: gg.take_along_axis(x, indices, axis=1))
    assert outcome is not None and outcome[0] == "IndexError" and "index 3001 " in outcome[1]


@pytest.mark.parametrize("shape", [(100003,), (301, 333), (13, 70, 111), (0,), (4, 0, 3)])
@pytest.mark.parametrize("density", [0.0, 0.3, 1.0])
def test_nonzero_matches_numpy(shape, density):
    rng = np.random.default_rng(zlib.crc32(f"nonzero {shape} {density}".encode()))
    mask = rng.random(shape) < density
    for distribution in (None, gg.Distribution(shape, (gg.Cyclic(),) + (None,) * (len(shape) - 1))):
        found = gg.nonzero(gg.asarray(mask, distribution=distribution))
        expected = np.nonzero(mask)
        assert len(found) == len(expected)
        for ours, theirs in zip(found, expected):
            assert_shard_and_whole(ours, theirs)
    values = rng.integers(0, 3, shape).astype(np.int32)  # nonzero of a non-bool array
    for ours, theirs in zip(gg.nonzero(gg.asarray(values)), np.nonzero(values)):
        assert_shard_and_whole(ours, theirs)


@pytest.mark.parametrize("kind", ("unsorted", "sorted", "repeated", "negative", "empty"))
def test_assignment_through_a_host_index(kind):
    rng = np.random.default_rng(zlib.crc32(f"setitem {kind}".encode()))
    n = 50021
    a = rng.standard_normal(n)
    x = gg.asarray(a)
    idx = _indices(rng, kind, n)
    if kind == "repeated":  # NumPy's last write wins; keep the repeats' values equal so any order agrees
        values = (idx * 0.5).astype(np.float64)
    else:
        idx = np.unique(idx % n) - (n if kind == "negative" else 0)
        values = rng.standard_normal(idx.size)
    expected = a.copy()
    expected[idx] = values
    x[idx] = values
    assert_shard_and_whole(x, expected)
    expected[idx] = 2.5
    x[idx] = 2.5
    assert_shard_and_whole(x, expected)


def test_every_dtype_through_the_fast_paths():
    rng = np.random.default_rng(7)
    n = 33000
    idx = rng.integers(-n, n, 40000)
    for dtype in DTYPES:
        a = rng.integers(0, 2, n).astype(dtype)
        x = gg.asarray(a)
        assert_shard_and_whole(x[idx], a[idx])
        m = a[: n // 100 * 100].reshape(100, -1)
        along = rng.integers(0, m.shape[1], m.shape)
        assert_shard_and_whole(gg.take_along_axis(gg.asarray(m), gg.asarray(along), axis=1),
                               np.take_along_axis(m, along, 1))


@pytest.mark.parametrize("trial", range(6))
def test_assignment_of_slabs_through_a_host_index(trial):
    rng, a, x = _random_matrix(f"setitem slabs {trial}", 60, 9)
    shape = a.shape
    idx = np.unique(rng.integers(-shape[0], shape[0], shape[0]) % shape[0])
    if trial % 2:
        idx = idx - shape[0]
    value = [rng.standard_normal((idx.size, shape[1])), rng.standard_normal(shape[1]), 1.5,
             rng.standard_normal((1, 1, shape[1])), rng.standard_normal((idx.size, 1)),
             rng.integers(0, 9, (idx.size, shape[1]))][trial]
    expected = a.copy()
    expected[idx] = value
    x[idx] = value
    assert_shard_and_whole(x, expected)


def test_assignment_through_a_host_index_refuses_bad_input_everywhere():
    x = gg.asarray(np.arange(20.0).reshape(10, 2))
    assert raised_everywhere(lambda: x.__setitem__(np.array([0, 10]), 1.0))[0] == "IndexError"
    assert raised_everywhere(lambda: x.__setitem__(np.array([0, -11]), 1.0))[0] == "IndexError"
    assert raised_everywhere(lambda: x.__setitem__(np.array([0, 1]), np.zeros(3)))[0] == "ValueError"
    assert raised_everywhere(lambda: x.__setitem__(np.array([0, 1]), np.zeros(2, np.complex128)))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.asarray(np.zeros(4, np.int8)).__setitem__(np.array([1]), 300))[0] == "OverflowError"
    assert_shard_and_whole(x, np.arange(20.0).reshape(10, 2))  # nothing was written
