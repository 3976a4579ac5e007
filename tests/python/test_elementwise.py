"""The 67 elementwise functions against NumPy: every function for every dtype it accepts (and TypeError
for the others), the standard's promotion table, Python scalars, host operands, broadcasting between
different layouts, operators (reflected and in-place), clip, where, astype. Each result is compared
shard by shard and as a whole; every rank draws the same random layouts (seeded) and agrees on each
assertion and exception."""

import warnings
import zlib

import numpy as np
import pytest
from helpers import (COMM, DTYPES, all_ranks, shard_matches, assert_close_shard_and_whole, assert_shard_and_whole,
                     raised_everywhere, random_distribution)

import gingham as gg

UNARY, BINARY = gg._core.elementwise_names()
KIND_OF = {"b": "B", "i": "I", "u": "I", "f": "R", "c": "C"}

# Kinds each function accepts (B bool, I integer, R real floating, C complex floating), from the standard.
ACCEPTS = {
    "abs": "IRC", "acos": "RC", "acosh": "RC", "asin": "RC", "asinh": "RC", "atan": "RC", "atanh": "RC",
    "bitwise_invert": "BI", "ceil": "IR", "conj": "IRC", "cos": "RC", "cosh": "RC", "exp": "RC", "expm1": "RC",
    "floor": "IR", "imag": "C", "isfinite": "IRC", "isinf": "IRC", "isnan": "IRC", "log": "RC", "log1p": "RC",
    "log2": "RC", "log10": "RC", "logical_not": "B", "negative": "IRC", "positive": "IRC", "real": "IRC",
    "reciprocal": "RC", "round": "IRC", "sign": "IRC", "signbit": "R", "sin": "RC", "sinh": "RC", "square": "IRC",
    "sqrt": "RC", "tan": "RC", "tanh": "RC", "trunc": "IR",
    "add": "IRC", "atan2": "R", "bitwise_and": "BI", "bitwise_left_shift": "I", "bitwise_or": "BI",
    "bitwise_right_shift": "I", "bitwise_xor": "BI", "copysign": "R", "divide": "IRC", "equal": "BIRC",
    "floor_divide": "IR", "greater": "IR", "greater_equal": "IR", "hypot": "R", "less": "IR", "less_equal": "IR",
    "logaddexp": "R", "logical_and": "B", "logical_or": "B", "logical_xor": "B", "maximum": "IR", "minimum": "IR",
    "multiply": "IRC", "nextafter": "R", "not_equal": "BIRC", "pow": "IRC", "remainder": "IR", "subtract": "IRC",
}
BOOLEAN_RESULT = {"isfinite", "isinf", "isnan", "signbit", "equal", "not_equal", "greater", "greater_equal",
                  "less", "less_equal"}
NUMPY_NAME = {"acos": "arccos", "acosh": "arccosh", "asin": "arcsin", "asinh": "arcsinh", "atan": "arctan",
              "atanh": "arctanh", "atan2": "arctan2", "bitwise_invert": "invert", "bitwise_left_shift": "left_shift",
              "bitwise_right_shift": "right_shift", "pow": "power", "divide": "true_divide"}
TRANSCENDENTAL = {"acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "exp", "expm1", "log", "log1p",
                  "log2", "log10", "sin", "sinh", "sqrt", "tan", "tanh", "atan2", "hypot", "logaddexp", "pow",
                  "divide", "reciprocal", "multiply", "sign", "abs"}


def test_the_tables_cover_the_standard():
    assert sorted(UNARY + BINARY) == sorted(ACCEPTS)
    assert len(UNARY) + len(BINARY) + 1 == 67  # + clip
    for name in list(ACCEPTS) + ["clip", "where"]:
        assert callable(getattr(gg, name))


# ---- the standard's promotion table, written independently of gingham ----------------------------------

