"""argsort of arrays large enough that the distributed argsort sends its buckets in several rounds (2^21
elements: 8 rounds at 1-2 ranks, 4 at 4), against NumPy's stable argsort: many ties across rounds and ranks,
NaNs and signed zeros, descending, inputs in Cyclic, BlockCyclic and 2-D-grid layouts (which it reads in
place), a permutation; and its peak memory per rank (the result included): under 2 local input shards (the
result, a byte per element and two rounds' 128-bit codes), where (key, index) pairs with a second copy of
them took 4."""

import pathlib
import sys

import numpy as np
import pytest
from helpers import COMM, assert_shard_and_whole

import gingham as gg

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "benchmarks"))
from memory import CacheOff, peak_extra_bytes  # noqa: E402 (the benchmarks' VmHWM helper)

N = 2 ** 21


def expected_order(a, descending):
    """NumPy's stable argsort; descending keeps equal elements in their original order."""
    if not descending:
        return np.argsort(a, kind="stable")
    return len(a) - 1 - np.flip(np.argsort(np.flip(a), kind="stable"))


@pytest.mark.parametrize("kind", ["few distinct int64", "float64 with NaN and zeros", "distinct uint64"])
@pytest.mark.parametrize("descending", [False, True])
def test_large_argsort_is_numpys_stable_order(kind, descending):
    rng = np.random.default_rng(2026 + len(kind))
    if kind == "few distinct int64":
        a = rng.integers(-3, 4, N)
    elif kind == "float64 with NaN and zeros":
        a = rng.integers(-5, 5, N).astype(np.float64)
        a[rng.integers(0, N, 1000)] = np.nan
        a[rng.integers(0, N, 1000)] = -0.0
    else:
        a = rng.integers(0, 2 ** 64 - 1, N, dtype=np.uint64, endpoint=True)
    assert_shard_and_whole(gg.argsort(gg.asarray(a), descending=descending), expected_order(a, descending))


@pytest.mark.parametrize("layout", ["cyclic", "block-cyclic", "2-D grid"])
def test_large_argsort_from_other_layouts_is_numpys_stable_order(layout):
    rng = np.random.default_rng(7 + len(layout))
    a = rng.integers(-40, 40, N).astype(np.float64)
    a[rng.integers(0, N, 500)] = np.nan
    a[: N // 8] = np.sort(a[: N // 8])  # a sorted stretch: one rank's elements crowd a few buckets
    grid = gg.ProcessGrid((0, 0)) if layout == "2-D grid" else gg.ProcessGrid((COMM.size,))
    axis = {"cyclic": gg.Cyclic(offset=1 % COMM.size), "block-cyclic": gg.BlockCyclic(1000, offset=COMM.size - 1),
            "2-D grid": gg.BlockCyclic(3)}[layout]
    x = gg.asarray(a, distribution=gg.Distribution((N,), axes=(axis,), grid=grid))
    for descending in (False, True):
        assert_shard_and_whole(gg.argsort(x, descending=descending), expected_order(a, descending))


def test_large_permutation_is_a_permutation():
    p = np.asarray(gg.random.default_rng(5).permutation(N))
    assert np.array_equal(np.sort(p), np.arange(N))


def test_argsort_peak_memory_is_about_two_local_shards():
    x = gg.random.default_rng(9).random(4 * N)  # 32 MiB of codes per rank at 4 ranks: not merged, given back
    local_bytes = 8 * x.local.shape[0] if x.local.shape else 8
    with CacheOff():  # freed memory goes back to the system, so what argsort needs is counted
        peak = peak_extra_bytes(lambda: gg.argsort(x))
    # The result, a byte per element and two rounds' codes (2 x 16 / 8 bytes per element): 1.63 shards, and
    # the buckets' imbalance and whole 2 MiB pages. Sorting every rank's codes first and exchanging them
    # after (as the sample sort of keys does) took 2.15-2.3 shards, and one rank's whole line of codes 2.02:
    # both fail this.
    assert peak <= 1.95 * local_bytes, f"rank {COMM.rank}: {peak} bytes for {local_bytes} bytes of input"
