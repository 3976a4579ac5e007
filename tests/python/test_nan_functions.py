"""NumPy's NaN-aware functions (issue 20): np.nan* on gingham arrays and gg.nan* against NumPy 1.24 on
NaN-holding inputs (lines with some NaNs, lines of NaNs only, no NaN), several layouts, each axis, keepdims,
dtype, ddof, where= and out=; NumPy's RuntimeWarnings where NumPy warns, ValueError for nanargmin/nanargmax
of a slice of NaNs, the same on every rank; integer input as the plain functions."""

import warnings

import numpy as np
import pytest
from helpers import all_ranks, raised_everywhere
from test_numpy_functions import LAYOUTS, same

import gingham as gg

# 7 x 5: row 2 all NaN, column 3 mostly NaN, scattered NaNs, ties and negatives.
A = np.array([[0.5, -1.0, np.nan, 3.0, 7.5], [1.0, 1.0, -2.0, np.nan, 4.0],
              [np.nan, np.nan, np.nan, np.nan, np.nan], [6.0, -3.0, 2.0, np.nan, 0.25],
              [1.0, np.nan, -4.0, np.nan, 3.0], [0.0, 2.0, 2.0, np.nan, -1.0], [3.0, 3.0, 1.0, np.nan, 6.0]])
B = np.where(np.isnan(A), 1.5, A)  # no NaN: no warning anywhere

CALLS = {
    "nansum": [lambda m: np.nansum(m), lambda m: np.nansum(m, axis=0), lambda m: np.nansum(m, axis=1, keepdims=True),
               lambda m: np.nansum(m, axis=(0, 1), dtype=np.float32)],
    "nanprod": [lambda m: np.nanprod(m, axis=1), lambda m: np.nanprod(m, axis=0, keepdims=True)],
    "nanmin": [lambda m: np.nanmin(m), lambda m: np.nanmin(m, axis=0), lambda m: np.nanmin(m, axis=1)],
    "nanmax": [lambda m: np.nanmax(m, axis=0, keepdims=True), lambda m: np.nanmax(m, axis=1)],
    "nanmean": [lambda m: np.nanmean(m), lambda m: np.nanmean(m, axis=0), lambda m: np.nanmean(m, axis=1, keepdims=True)],
    "nanvar": [lambda m: np.nanvar(m), lambda m: np.nanvar(m, axis=0, ddof=1), lambda m: np.nanvar(m, axis=1, ddof=2)],
    "nanstd": [lambda m: np.nanstd(m, axis=0), lambda m: np.nanstd(m, axis=1, ddof=1, keepdims=True)],
    "nancumsum": [lambda m: np.nancumsum(m), lambda m: np.nancumsum(m, axis=0), lambda m: np.nancumsum(m, axis=1)],
    "nancumprod": [lambda m: np.nancumprod(m, axis=1)],
    "nanmedian": [lambda m: np.nanmedian(m), lambda m: np.nanmedian(m, axis=0), lambda m: np.nanmedian(m, axis=1),
                  lambda m: np.nanmedian(m, axis=1, keepdims=True)],
    "nanquantile": [lambda m: np.nanquantile(m, 0.3), lambda m: np.nanquantile(m, [0.0, 0.25, 1.0], axis=0),
                    lambda m: np.nanquantile(m, 0.6, axis=1, keepdims=True)]
    + [lambda m, method=method: np.nanquantile(m, [0.1, 0.5, 0.85], axis=1, method=method)
       for method in ("linear", "lower", "higher", "nearest", "midpoint")],
    "nanpercentile": [lambda m: np.nanpercentile(m, 40), lambda m: np.nanpercentile(m, [10, 90], axis=0)],
}
CASES = [(name, k) for name, calls in CALLS.items() for k in range(len(calls))]


def _numpy(call, m):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return call(m)