def standard_promotion(a, b):
    """The Array API's promoted dtype of a and b, or None where the standard defines none."""
    category = {"b": 0, "i": 1, "u": 1, "f": 2, "c": 2}
    if category[a.kind] != category[b.kind]:
        return None
    if {a.kind, b.kind} == {"i", "u"} and np.dtype(np.uint64) in (a, b):
        return None
    return np.promote_types(a, b)


def expected_dtype(name, compute):
    if name in BOOLEAN_RESULT:
        return np.dtype(bool)
    if name in ("abs", "real", "imag") and compute.kind == "c":
        return np.dtype(np.float32 if compute == np.complex64 else np.float64)
    if name == "divide" and compute.kind in "iu":
        return np.dtype(np.float64)
    return compute


def reference(name, compute, *operands):
    """NumPy's value of the function on operands cast to the compute dtype, in the expected dtype."""
    args = [np.asarray(o).astype(compute) for o in operands]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if name in ("ceil", "floor", "trunc") and compute.kind in "iu":
            value = args[0].copy()
        elif name == "sign" and compute.kind == "c":
            magnitude = np.abs(args[0])
            value = np.where(magnitude == 0, 0, args[0] / np.where(magnitude == 0, 1, magnitude))
        elif name == "divide" and compute.kind in "iu":
            value = np.true_divide(args[0].astype(np.float64), args[1].astype(np.float64))
        else:
            value = getattr(np, NUMPY_NAME.get(name, name))(*args)
    return np.asarray(value).astype(expected_dtype(name, compute))


def tolerance(name, dtype):
    if dtype.kind not in "fc" or name not in TRANSCENDENTAL:
        return 0.0, 0.0
    precision = np.float32 if dtype in (np.float32, np.complex64) else np.float64
    eps = float(np.finfo(precision).eps)
    return 16 * eps, 16 * eps


def values(rng, shape, dtype, name=""):
    """Random values of dtype for function ``name`` (within the types' ranges; shifts and powers small)."""
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        low, high = max(int(info.min), -120), min(int(info.max), 120)
        if name in ("bitwise_left_shift", "bitwise_right_shift", "pow"):
            low, high = 0, min(high, 10)
        return rng.integers(low, high + 1, size=shape).astype(dtype)
    real = rng.uniform(-4, 4, size=shape)
    if dtype.kind == "c":
        return (real + 1j * rng.uniform(-4, 4, size=shape)).astype(dtype)
    return real.astype(dtype)


GRID_2D = gg.ProcessGrid((0, 0))


def layout(rng, shape, grid=None):
    """A random layout of shape on ``grid``, else on the default 1-D grid or the module's 2-D grid (operands
    must share a grid)."""
    if grid is None:
        grid = gg.default_grid() if len(shape) < 2 else GRID_2D
    return random_distribution(rng, shape, grid)


def seed_of(*parts):
    """A seed every rank computes alike (str hashes differ between processes)."""
    return zlib.crc32(repr(tuple(str(p) for p in parts)).encode())


# ---- every unary function, every dtype ------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("name", UNARY)
def test_unary_function_matches_numpy(name, dtype):
    rng = np.random.default_rng(seed_of(name, dtype))
    shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(0, 3))))
    a = values(rng, shape, dtype, name)
    x = gg.asarray(a, distribution=layout(rng, shape))
    if KIND_OF[dtype.kind] not in ACCEPTS[name]:
        outcome = raised_everywhere(lambda: getattr(gg, name)(x))
        assert outcome is not None and outcome[0] == "TypeError", outcome
        return
    y = getattr(gg, name)(x)
    assert all_ranks(y.distribution == x.distribution)  # unary results keep the layout: no messages
    rtol, atol = tolerance(name, dtype)
    assert_close_shard_and_whole(y, reference(name, dtype, a), rtol, atol)


# ---- every binary function, every dtype (operands in two different random layouts) ------------------------

