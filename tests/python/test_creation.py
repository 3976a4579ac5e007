"""The 16 creation functions and from_local against NumPy: every dtype, random layouts (distribution=),
the default layout rule, devices, and bad input raising the same error on every rank."""

import zlib

import numpy as np
import pytest
from helpers import (COMM, DTYPES, all_ranks, assert_close_shard_and_whole, assert_shard_and_whole,
                     raised_everywhere, random_distribution)

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


def rng_for(*parts):
    return np.random.default_rng(zlib.crc32(repr(parts).encode()))


def one_of(dtype):
    return True if dtype.kind == "b" else 1


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_zeros_ones_full_empty_in_random_layouts(dtype):
    rng = rng_for("fill", dtype)
    for _ in range(3):
        shape = tuple(int(e) for e in rng.integers(0, 6, size=int(rng.integers(0, 4))))
        layout = random_distribution(rng, shape, GRID_2D)
        assert_shard_and_whole(gg.zeros(shape, dtype=dtype, distribution=layout), np.zeros(shape, dtype))
        assert_shard_and_whole(gg.ones(shape, dtype=dtype, distribution=layout), np.ones(shape, dtype))
        value = {"b": True, "i": -3, "u": 7, "f": 2.5, "c": 1 - 2j}[dtype.kind]
        x = gg.full(shape, value, dtype=dtype, distribution=layout)
        assert_shard_and_whole(x, np.full(shape, value, dtype))
        e = gg.empty(shape, dtype=dtype, distribution=layout)
        assert all_ranks(e.shape == shape and e.dtype == dtype and e.distribution == layout)
        for like, reference in ((gg.zeros_like(x), np.zeros(shape, dtype)), (gg.ones_like(x), np.ones(shape, dtype)),
                                (gg.full_like(x, value), np.full(shape, value, dtype))):
            assert all_ranks(like.distribution == layout)
            assert_shard_and_whole(like, reference)
        assert all_ranks(gg.empty_like(x).distribution == layout)


def test_default_dtypes_and_layout():
    assert gg.zeros(3).dtype == gg.float64 and gg.ones((2, 2)).dtype == gg.float64
    assert gg.full(3, True).dtype == gg.bool and gg.full(3, 7).dtype == gg.int64
    assert gg.full(3, 1.5).dtype == gg.float64 and gg.full(3, 2j).dtype == gg.complex128
    x = gg.zeros((5, 4, 3), device=GRID_2D)
    assert x.distribution.axes == (gg.Block(), gg.Block(), None) and x.distribution.local_order == "C"
    assert gg.zeros((5,), device=GRID_2D).distribution.axes == (gg.Block(),)
    assert gg.zeros(()).distribution.axes == ()
    assert all_ranks(gg.ones_like(x, dtype=gg.int8).dtype == gg.int8)


def test_full_rejects_values_that_do_not_fit():
    assert raised_everywhere(lambda: gg.full(3, 1.5, dtype=gg.int32))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.full(3, 300, dtype=gg.uint8))[0] == "OverflowError"
    assert raised_everywhere(lambda: gg.full(3, 1j, dtype=gg.float64))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.full(3, "x"))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.zeros((2, -1)))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.zeros(3, dtype="float16"))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.zeros((3,), distribution=gg.Distribution((4,))))[0] == "ValueError"


ARANGES = [(5,), (0,), (-3,), (2, 11), (2, 11, 3), (10, 2, -3), (0.5, 3.0, 0.25), (1.0, -1.0, -0.3), (3, 2, 1),
           (-(2**40), 2**40, 2**37)]