def _warnings_of(call, m):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call(m)
    return result, sorted({str(w.message) for w in caught if w.category is RuntimeWarning})


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize(("name", "k"), CASES)
def test_nan_function_matches_numpy_and_warns_as_numpy(name, k, layout):
    call = CALLS[name][k]
    for values in (A, B):
        x = LAYOUTS[layout](values)
        result, caught = _warnings_of(call, x)
        expected, expected_warnings = _warnings_of(call, values)
        same(result, expected)
        assert isinstance(result, gg.Array)
        assert all_ranks(caught == expected_warnings), (caught, expected_warnings)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_nanargmin_nanargmax(layout):
    x = LAYOUTS[layout](A)
    for function in (np.nanargmin, np.nanargmax):
        same(function(x, axis=0), function(A, axis=0))  # every column holds a number
        same(function(x), function(A))
        outcome = raised_everywhere(lambda function=function: function(x, axis=1))
        assert outcome is not None and outcome[0] == "ValueError" and "All-NaN slice encountered" in outcome[1]
        same(function(LAYOUTS[layout](B), axis=1, keepdims=True), function(B, axis=1, keepdims=True))


def test_the_gg_functions_are_the_numpy_ones():
    x = gg.asarray(A)
    for name in CALLS:
        assert callable(getattr(gg, name))
    same(gg.nansum(x, axis=0), np.nansum(A, axis=0))
    same(gg.nanmedian(x, axis=0), _numpy(lambda m: np.nanmedian(m, axis=0), A))
    same(gg.nanpercentile(x, [5, 50], axis=0), np.nanpercentile(A, [5, 50], axis=0))


def test_integers_are_the_plain_functions():
    ints = np.arange(35, dtype=np.int32).reshape(7, 5) - 11
    x = gg.asarray(ints)
    for call in (lambda m: np.nansum(m, axis=0), lambda m: np.nanmax(m, axis=1), lambda m: np.nanmean(m),
                 lambda m: np.nanvar(m, axis=0, ddof=1), lambda m: np.nancumsum(m, axis=1),
                 lambda m: np.nanmedian(m, axis=0), lambda m: np.nanargmin(m, axis=1),
                 lambda m: np.nanquantile(m, 0.5, axis=0, method="lower"),
                 lambda m: np.nansum(m, axis=1, where=m > 0), lambda m: np.nanprod(m % 3 + 1, axis=0, where=m > 2)):
        same(call(x), call(ints))


def test_where_and_out():
    mask = np.arange(35).reshape(7, 5) % 3 != 0
    x = gg.asarray(A)
    same(np.nansum(x, axis=0, where=mask), np.nansum(A, axis=0, where=mask))
    same(_numpy(lambda m: np.nanmean(m, axis=1, where=mask), x), _numpy(lambda m: np.nanmean(m, axis=1, where=mask), A))
    same(_numpy(lambda m: np.nanmax(m, axis=0, where=mask, initial=-10.0), x),
         _numpy(lambda m: np.nanmax(m, axis=0, where=mask, initial=-10.0), A))
    out = gg.zeros((5,))
    result = np.nansum(x, axis=0, out=out)
    assert result is out
    same(out, np.nansum(A, axis=0))
    outcome = raised_everywhere(lambda: np.nansum(x, axis=0, out=gg.zeros((4,))))
    assert outcome is not None and outcome[0] == "ValueError" and "out= of shape" in outcome[1]


def test_complex_nansum_and_nanmean():
    c = A + 1j * np.where(np.isnan(A), 0, A)[::-1]
    x = gg.asarray(c)
    same(np.nansum(x, axis=0), np.nansum(c, axis=0))
    same(_numpy(lambda m: np.nanmean(m, axis=1), x), _numpy(lambda m: np.nanmean(m, axis=1), c))


@pytest.mark.parametrize("seed", range(4))
def test_random_layouts_and_shapes(seed):
    from helpers import random_distribution, random_grid

    rng = np.random.default_rng(3000 + seed)
    shape = tuple(int(n) for n in rng.integers(1, 7, size=int(rng.integers(1, 4))))
    values = rng.normal(size=shape)
    values[rng.random(shape) < 0.3] = np.nan
    grid = random_grid(rng)
    x = gg.asarray(values, distribution=random_distribution(rng, shape, grid))
    axis = int(rng.integers(0, len(shape)))
    for call in (lambda m: np.nansum(m, axis=axis), lambda m: np.nanmean(m, axis=axis),
                 lambda m: np.nanstd(m, axis=axis, ddof=1), lambda m: np.nanmin(m, axis=axis),
                 lambda m: np.nancumsum(m, axis=axis), lambda m: np.nanmedian(m, axis=axis),
                 lambda m: np.nanquantile(m, [0.2, 0.7], axis=axis)):
        same(_numpy(call, x), _numpy(call, values))
