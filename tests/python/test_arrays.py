"""The foundation slice: arange, full, zeros and sum against NumPy, shards and whole arrays."""

import numpy as np
import pytest
from helpers import COMM, all_ranks, assert_shard_and_whole, raised_everywhere

import gingham as gg


def test_the_readme_one_liner_gives_45_on_every_rank():
    total = float(gg.arange(10).sum())
    assert total == 45.0
    assert COMM.allgather(total) == [45.0] * COMM.size


ARANGE_CASES = [
    (0,), (1,), (2,), (3,), (10,), (17,), (1000,),
    (5, 0), (-3, 7), (10, -4, -3), (0, 100, 7), (7, 7),
    (0.0, 1.0, 0.1), (0.5, 10.0), (2.5, -3.0, -0.75), (0, 5, 0.5), (1e3,),
]


@pytest.mark.parametrize("args", ARANGE_CASES)
def test_arange_matches_numpy(args):
    x = gg.arange(*args)
    expected = np.arange(*args)
    assert x.dtype == expected.dtype
    assert x.shape == expected.shape and x.size == expected.size and x.ndim == 1
    assert_shard_and_whole(x, expected)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 13, 64])
@pytest.mark.parametrize("fill", [0, -7, 2.5])
def test_full_and_zeros_match_numpy(n, fill):
    assert_shard_and_whole(gg.full(n, fill), np.full(n, fill))
    assert_shard_and_whole(gg.full((n,), fill, dtype=gg.float64), np.full(n, fill, dtype=np.float64))
    assert_shard_and_whole(gg.zeros(n), np.zeros(n))
    assert_shard_and_whole(gg.zeros(n, dtype=gg.int64), np.zeros(n, dtype=np.int64))


@pytest.mark.parametrize("args", ARANGE_CASES)
def test_sum_matches_numpy_and_is_bitwise_identical_on_every_rank(args):
    s = gg.arange(*args).sum()
    expected = np.arange(*args).sum()
    assert s.shape == () and s.ndim == 0 and s.dtype == expected.dtype
    value = s.local[()]
    if s.dtype == gg.int64:
        assert value == expected
    else:
        assert value == pytest.approx(expected, rel=1e-12, abs=1e-12)
    bits = COMM.allgather(np.asarray(value).tobytes())
    assert all_ranks(all(b == bits[0] for b in bits)), f"ranks disagree on the sum: {COMM.allgather(value)}"
    assert gg.sum(gg.arange(*args)).local[()] == value


def test_integer_sums_wrap_like_numpy():
    big = np.iinfo(np.int64).max
    with np.errstate(over="ignore"):
        expected = np.full(3, big, dtype=np.int64).sum()
    assert int(gg.full(3, int(big)).sum()) == int(expected)


def test_local_is_a_writable_zero_copy_view():
    x = gg.zeros(11)
    first, second = x.local, x.local
    assert first.flags.writeable and (first.size == 0 or np.shares_memory(first, second))
    first[:] = COMM.rank + 1
    second += 1  # both views write into the array's own storage
    expected = np.concatenate([np.full(len(shard), r + 2.0) for r, shard in enumerate(COMM.allgather(x.local))])
    assert np.array_equal(np.asarray(x), expected)
    assert float(x.sum()) == expected.sum()


def test_zero_d_results_convert_to_python_scalars_on_every_rank():
    s = gg.arange(4).sum()
    assert int(s) == 6 and float(s) == 6.0 and bool(s) and complex(s) == 6 and [0, 1, 2, 3, 4, 5, 6][s] == 6
    assert np.asarray(s).shape == () and np.asarray(s)[()] == 6
    assert repr(gg.arange(3.0).sum()).startswith("gingham.Array(3., dtype=float64")  # as NumPy: array(3.)
    assert raised_everywhere(lambda: float(gg.arange(3))) == (
        "TypeError", "float(): only 0-D arrays convert to Python scalars, got shape (3,)")
    assert raised_everywhere(lambda: gg.arange(3.0).sum().__index__())[0] == "TypeError"


def test_arrays_on_a_two_dimensional_grid_count_each_element_once():
    grid = gg.ProcessGrid((0, 0))
    x = gg.arange(11, device=grid)
    assert x.device is grid
    assert np.array_equal(np.asarray(x), np.arange(11))
    assert int(x.sum()) == 55


def test_repr_and_attributes():
    x = gg.arange(5, dtype=gg.float64)
    # repr is NumPy's with the dtype and the layout after the values, the same text on every rank (collective)
    assert repr(x) == ("gingham.Array([0., 1., 2., 3., 4.], dtype=float64, distribution=gingham.Distribution("
                       f"shape=(5,), axes=(Block(),), grid=({COMM.size},)))")
    assert x.device is gg.default_grid()
    assert np.asarray(x, dtype=np.int64).dtype == np.int64


BAD_INPUT = [
    (lambda: gg.zeros(-1), "ValueError", "zeros"),
    (lambda: gg.full((-3,), 1.0), "ValueError", "full"),
    (lambda: gg.arange(0, 10, 0), "ValueError", "arange"),
    (lambda: gg.arange(float("nan")), "ValueError", "arange"),
    (lambda: gg.arange(0.0, float("inf")), "ValueError", "arange"),
    (lambda: gg.arange("10"), "TypeError", "arange"),
    (lambda: gg.arange(True), "TypeError", "arange"),
    (lambda: gg.arange(1.5, dtype=gg.int64), "TypeError", "arange"),
    (lambda: gg.full(3, "x"), "TypeError", "full"),
    (lambda: gg.zeros("3"), "TypeError", "zeros"),
    (lambda: gg.zeros(3, dtype="float16"), "TypeError", "float16"),
    (lambda: gg.zeros(3, device="cpu"), "TypeError", "device"),
    (lambda: gg.arange(3).sum(axis=1), "IndexError", "axis 1"),
    (lambda: gg.arange(3).sum(axis=(0, 0)), "ValueError", "repeated"),
    (lambda: gg.sum(np.arange(3)), "TypeError", "gingham.Array"),
    (lambda: gg.arange(3).__array__(dtype=np.int8, copy=False), "ValueError", "copy"),
]


@pytest.mark.parametrize("call, error, words", BAD_INPUT)
def test_bad_input_raises_the_same_exception_on_every_rank(call, error, words):
    outcome = raised_everywhere(call)
    assert outcome is not None and outcome[0] == error, outcome
    assert words in outcome[1] or words.lower() in outcome[1].lower(), outcome


def test_the_array_constructor_is_private():
    x = gg.arange(4)
    with pytest.raises(TypeError, match="cannot be constructed directly: use an array creation function"):
        gg.Array(x._impl)
    with pytest.raises(TypeError, match="cannot be constructed directly"):
        gg.Array()