def result_layout(x1, x2):
    """The layout of a binary result of two operands of one shape: the first distributed one's (with an axis
    spread over the grid); with none distributed, x1's (see gingham._elementwise)."""
    distributed = [x for x in (x1, x2) if any(g is not None for g in x.distribution.grid_axes)]
    return (distributed[0] if distributed else x1).distribution


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("name", BINARY)
def test_binary_function_matches_numpy(name, dtype):
    rng = np.random.default_rng(seed_of(name, dtype))
    shape = tuple(int(e) for e in rng.integers(1, 6, size=int(rng.integers(1, 3))))
    a, b = values(rng, shape, dtype, name), values(rng, shape, dtype, name)
    if name in ("divide", "floor_divide", "remainder") and dtype.kind in "iu":
        b[b == 0] = 1  # integer division by zero is implementation-defined
    x1, x2 = gg.asarray(a, distribution=layout(rng, shape)), gg.asarray(b, distribution=layout(rng, shape))
    if KIND_OF[dtype.kind] not in ACCEPTS[name]:
        outcome = raised_everywhere(lambda: getattr(gg, name)(x1, x2))
        assert outcome is not None and outcome[0] == "TypeError", outcome
        return
    y = getattr(gg, name)(x1, x2)
    assert all_ranks(y.distribution == result_layout(x1, x2))  # the other operand moved to it
    rtol, atol = tolerance(name, dtype)
    assert_close_shard_and_whole(y, reference(name, dtype, a, b), rtol, atol)


def test_a_large_operand_in_another_layout_is_moved_and_operated_on_in_one_pass():
    # Several 1 MiB parts per message and large (streamed) results: the fused move (RedistributionPlan's
    # combined execution) against NumPy, with the moving operand first and second.
    n = 1_000_003
    a, b = np.arange(n, dtype=np.float64) * 0.5, np.linspace(-3.0, 7.0, n)
    x = gg.asarray(a)
    y = gg.asarray(b, distribution=gg.Distribution((n,), (gg.Cyclic(),)))
    assert_shard_and_whole(x - y, a - b)
    assert_shard_and_whole(y - x, b - a)
    assert_shard_and_whole(gg.greater(y, x), b > a)


# ---- promotion ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype1", DTYPES, ids=str)
def test_promotion_follows_the_standard_table(dtype1):
    rng = np.random.default_rng(seed_of("promotion", dtype1))
    for dtype2 in DTYPES:
        a, b = values(rng, (5,), dtype1), values(rng, (2, 5), dtype2)
        x1 = gg.asarray(a, distribution=layout(rng, (5,), GRID_2D))
        x2 = gg.asarray(b, distribution=layout(rng, (2, 5), GRID_2D))
        name = "logical_and" if dtype1.kind == "b" else "add"
        promoted = standard_promotion(dtype1, dtype2)
        assert gg.result_type(dtype1, dtype2) == promoted if promoted is not None else \
            raised_everywhere(lambda: gg.result_type(dtype1, dtype2))[0] == "TypeError"
        assert gg.can_cast(dtype1, dtype2) == (promoted == dtype2)
        if promoted is None:
            assert raised_everywhere(lambda: getattr(gg, name)(x1, x2))[0] == "TypeError"
            continue
        y = getattr(gg, name)(x1, x2)
        assert_shard_and_whole(y, reference(name, promoted, a, b))


# ---- broadcasting between different shapes and layouts ---------------------------------------------------

@pytest.mark.parametrize("trial", range(12))
def test_broadcasting_between_layouts(trial):
    rng = np.random.default_rng(seed_of("broadcast", trial))
    shape = tuple(int(e) for e in rng.integers(1, 7, size=int(rng.integers(1, 4))))
    other = tuple(1 if rng.integers(0, 3) == 0 else e for e in shape[int(rng.integers(0, len(shape))):])
    a, b = values(rng, shape, np.dtype(np.float64)), values(rng, other, np.dtype(np.float64))
    grid = [gg.default_grid(), GRID_2D][int(rng.integers(0, 2))]
    x1, x2 = gg.asarray(a, distribution=layout(rng, shape, grid)), gg.asarray(b, distribution=layout(rng, other, grid))
    if rng.integers(0, 2):
        assert_shard_and_whole(gg.subtract(x2, x1), b - a)
    else:
        assert_shard_and_whole(x1 * x2, a * b)


