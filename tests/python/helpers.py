"""Helpers for gingham's MPI tests: assertions that every rank agrees on."""

import numpy as np
from mpi4py import MPI

import gingham as gg

COMM = MPI.COMM_WORLD
DTYPES = [gg.bool, gg.int8, gg.int16, gg.int32, gg.int64, gg.uint8, gg.uint16, gg.uint32, gg.uint64,
          gg.float32, gg.float64, gg.complex64, gg.complex128]


def all_ranks(ok, comm=COMM):
    """Collective: True on every rank when ``ok`` holds on every rank (all ranks take the same branch)."""
    return comm.allreduce(bool(ok), op=MPI.LAND)


def raised_everywhere(function, comm=COMM):
    """Collective: the (type name, message) that ``function()`` raised on this rank, checked to be the same
    on every rank; None when it raised nowhere. Fails when ranks disagree."""
    try:
        function()
        outcome = None
    except Exception as error:  # noqa: BLE001
        outcome = (type(error).__name__, str(error))
    outcomes = comm.allgather(outcome)
    assert all(o == outcomes[0] for o in outcomes), f"ranks disagree: {outcomes}"
    return outcome


def shard_matches(x, expected, equal_nan=False):
    """Local: x's shard on this rank equals its part of ``expected`` (the serial reference); with ``equal_nan``,
    NaN matches NaN (the same places must hold NaN)."""
    expected = np.asarray(expected)
    if x.device.coords is None:
        return x.local.size == 0
    return np.array_equal(x.local, expected[np.ix_(*x.distribution.owned_indices())], equal_nan=equal_nan)


def assert_shard_and_whole(x, expected):
    """Collective: x's shard on every rank equals its part of ``expected``, and np.asarray(x) equals all of it."""
    expected = np.asarray(expected)
    assert all_ranks(shard_matches(x, expected)), f"rank {COMM.rank}: shard {x.local} differs from the reference"
    whole = np.asarray(x)
    assert all_ranks(whole.dtype == expected.dtype and np.array_equal(whole, expected)), f"{whole} != {expected}"


def assert_close_shard_and_whole(x, expected, rtol=0.0, atol=0.0):
    """Collective: like assert_shard_and_whole, for floating results within a tolerance (NaNs must match
    NaNs, infinities must match exactly). The dtypes must be equal."""
    expected = np.asarray(expected)
    assert all_ranks(x.dtype == expected.dtype), f"dtype {x.dtype}, expected {expected.dtype}"

    def close(actual, wanted):
        if actual.shape != wanted.shape:
            return False
        if actual.dtype.kind not in "fc":
            return np.array_equal(actual, wanted)
        return bool(np.all(np.isclose(actual, wanted, rtol=rtol, atol=atol, equal_nan=True)))

    part = expected[np.ix_(*x.distribution.owned_indices())] if x.device.coords is not None else None
    assert all_ranks(part is None or close(x.local, part)), f"rank {COMM.rank}: shard {x.local} != {part}"
    whole = np.asarray(x)
    assert all_ranks(close(whole, expected)), f"{whole} != {expected}"


def random_grid(rng, comm=COMM):
    """A grid of 1-3 axes over all ranks of ``comm`` or over its first ranks."""
    ndim = int(rng.integers(1, 4))
    if rng.integers(0, 2):
        return gg.ProcessGrid((0,) * ndim, comm=comm)
    dims, used = [], 1
    for _ in range(ndim):
        dims.append(int(rng.integers(1, comm.size // used + 1)))
        used *= dims[-1]
    return gg.ProcessGrid(tuple(dims), comm=comm)


def random_distribution(rng, shape, grid):
    """A random layout of ``shape`` on ``grid``: Block, Cyclic, BlockCyclic(1-3) with offsets, or None per
    axis, C or F local order."""
    axes, free = [], list(range(grid.ndim))
    for _ in shape:
        kind = int(rng.integers(0, 4)) if free else 3
        if kind == 3:
            axes.append(None)
            continue
        parts = grid.dims[free.pop(0)]
        offset = int(rng.integers(0, parts))
        axes.append([gg.Block(offset=offset), gg.Cyclic(offset=offset),
                     gg.BlockCyclic(int(rng.integers(1, 4)), offset=offset)][kind])
    return gg.Distribution(shape, axes=tuple(axes), grid=grid, local_order="CF"[int(rng.integers(0, 2))])


def random_key(rng, shape, new_axes=False):
    """A random basic index for ``shape``: per leading axis an integer or a slice (any step, bounds beyond
    the extent too); with ``new_axes``, None and ... mixed in."""
    key = []
    for n in shape[: int(rng.integers(0, len(shape) + 1))]:
        if n > 0 and rng.integers(0, 4) == 0:
            key.append(int(rng.integers(-n, n)))
        else:
            bound = lambda: None if rng.integers(0, 2) else int(rng.integers(-n - 1, n + 2))  # noqa: E731
            key.append(slice(bound(), bound(), int(rng.choice([-3, -2, -1, 1, 1, 2, 3]))))
    if new_axes:
        for _ in range(int(rng.integers(0, 3))):
            key.insert(int(rng.integers(0, len(key) + 1)), None)
        if rng.integers(0, 3) == 0:
            key.insert(int(rng.integers(0, len(key) + 1)), Ellipsis)
    return tuple(key)


def uniform_values(rng, dtype, shape):
    """Random values of ``dtype``, uniform in [-1, 1] (and i[-1, 1] for complex dtypes)."""
    dtype = np.dtype(dtype)
    data = rng.uniform(-1, 1, size=shape)
    if dtype.kind == "c":
        data = data + 1j * rng.uniform(-1, 1, size=shape)
    return data.astype(dtype)


def random_mixed_key(rng, shape, kinds, array_of):
    """A random key mixing integers, integer arrays and slices, as (the NumPy key, the gingham key): per
    axis, ``kinds`` says 0 an integer, 1 an integer array (``array_of(axis, extent)`` gives its host values
    and the key to pass, host or gingham), 2 a slice with random bounds and step, 3 a full slice."""
    host_key, key = [], []
    for axis, kind in enumerate(kinds):
        n = shape[axis]
        if kind == 0:
            i = int(rng.integers(-n, n))
            host_key.append(i), key.append(i)
        elif kind == 1:
            values, index = array_of(axis, n)
            host_key.append(values), key.append(index)
        else:
            step = int(rng.choice([-2, -1, 1, 2, 3])) if kind == 2 else 1
            start = int(rng.integers(-n, n)) if kind == 2 and rng.integers(0, 2) else None
            stop = int(rng.integers(-n, n + 1)) if kind == 2 and rng.integers(0, 2) else None
            host_key.append(slice(start, stop, step)), key.append(slice(start, stop, step))
    return host_key, key