@pytest.mark.parametrize("arguments", ARANGES, ids=str)
@pytest.mark.parametrize("dtype", [None, gg.int16, gg.uint32, gg.int64, gg.float32, gg.float64], ids=str)
def test_arange(arguments, dtype):
    integral = all(isinstance(a, int) for a in arguments)
    if dtype is not None and dtype.kind in "iu":
        if not integral:
            assert raised_everywhere(lambda: gg.arange(*arguments, dtype=dtype))[0] == "TypeError"
            return
        info = np.iinfo(dtype)
        expected = np.arange(*arguments, dtype=np.int64)
        if expected.size and (expected.min() < info.min or expected.max() > info.max):
            return
    expected = np.arange(*arguments, dtype=dtype)
    rng = rng_for("arange", arguments, dtype)
    layout = random_distribution(rng, expected.shape, gg.default_grid())
    x = gg.arange(*arguments, dtype=dtype, distribution=layout)
    assert_close_shard_and_whole(x, expected, rtol=1e-6 if dtype == gg.float32 else 1e-15)


def test_arange_errors():
    assert raised_everywhere(lambda: gg.arange(1, 5, 0))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.arange(3, dtype=gg.bool))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.arange(3, dtype=gg.complex64))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.arange(0.0, float("inf")))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.arange(True))[0] == "TypeError"


@pytest.mark.parametrize("num", [0, 1, 2, 7, 50])
@pytest.mark.parametrize("endpoint", [True, False])
@pytest.mark.parametrize("dtype", [None, gg.float32, gg.float64, gg.complex64, gg.complex128], ids=str)
def test_linspace(num, endpoint, dtype):
    start, stop = (-1.5, 4.0) if dtype is None or dtype.kind == "f" else (1 - 1j, -2 + 3j)
    expected = np.linspace(start, stop, num, endpoint=endpoint, dtype=dtype)
    layout = random_distribution(rng_for("linspace", num, endpoint, dtype), (num,), gg.default_grid())
    x = gg.linspace(start, stop, num, endpoint=endpoint, dtype=dtype, distribution=layout)
    tolerance = 1e-6 if x.dtype in (gg.float32, gg.complex64) else 1e-15
    assert_close_shard_and_whole(x, expected, rtol=tolerance, atol=tolerance)
    if num > 1 and endpoint:
        assert all_ranks(np.asarray(x)[-1] == np.asarray(stop, x.dtype))


def test_linspace_errors():
    assert raised_everywhere(lambda: gg.linspace(0, 1, 5, dtype=gg.int32))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.linspace(0, 1j, 5, dtype=gg.float64))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.linspace(0, 1, -1))[0] == "ValueError"


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_eye_tril_triu(dtype):
    rng = rng_for("eye", dtype)
    for n_rows, n_cols, k in ((4, None, 0), (3, 6, 2), (6, 3, -1), (5, 5, 9), (0, 3, 0)):
        shape = (n_rows, n_rows if n_cols is None else n_cols)
        layout = random_distribution(rng, shape, GRID_2D)
        assert_shard_and_whole(gg.eye(n_rows, n_cols, k=k, dtype=dtype, distribution=layout),
                               np.eye(n_rows, n_cols, k=k, dtype=dtype))
    for shape in ((5, 7), (2, 3, 4), (4, 1)):
        a = (rng.integers(1, 50, size=shape)).astype(dtype)
        x = gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))
        for k in (-2, 0, 1, 3):
            assert_shard_and_whole(gg.tril(x, k=k), np.tril(a, k=k))
            assert_shard_and_whole(gg.triu(x, k=k), np.triu(a, k=k))
    assert raised_everywhere(lambda: gg.tril(gg.zeros(3)))[0] == "ValueError"


@pytest.mark.parametrize("indexing", ["xy", "ij"])
def test_meshgrid(indexing):
    rng = rng_for("meshgrid", indexing)
    inputs = [np.arange(n, dtype=np.float64) * (k + 1) for k, n in enumerate((3, 5, 2))]
    for count in (1, 2, 3):
        arrays = [gg.asarray(a, distribution=random_distribution(rng, a.shape, GRID_2D)) for a in inputs[:count]]
        outputs = gg.meshgrid(*arrays, indexing=indexing)
        for got, expected in zip(outputs, np.meshgrid(*inputs[:count], indexing=indexing)):
            assert_shard_and_whole(got, expected)
    assert gg.meshgrid() == ()
    assert raised_everywhere(lambda: gg.meshgrid(gg.zeros((2, 2))))[0] == "ValueError"


