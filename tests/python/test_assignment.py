"""Assignment through a key (x[key] = value) against NumPy on random layouts, keys and values at 1-4 ranks:
basic keys, boolean masks and integer arrays, with scalars, host values and gingham values in any layout;
every copy of a replicated array is written; bad keys and values raise the same error on every rank."""

import zlib

import numpy as np
import pytest
from helpers import (DTYPES, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution, random_grid,
                     random_key, random_mixed_key)

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


def _random_array(rng, shape, dtype):
    return np.asarray(rng.integers(-50, 50, size=shape)).astype(dtype) if dtype != gg.bool else \
        np.asarray(rng.integers(0, 2, size=shape) > 0)


def _value_like(rng, shape, dtype, grid):
    """A value for a selection of ``shape``: a scalar, or an array broadcasting to it (host or gingham)."""
    choice = int(rng.integers(0, 4))
    if choice == 0:
        scalar = _random_array(rng, (), dtype)[()]
        return scalar.item(), scalar
    own = list(shape[int(rng.integers(0, len(shape) + 1)):])
    own = [e if rng.integers(0, 3) else 1 for e in own]
    if rng.integers(0, 4) == 0:
        own = [1] + own  # a leading axis of extent 1 beyond the selection's
    values = _random_array(rng, tuple(own), dtype)
    if choice == 1:
        return values, values
    return gg.asarray(values, distribution=random_distribution(rng, values.shape, grid)), values


@pytest.mark.parametrize("trial", range(40))
def test_basic_key_assignment_matches_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"assign basic {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(0, 6, size=int(rng.integers(0, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = _random_array(rng, shape, dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    key = random_key(rng, shape, new_axes=True)
    try:
        selected = np.shape(a[key])
    except IndexError:  # an integer that ... moved onto another axis
        assert raised_everywhere(lambda: x.__setitem__(key, 0))[0] == "IndexError"
        return
    value, host_value = _value_like(rng, selected, dtype, random_grid(rng))
    a[key] = host_value
    x[key] = value
    assert_shard_and_whole(x, a)


@pytest.mark.parametrize("trial", range(30))
def test_mask_assignment_matches_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"assign mask {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 7, size=int(rng.integers(1, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = _random_array(rng, shape, dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    mask = rng.random(shape) < [0.0, 0.3, 1.0][trial % 3]
    key = mask if rng.integers(0, 2) else gg.asarray(mask, distribution=random_distribution(rng, shape, random_grid(rng)))
    count = int(mask.sum())
    kind = int(rng.integers(0, 3))
    host = _random_array(rng, () if kind == 0 else ((1,) if kind == 1 else (count,)), dtype)
    value = host[()].item() if kind == 0 and rng.integers(0, 2) else gg.asarray(host, device=random_grid(rng))
    a[mask] = host
    x[key] = value
    assert_shard_and_whole(x, a)


@pytest.mark.parametrize("trial", range(30))
def test_integer_array_assignment_matches_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"assign integers {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 6, size=int(rng.integers(1, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = _random_array(rng, shape, dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    k = int(rng.integers(1, len(shape) + 1))
    # Distinct places (the order of repeated writes is gingham's own), as a permutation of flat positions.
    count = int(rng.integers(0, int(np.prod(shape[:k])) + 1))
    places = np.unravel_index(rng.permutation(int(np.prod(shape[:k])))[:count], shape[:k])
    key = tuple(p - shape[i] * (rng.random(p.shape) < 0.5) for i, p in enumerate(places))
    gg_key = tuple(p if rng.integers(0, 2) else gg.asarray(p, distribution=random_distribution(rng, p.shape, random_grid(rng)))
                   for p in key)
    value, host_value = _value_like(rng, np.shape(a[key]), dtype, random_grid(rng))
    a[key] = host_value
    x[gg_key] = value
    assert_shard_and_whole(x, a)


@pytest.mark.parametrize("trial", range(30))
def test_integer_arrays_mixed_with_slices_assign_as_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"assign mixed {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 6, size=int(rng.integers(2, 5))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = _random_array(rng, shape, dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
    # Distinct places (the order of repeated writes is gingham's own): 1-D arrays of one length, each without
    # repeats, and slices; at least one array and one slice that is not full.
    kinds = [int(rng.integers(0, 4)) for _ in shape]  # 0 int, 1 integer array, 2 slice, 3 full slice
    arrays = [int(rng.integers(0, len(shape)))]
    kinds[arrays[0]] = 1
    slices = [axis for axis, kind in enumerate(kinds) if kind in (2, 3)] or [axis for axis in range(len(shape)) if axis != arrays[0]][:1]
    kinds[slices[0]] = 2
    length = min(shape[axis] for axis, kind in enumerate(kinds) if kind == 1)
    length = int(rng.integers(1, length + 1))

    def distinct(axis, n):
        values = rng.permutation(n)[:length] - n * (rng.random(length) < 0.5)
        return values, (values if rng.integers(0, 2) else
                        gg.asarray(values, distribution=random_distribution(rng, values.shape, random_grid(rng))))

    host_key, key = random_mixed_key(rng, shape, kinds, distinct)
    for _ in range(int(rng.integers(0, 3))):  # new axes anywhere
        at = int(rng.integers(0, len(key) + 1))
        host_key.insert(at, None), key.insert(at, None)
    value, host_value = _value_like(rng, np.shape(a[tuple(host_key)]), dtype, random_grid(rng))
    a[tuple(host_key)] = host_value
    x[tuple(key)] = value
    assert_shard_and_whole(x, a)


