"""Halo exchange from Python: ghost cells against np.pad for periodic and non-periodic axes, star and box
stencils, 1-D to 3-D, and the split-phase begin/end."""

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere

import gingham as gg


def reference_padded(a, lower, upper, periodic):
    """The whole array with ghost cells around it: wrapped along periodic axes, 0 elsewhere."""
    padded = np.pad(a, [(lo, hi) if not p else (0, 0) for lo, hi, p in zip(lower, upper, periodic)])
    return np.pad(padded, [(lo, hi) if p else (0, 0) for lo, hi, p in zip(lower, upper, periodic)], mode="wrap")


def outside_count(shape, lower, upper):
    """For a shard of `shape` with ghost widths, how many axes each padded cell is outside the shard along."""
    count = np.zeros([n + lo + hi for n, lo, hi in zip(shape, lower, upper)], dtype=int)
    for axis, (n, lo, hi) in enumerate(zip(shape, lower, upper)):
        position = np.arange(n + lo + hi)
        outside = (position < lo) | (position >= n + lo)
        count += np.expand_dims(outside, [k for k in range(len(shape)) if k != axis]).astype(int)
    return count


def check(x, a, lower, upper, periodic, stencil):
    """Local: this rank's padded shard equals its window of the reference (star: corners stay 0)."""
    owned = x.distribution.owned_indices()
    if x.device.coords is None:
        return x.local_with_halo.size == 0
    if any(len(o) == 0 for o in owned):
        return not np.any(x.local_with_halo)  # empty shards get no ghost data
    window = tuple(slice(o[0], o[0] + len(o) + lo + hi) for o, lo, hi in zip(owned, lower, upper))
    expected = reference_padded(a, lower, upper, periodic)[window]
    if stencil == "star":
        expected = np.where(outside_count([len(o) for o in owned], lower, upper) > 1, 0, expected)
    return np.array_equal(x.local_with_halo, expected)


@pytest.mark.parametrize("seed", range(24))
def test_ghost_cells_match_np_pad(seed):
    rng = np.random.default_rng(seed)
    ndim = 1 + seed % 3
    grid = gg.ProcessGrid((0,) * ndim)
    shape = tuple(int(e) for e in rng.integers(1, 9 if ndim < 3 else 6, size=ndim))
    lower = tuple(int(w) for w in rng.integers(0, 3, size=ndim))
    upper = tuple(int(w) for w in rng.integers(0, 3, size=ndim))
    periodic = tuple(bool(p) for p in rng.integers(0, 2, size=ndim))
    stencil = ["box", "star"][seed % 2]
    a = rng.integers(1, 1000, size=shape)
    d = gg.Distribution(shape, grid=grid, local_order="CF"[int(rng.integers(0, 2))])
    x = gg.asarray(a, distribution=d, halo=gg.Halo(tuple(zip(lower, upper)), periodic=periodic, stencil=stencil))
    assert x.halo == (tuple(zip(lower, upper)) if any(lower) or any(upper) else None)
    assert all_ranks(np.array_equal(x.local, a[np.ix_(*d.owned_indices())]))
    x.exchange_halo()
    assert all_ranks(check(x, a, lower, upper, periodic, stencil))


def test_split_phase_overlaps_work_that_only_reads_the_interior():
    grid = gg.ProcessGrid((0,))
    a = np.arange(20.0)
    x = gg.asarray(a, distribution=gg.Distribution((20,), grid=grid), halo=gg.Halo(2, periodic=True))
    x.begin_halo_exchange()
    # Between begin and end the interior is read-only (the sends read it): compute from it, write elsewhere.
    doubled = 2.0 * x.local
    x.end_halo_exchange()
    (owned,) = x.distribution.owned_indices()
    assert all_ranks(np.array_equal(doubled, 2.0 * a[owned]))
    assert all_ranks(np.array_equal(x.local, a[owned]))  # the exchange left the interior alone
    padded = reference_padded(a, (2,), (2,), (True,))
    if len(owned):
        ghost = np.r_[x.local_with_halo[:2], x.local_with_halo[-2:]]
        expected = np.r_[padded[owned[0]:owned[0] + 2], padded[owned[-1] + 3:owned[-1] + 5]]
        assert all_ranks(np.array_equal(ghost, expected))
    else:
        assert all_ranks(True)
    x.local[...] += 1000.0  # after end the interior may be written, and the next exchange sends it
    x.exchange_halo()
    if len(owned):
        ghost = np.r_[x.local_with_halo[:2], x.local_with_halo[-2:]]
        assert all_ranks(np.array_equal(ghost, expected + 1000.0))
    else:
        assert all_ranks(True)


def test_zeros_with_a_halo_and_bad_halos():
    x = gg.zeros((6, 4), halo=1)
    assert x.local_with_halo.shape == tuple(n + 2 for n in x.local.shape) if x.device.coords else True
    cyclic = gg.Distribution((8,), axes=(gg.Cyclic(),))
    outcome = raised_everywhere(lambda: gg.zeros(8, distribution=cyclic, halo=1))
    if COMM.size > 1:
        assert outcome[0] == "ValueError" and "contiguous" in outcome[1], outcome
    assert raised_everywhere(lambda: gg.zeros(8, halo=gg.Halo((1, 1)))) [0] == "ValueError"
    assert raised_everywhere(lambda: gg.zeros(8, halo=gg.Halo(-1)))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.Halo(1, stencil="cross"))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.zeros(8, halo="wide"))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.zeros(8).end_halo_exchange())[0] == "RuntimeError"


@pytest.mark.parametrize("order", ["C", "F"])
def test_faces_of_several_mib_move_as_many_parts_in_both_phases(order):
    """Ghost faces larger than one part (1 MiB): the split-phase exchange posts every part at once, in place
    (C order: the faces are contiguous) or packed (F order), and end() unpacks them all."""
    a = np.arange(1200 * 700, dtype=np.float64).reshape(1200, 700)
    lower, upper, periodic = (200, 0), (200, 0), (True, False)
    d = gg.Distribution(a.shape, grid=gg.ProcessGrid((0, 1)), local_order=order)
    x = gg.asarray(a, distribution=d, halo=gg.Halo(tuple(zip(lower, upper)), periodic=periodic, stencil="box"))
    x.begin_halo_exchange()
    x.end_halo_exchange()
    assert all_ranks(check(x, a, lower, upper, periodic, "box"))
    x.local[...] += 1.0
    x.exchange_halo()
    assert all_ranks(check(x, a + 1.0, lower, upper, periodic, "box"))
