"""Helpers for gingham's MPI tests: assertions that every rank agrees on."""

import numpy as np
from mpi4py import MPI

COMM = MPI.COMM_WORLD


def all_ranks(ok, comm=COMM):
    """Collective: True on every rank when ``ok`` holds on every rank (all ranks take the same branch)."""
    return comm.allreduce(bool(ok), op=MPI.LAND)


def raised_everywhere(function, comm=COMM):
    """Collective: the (type name, message) that ``function()`` raised on this rank, checked to be the same
    on every rank; None when it raised nowhere. Fails when ranks disagree."""
    try:
        function()
        outcome = None
    except Exception as error:  # noqa: BLE001
        outcome = (type(error).__name__, str(error))
    outcomes = comm.allgather(outcome)
    assert all(o == outcomes[0] for o in outcomes), f"ranks disagree: {outcomes}"
    return outcome


def shard_matches(x, expected):
    """Local: x's shard on this rank equals its part of ``expected`` (the serial reference)."""
    expected = np.asarray(expected)
    if x.device.coords is None:
        return x.local.size == 0
    return np.array_equal(x.local, expected[np.ix_(*x.distribution.owned_indices())])


def assert_shard_and_whole(x, expected):
    """Collective: x's shard on every rank equals its part of ``expected``, and np.asarray(x) equals all of it."""
    expected = np.asarray(expected)
    assert all_ranks(shard_matches(x, expected)), f"rank {COMM.rank}: shard {x.local} differs from the reference"
    whole = np.asarray(x)
    assert all_ranks(whole.dtype == expected.dtype and np.array_equal(whole, expected)), f"{whole} != {expected}"
