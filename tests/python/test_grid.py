"""ProcessGrid: default grid, MPI-chosen shapes, mpi4py communicators, bad shapes."""

import pytest
from helpers import COMM, all_ranks, raised_everywhere
from mpi4py import MPI

import gingham as gg


def test_default_grid_is_one_dimensional_over_all_ranks():
    grid = gg.default_grid()
    assert grid.dims == (COMM.size,)
    assert grid.coords == (COMM.rank,)
    assert grid is gg.default_grid()


def test_zero_extents_are_chosen_by_mpi():
    grid = gg.ProcessGrid((0, 0))
    assert grid.ndim == 2 and grid.size == COMM.size
    assert grid.coords == (COMM.rank // grid.dims[1], COMM.rank % grid.dims[1])  # row-major
    assert grid == grid and grid != gg.ProcessGrid((0, 0))


def test_a_grid_smaller_than_the_communicator_leaves_ranks_out():
    grid = gg.ProcessGrid((1,))
    assert (grid.coords is None) == (COMM.rank != 0)


def test_arrays_on_a_sub_communicator_while_other_ranks_do_other_things():
    color = COMM.rank % 2
    sub = COMM.Split(color, COMM.rank)
    grid = gg.ProcessGrid(comm=sub)
    sub.Free()  # gingham holds its own duplicate
    assert grid.size == (COMM.size + 1 - color) // 2
    n = 10 + color  # the two groups work on different arrays at the same time
    assert float(gg.arange(n, dtype=gg.float64, device=grid).sum()) == n * (n - 1) / 2
    assert all_ranks(True)


def test_bad_shapes_raise_the_same_error_on_every_rank():
    size = COMM.size
    assert raised_everywhere(lambda: gg.ProcessGrid((size + 1,))) == (
        "ValueError",
        f"gingham::ProcessGrid: a grid of shape ({size + 1},) needs {size + 1} ranks, but the communicator has {size}",
    )
    assert raised_everywhere(lambda: gg.ProcessGrid((-1,)))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.ProcessGrid(()))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.ProcessGrid((2.0,)))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.ProcessGrid(comm="world"))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.ProcessGrid(comm=MPI.COMM_NULL))[0] == "ValueError"


@pytest.mark.parametrize("dims", [(0,), (0, 1), (1, 0), (0, 0, 0)])
def test_repr_names_the_shape(dims):
    grid = gg.ProcessGrid(dims)
    assert repr(grid) == f"ProcessGrid(dims={grid.dims}, ranks={list(range(COMM.size))})"


def test_comm_is_the_mpi4py_communicator_the_grid_was_built_on():
    """grid.comm (and x.device.comm) gives back the user's mpi4py communicator, usable for the program's own
    messages next to gingham's (which travel on gingham's duplicate of it)."""
    assert gg.default_grid().comm is MPI.COMM_WORLD
    assert gg.ProcessGrid((0, 0)).comm is MPI.COMM_WORLD
    x = gg.arange(7)
    assert x.device.comm is MPI.COMM_WORLD and (x * 2).device.comm is MPI.COMM_WORLD
    sub = COMM.Split(COMM.rank % 2, COMM.rank)
    half = gg.ProcessGrid(comm=sub)
    y = gg.arange(5, device=half) + 1
    assert y.device.comm is sub and half.comm is sub
    # The program's own messages on it do not disturb gingham's between them.
    request = sub.isend(("hello", sub.rank), dest=(sub.rank + 1) % sub.size, tag=0)
    total = int(gg.sum(y))
    assert sub.recv(source=(sub.rank - 1) % sub.size, tag=0) == ("hello", (sub.rank - 1) % sub.size)
    request.wait()
    assert total == 15
    assert all_ranks(float(gg.sum(gg.arange(4, device=half))) == 6.0)
    sub.Free()
