"""Boolean selection, unique_values, unique_counts and isin against NumPy at 1-4 ranks: random layouts,
repeated values, NaNs (each distinct), empty arrays, and skewed selections (everything on one rank)."""

import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, assert_close_shard_and_whole, raised_everywhere, random_distribution

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


def case(name, trial):
    rng = np.random.default_rng(zlib.crc32(f"{name} {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(1, 4))))
    dtype = [np.float64, np.int16, np.uint8, np.float32][trial % 4]
    a = rng.integers(0, 6, size=shape).astype(dtype)
    if dtype in (np.float64, np.float32) and a.size:
        a.reshape(-1)[rng.integers(0, a.size, size=2)] = np.nan
    return rng, a, gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))


@pytest.mark.parametrize("trial", range(20))
def test_boolean_selection(trial):
    rng, a, x = case("select", trial)
    with np.errstate(invalid="ignore"):
        mask = a > 2
    assert_close_shard_and_whole(x[x > 2], a[mask])
    assert all_ranks(x[x > 2].distribution.axes == (gg.Block(),))
    assert_close_shard_and_whole(x[mask], a[mask])  # host mask
    first = np.zeros(a.shape, dtype=bool)
    first.reshape(-1)[: a.size // 2] = True  # skewed: the selection sits at the front (few ranks)
    assert_close_shard_and_whole(x[gg.asarray(first, distribution=random_distribution(rng, a.shape, GRID_2D))], a[first])
    assert raised_everywhere(lambda: x[np.ones(a.shape + (1,), dtype=bool)])[0] == "IndexError"


@pytest.mark.parametrize("trial", range(16))
def test_unique_values_and_counts(trial):
    _, a, x = case("unique", trial)
    values, counts = np.unique(a, return_counts=True, equal_nan=False)
    assert_close_shard_and_whole(gg.unique_values(x), values)
    got_values, got_counts = gg.unique_counts(x)
    assert_close_shard_and_whole(got_values, values)
    assert_close_shard_and_whole(got_counts, counts.astype(np.int64))
    got_values, inverse = gg.unique_inverse(x)
    assert all_ranks(inverse.shape == a.shape and inverse.distribution == x.distribution)
    # NumPy's unique with equal_nan=False keeps NaNs apart, each NaN its own value and index.
    _, expected_first, expected_inverse = np.unique(a.reshape(-1), return_index=True, return_inverse=True,
                                                    equal_nan=False)
    assert_close_shard_and_whole(inverse, expected_inverse.reshape(a.shape).astype(np.int64))
    all_values, first, all_inverse, all_counts = gg.unique_all(x)
    assert_close_shard_and_whole(all_values, values)
    assert_close_shard_and_whole(first, expected_first.astype(np.int64))
    assert_close_shard_and_whole(all_inverse, expected_inverse.reshape(a.shape).astype(np.int64))
    assert_close_shard_and_whole(all_counts, counts.astype(np.int64))


def test_unique_counts_inverse_and_all_return_named_tuples():
    """The standard's field names (namedtuple-like results), the same arrays as by position."""
    x = gg.asarray(np.array([3.0, 1.0, 3.0, 2.0]))
    inverse = gg.unique_inverse(x)
    assert type(inverse).__name__ == "UniqueInverseResult" and inverse._fields == ("values", "inverse_indices")
    assert inverse.values is inverse[0] and inverse.inverse_indices is inverse[1]
    everything = gg.unique_all(x)
    assert everything._fields == ("values", "indices", "inverse_indices", "counts")
    assert all_ranks(np.array_equal(np.asarray(everything.counts), [1, 1, 2]))
    assert all_ranks(np.array_equal(np.asarray(everything.indices), [1, 3, 0]))
    counted = gg.unique_counts(x)
    assert type(counted).__name__ == "UniqueCountsResult" and counted._fields == ("values", "counts")
    assert all_ranks(np.array_equal(np.asarray(counted.counts), [1, 1, 2]))


@pytest.mark.parametrize("trial", range(16))
def test_isin(trial):
    rng, a, x = case("isin", trial)
    b = rng.integers(0, 4, size=int(rng.integers(0, 6))).astype(a.dtype)
    if b.dtype.kind == "f" and b.size:
        b[0] = np.nan
    y = gg.asarray(b, distribution=random_distribution(rng, b.shape, GRID_2D))
    expected = np.isin(a, b) & ~(np.isnan(a) if a.dtype.kind == "f" else np.zeros(a.shape, bool))
    assert_close_shard_and_whole(gg.isin(x, y), expected)
    assert_close_shard_and_whole(gg.isin(x, y, invert=True), ~expected)
    assert_close_shard_and_whole(gg.isin(x, 3), a == 3)


@pytest.mark.parametrize("function", ["unique_inverse", "unique_all"])
def test_unique_inverse_of_floats_on_a_sub_grid(function):
    """Found by the fuzzer (issue 12): whether x holds NaNs was read with bool() of a 0-D result, which
    raised on ranks outside x's sub-grid while the others went on into a collective (a hang)."""
    small = gg.ProcessGrid((max(1, COMM.size - 1),))
    for a in (np.array([1.0, 0.5, 1.0]), np.array([np.nan, 2.0, np.nan, 2.0])):
        x = gg.asarray(a, distribution=gg.Distribution(a.shape, grid=small))
        result = getattr(gg, function)(x)
        inverse = result[1] if function == "unique_inverse" else result[2]  # (values, [indices,] inverse, ...)
        nan = np.isnan(a)
        distinct = np.unique(a[~nan])
        expected = np.searchsorted(distinct, a)  # each NaN is distinct and sorts last, in x's order
        expected[nan] = distinct.size + np.arange(np.count_nonzero(nan))
        assert_close_shard_and_whole(inverse, expected.astype(np.int64))