def test_a_replicated_operand_broadcasts_and_results_take_the_first_layout_of_the_result_shape():
    grid = GRID_2D
    a, row = np.arange(35.0).reshape(5, 7), np.arange(7.0)
    x = gg.asarray(a, distribution=gg.Distribution((5, 7), (gg.BlockCyclic(2), gg.Cyclic()), grid=grid))
    r = gg.asarray(row, distribution=gg.Distribution.replicated((7,), grid=grid))
    y = r + x  # the result has x's layout (the first array operand of the result's shape)
    assert all_ranks(y.distribution == x.distribution)
    assert_shard_and_whole(y, row + a)
    column = np.arange(5.0).reshape(5, 1)
    assert_shard_and_whole(gg.asarray(column, device=grid) * r, column * row)  # neither has the result shape: default layout


def test_shapes_that_do_not_broadcast_raise_everywhere():
    x, y = gg.zeros((4, 3)), gg.zeros((4,))
    assert raised_everywhere(lambda: x + y)[0] == "ValueError"


def test_arrays_on_different_grids_do_not_mix():
    if COMM.size == 1:
        pytest.skip("needs two different grids")
    x = gg.zeros((4,), device=gg.ProcessGrid((COMM.size,)))
    y = gg.zeros((4,), device=gg.ProcessGrid((1,)))
    assert raised_everywhere(lambda: x + y)[0] == "ValueError"


# ---- Python scalars and host operands ---------------------------------------------------------------------

def test_python_scalars_take_the_arrays_dtype():
    rng = np.random.default_rng(7)
    for dtype in DTYPES:
        a = values(rng, (6,), dtype)
        x = gg.asarray(a, distribution=layout(rng, (6,)))
        if dtype.kind == "b":
            assert_shard_and_whole(x & True, a & True)
            assert raised_everywhere(lambda: x + 1)[0] == "TypeError"
            continue
        assert_shard_and_whole(x + 3, (a + np.asarray(3, dtype)).astype(dtype))
        assert_shard_and_whole(3 - x, (np.asarray(3, dtype) - a).astype(dtype))
        assert raised_everywhere(lambda: x + True)[0] == "TypeError"
        if dtype.kind in "iu":
            assert raised_everywhere(lambda: x * 1.5)[0] == "TypeError"
            assert raised_everywhere(lambda: x + 1j)[0] == "TypeError"
            assert raised_everywhere(lambda: x + (int(np.iinfo(dtype).max) + 1))[0] == "OverflowError"
            assert raised_everywhere(lambda: x + 2**70)[0] == "OverflowError"
        else:
            assert_close_shard_and_whole(x * 1.5, (a * np.asarray(1.5, dtype)).astype(dtype), 1e-6, 0)
            complex_dtype = np.dtype(np.complex64 if dtype in (np.float32, np.complex64) else np.complex128)
            y = x * 2j
            assert all_ranks(y.dtype == complex_dtype)
            assert_close_shard_and_whole(y, (a.astype(complex_dtype) * np.asarray(2j, complex_dtype)), 1e-6, 0)


def test_host_operands_become_replicated_arrays():
    a = np.arange(12.0).reshape(3, 4)
    x = gg.asarray(a)
    assert_shard_and_whole(x + np.array([1.0, 2.0, 3.0, 4.0]), a + np.array([1.0, 2.0, 3.0, 4.0]))
    assert_shard_and_whole(np.float64(2.0) * x, 2.0 * a)
    assert_shard_and_whole(x - [[1.0], [2.0], [3.0]], a - np.array([[1.0], [2.0], [3.0]]))
    assert raised_everywhere(lambda: x + "text")[0] == "TypeError"
    assert raised_everywhere(lambda: gg.add(1, 2))[0] == "TypeError"


