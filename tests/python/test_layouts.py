"""gg.Distribution and the per-axis layouts: owned indices against an independent block-cyclic formula."""

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere

import gingham as gg


def reference_owned(n, parts, nb, first, part):
    """The global indices that ScaLAPACK's block-cyclic layout gives process ``part``, in local order."""
    return [i for i in range(n) if (i // nb + first) % parts == part]


def random_spec(rng, parts):
    """A random axis layout and a function giving its block size for n elements over ``parts``."""
    offset = int(rng.integers(0, parts))
    kind = rng.integers(0, 4)
    if kind == 0:
        return gg.Block(offset=offset), (lambda n, p: max(1, -(-n // p))), offset
    if kind == 1:
        return gg.Cyclic(offset=offset), (lambda n, p: 1), offset
    if kind == 2:
        nb = int(rng.integers(1, 5))
        return gg.BlockCyclic(nb, offset=offset), (lambda n, p: nb), offset
    return None, None, 0


@pytest.mark.parametrize("seed", range(20))
def test_owned_indices_follow_the_block_cyclic_formula(seed):
    rng = np.random.default_rng(seed)
    grid = gg.ProcessGrid((0, 0))
    shape = tuple(int(e) for e in rng.integers(0, 12, size=2))
    specs = [random_spec(rng, grid.dims[k]) for k in range(2)]
    d = gg.Distribution(shape, axes=tuple(s for s, _, _ in specs), grid=grid, local_order="CF"[seed % 2])
    owned = d.owned_indices()
    for k, (spec, nb, offset) in enumerate(specs):
        if spec is None:
            expected = list(range(shape[k]))
        else:
            g = d.grid_axes[k]
            expected = reference_owned(shape[k], grid.dims[g], nb(shape[k], grid.dims[g]), offset, grid.coords[g])
        assert all_ranks(list(owned[k]) == expected), (k, list(owned[k]), expected)
    assert d.local_shape == tuple(len(o) for o in owned)
    a = np.arange(int(np.prod(shape))).reshape(shape)
    x = gg.asarray(a, distribution=d)
    assert all_ranks(np.array_equal(x.local, a[np.ix_(*owned)]))
    assert x.local.flags["C_CONTIGUOUS" if d.local_order == "C" else "F_CONTIGUOUS"]


def test_attributes_equality_and_repr():
    grid = gg.ProcessGrid((0, 0))
    d = gg.Distribution((8, 6), axes=(gg.BlockCyclic(64), gg.Block()), grid=grid)
    assert d.shape == (8, 6) and d.ndim == 2 and d.grid is grid and d.grid_axes == (0, 1)
    assert repr(d) == f"gingham.Distribution(shape=(8, 6), axes=(BlockCyclic(64), Block()), grid={grid.dims})"
    assert d == gg.Distribution((8, 6), axes=(gg.BlockCyclic(64), gg.Block()), grid=grid)
    assert d != gg.Distribution((8, 6), axes=(gg.BlockCyclic(64), gg.Block()), grid=grid, local_order="F")
    r = gg.Distribution.replicated((8, 6), grid=grid)
    assert r.is_replicated and r.local_shape == (8, 6) and r.axes == (None, None)
    t = gg.Distribution((8, 6), axes=(gg.Block(), gg.Cyclic()), grid=grid, grid_axes=(1, 0))
    assert t.grid_axes == (1, 0) and t.owner((7, 5)) == (5 % grid.dims[0], (7 // -(-8 // grid.dims[1])))
    default = gg.Distribution((10,))
    assert default.axes == (gg.Block(),) and default.grid is gg.default_grid()
    assert gg.Distribution((4, 4), axes=(gg.BlockCyclic(2), gg.BlockCyclic(2)), grid=grid,
                           local_order="F").is_scalapack_compatible
    assert d.is_scalapack_compatible  # row-major: ScaLAPACK reads it as the transpose
    assert not gg.Distribution((8,), grid=grid).is_scalapack_compatible
    copies = gg.Distribution((8, 6), axes=(gg.Block(), None), grid=grid)
    assert copies.is_scalapack_compatible == (grid.dims[1] == 1)


def test_the_default_layout_is_what_linalg_reads_in_place():
    """The one ScaLAPACK rule: the default layout of a matrix, which linalg reads in place, is compatible."""
    x = gg.zeros((8, 8))
    assert x.distribution.is_scalapack_compatible


BAD = [
    (lambda: gg.BlockCyclic(0), "ValueError", "block_size"),
    (lambda: gg.Block(offset=-1), "ValueError", "offset"),
    (lambda: gg.BlockCyclic(2.5), "TypeError", "integer"),
    (lambda: gg.Distribution((4, 4), axes=(gg.Block(),)), "ValueError", "one axis layout per axis"),
    (lambda: gg.Distribution((4, 4), axes=(gg.Block(), gg.Block())), "ValueError", "grid axes"),
    (lambda: gg.Distribution((4,), axes=(gg.Cyclic(offset=COMM.size),)), "ValueError", "offset"),
    (lambda: gg.Distribution((4,), axes=("block",)), "TypeError", "Block()"),
    (lambda: gg.Distribution((-4,)), "ValueError", "non-negative"),
    (lambda: gg.Distribution((4,), local_order="K"), "ValueError", "local_order"),
    (lambda: gg.Distribution((4,), grid="world"), "TypeError", "ProcessGrid"),
    (lambda: gg.ProcessGrid((COMM.size + 1,)), "ValueError", "needs"),
]


@pytest.mark.parametrize("call, error, words", BAD)
def test_bad_layouts_raise_the_same_exception_on_every_rank(call, error, words):
    outcome = raised_everywhere(call)
    assert outcome is not None and outcome[0] == error and words in outcome[1], outcome
