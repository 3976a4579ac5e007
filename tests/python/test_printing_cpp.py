"""C++'s ``operator<<`` (gingham::array_repr, through ``_core.array_repr``) against Python's repr, which is
NumPy's array2string of the same summarized values: special floating values (positional and scientific,
nan and inf, complex), 0-D values, sub-grids and replicated arrays, at 1-4 ranks. test_printing.py checks
it too on each of its random small and large (summarized) arrays."""

import numpy as np
import pytest
from helpers import all_ranks

import gingham as gg
from gingham import _core


def cpp_repr(x):
    options = np.get_printoptions()
    return _core.array_repr(x._impl, int(options["threshold"]), int(options["edgeitems"]), int(options["precision"]),
                            int(options["linewidth"]))


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