# ---- operators ------------------------------------------------------------------------------------------

OPERATORS = {"__add__": "add", "__sub__": "subtract", "__mul__": "multiply", "__truediv__": "divide",
             "__floordiv__": "floor_divide", "__mod__": "remainder", "__pow__": "pow", "__and__": "bitwise_and",
             "__or__": "bitwise_or", "__xor__": "bitwise_xor", "__lshift__": "bitwise_left_shift",
             "__rshift__": "bitwise_right_shift", "__eq__": "equal", "__ne__": "not_equal", "__lt__": "less",
             "__le__": "less_equal", "__gt__": "greater", "__ge__": "greater_equal"}


@pytest.mark.parametrize("method", sorted(OPERATORS))
def test_operators_are_their_functions(method):
    name = OPERATORS[method]
    dtype = np.dtype(np.int32)
    rng = np.random.default_rng(seed_of(method))
    a, b = values(rng, (3, 4), dtype, name), values(rng, (3, 4), dtype, name)
    b[b == 0] = 1
    x1, x2 = gg.asarray(a, distribution=layout(rng, (3, 4))), gg.asarray(b, distribution=layout(rng, (3, 4)))
    assert_shard_and_whole(getattr(x1, method)(x2), reference(name, dtype, a, b))
    if method in ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"):
        return
    reflected = "__r" + method[2:]
    assert_shard_and_whole(getattr(x1, reflected)(5), reference(name, dtype, np.full_like(a, 5), a))
    x3 = gg.asarray(a, distribution=layout(rng, (3, 4)))
    before = x3.local
    in_place = getattr(x3, "__i" + method[2:])
    if name == "divide":  # int32 / int32 is float64: an in-place division cannot keep the dtype
        assert raised_everywhere(lambda: in_place(x2))[0] == "TypeError"  # as NumPy's UFuncTypeError and @=
        return
    assert in_place(x2) is x3
    assert all_ranks(before.size == 0 or np.shares_memory(before, x3.local))
    assert_shard_and_whole(x3, reference(name, dtype, a, b))


def test_in_place_division_of_integers_raises_everywhere():
    x = gg.asarray(np.arange(6, dtype=np.int64))

    def divide_in_place():
        y = x
        y /= 2
    assert raised_everywhere(divide_in_place)[0] == "TypeError"


def test_unary_operators():
    a = np.arange(-3, 3, dtype=np.int16)
    x = gg.asarray(a, distribution=gg.Distribution((6,), (gg.Cyclic(),)))
    assert_shard_and_whole(-x, -a)
    assert_shard_and_whole(+x, a)
    assert_shard_and_whole(abs(x), np.abs(a))
    assert_shard_and_whole(~x, ~a)


# ---- clip, where, astype --------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [d for d in DTYPES if d.kind in "iuf"], ids=str)
def test_clip(dtype):
    rng = np.random.default_rng(seed_of("clip", dtype))
    a = values(rng, (4, 5), dtype)
    x = gg.asarray(a, distribution=layout(rng, (4, 5)))
    assert_shard_and_whole(gg.clip(x, 1, 50), np.clip(a, 1, 50).astype(dtype))
    assert_shard_and_whole(gg.clip(x, max=10), np.minimum(a, np.asarray(10, dtype)))
    assert_shard_and_whole(gg.clip(x), a)
    low = values(rng, (5,), dtype)
    assert_shard_and_whole(gg.clip(x, gg.asarray(low, device=x.device), None), np.maximum(a, low))


