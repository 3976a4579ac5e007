"""Indexing x[key] (integers, slices with any step, ..., None, integer arrays), take and take_along_axis
against NumPy on random layouts and keys at 1-4 ranks; bad keys raise the same error on every rank."""

import zlib

import numpy as np
import pytest
from helpers import (DTYPES, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution, random_grid,
                     random_key, random_mixed_key)

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
    assert raised_everywhere(lambda: x[None, np.array([0, 3])])[0] == "IndexError"
    assert raised_everywhere(lambda: x[np.array([0, 1]), None, 1:, 0])[0] == "IndexError"
    assert raised_everywhere(lambda: x[1:, np.array([0, 4])])[0] == "IndexError"
    assert raised_everywhere(lambda: x[1:, np.array([0, 1]), 0])[0] == "IndexError"
    assert raised_everywhere(lambda: x[np.array([0.5])])[0] == "IndexError"
    assert raised_everywhere(lambda: x[np.array([0, 3])])[0] == "IndexError"
    assert raised_everywhere(lambda: x[np.array([0]), np.array([0]), np.array([0])])[0] == "IndexError"
    assert raised_everywhere(lambda: x[np.array([0, 1]), np.array([0, 1, 2])])[0] == "IndexError"  # as NumPy
    assert raised_everywhere(lambda: x[True, 0])[0] == "NotImplementedError"
    assert raised_everywhere(lambda: x[np.array([True, False]), 1:])[0] == "IndexError"
    assert raised_everywhere(lambda: x[:, gg.asarray(np.ones(3, bool))])[0] == "IndexError"


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
    distributed = gg.asarray(np.array([0, 1, 3]), device=GRID_2D)
    assert raised_everywhere(lambda: gg.take(x, distributed, axis=0))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.take(x, gg.asarray(np.zeros((2, 2), np.int64)), axis=0))[0] == "ValueError"


def _random_index_array(rng, shape, n, grid):
    """Random integers in [-n, n) of ``shape``: host data, or a gingham array in a random layout on ``grid``."""
    values = rng.integers(-n, n, size=shape) if n > 0 else np.zeros(shape, np.int64)
    dtype = [np.int64, np.int32, np.uint8 if n <= 0 else np.int16][int(rng.integers(0, 3))]
    values = values.astype(dtype) if dtype != np.uint8 else np.abs(values).astype(dtype)
    if rng.integers(0, 2):
        return values, values
    return values, gg.asarray(values, distribution=random_distribution(rng, shape, grid))


