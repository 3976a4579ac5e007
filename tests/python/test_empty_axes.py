"""Index-taking functions on empty axes (issue 12, item 7): the outcome (error or result) is the same at
every rank count and in every layout, and as NumPy's: a non-empty take from an empty axis is an
IndexError, empty indices on an empty axis give an empty result, and an out-of-bounds index is an
IndexError also when the result has no elements (NumPy 1.24 deprecates ignoring it; the host-index path
always raised)."""

import numpy as np
import pytest
from helpers import COMM, assert_shard_and_whole, random_distribution, random_grid, raised_everywhere

import gingham as gg


def _layouts(shape, count=6, seed=0):
    rng = np.random.default_rng(seed)
    return [gg.Distribution(shape)] + [random_distribution(rng, shape, random_grid(rng)) for _ in range(count)]


def _takes(x, index, axis):
    """take with host indices, with a distributed gingham index array, and x[..., [index]]."""
    key = (slice(None),) * axis + (np.array([index]),)
    return {"host": lambda: gg.take(x, [index], axis=axis),
            "array": lambda: gg.take(x, gg.asarray(np.array([index])), axis=axis),
            "getitem": lambda: x[key],
            "getitem array": lambda: x[(slice(None),) * axis + (gg.asarray(np.array([index])),)]}


@pytest.mark.parametrize("shape, axis, index", [((5, 0), 1, 0), ((0, 5), 1, 7), ((5, 0), 0, 7), ((0,), 0, 0),
                                                ((3, 0, 2), 2, 4)])
def test_take_out_of_bounds_raises_in_every_layout(shape, axis, index):
    for layout in _layouts(shape):
        x = gg.zeros(shape, distribution=layout)
        for name, take in _takes(x, index, axis).items():
            outcome = raised_everywhere(take)
            assert outcome is not None and outcome[0] == "IndexError", (name, layout, outcome)
            assert f"index {index} is out of bounds for axis {axis} with size {shape[axis]}" in outcome[1], outcome


@pytest.mark.parametrize("shape, axis", [((5, 0), 1), ((0, 5), 0), ((0,), 0)])
def test_empty_indices_on_an_empty_axis_give_an_empty_result(shape, axis):
    for layout in _layouts(shape):
        x = gg.zeros(shape, distribution=layout)
        expected = np.take(np.zeros(shape), np.zeros(0, dtype=np.int64), axis=axis)
        assert_shard_and_whole(gg.take(x, np.zeros(0, dtype=np.int64), axis=axis), expected)
        assert_shard_and_whole(gg.take(x, gg.asarray(np.zeros(0, dtype=np.int64)), axis=axis), expected)


def test_in_bounds_take_with_an_empty_result():
    x = gg.zeros((0, 5))
    assert_shard_and_whole(gg.take(x, gg.asarray(np.array([4, -5])), axis=1), np.zeros((0, 2)))


@pytest.mark.parametrize("shape, axis, indices_shape, value", [((5, 0), 1, (5, 1), 0), ((0, 5), 1, (1, 1), 7),
                                                               ((5, 0), 0, (1, 1), 7), ((0, 5), 1, (0, 1), 7)])
def test_take_along_axis_out_of_bounds(shape, axis, indices_shape, value):
    """Raises whenever an index is out of bounds; indices of size 0 select nothing (as NumPy)."""
    for layout in _layouts(shape, count=3):
        x = gg.zeros(shape, distribution=layout)
        indices = gg.asarray(np.full(indices_shape, value))
        outcome = raised_everywhere(lambda: gg.take_along_axis(x, indices, axis=axis))
        if np.prod(indices_shape) == 0:
            assert outcome is None, outcome
        else:
            assert outcome is not None and outcome[0] == "IndexError", (layout, outcome)


def test_integer_array_keys_with_an_empty_result():
    x = gg.zeros((5, 0, 3))
    assert raised_everywhere(lambda: x[gg.asarray(np.array([7])), :, gg.asarray(np.array([1]))])[0] == "IndexError"
    assert raised_everywhere(lambda: x[gg.asarray(np.array([7]))])[0] == "IndexError"
    assert_shard_and_whole(x[gg.asarray(np.array([4, 0]))], np.zeros((5, 0, 3))[[4, 0]])


def test_repeat_and_searchsorted_on_empty_axes():
    x = gg.zeros((5, 0))
    assert_shard_and_whole(gg.repeat(x, 3, axis=1), np.repeat(np.zeros((5, 0)), 3, axis=1))
    assert_shard_and_whole(gg.repeat(x, np.zeros(0, dtype=np.int64), axis=1), np.zeros((5, 0)))
    assert raised_everywhere(lambda: gg.repeat(x, np.array([1, 2]), axis=1))[0] == "ValueError"
    found = gg.searchsorted(gg.zeros(0), gg.asarray(np.array([1.0, -1.0])))
    assert_shard_and_whole(found, np.searchsorted(np.zeros(0), [1.0, -1.0]).astype(found.dtype))
