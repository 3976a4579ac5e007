"""NumPy's ndarray methods and attributes on gingham.Array (issue 15, point 4): each method called alike on a
gingham array and on its NumPy original and compared, on several layouts and odd or empty shapes."""

import numpy as np
import pytest
from helpers import all_ranks, raised_everywhere
from test_numpy_functions import LAYOUTS, numpy, same

import gingham as gg

A = np.array([[0.5, -1.0, 2.0, 3.0, 7.5], [1.0, 1.0, -2.0, 0.0, 4.0], [2.5, 3.5, 1.5, -0.5, 9.0],
              [6.0, -3.0, 2.0, 2.0, 0.25], [1.0, 8.0, -4.0, 5.0, 3.0], [0.0, 2.0, 2.0, 7.0, -1.0],
              [3.0, 3.0, 1.0, 4.0, 6.0]])

# Method calls made alike on the gingham array and on NumPy's (each a function of the 7 x 5 operand m).
METHODS = {
    "mean": [lambda m: m.mean(), lambda m: m.mean(axis=0), lambda m: m.mean(1, keepdims=True),
             lambda m: m.astype(np.int64).mean(axis=1)],
    "std": [lambda m: m.std(), lambda m: m.std(axis=0, ddof=1)],
    "var": [lambda m: m.var(axis=1), lambda m: m.var(ddof=2, keepdims=True)],
    "min": [lambda m: m.min(), lambda m: m.min(axis=0)],
    "max": [lambda m: m.max(axis=1, keepdims=True), lambda m: m.max()],
    "sum": [lambda m: m.sum(), lambda m: m.sum(0), lambda m: m.sum(1, keepdims=True), lambda m: m.sum(axis=1)],
    "prod": [lambda m: m.prod(axis=0), lambda m: m.astype(np.int64).prod(axis=1)],
    "any": [lambda m: (m > 7).any(), lambda m: (m > 7).any(axis=0)],
    "all": [lambda m: (m > -5).all(), lambda m: (m > 0).all(axis=1)],
    "argmin": [lambda m: m.argmin(), lambda m: m.argmin(axis=0)],
    "argmax": [lambda m: m.argmax(), lambda m: m.argmax(axis=1)],
    "cumsum": [lambda m: m.cumsum(), lambda m: m.cumsum(axis=0), lambda m: m.cumsum(1)],
    "astype": [lambda m: m.astype(np.int32), lambda m: m.astype("float32")],
    "reshape": [lambda m: m.reshape(5, 7), lambda m: m.reshape((35,)), lambda m: m.reshape(-1, 5)],
    "transpose": [lambda m: m.transpose(), lambda m: m.transpose(1, 0), lambda m: m.transpose((1, 0))],
    "flatten": [lambda m: m.flatten()],
    "ravel": [lambda m: m.ravel()],
    "copy": [lambda m: m.copy()],
    "item": [lambda m: m.item(7), lambda m: m.item(3, 4), lambda m: m.item((6, 0)), lambda m: m.item(-1),
             lambda m: m[2:3, 1:2].item()],
    "tolist": [lambda m: m.tolist()],
    "clip": [lambda m: m.clip(0, 3), lambda m: m.clip(max=A[0]), lambda m: m.clip(A - 1, None)],
    "round": [lambda m: (m * 1.2345).round(2), lambda m: (m * 17.5).round(-1), lambda m: m.round()],
    "dot": [lambda m: m.dot(A[0]), lambda m: m.dot(A.T), lambda m: m[0].dot(A[1])],
    "nonzero": [lambda m: (m > 2).nonzero()],
    "argsort": [lambda m: m.argsort(kind="stable"), lambda m: m.argsort(axis=0, kind="stable"),
                lambda m: m.argsort(axis=None, kind="stable")],
    "len": [lambda m: len(m)],
    "ndim": [lambda m: m.ndim],
    "size": [lambda m: m.size],
    "shape": [lambda m: m.shape],
    "nbytes": [lambda m: m.nbytes],
    "itemsize": [lambda m: m.itemsize],
}
CASES = [(name, k) for name, calls in METHODS.items() for k in range(len(calls))]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("name,k", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_method_matches_numpy(name, k, layout):
    call = METHODS[name][k]
    same(call(LAYOUTS[layout](A)), numpy(call, A))


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("shape", [(0,), (0, 3), (1,), (1, 1), (4, 1), (13,)])
def test_methods_on_empty_and_small_shapes(shape, layout):
    a = np.arange(float(np.prod(shape))).reshape(shape) * 0.5 - 1
    x = LAYOUTS[layout](a)
    calls = [lambda m: m.mean(axis=0), lambda m: m.sum(), lambda m: m.cumsum(), lambda m: m.flatten(),
             lambda m: m.copy(), lambda m: m.tolist(), lambda m: m.reshape(-1), lambda m: m.transpose(),
             lambda m: m.astype(np.int16), lambda m: m.clip(-0.5, 1), lambda m: m.round(1), lambda m: len(m),
             lambda m: m.nbytes, lambda m: (m > 0).nonzero(), lambda m: m.argsort(axis=0, kind="stable"),
             lambda m: m.any(), lambda m: m.all(axis=0), lambda m: m.std(axis=0)]
    if a.size:
        calls += [lambda m: m.min(), lambda m: m.max(axis=0), lambda m: m.argmax(), lambda m: m.item(a.size - 1)]
    if a.size == 1:
        calls.append(lambda m: m.item())
    for call in calls:
        same(call(x), numpy(call, a))


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_sort_is_in_place_and_returns_none(layout):
    for a in (A.copy(), np.random.default_rng(1).normal(size=29), np.zeros(0)):
        x = LAYOUTS[layout](a)
        distribution, before = x.distribution, x.local
        for axis in range(-1, a.ndim):
            expected = a.copy()
            assert expected.sort(axis=axis) is None
            assert x.sort(axis=axis) is None
            assert x.distribution == distribution
            assert all_ranks(before.size == 0 or np.shares_memory(before, x.local))
            same(x, expected)
            a = expected
        same(np.sort(LAYOUTS[layout](A), axis=0), np.sort(A, axis=0))
        same(np.argsort(LAYOUTS[layout](A), axis=0), np.argsort(A, axis=0, kind="stable"))


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_fill_writes_every_element_in_place(layout):
    x = LAYOUTS[layout](A.copy())
    before = x.local
    assert x.fill(2.5) is None
    same(x, np.full(A.shape, 2.5))
    assert all_ranks(before.size == 0 or np.shares_memory(before, x.local))
    i = LAYOUTS[layout](np.arange(7))
    i.fill(gg.asarray(4))
    same(i, np.full(7, 4))
    assert raised_everywhere(lambda: x.fill(np.ones(2)))[0] == "ValueError"


def test_item_is_float_of_the_element_on_every_rank():
    x = LAYOUTS["grid_2d"](A)
    for index in ((0, 0), (6, 4), (3, 2), (-1, -2)):
        assert all_ranks(x.item(index) == float(x[index]) == A[index])
    assert raised_everywhere(lambda: x.item())[0] == "ValueError"
    assert raised_everywhere(lambda: x.item(35))[0] == "IndexError"


def test_len_of_a_0d_array_is_a_type_error():
    x = gg.sum(gg.asarray(A))
    assert raised_everywhere(lambda: len(x))[0] == "TypeError"
    assert raised_everywhere(lambda: x.item(0, 0))[0] == "IndexError"


def test_out_and_unsupported_options_are_type_errors():
    x = LAYOUTS["block"](A)
    for call in (lambda: x.cumsum(out=x), lambda: x.astype(np.int32, casting="safe"),
                 lambda: x.reshape(35, order="F"), lambda: x.sort(order="f"), lambda: x.round(1, out=x)):
        outcome = raised_everywhere(call)
        assert outcome is not None and outcome[0] == "TypeError", outcome
    assert raised_everywhere(lambda: x.sort(axis=None))[0] == "TypeError"