@pytest.mark.parametrize("trial", range(6))
def test_where(trial):
    rng = np.random.default_rng(seed_of("where", trial))
    shape = (4, 6)
    condition = rng.integers(0, 2, size=shape).astype(bool)
    a, b = values(rng, shape, np.dtype(np.float32)), values(rng, (6,), np.dtype(np.float64))
    c = gg.asarray(condition, distribution=layout(rng, shape))
    x1, x2 = gg.asarray(a, distribution=layout(rng, shape)), gg.asarray(b, distribution=layout(rng, (6,), GRID_2D))
    assert_shard_and_whole(gg.where(c, x1, x2), np.where(condition, a.astype(np.float64), b))
    assert_shard_and_whole(gg.where(c, x1, 0.5), np.where(condition, a, np.float32(0.5)))
    assert raised_everywhere(lambda: gg.where(x1, x1, x1))[0] == "TypeError"


@pytest.mark.parametrize("source", DTYPES, ids=str)
def test_astype(source):
    rng = np.random.default_rng(seed_of("astype", source))
    a = values(rng, (3, 5), source)
    x = gg.asarray(a, distribution=layout(rng, (3, 5)))
    for target in DTYPES:
        if source.kind == "c" and target.kind != "c":
            expected = a.real.astype(target)
        else:
            expected = a.astype(target)
        if source.kind in "fc" and target.kind in "iu":
            expected = np.trunc(a.real).astype(np.int64).astype(target)  # in range of int64, wraps like NumPy
            if target.kind == "u":
                continue  # negative floats to unsigned integers are implementation-defined
        assert_shard_and_whole(gg.astype(x, target), expected)
    assert gg.astype(x, source, copy=False) is x
    assert gg.astype(x, source) is not x


# ---- transposes, devices, scalars -----------------------------------------------------------------------

def test_transposes_keep_every_element_on_its_rank():
    rng = np.random.default_rng(3)
    a = rng.uniform(size=(5, 7))
    x = gg.asarray(a, distribution=gg.Distribution((5, 7), (gg.BlockCyclic(2), gg.Cyclic()), grid=GRID_2D))
    assert_shard_and_whole(x.T, a.T)
    assert all_ranks(x.T.distribution.axes == (gg.Cyclic(), gg.BlockCyclic(2)))
    b = rng.uniform(size=(2, 3, 4))
    assert_shard_and_whole(gg.asarray(b).mT, np.swapaxes(b, 1, 2))
    assert raised_everywhere(lambda: gg.asarray(b).T)[0] == "ValueError"


def test_to_device_moves_to_a_subset_of_ranks():
    a = np.arange(10.0)
    x = gg.asarray(a)
    small = gg.ProcessGrid((1,))
    y = x.to_device(small)
    assert all_ranks(y.device == small)
    assert_shard_and_whole(y, a)
    assert x.to_device(x.device) is x


def test_zero_dimensional_conversions_on_every_rank():
    x = gg.asarray(np.float64(2.5))
    assert float(x) == 2.5 and int(x) == 2 and bool(x) and complex(x) == 2.5
    assert raised_everywhere(lambda: x.__index__())[0] == "TypeError"
    assert int(gg.asarray(np.int64(-7)).__index__()) == -7
    assert raised_everywhere(lambda: float(gg.zeros((2,))))[0] == "TypeError"
    assert raised_everywhere(lambda: int(gg.asarray(np.float64("nan"))))[0] == "ValueError"