def test_asarray_from_sequences_scalars_buffers_and_arrays():
    assert_shard_and_whole(gg.asarray([[1, 2], [3, 4]]), np.array([[1, 2], [3, 4]]))
    assert_shard_and_whole(gg.asarray(3.5), np.asarray(3.5))
    assert_shard_and_whole(gg.asarray(True), np.asarray(True))
    assert_shard_and_whole(gg.asarray(memoryview(np.arange(4, dtype=np.int16))), np.arange(4, dtype=np.int16))
    assert_shard_and_whole(gg.asarray([1, 2], dtype=gg.float32), np.array([1, 2], np.float32))
    x = gg.asarray(np.arange(6.0))
    assert gg.asarray(x) is x and gg.asarray(x, copy=True) is not x
    assert_shard_and_whole(gg.asarray(x, dtype=gg.int32), np.arange(6, dtype=np.int32))
    assert raised_everywhere(lambda: gg.asarray(x, dtype=gg.int32, copy=False))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.asarray(["a", "b"]))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.asarray([1.0], copy=False))[0] == "ValueError"


def test_from_local_is_zero_copy_and_checks_shapes_everywhere():
    layout = gg.Distribution((7, 3), (gg.BlockCyclic(2), None), grid=gg.default_grid())
    expected = np.arange(21.0).reshape(7, 3)
    shard = np.ascontiguousarray(expected[np.ix_(*layout.owned_indices())])
    x = gg.from_local(shard, distribution=layout)
    assert_shard_and_whole(x, expected)
    shard += 1  # the array is the shard: writes show through
    assert_shard_and_whole(x, expected + 1)
    wrong = np.zeros((shard.shape[0] + 1, 3)) if COMM.rank == COMM.size - 1 else shard  # one rank is wrong
    outcome = raised_everywhere(lambda: gg.from_local(wrong, distribution=layout))
    assert outcome is not None and outcome[0] == "ValueError" and "expected a shard of shape" in outcome[1]
    dtype = np.float32 if COMM.rank == 0 and COMM.size > 1 else np.float64
    mixed = raised_everywhere(lambda: gg.from_local(shard.astype(dtype), distribution=layout))
    assert (mixed is None) == (COMM.size == 1)


def test_from_dlpack_of_host_data():
    a = np.arange(12, dtype=np.int32).reshape(3, 4)
    replicated = gg.Distribution.replicated((3, 4))
    x = gg.from_dlpack(a, distribution=replicated)
    assert_shard_and_whole(x, a)
    a[0, 0] = 100  # zero copy: every rank's shard is its own `a`
    assert all_ranks(x.local[0, 0] == 100)
    y = gg.from_dlpack(a)
    assert_shard_and_whole(y, a)
    if COMM.size > 1:
        assert raised_everywhere(lambda: gg.from_dlpack(a, copy=False))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.from_dlpack([1, 2]))[0] == "TypeError"
    assert gg.from_dlpack(x) is x


def test_creation_on_a_sub_communicator_while_other_ranks_do_other_work():
    from mpi4py import MPI

    color = 0 if COMM.rank < max(1, COMM.size - 1) else 1
    sub = COMM.Split(color, COMM.rank)
    try:
        if color == 0:  # the other rank (if any) does something else meanwhile
            grid = gg.ProcessGrid(comm=sub)
            x = gg.arange(10.0, device=grid)
            assert float(gg.sum(x * x)) == float(np.sum(np.arange(10.0) ** 2))
            assert_shard_and_whole_sub(x, np.arange(10.0), sub)
        else:
            assert gg.ProcessGrid(comm=MPI.COMM_SELF).size == 1
    finally:
        sub.Free()


def assert_shard_and_whole_sub(x, expected, comm):
    whole = np.asarray(x)
    assert all_ranks(np.array_equal(whole, expected), comm)