def _random_indexing_case(name, trial, min_ndim, smallest_broadcast):
    """A seeded generator, a random array (min_ndim to min_ndim + 2 axes of 1-5) with x its copy in a random
    layout, a random grid for the index arrays, and a random broadcast shape for them."""
    rng = np.random.default_rng(zlib.crc32(f"{name} {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 6, size=int(rng.integers(min_ndim, min_ndim + 3))))
    a = rng.integers(-50, 50, size=shape).astype(DTYPES[trial % len(DTYPES)])
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    grid = random_grid(rng)
    broadcast = tuple(int(e) for e in rng.integers(smallest_broadcast, 4, size=int(rng.integers(0, 3))))
    return rng, a, x, grid, broadcast


@pytest.mark.parametrize("trial", range(40))
def test_integer_array_keys_match_numpy(trial):
    rng, a, x, grid, broadcast = _random_indexing_case("integer keys", trial, 1, 0)
    shape = a.shape
    k = int(rng.integers(1, len(shape) + 1))
    host_key, key = [], []
    for axis in range(k):
        if rng.integers(0, 4) == 0:
            i = int(rng.integers(-shape[axis], shape[axis]))
            host_key.append(i), key.append(i)
            continue
        own = tuple(e if rng.integers(0, 3) else 1 for e in broadcast)[int(rng.integers(0, len(broadcast) + 1)):]
        values, index = _random_index_array(rng, own, shape[axis], grid)
        host_key.append(values), key.append(index)
    if all(isinstance(i, int) for i in key):
        values, index = _random_index_array(rng, broadcast, shape[0], grid)
        host_key[0], key[0] = values, index
    if rng.integers(0, 2) and k < len(shape):
        host_key.append(Ellipsis), key.append(Ellipsis)
    expected = a[tuple(host_key)]
    y = x[tuple(key)]
    assert_shard_and_whole(y, expected)


@pytest.mark.parametrize("trial", range(40))
def test_integer_arrays_mixed_with_slices_match_numpy(trial):
    rng, a, x, grid, broadcast = _random_indexing_case("mixed keys", trial, 2, 1)
    shape = a.shape
    kinds = [int(rng.integers(0, 4)) for _ in shape]  # 0 int, 1 integer array, 2 slice, 3 full slice
    kinds[int(rng.integers(0, len(shape)))] = 1
    others = [axis for axis, kind in enumerate(kinds) if kind != 1]
    if others and all(kinds[axis] != 2 for axis in others):
        kinds[others[int(rng.integers(0, len(others)))]] = 2
    host_key, key = random_mixed_key(
        rng, shape, kinds,
        lambda axis, n: _random_index_array(rng, broadcast[int(rng.integers(0, len(broadcast) + 1)):], n, grid))
    if rng.integers(0, 3) == 0 and isinstance(key[-1], slice) and key[-1] == slice(None):
        host_key[-1], key[-1] = Ellipsis, Ellipsis
    for _ in range(int(rng.integers(0, 3))):  # new axes anywhere
        at = int(rng.integers(0, len(key) + 1))
        host_key.insert(at, None), key.insert(at, None)
    expected = a[tuple(host_key)]
    y = x[tuple(key)]
    assert_shard_and_whole(y, expected)


@pytest.mark.parametrize("flag", [True, False, np.True_, np.False_, np.array(True), "0-D gingham array"])
@pytest.mark.parametrize("shape", [(), (3,), (3, 4)])
def test_boolean_scalar_keys_read_and_write_as_numpy(flag, shape):
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    x = gg.asarray(a, device=GRID_2D)
    key = gg.asarray(np.array(True), device=GRID_2D) if isinstance(flag, str) else flag
    host_key = np.array(True) if isinstance(flag, str) else flag
    assert_shard_and_whole(x[key], a[host_key])
    value = np.arange(shape[-1], dtype=np.float64) + 100 if shape else 7.0
    a[host_key] = value
    x[key] = value
    assert_shard_and_whole(x, a)
    assert raised_everywhere(lambda: x.__setitem__(key, np.zeros(5)))[0] == "ValueError"


@pytest.mark.parametrize("trial", range(30))
def test_boolean_arrays_over_some_axes_read_and_write_as_numpy(trial):
    rng, a, x, _, _ = _random_indexing_case("boolean keys", trial, 1, 0)
    shape, dtype = a.shape, a.dtype
    first = int(rng.integers(0, len(shape)))
    width = int(rng.integers(1, len(shape) - first + 1))
    if width == len(shape):  # a mask of x's shape is the other path (boolean_select); cover fewer axes
        width -= 1 if len(shape) > 1 else 0
    mask = rng.random(shape[first:first + width]) < 0.5
    kinds = [int(rng.integers(2, 4)) if axis < first or axis >= first + width else None for axis in range(len(shape))]
    host_key, key = random_mixed_key(rng, shape, [k if k is not None else 3 for k in kinds], None)
    gg_mask = mask if rng.integers(0, 2) else gg.asarray(mask, distribution=random_distribution(rng, mask.shape, GRID_2D))
    host_key = host_key[:first] + [mask] + host_key[first + width:]
    key = key[:first] + [gg_mask] + key[first + width:]
    if rng.integers(0, 3) == 0 and first + width == len(shape) and first > 0:
        host_key, key = [Ellipsis] + host_key[first:], [Ellipsis] + key[first:]
    expected = a[tuple(host_key)]
    assert_shard_and_whole(x[tuple(key)], expected)
    value = _random_scalar_or_array(rng, expected.shape, dtype)
    a[tuple(host_key)] = value
    x[tuple(key)] = value
    assert_shard_and_whole(x, a)


def _random_scalar_or_array(rng, shape, dtype):
    """A host value broadcasting to ``shape``: a scalar, or an array of its trailing axes."""
    if rng.integers(0, 2):
        return rng.integers(-50, 50, size=()).astype(dtype).item()
    return rng.integers(-50, 50, size=shape[int(rng.integers(0, len(shape) + 1)):]).astype(dtype)


@pytest.mark.parametrize("trial", range(30))
def test_take_with_distributed_indices(trial):
    rng = np.random.default_rng(zlib.crc32(f"take distributed {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 7, size=int(rng.integers(1, 4))))
    a = rng.standard_normal(shape)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    axis = int(rng.integers(-len(shape), len(shape)))
    n = shape[axis]
    indices = rng.integers(-n, n, size=int(rng.integers(0, 12)))
    grid = random_grid(rng)
    distributed = gg.asarray(indices, distribution=random_distribution(rng, indices.shape, grid))
    y = gg.take(x, distributed, axis=axis)
    assert_shard_and_whole(y, np.take(a, indices, axis=axis))
    assert all_ranks(y.distribution.axes == x.distribution.axes)
    if axis % len(shape) == 0:
        assert_shard_and_whole(x[distributed], a[indices])


@pytest.mark.parametrize("trial", range(8))
def test_take_with_many_distributed_indices(trial):
    """Thousands of indices per rank (several batches of local reads), x of every dtype on grids of all ranks
    or the first few, held whole by every rank or spread; an index out of bounds late in the list raises
    IndexError on every rank."""
    rng = np.random.default_rng(zlib.crc32(f"take many {trial}".encode()))
    n = int(rng.integers(1, 30000))
    a = rng.integers(-1000, 1000, size=n).astype(DTYPES[3 * trial % len(DTYPES)])
    grid = random_grid(rng)
    layout = (gg.Distribution.replicated(a.shape, grid=grid) if trial % 4 == 3
              else random_distribution(rng, a.shape, grid))
    x = gg.asarray(a, distribution=layout)
    indices = rng.integers(-n, n, size=int(rng.integers(5000, 20000)))
    distributed = gg.asarray(indices, distribution=random_distribution(rng, indices.shape, random_grid(rng)))
    assert_shard_and_whole(gg.take(x, distributed), np.take(a, indices))
    replicated = gg.asarray(indices, distribution=gg.Distribution.replicated(indices.shape, grid=grid))
    assert_shard_and_whole(gg.take(x, replicated), np.take(a, indices))  # on x's grid: read_elements too
    indices[-3] = n + trial if trial % 2 else -n - 1 - trial
    bad = gg.asarray(indices, distribution=random_distribution(rng, indices.shape, grid))
    assert raised_everywhere(lambda: gg.take(x, bad))[0] == "IndexError"


@pytest.mark.parametrize("trial", range(30))
def test_take_along_axis_matches_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"take_along_axis {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 6, size=int(rng.integers(1, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = rng.integers(-50, 50, size=shape).astype(dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    axis = int(rng.integers(-len(shape), len(shape)))
    index_shape = [e if rng.integers(0, 4) else 1 for e in shape]
    index_shape[axis] = int(rng.integers(0, 7))
    values, indices = _random_index_array(rng, tuple(index_shape), shape[axis], random_grid(rng))
    expected = np.take_along_axis(a, values.astype(np.int64), axis)
    assert_shard_and_whole(gg.take_along_axis(x, indices, axis=axis), expected)
    if axis % len(shape) == len(shape) - 1 and isinstance(indices, gg.Array):
        assert_shard_and_whole(np.take_along_axis(x, indices, -1), expected)


def test_take_along_axis_of_argsort_sorts():
    rng = np.random.default_rng(7)
    a = rng.standard_normal((9, 13))
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.Cyclic(), None), grid=gg.ProcessGrid()))
    assert_shard_and_whole(gg.take_along_axis(x, gg.argsort(x, axis=0), axis=0), np.sort(a, axis=0))


def test_take_along_axis_errors_raise_everywhere():
    x = gg.asarray(np.arange(12.0).reshape(3, 4), device=GRID_2D)
    indices = gg.asarray(np.array([[0, 1, 2, 3]]))
    assert raised_everywhere(lambda: gg.take_along_axis(x, indices, axis=2))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.take_along_axis(x, indices + 1, axis=1))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.take_along_axis(x, gg.asarray(np.array([0])), axis=0))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.take_along_axis(x, gg.asarray(np.zeros((2, 3), np.int64)), axis=0))[0] == \
        "ValueError"
    assert raised_everywhere(lambda: gg.take_along_axis(x, gg.asarray(np.zeros((1, 4))), axis=0))[0] == "IndexError"
