"""Element reads and iteration against NumPy at 1-4 ranks: x[i, j] with one integer per axis (one broadcast
from the owner), iter(x) over 1-D arrays in blocks and over N-D arrays by the first axis, on random layouts
and grids (sub-grids too, so ranks off the grid read along); bad indices raise the same error everywhere."""

import zlib

import numpy as np
import pytest
from helpers import COMM, DTYPES, all_ranks, raised_everywhere, random_distribution, random_grid

import gingham as gg
from gingham import _element_reads


def _value(x):
    """Collective: a 0-D gingham array's value on every rank (ranks off its grid included)."""
    assert x.ndim == 0
    return x._value_on_every_rank()


@pytest.mark.parametrize("trial", range(24))
def test_every_scalar_read_matches_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"element {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 5, size=int(rng.integers(1, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = (rng.integers(-50, 50, size=shape) * (1.5 if np.dtype(dtype).kind in "fc" else 1)).astype(dtype)
    if np.dtype(dtype).kind == "c":
        a = a - 2j * a
    grid = random_grid(rng)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, grid))
    ok = True
    for index in np.ndindex(*shape):
        negative = tuple(i - n for i, n in zip(index, shape))
        key = index if (sum(index) % 2) else tuple(np.int32(i) for i in negative)
        y = x[key]
        value = _value(y)
        ok = ok and y.shape == () and y.dtype == a.dtype and y.device == x.device and value == a[index]
        ok = ok and (grid.coords is None or y.local[()] == a[index])
    assert all_ranks(ok), f"{x.distribution!r}"


def test_a_read_is_a_replicated_zero_d_array_that_converts_on_every_rank():
    a = np.arange(24.0).reshape(4, 6)
    x = gg.asarray(a, distribution=gg.Distribution((4, 6), (gg.Cyclic(), gg.BlockCyclic(2)),
                                                   grid=gg.ProcessGrid((0, 0))))
    y = x[3, -1]
    assert all_ranks(float(y) == 23.0 and y.distribution.is_replicated and f"{y:.1f}" == "23.0")
    assert all_ranks(float(x[np.int64(2), np.uint8(5)] + 1) == 18.0)


def test_the_owner_answers_with_its_copy():
    grid = gg.ProcessGrid((1, COMM.size))
    d = gg.Distribution((5, 3), (gg.Block(), None), grid=grid)  # grid axis 1 holds copies
    x = gg.asarray(np.arange(15).reshape(5, 3), distribution=d)
    x.local[...] = -1 if grid.coords[1] != 0 else x.local  # only the primary copies hold the right values
    assert all_ranks(all(int(x[i, j]) == 3 * i + j for i in range(5) for j in range(3)))
    assert all_ranks(gg._core.element_owner(x._impl, [4, 2]) == 0)


@pytest.mark.parametrize("key, message", [
    ((4, 0), "index 4 is out of bounds for axis 0 with size 4 (the index (4, 0) of an array of shape (4, 3))"),
    ((0, -4), "index -4 is out of bounds for axis 1 with size 3"),
    ((-1, 3), "index 3 is out of bounds for axis 1 with size 3"),
])
def test_out_of_bounds_raises_index_error_everywhere(key, message):
    x = gg.zeros((4, 3))
    outcome = raised_everywhere(lambda: x[key])
    assert outcome[0] == "IndexError" and message in outcome[1], outcome


def test_ranks_naming_different_elements_raise_value_error_everywhere():
    x = gg.arange(12).reshape((3, 4)) if hasattr(gg.Array, "reshape") else gg.reshape(gg.arange(12), (3, 4))
    outcome = raised_everywhere(lambda: x[2, 3 if COMM.rank == 0 else 1])
    if COMM.size == 1:
        assert outcome is None
    else:
        assert outcome[0] == "ValueError" and "every rank must pass the same global_index" in outcome[1] and \
            "rank 0 passed global_index = [2, 3]" in outcome[1] and "passed global_index = [2, 1]" in outcome[1], outcome
    # out of bounds on one rank only: the same error everywhere (the indices differ, so ValueError)
    outcome = raised_everywhere(lambda: x[2, 9 if COMM.rank == COMM.size - 1 else 0])
    assert outcome[0] == ("IndexError" if COMM.size == 1 else "ValueError"), outcome


def test_keys_that_are_not_one_integer_per_axis_take_the_general_path():
    a = np.arange(12).reshape(3, 4)
    x = gg.asarray(a)
    assert all_ranks(np.array_equal(np.asarray(x[1]), a[1]) and np.array_equal(np.asarray(x[1, 1:3]), a[1, 1:3]))
    assert all_ranks(np.array_equal(np.asarray(x[2, None, 3]), a[2, None, 3]))
    assert all_ranks(_element_reads.scalar_index(x, (1, True)) is None and _element_reads.scalar_index(x, 1) is None)


@pytest.mark.parametrize("n", [0, 1, 7, 20, 23])
def test_iterating_a_one_d_array_reads_in_blocks(monkeypatch, n):
    monkeypatch.setattr(_element_reads, "ITERATION_BLOCK", 6)
    rng = np.random.default_rng(n)
    a = rng.uniform(-1, 1, size=n)
    x = gg.asarray(a, distribution=random_distribution(rng, (n,), random_grid(rng)))
    values = list(x)
    assert all_ranks(len(values) == n and all(v.ndim == 0 for v in values))
    assert all_ranks([_value(v) for v in values] == list(a))


def test_iterating_an_n_d_array_yields_its_sub_arrays_as_numpy():
    a = np.arange(60).reshape(3, 4, 5)
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, grid=gg.ProcessGrid((0, 0))))
    rows = list(x)
    assert all_ranks(len(rows) == 3 and all(np.array_equal(np.asarray(r), a[i]) for i, r in enumerate(rows)))
    assert all_ranks([np.asarray(r).tolist() for r in x[0]] == a[0].tolist())


def test_iterating_a_zero_d_array_raises_type_error_everywhere():
    outcome = raised_everywhere(lambda: iter(gg.sum(gg.ones(3))))
    assert outcome[0] == "TypeError" and "0-D" in outcome[1]
