"""NumPy's protocols on gingham arrays: ufuncs (__call__, reduce, accumulate, outer, at) and functions run
distributed and return gingham arrays; what gingham lacks raises TypeError; np.asarray gathers."""

import numpy as np
import pytest
from helpers import all_ranks, assert_close_shard_and_whole, assert_shard_and_whole, raised_everywhere

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


def block_cyclic(a):
    axes = (gg.BlockCyclic(2), gg.Cyclic(offset=0))[: a.ndim] if a.ndim <= 2 else None
    return gg.asarray(a, distribution=gg.Distribution(a.shape, axes, grid=GRID_2D))


def test_the_seed_examples():
    a = np.linspace(0.0, 2.0, 37)
    x = gg.asarray(a)
    y = np.exp(x)
    assert isinstance(y, gg.Array)
    assert_close_shard_and_whole(y, np.exp(a), 1e-15, 0)
    assert_shard_and_whole(np.add(x, np.arange(37.0)), a + np.arange(37.0))
    mean = np.mean(np.exp(x))
    assert isinstance(mean, gg.Array) and all_ranks(abs(float(mean) - np.mean(np.exp(a))) <= 1e-15 * np.mean(np.exp(a)))


@pytest.mark.parametrize("ufunc", [np.add, np.subtract, np.multiply, np.true_divide, np.power, np.maximum,
                                   np.arctan2, np.hypot, np.less_equal, np.copysign])
def test_binary_ufuncs_with_host_and_distributed_operands(ufunc):
    rng = np.random.default_rng(5)
    a, b = rng.uniform(0.5, 2.0, size=(5, 6)), rng.uniform(0.5, 2.0, size=(6,))
    x = block_cyclic(a)
    assert_close_shard_and_whole(ufunc(x, b), ufunc(a, b), 1e-15, 0)
    assert_close_shard_and_whole(ufunc(b, x), ufunc(b, a), 1e-15, 0)
    assert_close_shard_and_whole(ufunc(a, x), ufunc(a, a), 1e-15, 0)  # NumPy array first: still gingham


def test_ufunc_out_writes_in_place():
    a = np.arange(12.0).reshape(3, 4)
    x = block_cyclic(a)
    before = x.local
    assert np.add(x, 1.0, out=x) is x
    assert all_ranks(before.size == 0 or np.shares_memory(before, x.local))
    assert_shard_and_whole(x, a + 1)
    assert raised_everywhere(lambda: np.exp(x, out=x))[0] == "TypeError"


def test_reduce_and_accumulate():
    a = np.arange(1.0, 13.0).reshape(3, 4)
    x = block_cyclic(a)
    assert all_ranks(float(np.add.reduce(x, axis=None)) == a.sum())
    assert_shard_and_whole(np.add.reduce(x), a.sum(axis=0))
    assert_shard_and_whole(np.multiply.accumulate(x, axis=1), np.multiply.accumulate(a, axis=1))
    assert_shard_and_whole(np.maximum.reduce(x, axis=1), a.max(axis=1))
    assert_close_shard_and_whole(np.std(x, axis=0, ddof=1), np.std(a, axis=0, ddof=1), 1e-14, 0)
    assert_shard_and_whole(np.cumsum(x, axis=0), np.cumsum(a, axis=0))
    assert all_ranks(int(np.argmax(x)) == int(np.argmax(a)))
    assert raised_everywhere(lambda: np.subtract.reduce(x))[0] == "TypeError"


def test_outer():
    a, b = np.arange(5.0), np.arange(3.0) - 1
    x = gg.asarray(a, distribution=gg.Distribution((5,), (gg.Cyclic(),)))
    assert_shard_and_whole(np.multiply.outer(x, b), np.multiply.outer(a, b))
    assert_shard_and_whole(np.subtract.outer(x, gg.asarray(b)), np.subtract.outer(a, b))


def test_at_updates_the_owners_in_place():
    a = np.arange(30.0).reshape(5, 6)
    x = block_cyclic(a)
    rows, columns = np.array([0, 4, 4, 2, 0]), np.array([5, 1, 1, 3, 5])
    np.add.at(x, (rows, columns), np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    np.add.at(a, (rows, columns), np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert_shard_and_whole(x, a)
    np.negative.at(x, (np.array([1]), np.array([-1])))
    np.negative.at(a, (np.array([1]), np.array([-1])))
    assert_shard_and_whole(x, a)
    assert raised_everywhere(lambda: np.add.at(x, (np.array([5]), np.array([0])), 1.0))[0] == "IndexError"


def test_numpy_functions_without_a_counterpart_raise_type_error():
    x = gg.asarray(np.arange(4.0))
    for call in (lambda: np.linalg.lstsq(x, x), lambda: np.correlate(x, x), lambda: np.convolve(x, x),
                 lambda: np.cumsum(x, out=x)):
        outcome = raised_everywhere(call)
        assert outcome is not None and outcome[0] == "TypeError", outcome


def test_numpy_functions_with_a_counterpart():
    a = np.arange(12.0).reshape(3, 4) - 5
    x = block_cyclic(a)
    assert_shard_and_whole(np.transpose(x), a.T)
    assert_shard_and_whole(np.where(x > 0, x, 0.0), np.where(a > 0, a, 0.0))
    assert_shard_and_whole(np.clip(x, -1.0, 2.0), np.clip(a, -1.0, 2.0))
    assert all_ranks(float(np.sum(x)) == a.sum())
    assert np.result_type(x, np.float32) == np.float64


def test_asarray_gathers_and_refuses_copy_false():
    a = np.arange(10).reshape(2, 5)
    x = block_cyclic(a)
    assert all_ranks(np.array_equal(np.asarray(x), a))
    assert np.asarray(x, dtype=np.float32).dtype == np.float32
    if x.distribution.is_replicated:
        assert x.__array__(copy=False).base is not None
    else:
        assert raised_everywhere(lambda: x.__array__(copy=False))[0] == "ValueError"
    r = gg.asarray(a, distribution=gg.Distribution.replicated(a.shape))
    view = r.__array__(copy=False)
    r.local[0, 0] = 42
    assert all_ranks(view[0, 0] == 42)
