"""isin's two paths against NumPy at 1-4 ranks: small sets replicated on every rank (a bitmap for narrow
integer ranges, a binary search for wide ranges and floats) and sets of more than 2^20 elements (the
distributed sort and exchange); duplicates, negative integers, int64/uint64 limits, NaNs, signed zeros,
mixed dtypes, bool and invert, in random layouts."""

import zlib

import numpy as np
import pytest
from helpers import assert_close_shard_and_whole, random_distribution

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))
I64 = np.iinfo(np.int64)
U64 = np.iinfo(np.uint64)


def distributed(rng, a):
    return gg.asarray(a, distribution=random_distribution(rng, a.shape, GRID_2D))


def expected_isin(a, b, invert):
    """NumPy's isin, in which NaN is in nothing (NumPy agrees: NaN != NaN)."""
    return np.isin(a, b, invert=invert)


def check(name, a, b):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    x, y = distributed(rng, a), distributed(rng, b)
    for invert in (False, True):
        assert_close_shard_and_whole(gg.isin(x, y, invert=invert), expected_isin(a, b, invert))


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64])
def test_small_integer_sets_with_duplicates(dtype):
    rng = np.random.default_rng(zlib.crc32(str(dtype).encode()))
    low = 0 if np.issubdtype(dtype, np.unsignedinteger) else -50
    a = rng.integers(low, 50, size=(9, 7)).astype(dtype)
    b = rng.integers(low, 50, size=(13,)).astype(dtype)  # repeats
    check(f"small {dtype}", a, b)


def test_integer_sets_near_the_limits():
    b = np.array([I64.min, I64.min + 1, -3, 0, 5, I64.max - 1, I64.max, 5], dtype=np.int64)
    a = np.concatenate([b, b[:4] + 1, b[4:] - 1, np.array([7, -7, 2 ** 40], dtype=np.int64)])
    check("int64 limits", a, b)
    bu = np.array([0, 1, U64.max // 2, U64.max - 1, U64.max], dtype=np.uint64)
    au = np.concatenate([bu, bu[:3] + np.uint64(1), np.array([U64.max - 2, 12345], dtype=np.uint64)])
    check("uint64 limits", au, bu)


def test_mixed_integer_dtypes_compare_in_the_promoted_dtype():
    a = np.arange(-20, 20, dtype=np.int16)
    b = np.array([-20, 3, 70000, 3, 19], dtype=np.int32)
    check("int16 in int32", a, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_floating_sets_with_nans_and_signed_zeros(dtype):
    pool = np.array([0.5, np.nan, 0.0, -0.0, np.inf, -np.inf, -1e30, 1e30, 0.25, 7.0], dtype=dtype)
    rng = np.random.default_rng(7)
    a = pool[rng.integers(0, len(pool), size=(6, 11))]
    check(f"floats {dtype}", a, np.array([0.5, np.nan, -0.0, np.inf, 0.5, -1e30], dtype=dtype))
    check(f"only NaNs {dtype}", a, np.array([np.nan, np.nan], dtype=dtype))


def test_bool_arrays_and_scalars():
    a = np.array([True, False, True, True, False])
    check("bool", a, np.array([True, True]))
    x = gg.asarray(np.arange(-5, 6))
    assert_close_shard_and_whole(gg.isin(x, -2), np.arange(-5, 6) == -2)


def test_large_sets_take_the_distributed_exchange():
    n2 = 2 ** 20 + 3
    b = 3 * (np.arange(n2) % (n2 - 5)) - n2  # multiples of 3 (shifted), with duplicates
    rng = np.random.default_rng(11)
    a = rng.integers(-n2 - 10, 2 * n2 + 10, size=(20, 25))
    check("large int64", a, b)
    bf, af = b.astype(np.float64), a.astype(np.float64)
    bf[7], af[1, 3] = np.nan, np.nan
    check("large float64", af, bf)
