"""The NumPy functions xarray's duck-array code calls, and NumPy's keyword spellings on the NumPy path
(issue 20): each called alike on gingham arrays in several layouts and on their NumPy originals, NaN-holding
inputs included, and compared shard by shard and whole; the Array API functions keep the standard's
signatures."""

import warnings

import numpy as np
import pytest
from helpers import all_ranks, raised_everywhere
from test_numpy_functions import LAYOUTS, same

import gingham as gg

M = np.array([[0.5, -1.0, np.nan, 3.0, 7.5, 2.0], [1.0, 1.0, -2.0, np.nan, 4.0, 0.0],
              [2.5, 3.5, 1.5, -0.5, 9.0, np.nan], [6.0, -3.0, 2.0, 2.0, 0.25, 1.0],
              [np.nan, 8.0, -4.0, 5.0, 3.0, -2.5]])  # 5 x 6 with NaNs
MASK = (np.arange(30).reshape(5, 6) % 4) != 1

CALLS = {
    "sliding_window_view": [lambda m: np.lib.stride_tricks.sliding_window_view(m, 2, axis=0),
                            lambda m: np.lib.stride_tricks.sliding_window_view(m, 3, axis=1),
                            lambda m: np.lib.stride_tricks.sliding_window_view(m, (2, 3)),
                            lambda m: np.lib.stride_tricks.sliding_window_view(m, (5,), axis=(0,))],
    "pad": [lambda m: np.pad(m, 1), lambda m: np.pad(m, ((2, 0), (0, 3)), constant_values=np.nan),
            lambda m: np.pad(m, ((1, 2), (0, 0)), mode="edge"), lambda m: np.pad(m, 2, mode="wrap"),
            lambda m: np.pad(m, ((3, 1), (2, 4)), mode="reflect"), lambda m: np.pad(m, (1, 5), mode="symmetric")],
    "diff": [lambda m: np.diff(m), lambda m: np.diff(m, n=2, axis=0), lambda m: np.diff(m, axis=0, prepend=m[:1])],
    "cumsum": [lambda m: np.cumsum(m, axis=0), lambda m: np.cumsum(m, axis=1), lambda m: np.cumsum(m)],
    "isnan": [lambda m: np.isnan(m), lambda m: np.isnan(m).any(axis=1)],
    "broadcast_to": [lambda m: np.broadcast_to(m, (2, 5, 6)), lambda m: np.broadcast_to(m[:1], (4, 6))],
    "take": [lambda m: np.take(m, [0, 2, 2, 5], axis=1), lambda m: np.take(m, [4, 0], axis=0)],
    "searchsorted": [lambda m: np.searchsorted(np.sort(m[3]), m[0])],
    "nonzero": [lambda m: np.nonzero(m > 1)],
    "around": [lambda m: np.around(m * 1.37, 1), lambda m: np.round(m * 13.7, -1)],
    "count_nonzero": [lambda m: np.count_nonzero(m), lambda m: np.count_nonzero(m > 0, axis=0),
                      lambda m: np.count_nonzero(m, axis=1, keepdims=True)],
    "any/all": [lambda m: np.any(m > 5, axis=0), lambda m: np.all(m > -5, axis=1), lambda m: np.any(m > 5, keepdims=True),
                lambda m: np.all(m > -5, axis=1, where=MASK), lambda m: np.any(m > 5, axis=0, where=MASK)],
    "where": [lambda m: np.where((m > 1).astype(np.int64) * 3, m, -1.0),  # truthy conditions, NaN included
              lambda m: np.where(m - 1, m, 10.0), lambda m: np.where(m > 1, m, np.float64(0))],
    "einsum with ellipses": [lambda m: np.einsum("...ab,...b->...a", m, M[0]), lambda m: np.einsum("...j,ij", m, M),
                             lambda m: np.einsum("i...->...", m), lambda m: np.einsum("...ab,...b->...a", m > 1, M[0])],
    "gradient": [lambda m: np.gradient(m, axis=0), lambda m: np.gradient(m, 0.5, axis=1, edge_order=2),
                 lambda m: np.gradient(m, np.array([0.0, 1.0, 1.5, 3.0, 4.5]), axis=0),
                 lambda m: np.gradient(m, np.array([0.0, 0.2, 1.5, 1.6, 3.0, 4.5]), axis=-1, edge_order=2),
                 lambda m: np.gradient(m), lambda m: np.gradient(m[:2], axis=0)],
    "sum/prod": [lambda m: np.sum(m, axis=0, where=MASK), lambda m: np.sum(m, axis=1, keepdims=True, initial=2.0),
                 lambda m: np.prod(m / 4, axis=1, where=MASK), lambda m: np.sum(m, where=MASK, initial=1.0)],
    "min/max": [lambda m: np.min(m, axis=0, where=MASK, initial=100.0), lambda m: np.max(m, axis=1, initial=5.0),
                lambda m: np.amax(m, axis=1, where=MASK, initial=-100.0, keepdims=True)],
    "mean/var/std": [lambda m: np.mean(m, axis=0, where=MASK), lambda m: np.mean(m, where=MASK),
                     lambda m: np.var(m, axis=1, ddof=1), lambda m: np.var(m, axis=1, ddof=1, where=MASK),
                     lambda m: np.std(m, axis=0, ddof=2, keepdims=True, where=MASK), lambda m: np.std(m, ddof=1),
                     lambda m: np.mean(m, axis=0, dtype=np.float32)],
}
CASES = [(name, k) for name, calls in CALLS.items() for k in range(len(calls))]


