"""gg.collective_errors: an error on one rank becomes the same exception on every rank, with no hang."""

import pytest
from helpers import COMM, all_ranks, raised_everywhere

import gingham as gg

LAST = COMM.size - 1  # the failing rank: rank 1 on 2 ranks


def fail_on_last_rank(error):
    def body():
        with gg.collective_errors():
            if COMM.rank == LAST:
                raise error
    return body


@pytest.mark.parametrize("error, expected_type", [
    (ValueError("bad shard"), "ValueError"),
    (IndexError("bad shard"), "IndexError"),
    (TypeError("bad shard"), "TypeError"),
    (NotImplementedError("bad shard"), "NotImplementedError"),
    (OverflowError("bad shard"), "OverflowError"),
    (MemoryError("bad shard"), "MemoryError"),
    (RuntimeError("bad shard"), "RuntimeError"),
])
def test_an_error_on_one_rank_is_raised_identically_everywhere(error, expected_type):
    outcome = raised_everywhere(fail_on_last_rank(error))
    assert outcome == (expected_type, f"bad shard [raised on rank {LAST} of {COMM.size}]")
    assert all_ranks(True)  # nobody is stuck in a collective


def test_other_exception_types_become_runtime_errors_naming_the_type():
    outcome = raised_everywhere(fail_on_last_rank(KeyError("k")))
    assert outcome == ("RuntimeError", f"KeyError: 'k' [raised on rank {LAST} of {COMM.size}]")


def test_the_original_exception_is_chained_on_the_failing_rank():
    with pytest.raises(ValueError) as raised:
        fail_on_last_rank(ValueError("original"))()
    cause = raised.value.__cause__
    chained = cause is not None and str(cause) == "original"
    assert all_ranks(chained == (COMM.rank == LAST)), f"rank {COMM.rank}: cause {cause!r}"


def test_no_error_raises_nothing():
    with gg.collective_errors():
        pass
    assert raised_everywhere(lambda: None) is None


def test_agreement_covers_every_rank_of_the_grids_communicator():
    grid = gg.ProcessGrid((1,))  # rank 0 alone is in the grid; every rank of the communicator agrees
    with pytest.raises(ValueError, match=rf"only rank 0 \[raised on rank 0 of {COMM.size}\]"):
        with gg.collective_errors(device=grid):
            if COMM.rank == 0:
                raise ValueError("only rank 0")
    sub = COMM.Split(COMM.rank % 2, COMM.rank)
    half = gg.ProcessGrid(comm=sub)  # a sub-communicator: only its ranks take part
    with pytest.raises(ValueError, match=rf"\[raised on rank 0 of {sub.size}\]"):
        with gg.collective_errors(device=half):
            raise ValueError("each half")
    sub.Free()
    assert all_ranks(True)