def test_namespace_basics():
    assert gg.__array_api_version__ == "2025.12"
    x = gg.zeros((2,))
    assert x.__array_namespace__() is gg
    assert raised_everywhere(lambda: x.__array_namespace__(api_version="1999.01"))[0] == "ValueError"
    info = gg.__array_namespace_info__()
    assert info.default_device() == gg.default_grid()
    assert info.default_dtypes() == {"real floating": gg.float64, "complex floating": gg.complex128,
                                     "integral": gg.int64, "indexing": gg.int64}
    assert list(info.dtypes().values()) == DTYPES
    assert set(info.dtypes(kind="integral")) == {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
    assert set(info.dtypes(kind=("bool", "complex floating"))) == {"bool", "complex64", "complex128"}
    assert set(info.capabilities()) == {"boolean indexing", "data-dependent shapes", "max dimensions"}
    assert gg.finfo(gg.float32).eps == float(np.finfo(np.float32).eps) and gg.finfo(gg.complex128).bits == 64
    assert gg.iinfo(gg.uint16).max == 65535 and gg.iinfo(gg.astype(x, gg.int8)).min == -128
    assert gg.isdtype(gg.int8, "signed integer") and not gg.isdtype(gg.uint8, "signed integer")
    assert gg.isdtype(gg.complex64, ("bool", "complex floating")) and gg.isdtype(gg.float32, gg.float32)
    assert raised_everywhere(lambda: gg.isdtype(gg.int8, "integer"))[0] == "ValueError"
    assert gg.result_type(gg.int8, 1) == gg.int8 and gg.result_type(gg.float32, 1j) == gg.complex64
    assert gg.result_type(x, gg.float32) == gg.float64
    assert raised_everywhere(lambda: gg.result_type(gg.int8, 1.0))[0] == "TypeError"
    assert (gg.e, gg.pi, gg.inf, gg.newaxis) == (np.e, np.pi, np.inf, None) and gg.nan != gg.nan


def test_integer_pow_with_the_result_on_a_sub_grid_keeps_every_rank_in_step():
    """Found by the fuzzer (issue 12): signed integer pow agrees on negative exponents over the whole
    communicator, and ranks outside a sub-grid skipped that agreement (MPI_ERR_TRUNCATE or a hang)."""
    small = gg.ProcessGrid((max(1, COMM.size - 1),))
    a, b = np.arange(-2, 3, dtype=np.int64), np.array([0, 1, 2, 3, 1], dtype=np.int64)
    x = gg.asarray(a, distribution=gg.Distribution((5,), grid=small))
    y = gg.asarray(b, distribution=gg.Distribution((5,), (gg.Cyclic(),), grid=small))
    assert_shard_and_whole(x ** y, a ** b)
    assert_shard_and_whole(gg.pow(x[2], y[3]), np.asarray(a[2] ** b[3]))
    error = raised_everywhere(lambda: x ** -y)
    assert error is not None and error[0] == "ValueError" and "negative integer powers" in error[1]
    assert_shard_and_whole(x, a)  # the ranks are still in step


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scalar_powers_two_and_minus_one_give_numpys_bits(dtype):
    """x ** 2 and x ** -1 take NumPy's fast scalar powers (x * x and 1 / x): the same bits as NumPy, special
    values included, in a strided layout too."""
    with np.errstate(over="ignore"):  # 1e200 becomes inf in float32, on purpose
        a = np.concatenate([np.random.default_rng(3).standard_normal(101) * 1e3,
                            [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-310, 1e200]]).astype(dtype)
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.BlockCyclic(3),)))
    bits = np.uint64 if dtype == np.float64 else np.uint32
    with np.errstate(all="ignore"):
        for ours, reference in [(x ** 2, a ** 2), (x ** -1, a ** -1), (gg.pow(x[::2], 2), a[::2] ** 2)]:
            assert all_ranks(shard_matches(ours, reference, equal_nan=True))
            assert all_ranks(np.array_equal(np.asarray(ours).view(bits), reference.view(bits)))
        general = np.asarray(x ** 2.5)  # any other exponent: the general pow (NumPy's may differ in the last bit)
        assert all_ranks(np.allclose(general, a ** dtype(2.5), rtol=4 * np.finfo(dtype).eps, equal_nan=True))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sqrt_gives_numpys_bits(dtype):
    """sqrt (the hardware square root on the SIMD path, correctly rounded) has NumPy's bits exactly:
    negative inputs give NaN of NumPy's sign, -0.0 stays -0.0, infinities, denormals, NaN payloads; dense
    shards of lengths that end in a partial vector, and a strided layout."""
    with np.errstate(over="ignore"):
        specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, -np.nan, -1.0, -1e-310, 1e-310, 1e300, 4.0],
                            dtype=dtype)
    rng = np.random.default_rng(7)
    for n in (1, 5, 17, 1003):
        a = np.concatenate([rng.standard_normal(n).astype(dtype) * 1e3, specials])
        bits = np.uint64 if dtype == np.float64 else np.uint32
        with np.errstate(invalid="ignore"):
            expected = np.sqrt(a)
        for x in (gg.asarray(a), gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.BlockCyclic(3),)))):
            ours = gg.sqrt(x)
            assert all_ranks(shard_matches(ours, expected, equal_nan=True))
            assert all_ranks(np.array_equal(np.asarray(ours).view(bits), expected.view(bits)))