def test_repeated_places_take_the_last_write_of_a_1d_key():
    a = np.zeros(10)
    x = gg.asarray(a, device=GRID_2D)
    key = np.array([3, 7, 3, 3, 9, 7, 0])
    values = np.arange(7.0)
    a[key] = values
    x[gg.asarray(key)] = gg.asarray(values)
    assert_shard_and_whole(x, a)


def test_every_copy_of_a_replicated_array_is_written():
    a = np.arange(24.0).reshape(4, 6)
    x = gg.asarray(a, distribution=gg.Distribution.replicated(a.shape, grid=GRID_2D))
    x[1:3, ::2] = gg.asarray(-np.ones((2, 3)))
    x[np.array([0, 3]), np.array([5, 0])] = 100.0
    x[x > 20] = gg.arange(5.0)
    a[1:3, ::2] = -1
    a[np.array([0, 3]), np.array([5, 0])] = 100.0
    a[a > 20] = np.arange(5.0)
    assert_shard_and_whole(x, a)


def test_overlapping_value_is_read_before_writing():
    a = np.arange(20.0).reshape(4, 5)
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.Cyclic(), gg.Block()), grid=GRID_2D))
    x[1:] = x[:-1]
    x[:, ::-1] = x
    a[1:] = a[:-1].copy()
    a[:, ::-1] = a.copy()
    assert_shard_and_whole(x, a)


def test_values_are_cast_by_the_same_kind_rule():
    x = gg.zeros((3, 4), dtype=gg.float32, device=GRID_2D)
    x[0] = gg.asarray(np.array([1, 2, 3, 4], np.int64))
    x[1] = np.arange(4.0)
    expected = np.zeros((3, 4), np.float32)
    expected[0], expected[1] = [1, 2, 3, 4], np.arange(4.0)
    assert_shard_and_whole(x, expected)
    i = gg.zeros((3,), dtype=gg.int8)
    assert raised_everywhere(lambda: i.__setitem__(0, gg.asarray(np.array(1.5))))[0] == "TypeError"
    assert raised_everywhere(lambda: i.__setitem__(0, 1.5))[0] == "TypeError"
    assert raised_everywhere(lambda: i.__setitem__(0, 300))[0] == "OverflowError"


def test_bad_assignments_raise_everywhere():
    x = gg.zeros((3, 4), device=GRID_2D)
    assert raised_everywhere(lambda: x.__setitem__(3, 1.0))[0] == "IndexError"
    assert raised_everywhere(lambda: x.__setitem__(slice(None), gg.zeros((3, 5))))[0] == "ValueError"
    assert raised_everywhere(lambda: x.__setitem__(0, np.zeros((2, 4))))[0] == "ValueError"
    assert raised_everywhere(lambda: x.__setitem__(np.array([0, 3]), 1.0))[0] == "IndexError"
    assert raised_everywhere(lambda: x.__setitem__(gg.zeros((3, 4)) > 1, gg.zeros((2,))))[0] == "ValueError"
    assert raised_everywhere(lambda: x.__setitem__(np.zeros((3, 3), bool), 1.0))[0] == "IndexError"
    assert raised_everywhere(lambda: x.__setitem__((np.array([0]), None, slice(1, 2)), np.zeros(2)))[0] == "ValueError"
    assert raised_everywhere(lambda: x.__setitem__((slice(None), np.array([0, 4])), 1.0))[0] == "IndexError"
    assert raised_everywhere(lambda: x.__setitem__((slice(None), np.array([0, 1])), np.zeros(3)))[0] == "ValueError"
    assert all_ranks(float(gg.sum(x)) == 0.0)


def test_large_reads_and_writes_go_in_rounds():
    """More than 2^20 elements asked per rank: requests and writes go in several rounds."""
    n = 2_500_000
    rng = np.random.default_rng(5)
    perm = rng.permutation(n)
    values = rng.random(n)
    x = gg.zeros((n,), device=GRID_2D)
    x[::-1] = gg.asarray(values, device=GRID_2D)
    expected = values[::-1].copy()
    assert_shard_and_whole(x, expected)
    x[gg.asarray(perm, device=GRID_2D)] = gg.asarray(values, device=GRID_2D)
    expected[perm] = values
    assert_shard_and_whole(x, expected)
    replicated = gg.asarray(values, distribution=gg.Distribution.replicated((n,), grid=GRID_2D))
    assert_shard_and_whole(gg.take_along_axis(replicated, gg.asarray(perm, device=GRID_2D), axis=0), values[perm])
