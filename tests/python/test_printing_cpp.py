"""C++'s ``operator<<`` (gingham::array_repr, through ``_core.array_repr``) against Python's repr, which is
NumPy's array2string of the same summarized values: the cases of test_printing.py (small arrays of every
dtype on random layouts and grids, large summarized ones, 0-D values, sub-grids), at 1-4 ranks."""

import zlib

import numpy as np
import pytest
from helpers import COMM, DTYPES, all_ranks
from test_printing import _random_array  # the same random cases as Python's printing tests

import gingham as gg
from gingham import _core


def cpp_repr(x):
    options = np.get_printoptions()
    return _core.array_repr(x._impl, int(options["threshold"]), int(options["edgeitems"]), int(options["precision"]),
                            int(options["linewidth"]))


@pytest.mark.parametrize("trial", range(26))
def test_small_arrays_print_as_python(trial):
    rng = np.random.default_rng(zlib.crc32(f"print {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(0, 6, size=int(rng.integers(0, 4))))
    x, _ = _random_array(rng, shape, DTYPES[trial % len(DTYPES)])
    text, expected = cpp_repr(x), repr(x)
    assert all_ranks(text == expected), f"{text!r} != {expected!r}"


@pytest.mark.parametrize("shape, threshold, edgeitems", [
    ((5000,), 1000, 3), ((40, 70), 1000, 3), ((30, 2, 45), 1000, 3), ((9, 9, 9, 9), 100, 2),
    ((20, 4), 10, 1), ((7, 300), 50, 1), ((6, 6, 6, 6, 6), 1000, 3),
])
def test_large_arrays_are_summarized_as_python(shape, threshold, edgeitems):
    rng = np.random.default_rng(zlib.crc32(repr(shape).encode()))
    for dtype in (np.float64, np.int32, np.complex64, np.float32):
        x, _ = _random_array(rng, shape, dtype)
        with np.printoptions(threshold=threshold, edgeitems=edgeitems):
            text, expected = cpp_repr(x), repr(x)
        assert all_ranks(text == expected), f"{dtype}: {text!r}\n!=\n{expected!r}"


@pytest.mark.parametrize("values", [
    [0.0, 1.5, -2.25], [1e-5, 1.0, 2e3], [1e9, 2.0], [np.nan, 1.0, -np.inf], [0.1, 0.2, 0.3], [-0.0, 66.0],
    [1.0, 2.0, 3.0], [np.nan, np.inf], [123456789.0, 1.0], [3.14159265358979, 2.718281828459045],
])
def test_special_floats_print_as_python(values):
    for dtype in (gg.float64, gg.float32, gg.complex128):
        x = gg.asarray(np.array(values), dtype=dtype)
        assert all_ranks(cpp_repr(x) == repr(x)), f"{cpp_repr(x)!r} != {repr(x)!r}"
        y = gg.asarray(np.array(values) * 1j + 0.5, dtype=gg.complex128) if dtype == gg.complex128 else x
        assert all_ranks(cpp_repr(y) == repr(y)), f"{cpp_repr(y)!r} != {repr(y)!r}"


def test_zero_d_sub_grid_and_replicated_arrays_print_as_python():
    s = gg.sum(gg.arange(12.0))
    assert all_ranks(cpp_repr(s) == repr(s))
    assert all_ranks(cpp_repr(gg.asarray(True)) == repr(gg.asarray(True)))
    grid = gg.ProcessGrid((1,))  # rank 0 only: the other ranks are off the grid and still print the same
    x = gg.asarray(np.arange(3000.0), device=grid)
    assert all_ranks(cpp_repr(x) == repr(x))
    replicated = gg.asarray(np.arange(2000.0), distribution=gg.Distribution((2000,), (None,)))
    assert all_ranks(cpp_repr(replicated) == repr(replicated))
