"""Messages (issue 12, item 9): allocation failures say how many bytes for what (MemoryError); one
exception type per kind of in-place error across operators (TypeError for a dtype the target cannot hold,
as NumPy's UFuncTypeError, ValueError for a shape); grids named by their dims and ranks."""

import numpy as np
import pytest
from helpers import COMM, raised_everywhere

import gingham as gg


def test_a_huge_array_names_its_bytes():
    outcome = raised_everywhere(lambda: gg.zeros((2**29, 2**29)))
    assert outcome is not None and outcome[0] == "MemoryError", outcome
    assert "cannot allocate" in outcome[1] and "bytes) for a shard of local shape" in outcome[1], outcome[1]
    assert "of an array of shape (536870912, 536870912)" in outcome[1], outcome[1]


def test_a_huge_tile_names_its_bytes():
    x = gg.ones(4)
    outcome = raised_everywhere(lambda: gg.tile(x, (2**62,)))
    assert outcome is not None and outcome[0] == "MemoryError", outcome
    assert outcome[1].startswith("tile: cannot allocate ") and " bytes for the result of shape" in outcome[1], outcome


OPERATORS = ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", "<<=", ">>=", "@="]


def _in_place(op, x, y):
    namespace = {"x": x, "y": y}
    exec(f"x {op} y", namespace)  # noqa: S102  (the operator under test, spelled as users write it)


@pytest.mark.parametrize("op", OPERATORS)
def test_in_place_dtype_errors_are_type_errors(op):
    """x op= y whose result dtype x cannot hold is a TypeError for every operator: int32 x with a float64
    y, where NumPy raises UFuncTypeError (a TypeError) too; for the bitwise operators (which refuse floats
    whatever the target) an int64 y, which NumPy casts back to int32 but the standard's in-place rule (the
    result dtype must be x's) refuses."""
    bitwise = op in ("&=", "|=", "^=", "<<=", ">>=")
    x = gg.asarray(np.ones((3, 3), dtype=np.int32))
    y = gg.asarray(np.ones((3, 3), dtype=np.int64 if bitwise else np.float64))
    outcome = raised_everywhere(lambda: _in_place(op, x, y))
    assert outcome is not None and outcome[0] == "TypeError", (op, outcome)
    if not bitwise:
        with pytest.raises(TypeError):
            _in_place(op, np.ones((3, 3), dtype=np.int32), np.ones((3, 3)))


@pytest.mark.parametrize("op", ["+=", "*=", "-=", "@="])
def test_in_place_shape_errors_are_value_errors(op):
    x = gg.asarray(np.ones(3))
    y = gg.asarray(np.ones((2, 3)))
    outcome = raised_everywhere(lambda: _in_place(op, x, y))
    assert outcome is not None and outcome[0] == "ValueError", (op, outcome)


def test_grids_are_named_by_dims_and_ranks():
    line, column, again = gg.ProcessGrid(), gg.ProcessGrid((COMM.size, 1)), gg.ProcessGrid()
    ranks = list(range(COMM.size))
    assert repr(column) == f"ProcessGrid(dims=({COMM.size}, 1), ranks={ranks})"
    a, b, c = gg.ones(3, device=line), gg.ones(3, device=column), gg.ones(3, device=again)
    outcome = raised_everywhere(lambda: a + b)
    assert outcome[1] == (f"gingham: the arrays live on different devices ({line!r} and {column!r}); move one "
                          "with to_device first"), outcome
    outcome = raised_everywhere(lambda: a + c)
    assert f"two grid objects alike, {line!r}, made by separate ProcessGrid calls" in outcome[1], outcome
    outcome = raised_everywhere(lambda: gg.matmul(gg.ones((2, 2), device=line), gg.ones((2, 2), device=column)))
    assert f"({line!r} and {column!r})" in outcome[1], outcome
