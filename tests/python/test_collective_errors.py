"""gg.collective_errors: an error on one rank becomes the same exception on every rank, with no hang."""

import numpy as np
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


class ScriptError(ValueError):
    """An exception type of the test module itself (importable on every rank)."""


class NeedsTwoArguments(ValueError):
    def __init__(self, first, second):
        super().__init__(f"{first} {second}")


def local_error_type():
    class Local(LookupError):
        pass
    return Local


@pytest.mark.parametrize("error, expected_type", [
    (KeyError("k"), KeyError),
    (ZeroDivisionError("bad shard"), ZeroDivisionError),
    (AttributeError("bad shard"), AttributeError),
    (AssertionError("bad shard"), AssertionError),
    (LookupError("bad shard"), LookupError),
    (ArithmeticError("bad shard"), ArithmeticError),
    (FloatingPointError("bad shard"), FloatingPointError),
    (TimeoutError("bad shard"), TimeoutError),
    (UnicodeError("bad shard"), UnicodeError),
    (RecursionError("bad shard"), RecursionError),
    (Exception("bad shard"), Exception),
    (np.linalg.LinAlgError("bad shard"), np.linalg.LinAlgError),
    (np.exceptions.AxisError("bad shard") if hasattr(np, "exceptions") else np.AxisError("bad shard"),
     np.exceptions.AxisError if hasattr(np, "exceptions") else np.AxisError),
    (gg.linalg.LinAlgError("bad shard"), gg.linalg.LinAlgError),
    (ScriptError("bad shard"), ScriptError),
])
def test_every_exception_type_is_kept_on_every_rank(error, expected_type):
    """Builtin types, NumPy's, gingham's and the program's own arrive as themselves, so `except KeyError` works."""
    with pytest.raises(expected_type) as raised:
        fail_on_last_rank(error)()
    assert all_ranks(type(raised.value) is expected_type), f"rank {COMM.rank}: {type(raised.value)!r}"
    assert raised.value.args[0].endswith(f"[raised on rank {LAST} of {COMM.size}]")  # str(KeyError) adds quotes
    assert all_ranks(str(raised.value) == COMM.bcast(str(raised.value)))


def test_a_type_that_cannot_be_rebuilt_is_a_remote_error_of_its_nearest_base():
    """A class defined inside a function cannot be found by name: it arrives as a RemoteError that is also a
    LookupError (its nearest base that can be rebuilt), naming the original type, on every rank alike."""
    with pytest.raises(LookupError) as raised:
        fail_on_last_rank(local_error_type()("bad shard"))()
    assert isinstance(raised.value, gg.RemoteError)
    assert raised.value.type_name == "test_collective_errors.local_error_type.<locals>.Local"
    assert str(raised.value) == f"bad shard [raised on rank {LAST} of {COMM.size}]"
    assert raised_everywhere(fail_on_last_rank(local_error_type()("bad shard")))[0] == \
        "RemoteError[test_collective_errors.local_error_type.<locals>.Local]"


def test_a_type_that_needs_more_than_a_message_falls_back_to_its_base():
    with pytest.raises(ValueError) as raised:
        fail_on_last_rank(NeedsTwoArguments("bad", "shard"))()
    assert isinstance(raised.value, gg.RemoteError) and isinstance(raised.value, ValueError)
    assert raised.value.type_name.endswith("NeedsTwoArguments")
    assert str(raised.value) == f"bad shard [raised on rank {LAST} of {COMM.size}]"


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
