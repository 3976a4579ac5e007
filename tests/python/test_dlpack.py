"""DLPack and the buffer protocol on shards: x.local shares memory with the distributed array both ways
through NumPy and PyTorch; x.__dlpack__ exports only an array held whole here; the standard's keywords."""

import numpy as np
import pytest
from helpers import COMM, all_ranks, assert_shard_and_whole, raised_everywhere

import gingham as gg

torch = pytest.importorskip("torch")  # Debian's python3-torch (installed by scripts/install-deps.sh)


def distributed():
    a = np.arange(24.0).reshape(6, 4)
    return a, gg.asarray(a, distribution=gg.Distribution((6, 4), (gg.BlockCyclic(2), None)))


def test_numpy_from_dlpack_shares_the_shard():
    a, x = distributed()
    view = np.from_dlpack(x.local)
    x.local[...] += 1  # writes through the array show in the imported view
    assert all_ranks(view.size == 0 or np.shares_memory(view, x.local))
    assert all_ranks(np.array_equal(view, x.local))
    assert x.local.__dlpack_device__() == (1, 0) and x.__dlpack_device__() == (1, 0)


def test_torch_from_dlpack_shares_the_shard_both_ways():
    a, x = distributed()
    t = torch.from_dlpack(x.local)
    t += 10  # writes through torch change the distributed array
    owned = a[np.ix_(*x.distribution.owned_indices())] + 10
    assert all_ranks(np.array_equal(x.local, owned))
    x.local[...] *= 2  # and writes through gingham show in the tensor
    assert all_ranks(np.array_equal(t.numpy(), owned * 2))
    assert_shard_and_whole(x, (a + 10) * 2)
    u = torch.from_dlpack(gg.asarray(np.arange(5, dtype=np.int32), distribution=gg.Distribution.replicated((5,))))
    assert u.dtype == torch.int32 and u.tolist() == [0, 1, 2, 3, 4]


def test_the_buffer_protocol():
    _, x = distributed()
    buffer = memoryview(x.local)
    assert buffer.format == "d" and buffer.readonly is False and buffer.shape == tuple(x.local.shape)


def test_dlpack_keywords():
    _, x = distributed()
    shard = x.local
    copied = np.from_dlpack(_Producer(shard, copy=True))
    shard[...] = -1
    assert all_ranks(copied.size == 0 or not np.shares_memory(copied, shard))
    for bad in ({"stream": 3}, {"dl_device": (2, 0)}):
        assert raised_everywhere(lambda: shard.__dlpack__(**bad))[0] == "BufferError"
    assert shard.__dlpack__(stream=None, max_version=(1, 0), dl_device=(1, 0), copy=False) is not None


def test_array_dlpack_only_when_held_whole():
    _, x = distributed()
    if COMM.size > 1:
        outcome = raised_everywhere(lambda: x.__dlpack__())
        assert outcome[0] == "BufferError" and "x.local" in outcome[1]
    whole = gg.asarray(np.arange(6.0), distribution=gg.Distribution.replicated((6,)))
    assert all_ranks(np.array_equal(np.from_dlpack(whole), np.arange(6.0)))


class _Producer:
    """Passes keywords through to a shard's __dlpack__ (np.from_dlpack calls it without them)."""

    def __init__(self, shard, **keywords):
        self.shard, self.keywords = shard, keywords

    def __dlpack__(self, stream=None):
        return self.shard.__dlpack__(stream=stream, **self.keywords)

    def __dlpack_device__(self):
        return self.shard.__dlpack_device__()