def _quiet(call, m):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return call(m)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize(("name", "k"), CASES)
def test_numpy_function_matches_numpy(name, k, layout):
    call = CALLS[name][k]
    for values in (M, np.nan_to_num(M)):
        same(_quiet(call, LAYOUTS[layout](values)), _quiet(call, values))


def test_result_type_follows_numpy_on_the_numpy_path():
    x, i = gg.asarray(M), gg.asarray(np.arange(4, dtype=np.int32))
    for arguments in ((x, i), (i, 2.5), (i, np.float32), (gg.asarray(M.astype(np.float32)), 1), (i, np.uint8)):
        host = tuple(a.dtype if isinstance(a, gg.Array) else a for a in arguments)
        assert all_ranks(np.result_type(*arguments) == np.result_type(*host))
    outcome = raised_everywhere(lambda: gg.result_type(x, i))  # the Array API function keeps the standard's rules
    assert outcome is not None and outcome[0] == "TypeError"


def test_out_is_written_and_returned():
    x = gg.asarray(M)
    for call, shape in ((lambda m, out: np.sum(m, axis=0, out=out), (6,)),
                        (lambda m, out: np.mean(m, axis=1, out=out, where=MASK), (5,)),
                        (lambda m, out: np.std(m, axis=1, ddof=1, out=out), (5,)),
                        (lambda m, out: np.max(m, axis=0, out=out), (6,)),
                        (lambda m, out: m.sum(axis=0, out=out), (6,)),
                        (lambda m, out: m.min(1, out=out, initial=0.0), (5,))):
        out = gg.zeros(shape)
        result = _quiet(lambda m: call(m, out), x)
        assert result is out
        same(out, _quiet(lambda m: call(m, np.zeros(shape)), M))
    outcome = raised_everywhere(lambda: np.sum(x, axis=0, out=gg.zeros((5,))))
    assert outcome is not None and outcome[0] == "ValueError" and "expected out= of shape (6,)" in outcome[1]


def test_methods_take_numpy_keywords():
    x = gg.asarray(M)
    same(x.sum(0, where=MASK), np.sum(M, 0, where=MASK))
    same(x.max(axis=1, where=MASK, initial=-9.0), M.max(axis=1, where=MASK, initial=-9.0))
    same(x.all(axis=0, where=MASK), M.all(axis=0, where=MASK))
    same(x.any(axis=1, where=~MASK), M.any(axis=1, where=~MASK))
    same(_quiet(lambda m: m.std(axis=0, ddof=1, where=MASK), x), _quiet(lambda m: m.std(axis=0, ddof=1, where=MASK), M))


def test_refusals_are_clear_and_alike_everywhere():
    x = gg.asarray(M)
    for call, kind, text in (
            (lambda: np.min(x, where=MASK), "ValueError", "to use a where mask one has to specify 'initial'"),
            (lambda: np.pad(x, 1, mode="linear_ramp"), "NotImplementedError", "mode 'linear_ramp'"),
            (lambda: np.pad(x, 6, mode="reflect"), "NotImplementedError", "pad width over 4"),
            (lambda: np.lib.stride_tricks.sliding_window_view(x, 2, writeable=True), "NotImplementedError",
             "writeable"),
            (lambda: np.lib.stride_tricks.sliding_window_view(x, 7, axis=0), "ValueError", "does not fit"),
            (lambda: gg.std(x, ddof=1), "TypeError", "ddof")):
        outcome = raised_everywhere(call)
        assert outcome is not None and outcome[0] == kind and text in outcome[1], outcome
