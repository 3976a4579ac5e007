"""Aliasing (issue 12, item 4): a plan executed into its own input, or into an array sharing its memory
(another array over the same shards), reads the values the input had before; so does an in-place
elementwise operator whose operand shares memory with its target. Reversal, transpose and shift plans in
every layout family, with out=x and out=a view of x, against NumPy."""

import numpy as np
import pytest
from helpers import COMM, assert_shard_and_whole

import gingham as gg

N = 7  # odd: uneven shards at 2, 3 and 4 ranks


def _grid_1d():
    return gg.ProcessGrid((COMM.size,))


def _families(grid):
    """One layout per family along a 1-D grid axis: Block, Cyclic, BlockCyclic (with an offset), and not
    distributed (None: every rank holds the axis whole)."""
    return {"block": gg.Block(), "cyclic": gg.Cyclic(), "block_cyclic": gg.BlockCyclic(2),
            "block_cyclic_offset": gg.BlockCyclic(3, offset=min(1, grid.dims[0] - 1)), "replicated": None}


FAMILIES = ["block", "cyclic", "block_cyclic", "block_cyclic_offset", "replicated"]
DTYPES = [np.float64, np.int8, np.complex128]


def _values(shape, dtype):
    """-3, -1.5, 0, 1.5, ... (integers: -3, -2, ...; complex: with imaginary parts)."""
    a = np.arange(np.prod(shape, dtype=int)).reshape(shape) - 3
    kind = np.dtype(dtype).kind
    return (a if kind == "i" else a * 1.5 + (1j * a if kind == "c" else 0)).astype(dtype)


def _view_of(x):
    """Another array over x's shards (zero copy), in x's layout."""
    return gg.from_local(x.local, distribution=x.distribution)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("into", ["itself", "view"])
def test_reversal_plan_into_its_own_input(family, dtype, into):
    grid = _grid_1d()
    layout = gg.Distribution((N,), axes=(_families(grid)[family],), grid=grid)
    a = _values((N,), dtype)
    x = gg.asarray(a, distribution=layout)
    plan = gg.RedistributionPlan(layout, layout, key=(slice(None, None, -1),))
    out = x if into == "itself" else _view_of(x)
    assert plan(x, out=out) is out
    assert_shard_and_whole(out, a[::-1])
    assert_shard_and_whole(x, a[::-1])  # the same memory


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("into", ["itself", "view"])
def test_transpose_plan_into_its_own_input(family, order, into):
    grid = gg.ProcessGrid((0, 0))  # 2x2 at 4 ranks: both axes distributed
    spec = _families(gg.ProcessGrid((grid.dims[0],)))[family]
    other = None if spec is None else gg.Block()
    layout = gg.Distribution((N, N), axes=(spec, other), grid=grid, local_order=order)
    a = _values((N, N), np.float64)
    x = gg.asarray(a, distribution=layout)
    plan = gg.RedistributionPlan(layout, layout, axes=(1, 0))
    out = x if into == "itself" else _view_of(x)
    plan(x, out=out)
    assert_shard_and_whole(out, a.T)


@pytest.mark.parametrize("family", ["block", "cyclic", "block_cyclic"])
def test_shift_plan_into_a_view_of_its_input(family):
    """A plan that moves every element to the next rank's shard (the layout shifted by one part), into an
    array over the same shards in the shifted layout."""
    grid = _grid_1d()
    n = 4 * COMM.size  # every rank holds the same number of elements in both layouts
    spec = {"block": gg.Block, "cyclic": gg.Cyclic, "block_cyclic": lambda **k: gg.BlockCyclic(2, **k)}[family]
    source = gg.Distribution((n,), axes=(spec(),), grid=grid)
    target = gg.Distribution((n,), axes=(spec(offset=1 % COMM.size),), grid=grid)
    a = _values((n,), np.float64)
    x = gg.asarray(a, distribution=source)
    shifted = gg.from_local(x.local, distribution=target)
    gg.RedistributionPlan(source, target)(x, out=shifted)
    assert_shard_and_whole(shifted, a)


def test_reversal_plan_of_the_issue():
    """The reproducer: a reversing plan turned [-3, -1.5] into [-1.5, -1.5]."""
    x = gg.asarray(np.array([-3.0, -1.5]))
    plan = gg.RedistributionPlan(x.distribution, x.distribution, key=(slice(None, None, -1),))
    plan(x, out=x)
    assert_shard_and_whole(x, np.array([-1.5, -3.0]))


@pytest.mark.parametrize("family", ["block", "cyclic", "replicated"])
def test_in_place_operator_with_an_operand_over_the_same_memory(family):
    """y += z where y and z are two arrays over one buffer, z being y shifted by one row on each rank: z
    must be read as it was before y changes (from a copy), as NumPy does for overlapping operands."""
    grid = _grid_1d()
    spec = _families(grid)[family]
    buffer_layout = gg.Distribution((4 * COMM.size, 3), axes=(spec, None), grid=grid)  # 4 rows per rank
    part = gg.Distribution((3 * COMM.size, 3), axes=(spec, None), grid=grid)  # 3 rows per rank
    if spec is None:
        buffer_layout = gg.Distribution((part.shape[0] + 1, 3), axes=(None, None), grid=grid)
    base = gg.asarray(_values(buffer_layout.shape, np.float64), distribution=buffer_layout)
    y, z = gg.from_local(base.local[:-1], distribution=part), gg.from_local(base.local[1:], distribution=part)
    before_y, before_z = np.asarray(y), np.asarray(z)
    y += z
    assert_shard_and_whole(y, before_y + before_z)
    before_y, before_z = np.asarray(y), np.asarray(z)
    z -= y  # the other way round: the target after the operand in memory
    assert_shard_and_whole(z, before_z - before_y)
