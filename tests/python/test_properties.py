"""Property-based tests (Debian's python3-hypothesis): random shapes, dtypes, layouts and values; every
result equals NumPy's on the same data. ``derandomize=True`` makes every rank draw the same examples
(the seed comes from the test itself), and every assertion is agreed across ranks, so all ranks take
the same path through generation and shrinking and no rank is left waiting in a collective."""

import warnings

import numpy as np
from helpers import DTYPES, all_ranks, assert_close_shard_and_whole, assert_shard_and_whole, raised_everywhere
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))
SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=30,
                    suppress_health_check=list(HealthCheck))

shapes = st.lists(st.integers(0, 5), min_size=0, max_size=3).map(tuple)
numeric_dtypes = st.sampled_from([d for d in DTYPES if d.kind in "iufc"])
real_float_dtypes = st.sampled_from([gg.float32, gg.float64])


@st.composite
def layouts(draw, shape):
    """A layout of ``shape`` on the default 1-D grid or the 2-D grid: Block, Cyclic, BlockCyclic or None
    per axis (at most one axis per grid axis), random offsets, either storage order."""
    grid = draw(st.sampled_from([gg.default_grid(), GRID_2D]))
    axes, free = [], list(range(grid.ndim))
    for _ in shape:
        kind = draw(st.integers(0, 3)) if free else 3
        if kind == 3:
            axes.append(None)
            continue
        parts = grid.dims[free.pop(0)]
        offset = draw(st.integers(0, parts - 1))
        axes.append([gg.Block(offset=offset), gg.Cyclic(offset=offset),
                     gg.BlockCyclic(draw(st.integers(1, 3)), offset=offset)][kind])
    return gg.Distribution(shape, tuple(axes), grid=grid, local_order=draw(st.sampled_from("CF")))


def values(draw, shape, dtype):
    """Random values of dtype; integers kept small so products stay exact, floats in [-8, 8]."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(max(int(info.min), -50), min(int(info.max), 50) + 1, size=shape).astype(dtype)
    real = rng.uniform(-8, 8, size=shape)
    return (real + 1j * rng.uniform(-8, 8, size=shape) if dtype.kind == "c" else real).astype(dtype)


def on_grid(grid, distribution):
    """The distribution moved to ``grid`` (operands of one operation share a grid)."""
    if distribution.grid == grid:
        return distribution
    return gg.Distribution(distribution.shape, grid=grid)


@SETTINGS
@given(data=st.data(), shape=shapes, dtype=numeric_dtypes)
def test_arithmetic_matches_numpy(data, shape, dtype):
    first = data.draw(layouts(shape))
    second = on_grid(first.grid, data.draw(layouts(shape)))
    a, b = values(data.draw, shape, dtype), values(data.draw, shape, dtype)
    x, y = gg.asarray(a, distribution=first), gg.asarray(b, distribution=second)
    assert_shard_and_whole(x + y, (a + b).astype(dtype))
    assert_shard_and_whole(x - y, (a - b).astype(dtype))
    assert_shard_and_whole(x * y, (a * b).astype(dtype))
    assert_shard_and_whole(x == y, a == b)


@SETTINGS
@given(data=st.data(), shape=shapes.filter(lambda s: len(s) > 0), dtype=real_float_dtypes)
def test_broadcasting_any_suffix_against_any_layout(data, shape, dtype):
    start = data.draw(st.integers(0, len(shape)))
    other = tuple(1 if data.draw(st.booleans()) else e for e in shape[start:])
    first = data.draw(layouts(shape))
    second = on_grid(first.grid, data.draw(layouts(other)))
    a, b = values(data.draw, shape, dtype), values(data.draw, other, dtype)
    x, y = gg.asarray(a, distribution=first), gg.asarray(b, distribution=second)
    with np.errstate(all="ignore"):
        expected = np.divide(b, a)
    tolerance = 1e-6 if dtype == gg.float32 else 1e-15
    assert_close_shard_and_whole(gg.divide(y, x), expected, tolerance, 0)


@SETTINGS
@given(data=st.data(), shape=shapes, dtype=real_float_dtypes,
       name=st.sampled_from(["exp", "sin", "tanh", "log1p", "sqrt", "atan", "expm1", "abs"]))
def test_unary_functions_match_numpy(data, shape, dtype, name):
    a = values(data.draw, shape, dtype)
    x = gg.asarray(a, distribution=data.draw(layouts(shape)))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        expected = getattr(np, {"atan": "arctan"}.get(name, name))(a)
    eps = float(np.finfo(dtype).eps)
    assert_close_shard_and_whole(getattr(gg, name)(x), expected, 8 * eps, 8 * eps)


@SETTINGS
@given(data=st.data(), shape=shapes, source=st.sampled_from(DTYPES), target=st.sampled_from(DTYPES))
def test_promotion_and_astype(data, shape, source, target):
    a = values(data.draw, shape, source)
    x = gg.asarray(a, distribution=data.draw(layouts(shape)))
    if source.kind in "fc" and target.kind in "iub":
        a = np.trunc(a.real) if target.kind != "b" else a
        if target.kind == "u":
            a = np.abs(a)
        x = gg.asarray(a.astype(source), distribution=x.distribution)
    expected = (a.real if source.kind == "c" and target.kind != "c" else a).astype(target)
    assert_shard_and_whole(gg.astype(x, target), expected)
    y = gg.asarray(values(data.draw, shape, target), distribution=on_grid(x.device, data.draw(layouts(shape))))
    outcome = raised_everywhere(lambda: gg.result_type(x, y))
    category = {"b": 0, "i": 1, "u": 1, "f": 2, "c": 2}
    allowed = category[source.kind] == category[target.kind] and not (
        {source.kind, target.kind} == {"i", "u"} and gg.uint64 in (source, target))
    assert (outcome is None) == allowed


@SETTINGS
@given(data=st.data(), shape=shapes)
def test_redistribution_round_trip(data, shape):
    a = values(data.draw, shape, np.dtype(np.int32))
    first = data.draw(layouts(shape))
    second = on_grid(first.grid, data.draw(layouts(shape)))
    x = gg.asarray(a, distribution=first)
    y = gg.redistribute(x, second)
    assert all_ranks(y.distribution == second)
    assert_shard_and_whole(gg.redistribute(y, first), a)
