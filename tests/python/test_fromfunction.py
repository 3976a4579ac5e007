"""gg.fromfunction against numpy.fromfunction for every dtype, layouts (block, cyclic, block-cyclic, 2-D
grids, sub-grids, replicated), sizes 0 and 1 and 0-D: each rank calls the function once with the global
indices of its own shard; results that broadcast are accepted, wrong shapes and exceptions raise the same
error on every rank."""

import numpy as np
import pytest

import gingham as gg
from helpers import COMM, DTYPES, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution, random_grid

RANK, SIZE = COMM.rank, COMM.size
SHAPES = [(), (0,), (1,), (9,), (1, 1), (4, 0), (6, 5), (3, 4, 5)]


def weighted(*index):
    """A function of the indices that tells them apart (1 + i0 + 7 i1 + 49 i2 ...)."""
    return 1 + sum(i * 7**k for k, i in enumerate(index))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_every_dtype_shape_and_layout(dtype):
    rng = np.random.default_rng(1405 + np.dtype(dtype).num)
    for shape in SHAPES:
        layout = random_distribution(rng, shape, random_grid(rng))
        calls = []

        def f(*index):
            calls.append([i.shape for i in index])
            return weighted(*index)

        x = gg.fromfunction(f, shape, dtype=dtype, distribution=layout)
        index_dtype = np.int64 if dtype == gg.bool else dtype  # bool arrays get int64 indices (documented)
        expected = np.asarray(np.fromfunction(weighted, shape, dtype=index_dtype), dtype=dtype)
        assert x.distribution == layout and x.dtype == np.dtype(dtype)
        assert_shard_and_whole(x, expected)
        on_grid = layout.grid.coords is not None
        assert all_ranks(calls == ([[layout.local_shape] * len(shape)] if on_grid else [])), f"rank {RANK}: {calls}"


def test_global_indices_of_block_cyclic_shards():
    grid = gg.ProcessGrid((0, 0))
    layout = gg.Distribution((10, 7), axes=(gg.BlockCyclic(3), gg.Cyclic(offset=grid.dims[1] - 1)), grid=grid,
                             local_order="F")
    seen = {}

    def f(i, j):
        seen["i"], seen["j"] = i, j
        return 100 * i + j

    x = gg.fromfunction(f, (10, 7), dtype=gg.int64, distribution=layout)
    rows, cols = layout.owned_indices()
    assert all_ranks(np.array_equal(seen["i"], np.broadcast_to(rows[:, None], (rows.size, cols.size)))
                     and np.array_equal(seen["j"], np.broadcast_to(cols[None, :], (rows.size, cols.size)))
                     and seen["i"].dtype == np.int64)
    assert_shard_and_whole(x, np.fromfunction(lambda i, j: 100 * i + j, (10, 7), dtype=np.int64))
    assert all_ranks(x.local.flags.f_contiguous)


def test_defaults_device_broadcast_results_and_kwargs():
    x = gg.fromfunction(lambda i, j: i + 10 * j, (4, 6))
    assert x.dtype == gg.float64 and x.distribution == gg.zeros((4, 6)).distribution
    assert_shard_and_whole(x, np.fromfunction(lambda i, j: i + 10 * j, (4, 6)))
    line = gg.ProcessGrid((SIZE,))
    c = gg.fromfunction(lambda i, j, scale: scale, (3, 5), dtype=gg.int16, device=line, scale=7)  # a scalar result
    assert c.device == line
    assert_shard_and_whole(c, np.full((3, 5), 7, dtype=np.int16))
    row = gg.fromfunction(lambda i, j: j[:1, :] if j.size else j, (4, 5), dtype=gg.float32)  # (1, n) broadcasts
    assert_shard_and_whole(row, np.fromfunction(lambda i, j: j, (4, 5), dtype=np.float32))
    z = gg.fromfunction(lambda: 2.5, ())
    assert_shard_and_whole(z, np.array(2.5))
    rep = gg.fromfunction(lambda i: i * i, (6,), distribution=gg.Distribution.replicated((6,)))
    assert_shard_and_whole(rep, np.arange(6.0) ** 2)
    halo = gg.fromfunction(lambda i: i, (8,), halo=gg.Halo(1, periodic=True))
    assert_shard_and_whole(halo, np.arange(8.0))
    halo.exchange_halo()
    left, right = halo.local_with_halo[0], halo.local_with_halo[-1]
    owned = halo.distribution.owned_indices()[0]
    assert all_ranks(owned.size == 0 or (left == (owned[0] - 1) % 8 and right == (owned[-1] + 1) % 8))


def test_wrong_shapes_and_errors_raise_on_every_rank():
    last = SIZE - 1
    error = raised_everywhere(lambda: gg.fromfunction(lambda i: np.zeros(3 + 1000), (8,)))
    assert error[0] == "ValueError" and "fromfunction: expected the function to return this rank's shard of shape" in error[1]
    assert "got shape (1003,)" in error[1] and "[raised on rank 0 of" in error[1]

    def fails_on_last(i, j):
        if RANK == last:
            raise ZeroDivisionError("no value here")
        return i

    error = raised_everywhere(lambda: gg.fromfunction(fails_on_last, (SIZE, 2), distribution=gg.Distribution.replicated((SIZE, 2))))
    assert error[0] == "ZeroDivisionError" and "no value here" in error[1]  # its own type, on every rank
    assert f"[raised on rank {last} of {SIZE}]" in error[1]
    error = raised_everywhere(lambda: gg.fromfunction(lambda i: i, (4,), distribution=gg.Distribution((5,))))
    assert error == ("ValueError", "fromfunction: the distribution is for shape (5,), the array has shape (4,)")
    error = raised_everywhere(lambda: gg.fromfunction(3, (4,)))
    assert error == ("TypeError", "fromfunction: expected a callable, got int")
    error = raised_everywhere(lambda: gg.fromfunction(lambda i: i, (-1,)))
    assert error[0] == "ValueError" and "non-negative" in error[1]
