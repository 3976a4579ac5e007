"""Helpers shared by the file tests (.npy and HDF5): a directory every rank sees, reproducible values of
any dtype, and one named layout of each kind the issue lists (those that fit the rank count)."""

import pathlib
import resource
import shutil
import signal
import tempfile

import numpy as np
import pytest
from helpers import COMM, raised_everywhere

import gingham as gg

SIZE = COMM.size


@pytest.fixture
def shared_dir():
    """A fresh directory every rank sees (rank 0 makes it and shares its name), removed afterwards."""
    path = tempfile.mkdtemp(prefix="gingham-io-") if COMM.rank == 0 else None
    path = pathlib.Path(COMM.bcast(path, root=0))
    yield path
    COMM.barrier()
    if COMM.rank == 0:
        shutil.rmtree(path)


def values(shape, dtype, seed=0):
    dtype = np.dtype(dtype)
    if not dtype.isnative:
        return values(shape, dtype.newbyteorder("="), seed).astype(dtype)
    rng = np.random.default_rng(seed)
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)
    a = rng.standard_normal(size=shape) * 1e3
    if dtype.kind == "c":
        a = a + 1j * rng.standard_normal(size=shape)
    return np.asarray(a).astype(dtype)


def layouts(shape):
    """Named layouts of ``shape`` over the world: one per kind the brief lists (those that fit the rank count)."""
    world = gg.ProcessGrid()
    out = {"default": None, "replicated": gg.Distribution(shape, (None,) * len(shape), grid=world)}
    if len(shape) >= 1:
        rest = (None,) * (len(shape) - 1)
        out["block"] = gg.Distribution(shape, (gg.Block(),) + rest, grid=world)
        out["cyclic"] = gg.Distribution(shape, (gg.Cyclic(offset=SIZE - 1),) + rest, grid=world)
        out["block_cyclic"] = gg.Distribution(shape, (gg.BlockCyclic(3),) + rest, grid=world, local_order="F")
        sub = gg.ProcessGrid((max(1, SIZE - 1),))
        out["sub_grid"] = gg.Distribution(shape, (gg.BlockCyclic(2),) + rest, grid=sub)
    if len(shape) >= 2:
        rows = 2 if SIZE % 2 == 0 else 1
        grid = gg.ProcessGrid((rows, SIZE // rows))
        rest = (None,) * (len(shape) - 2)
        out["grid_2d"] = gg.Distribution(shape, (gg.BlockCyclic(2), gg.Cyclic()) + rest, grid=grid)
        out["grid_2d_swapped"] = gg.Distribution(shape, (gg.Block(), gg.BlockCyclic(3)) + rest, grid=grid,
                                                 grid_axes=(1, 0) + (None,) * (len(shape) - 2), local_order="F")
        out["copies_on_a_grid_axis"] = gg.Distribution(shape, (None, gg.Cyclic()) + rest, grid=grid)
    return out


SHAPES = [(), (0,), (1,), (13,), (5, 7), (0, 4), (3, 1, 4)]


def raised_past_a_file_size_limit(function, limit=1 << 20):
    """Collective: what ``function()`` raised (see raised_everywhere) while files may not grow past ``limit``
    bytes (RLIMIT_FSIZE; SIGXFSZ ignored, so writes past it fail with EFBIG)."""
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, old_limit[1]))
    try:
        return raised_everywhere(function)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)

