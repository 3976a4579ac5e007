"""to_device between a comm.Split group's grid and the parent communicator's grid, both ways, between sibling
groups, and the errors every rank raises alike (issue 15, point 8)."""

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere
from mpi4py import MPI

import gingham as gg


@pytest.fixture
def groups():
    """(color, the group's mpi4py communicator, a grid on it) for world.Split(rank % 2)."""
    color = COMM.rank % 2
    sub = COMM.Split(color, COMM.rank)
    yield color, sub, gg.ProcessGrid(comm=sub)
    sub.Free()


def reference(shape, dtype):
    values = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape) * 1.5 - 3
    if dtype == "complex128":
        return (values + 1j * values[::-1]).astype(dtype)
    return (values > 2) if dtype == "bool" else values.astype(dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "complex128", "bool"])
@pytest.mark.parametrize("shape", [(0,), (1,), (13,), (6, 5), (3, 4, 2)])
def test_a_group_array_moves_to_the_parent_grid_and_back_to_every_group(groups, shape, dtype):
    color, sub, group_grid = groups
    a = reference(shape, dtype)
    world_grid = gg.ProcessGrid((0, 0) if len(shape) > 1 else (0,))
    if color == 0:  # group 0 holds the array; the other ranks take part without one
        y = gg.asarray(a, device=group_grid).to_device(world_grid)
    else:
        y = gg.to_device(None, world_grid)
    assert y.device == world_grid and y.shape == a.shape and y.dtype == gg.asarray(a[:0]).dtype
    assert all_ranks(np.array_equal(np.asarray(y), a))
    z = y.to_device(group_grid)  # every group receives its own copy
    assert z.device == group_grid and z.device.comm is sub
    assert all_ranks(np.array_equal(np.asarray(z), a))


@pytest.mark.parametrize("target", ["block_cyclic", "cyclic_2d", "replicated"])
def test_an_explicit_layout_on_the_parent(groups, target):
    color, _, group_grid = groups
    a = reference((9, 7), "float64")
    grid = gg.ProcessGrid((0, 0))
    d = {"block_cyclic": gg.Distribution(a.shape, axes=(gg.BlockCyclic(2), gg.Block()), grid=grid),
         "cyclic_2d": gg.Distribution(a.shape, axes=(gg.Cyclic(), gg.Cyclic(offset=grid.dims[1] - 1)), grid=grid),
         "replicated": gg.Distribution.replicated(a.shape, grid=grid)}[target]
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, axes=(gg.Cyclic(), None), grid=group_grid)) \
        if color == 1 or COMM.size == 1 else None
    y = gg.to_device(x, grid, distribution=d)
    assert y.distribution == d
    assert all_ranks(np.array_equal(y.local, a[np.ix_(*d.owned_indices())]) if grid.coords is not None else True)


def test_sibling_groups_move_over_the_parent(groups):
    color, _, group_grid = groups
    a = reference((11, 3), "int64")
    if COMM.size == 1:
        pytest.skip("one rank: there is one group")
    x = gg.asarray(a, device=group_grid) if color == 0 else None
    y = gg.to_device(x, group_grid if color == 1 else None, over=MPI.COMM_WORLD)
    assert (y is None) == (color == 0)
    assert all_ranks(color == 0 or (y.device == group_grid and np.array_equal(np.asarray(y), a)))


def test_bad_moves_raise_the_same_error_on_every_rank(groups):
    color, sub, group_grid = groups
    world_grid = gg.default_grid()
    x = gg.arange(8, device=group_grid)
    assert raised_everywhere(lambda: gg.to_device(x if color == 0 else None, None, over=world_grid)) == (
        "ValueError", "gingham::move_to_grid: no rank passed a target grid")
    if COMM.size >= 2:
        assert raised_everywhere(lambda: x.to_device(world_grid)) == (
            "ValueError", "gingham::move_to_grid: expected the ranks of one communicator to pass the array (the "
            "others pass none), got arrays from 2 communicators")
    if COMM.size >= 3:  # group 0 holds ranks 0 and 2; rank 2 keeps its array back
        name, message = raised_everywhere(lambda: gg.to_device(x if COMM.rank != 2 else None, world_grid)
                                          if color == 0 else gg.to_device(None, world_grid))
        assert name == "ValueError" and "every rank of the array's communicator must pass it" in message
    wrong = gg.Distribution((9,), grid=world_grid)
    assert raised_everywhere(lambda: gg.to_device(x if color == 0 else None, world_grid, distribution=wrong))[0] \
        == "ValueError"
    assert raised_everywhere(lambda: gg.to_device(x, world_grid, distribution=gg.Distribution((8,), grid=group_grid))) \
        == ("ValueError", "to_device: distribution= must be laid out on the device passed with it")
    assert raised_everywhere(lambda: gg.to_device(np.arange(3), world_grid))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.to_device(x, world_grid, over="world"))[0] == "TypeError"
    assert all_ranks(True)
