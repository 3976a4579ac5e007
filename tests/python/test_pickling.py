"""Pickling at 1-4 ranks: replicated and 0-D arrays travel as NumPy data (comm.bcast), a distributed array
as each rank's shard and layout (a per-rank round trip gives an equal array on its grid), pickling is local
(one rank alone pickles, no hang), and a shard unpickled where it does not belong raises a clear error
naming the alternatives."""

import pickle
import zlib

import numpy as np
import pytest
from helpers import COMM, DTYPES, all_ranks, assert_shard_and_whole, random_distribution, random_grid

import gingham as gg
from gingham import _pickling


def test_comm_bcast_of_a_replicated_array_gives_every_rank_an_equal_replicated_array():
    a = np.arange(12, dtype=np.int16).reshape(3, 4)
    x = gg.asarray(a, distribution=gg.Distribution.replicated((3, 4)))
    y = COMM.bcast(x if COMM.rank == 0 else None, root=0)
    assert all_ranks(y.distribution.is_replicated and y.device is gg.default_grid() and y.dtype == np.int16)
    assert_shard_and_whole(y, a)
    assert_shard_and_whole(y + 1, a + 1)  # a collective on it: every rank holds its part


def test_comm_bcast_of_a_zero_d_result():
    total = gg.sum(gg.arange(10.0))  # collective: every rank computes it, the last one sends it
    s = COMM.bcast(total if COMM.rank == COMM.size - 1 else None, root=COMM.size - 1)
    assert all_ranks(float(s) == 45.0 and s.ndim == 0 and f"{s:.1f}" == "45.0")


@pytest.mark.parametrize("trial", range(12))
def test_each_rank_round_trips_its_shard(trial):
    rng = np.random.default_rng(zlib.crc32(f"pickle {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(1, 4))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = rng.integers(-9, 9, size=shape).astype(dtype)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, random_grid(rng)))
    y = pickle.loads(pickle.dumps(x))
    assert_shard_and_whole(y, a)
    assert all_ranks(y.device == x.device and y.distribution == x.distribution)
    assert all_ranks(y.local.ctypes.data != x.local.ctypes.data or x.local.size == 0)  # a copy, not a view
    assert_shard_and_whole(y == x, np.ones(shape, dtype=bool))  # a collective on the unpickled parts


def test_a_distributed_shard_unpickles_on_the_default_grid_when_the_pickling_grid_is_gone():
    a = np.arange(20.0)
    data = pickle.dumps(gg.asarray(a))
    _pickling._PICKLED_GRIDS.clear()
    assert_shard_and_whole(pickle.loads(data), a)


def test_pickling_is_local():
    x = gg.asarray(np.arange(10.0))
    data = pickle.dumps(x) if COMM.rank == 0 else None  # rank 0 alone: nothing waits for the others
    assert all_ranks(data is None or len(data) > 0)
    if COMM.rank == 0:
        assert pickle.loads(data).shape == (10,)  # unpickling is local too
    COMM.Barrier()


def _outcome(function):
    try:
        function()
    except Exception as error:  # noqa: BLE001
        return type(error).__name__, str(error)
    return None


def test_a_shard_unpickled_on_another_rank_raises_naming_the_alternatives():
    x = gg.asarray(np.arange(12.0))
    mine = pickle.dumps(x)
    theirs = COMM.sendrecv(mine, dest=(COMM.rank + 1) % COMM.size, source=(COMM.rank - 1) % COMM.size)
    outcome = _outcome(lambda: pickle.loads(theirs))
    if COMM.size == 1:  # one rank holds the array whole: it travels as NumPy data
        assert outcome is None
    else:
        assert all_ranks(outcome is not None and outcome[0] == "UnpicklingError" and "each rank unpickles only its "
                         "own part" in outcome[1] and "gg.to_numpy" in outcome[1] and "gg.save" in outcome[1]), outcome


def test_a_shard_from_another_job_raises_naming_the_alternatives():
    layout = {"shape": (8,), "axes": (("block", 0, 0),), "grid_axes": (0,), "local_order": "C",
              "grid": (COMM.size + 5, "ProcessGrid(dims=(2,), ranks=[0, 1])"), "grid_dims": (2,), "coords": (0,),
              "world_rank": 0}
    outcome = _outcome(lambda: _pickling._unpickle_shard(np.zeros(4), layout))
    assert all_ranks(outcome is not None and outcome[0] == "UnpicklingError"), outcome
    assert f"a job of {COMM.size + 5} processes" in outcome[1] and "np.asarray(x)" in outcome[1]


def test_ranks_off_the_grid_pickle_their_empty_part():
    grid = gg.ProcessGrid((1,))  # rank 0 only
    for x in (gg.asarray(np.arange(3), device=grid), gg.sum(gg.asarray(np.arange(3), device=grid))):
        y = pickle.loads(pickle.dumps(x))
        assert all_ranks(y.device == grid and y.distribution == x.distribution)
        assert all_ranks(np.array_equal(np.asarray(y), np.asarray(x)))


def test_a_replicated_array_from_elsewhere_lands_on_the_default_grid():
    grid = gg.ProcessGrid((1,))
    x = gg.asarray(np.arange(4.0), device=grid)  # collective over the communicator; rank 0 holds it whole
    data = pickle.dumps(x) if COMM.rank == 0 else None
    data = COMM.bcast(data)
    _pickling._PICKLED_GRIDS.clear()  # as in a process that never had the sub-grid
    y = pickle.loads(data)
    assert all_ranks(y.device is gg.default_grid() and y.distribution.is_replicated)
    assert_shard_and_whole(y, np.arange(4.0))