def test_broadcast_operands_over_long_and_short_rows_match_numpy():
    """A broadcast operand is read in place of a copy (stride-0 axes): a row, a column, both at once, a
    promoted integer row, and in place, over rows cut into several pieces and short rows many to a piece."""
    rng = np.random.default_rng(seed_of("broadcast rows", 0))
    for shape in ((3, 70001), (57, 301)):
        a = rng.standard_normal(shape)
        row, column = rng.standard_normal(shape[1]), rng.standard_normal((shape[0], 1))
        int_row = (rng.integers(-5, 6, size=shape[1]) / 4).astype(np.float32)
        for grid in (gg.default_grid(), GRID_2D):
            x = gg.asarray(a, distribution=layout(rng, shape, grid))
            r = gg.asarray(row, distribution=layout(rng, row.shape, grid))
            c = gg.asarray(column, distribution=layout(rng, column.shape, grid))
            assert_shard_and_whole(x + r, a + row)
            assert_shard_and_whole(r - x, row - a)
            assert_shard_and_whole(x * c, a * column)
            assert_shard_and_whole(c + r, column + row)
            assert_shard_and_whole(gg.asarray(int_row, distribution=layout(rng, row.shape, grid)) * x, int_row * a)
            y = gg.asarray(a, distribution=x.distribution)
            y += r
            assert_shard_and_whole(y, a + row)


def test_results_larger_than_the_caches_are_numpys():
    """Results of 8 MiB and more per rank are written past the cache (non-temporal stores of whole lines,
    src/kernels/streaming_store.hpp): the same values as NumPy's for every path that writes them (two
    arrays, an array and a scalar, a unary function, broadcast rows, in place), element sizes 1, 2, 8 and 16,
    rows starting anywhere in a cache line (1001 columns)."""
    rng = np.random.default_rng(seed_of("streaming stores", 0))
    per_rank = (9 << 20) // 8  # 9 MiB of float64 per rank
    n = per_rank * COMM.size + 3
    a, b = rng.standard_normal(n), rng.standard_normal(n)
    x, y = gg.asarray(a), gg.asarray(b)
    assert_shard_and_whole(x + y, a + b)
    assert_shard_and_whole(x * 2.5, a * 2.5)
    assert_shard_and_whole(1.0 - x, 1.0 - a)
    assert_shard_and_whole(gg.negative(x), np.negative(a))
    z = gg.asarray(a)
    z += y
    assert_shard_and_whole(z, a + b)
    small_a, small_b = rng.integers(-100, 100, 9 * n, dtype=np.int8), rng.integers(-100, 100, 9 * n, dtype=np.int8)
    assert_shard_and_whole(gg.asarray(small_a) < gg.asarray(small_b), small_a < small_b)
    shorts = rng.integers(-1000, 1000, 4 * n + 1, dtype=np.int16)
    assert_shard_and_whole(gg.asarray(shorts) + np.int16(7), shorts + np.int16(7))
    c = a[: n // 2] + 1j * b[: n // 2]
    assert_shard_and_whole(gg.asarray(c) * gg.asarray(c[::-1].copy()), c * c[::-1])
    m = rng.standard_normal((per_rank * COMM.size // 1001 + 1, 1001))
    row = rng.standard_normal(1001)
    assert_shard_and_whole(gg.asarray(m) + gg.asarray(row), m + row)
