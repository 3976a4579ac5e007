"""The profile log from Python: off by default (nothing recorded, nothing printed); ``with gg.profile()``
counts the calls, plan builds and exact bytes and messages of a known redistribution (computed here from the
two layouts' owner arithmetic), prints the log on rank 0 only, and restores recording; a block left by an
exception prints nothing; implicit gathers are counted through ``gg.record_implicit_gather``."""

import io

import numpy as np
import pytest
from mpi4py import MPI

import gingham as gg
from gingham import _core
from helpers import COMM, all_ranks

N = 1000


def layouts():
    return gg.Distribution((N,), (gg.Block(),)), gg.Distribution((N,), (gg.Cyclic(),))


def expected_sends(source, target, me, itemsize):
    """(bytes, messages) that rank `me` sends to other ranks when `source` becomes `target`."""
    peers, count = set(), 0
    for i in range(N):
        (s,), (t,) = source.owner((i,)), target.owner((i,))
        if s == me and t != me:
            count += 1
            peers.add(t)
    return count * itemsize, len(peers)


def test_off_by_default_records_and_prints_nothing(capfd):
    assert not _core.profiling_requested_by_environment(), "run without GINGHAM_PROFILE"
    assert not _core.profiling()
    _core.reset_profile()
    source, target = layouts()
    y = gg.redistribute(gg.ones(N, distribution=source), target)
    float(gg.sum(y))
    assert all_ranks(_core.profile_snapshot() == {})
    assert capfd.readouterr().out == ""


def test_counts_calls_bytes_messages_and_plan_builds_of_a_redistribution(capsys):
    source, target = layouts()
    x = gg.arange(N, dtype=gg.float64, distribution=source)
    gg.clear_plan_cache()
    out = io.StringIO()
    with gg.profile(file=out) as p:
        first = gg.redistribute(x, target)
        second = gg.redistribute(x, target)
    assert not _core.profiling()
    np.testing.assert_array_equal(np.asarray(second), np.arange(N, dtype=np.float64))
    figures = p.statistics()["redistribute"]
    nbytes, messages = expected_sends(source, target, COMM.rank, 8)
    assert all_ranks(figures["calls"] == 2), figures
    assert all_ranks(figures["bytes_sent"] == 2 * nbytes), (figures, nbytes)
    assert all_ranks(figures["messages"] == 2 * messages), (figures, messages)
    assert all_ranks(figures["plan_builds"] == 1), figures
    total_bytes = COMM.allreduce(2 * nbytes, op=MPI.SUM)
    total_messages = COMM.allreduce(2 * messages, op=MPI.SUM)
    if COMM.rank == 0:
        assert out.getvalue() == p.text
        assert p.text.startswith(f"gingham profile on {COMM.size} rank")
        row = next(line for line in p.text.splitlines() if line.startswith("redistribute "))
        fields = row.split()
        assert fields[1] == "2" and fields[4] == str(total_bytes) and fields[5] == str(total_messages), row
    else:
        assert out.getvalue() == "" and p.text == ""
    del first


def test_a_block_left_by_an_exception_prints_nothing_and_restores_recording():
    out = io.StringIO()
    with pytest.raises(ZeroDivisionError):
        with gg.profile(file=out):
            gg.sum(gg.ones(10))
            1 / 0
    assert all_ranks(out.getvalue() == "" and not _core.profiling())


def test_implicit_gathers_are_counted_when_on():
    with gg.profile(print_log=False) as p:
        gg.record_implicit_gather(8 * N)
        gg.record_implicit_gather(16)
    row = p.statistics()["implicit gather (__array__)"]
    assert all_ranks(row["calls"] == 2 and row["bytes_sent"] == 8 * N + 16), row
    _core.reset_profile()
    gg.record_implicit_gather(100)  # off: free and unrecorded
    assert all_ranks(_core.profile_snapshot() == {})


def test_the_gathers_of_numpy_asarray_are_counted():
    """np.asarray of a distributed array (an implicit gather, gingham/_implicit_gather.py) is a row of the log
    with the bytes each rank receives; a replicated array is not a gather."""
    x = gg.arange(float(N))
    with gg.profile(print_log=False) as p:
        np.asarray(x)
        np.asarray(x[:10])
        np.asarray(gg.sum(x))
    row = p.statistics()["implicit gather (__array__)"]
    assert all_ranks(row["calls"] == 2 and row["bytes_sent"] == 8 * N + 80), row
