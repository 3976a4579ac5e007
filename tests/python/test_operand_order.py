"""The operand-order rule (issue 15, point 9): a host operand never decides an elementwise result's layout;
the distributed operand does, whichever side it is on. Results are compared with NumPy."""

import operator

import numpy as np
import pytest
from helpers import COMM, all_ranks

import gingham as gg

OPERATORS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.lt, operator.pow]


def layouts(shape):
    grid2 = gg.ProcessGrid((0, 0)) if len(shape) == 2 else None
    yield gg.Distribution(shape)  # the default layout
    yield gg.Distribution(shape, (gg.Cyclic(),) + (None,) * (len(shape) - 1))
    if grid2 is not None:
        yield gg.Distribution(shape, (gg.BlockCyclic(2), gg.Block()), grid=grid2)


@pytest.mark.parametrize("op", OPERATORS, ids=lambda op: op.__name__)
@pytest.mark.parametrize("shape", [(7,), (5, 6)])
def test_a_host_operand_on_either_side_takes_the_distributed_operands_layout(op, shape):
    rng = np.random.default_rng(3)
    a = rng.uniform(0.5, 2.0, shape)
    h = rng.uniform(0.5, 2.0, shape)
    for layout in layouts(shape):
        x = gg.asarray(a, distribution=layout)
        for result, expected in ((op(h, x), op(h, a)), (op(x, h), op(a, h))):
            assert isinstance(result, gg.Array)
            assert result.distribution == layout, f"{result.distribution} is not {layout}"
            assert np.allclose(np.asarray(result), expected)


def test_numpy_functions_with_a_host_operand_first_stay_distributed():
    a = np.arange(12.0).reshape(3, 4)
    x = gg.asarray(a)
    h = np.full((3, 4), 2.0)
    for result, expected in ((np.add(h, x), h + a), (np.maximum(h, x), np.maximum(h, a)),
                             (gg.where(x > 5, h, x), np.where(a > 5, h, a))):
        assert result.distribution == x.distribution
        assert np.array_equal(np.asarray(result), expected)


def test_a_broadcast_host_operand_of_the_result_shape_does_not_replicate_the_result():
    """A distributed row vector meeting a host matrix: the result is in the default (distributed) layout for
    the result's shape, not replicated like the host matrix."""
    row = gg.arange(4.0)
    h = np.ones((5, 4))
    for result in (h + row, row + h):
        assert result.distribution == gg.Distribution((5, 4))
        assert np.array_equal(np.asarray(result), h + np.arange(4.0))
    if COMM.size > 1:
        assert all_ranks(result.local.shape != (5, 4))  # no rank holds all of it


def test_replicated_operands_only_keep_a_replicated_result():
    a = np.arange(6.0)
    r = gg.asarray(a, distribution=gg.Distribution.replicated((6,)))
    for result, expected in ((a + r, a + a), (r + a, a + a), (r * r, a * a)):
        assert result.distribution == gg.Distribution.replicated((6,))
        assert np.array_equal(np.asarray(result), expected)
