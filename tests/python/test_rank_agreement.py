"""Arguments that differ between ranks (issue 12, item 8): a grid, dtype, shape or key that one rank passes
differently gives ValueError on every rank naming the argument and a differing rank, never a crash, hang
or garbage; with the checking mode (GINGHAM_CHECK_COLLECTIVES=1 or gg.set_collective_checks(True)) too,
where every collective call compares its arguments. At one rank nothing can differ: the calls succeed."""

import os

import numpy as np
import pytest
from helpers import COMM, assert_shard_and_whole, raised_everywhere

import gingham as gg

RANK = COMM.rank


@pytest.fixture(params=[False, True], ids=["plain", "checking"])
def checking(request):
    before = gg.collective_checks_enabled()
    gg.set_collective_checks(request.param)
    yield request.param
    gg.set_collective_checks(before)


@pytest.fixture
def checks_on():
    before = gg.collective_checks_enabled()
    gg.set_collective_checks(True)
    yield
    gg.set_collective_checks(before)


def test_the_environment_variable_sets_the_mode_at_load():
    """ctest runs test files with GINGHAM_CHECK_COLLECTIVES=1 too (python_checked_np*)."""
    if os.environ.get("GINGHAM_CHECK_COLLECTIVES") == "1":
        assert gg.collective_checks_enabled()


def expect_differing(function, *arguments):
    """ValueError on every rank naming one of ``arguments`` (the C++ or the Python name of what differs)
    and rank 1 (beyond one rank); success at one rank."""
    outcome = raised_everywhere(function)
    if COMM.size == 1:
        assert outcome is None, outcome
        return
    assert outcome is not None and outcome[0] == "ValueError", outcome
    assert any(f"every rank must pass the same {a} " in outcome[1] for a in arguments), outcome[1]
    assert "rank 1 passed" in outcome[1], outcome[1]


def test_grid_dims_that_differ(checking):
    expect_differing(lambda: gg.ProcessGrid((COMM.size,) if RANK == 0 else (1, COMM.size)), "dims")


def test_dtypes_that_differ(checking):
    expect_differing(lambda: gg.zeros(6, dtype=gg.float64 if RANK == 0 else gg.float32), "dtype")


def test_shapes_that_differ(checking):
    expect_differing(lambda: gg.ones(6 if RANK == 0 else 7), "layout")


def test_keys_that_differ(checking):
    x = gg.arange(8)
    expect_differing(lambda: x[0 if RANK == 0 else 1], "index map", "index_map", "key", "global_index")  # an integer key
    expect_differing(lambda: x[0 if RANK == 0 else 1:], "target layout", "target", "layout", "key")  # a slice: another shape (the result's layout)
    expect_differing(lambda: x[0 if RANK == 0 else 1::2], "index map", "index_map", "key")  # a slice: the same shape
    expect_differing(lambda: gg.take(x, [0, 1 if RANK == 0 else 2]), "indices")  # host indices
    expect_differing(lambda: x[np.array([0, 1 if RANK == 0 else 2])], "indices")  # a host integer-array key


def test_host_data_that_differs_in_checking_mode(checks_on):
    """Host data given to asarray is compared only in the checking mode (hashing every host array would
    cost a pass over all of it in every call, where each rank copies only its part)."""
    expect_differing(lambda: gg.asarray(np.arange(40) + (RANK > 0)), "whole")
    expect_differing(lambda: gg.asarray(np.arange(4.0) + (RANK > 0)), "whole")  # small: shown whole


def test_checking_mode_passes_a_correct_program(checks_on):
    """The checking mode changes no result (and hangs on nothing) when every rank agrees."""
    assert gg.collective_checks_enabled()
    a = np.arange(24.0).reshape(4, 6)
    x = gg.asarray(a)
    y = (x * 2 + 1)[::-1, 1:]
    assert_shard_and_whole(y, (a * 2 + 1)[::-1, 1:])
    assert float(gg.sum(x)) == a.sum()
    assert_shard_and_whole(gg.take(x, [3, 0], axis=0), a[[3, 0]])
    plan = gg.RedistributionPlan(x.distribution, x.distribution, key=(slice(None, None, -1),))
    plan(x, out=x)
    assert_shard_and_whole(x, a[::-1])


def test_the_mode_turns_off_again():
    before = gg.collective_checks_enabled()
    gg.set_collective_checks(False)
    try:
        assert not gg.collective_checks_enabled()
        x = gg.arange(4)
        # Off, nothing compares host data: the same call succeeds on every rank (each takes its part).
        assert raised_everywhere(lambda: gg.asarray(np.arange(4) + (RANK > 0), device=x.device)) is None
    finally:
        gg.set_collective_checks(before)
