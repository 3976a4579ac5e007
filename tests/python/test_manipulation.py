"""Manipulation functions built on the redistribution engine against NumPy on random layouts at 1-4 ranks:
permute_dims, moveaxis, flip, squeeze, expand_dims, broadcast_to/arrays/shapes, matrix_transpose, concat,
stack, roll, tile, repeat (one count, and per-element counts from host, replicated and distributed arrays),
reshape."""

import zlib

import numpy as np
import pytest
from helpers import COMM, DTYPES, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


def random_array(trial, min_ndim=0, max_ndim=3, extent=(0, 6)):
    rng = np.random.default_rng(zlib.crc32(f"manipulation {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(extent[0], extent[1], size=int(rng.integers(min_ndim, max_ndim + 1))))
    dtype = DTYPES[trial % len(DTYPES)]
    a = rng.integers(-40, 40, size=shape).astype(dtype)
    return rng, a, gg.asarray(a, distribution=random_distribution(rng, shape, GRID_2D))


@pytest.mark.parametrize("trial", range(20))
def test_permute_dims_and_moveaxis(trial):
    rng, a, x = random_array(trial)
    axes = tuple(int(v) for v in rng.permutation(a.ndim))
    y = gg.permute_dims(x, axes)
    assert_shard_and_whole(y, np.transpose(a, axes))
    assert all_ranks(y.distribution.axes == tuple(x.distribution.axes[k] for k in axes))
    if a.ndim:
        source, destination = int(rng.integers(-a.ndim, a.ndim)), int(rng.integers(-a.ndim, a.ndim))
        assert_shard_and_whole(gg.moveaxis(x, source, destination), np.moveaxis(a, source, destination))
    if a.ndim >= 2:
        assert_shard_and_whole(gg.matrix_transpose(x), np.swapaxes(a, -1, -2))


@pytest.mark.parametrize("trial", range(20))
def test_flip(trial):
    rng, a, x = random_array(trial)
    assert_shard_and_whole(gg.flip(x), np.flip(a))
    if a.ndim:
        axis = tuple(sorted({int(v) for v in rng.integers(-a.ndim, a.ndim, size=2)}, key=lambda v: v % a.ndim))
        axis = tuple(dict.fromkeys(v % a.ndim for v in axis))
        y = gg.flip(x, axis=axis)
        assert_shard_and_whole(y, np.flip(a, axis))
        assert all_ranks(y.distribution == x.distribution)


@pytest.mark.parametrize("dtype, flip", [("float32", "flip"), ("complex128", "slice"), ("float32", "columns")])
def test_flips_of_shards_larger_than_the_cache_match_numpy(dtype, flip):
    # Over 32 MiB per rank, the reversed runs are written with non-temporal stores (4- and 16-byte elements here;
    # odd extents leave partial registers at the ends of runs). Each rank checks its own shard.
    itemsize = np.dtype(dtype).itemsize
    per_rank = (33 << 20) // itemsize + 5
    n = per_rank * COMM.size + 3
    if flip == "columns":
        columns, rows = 1_000_003, 9 * COMM.size
        x = gg.astype(gg.reshape(gg.arange(rows * columns, dtype=gg.float64), (rows, columns)), getattr(gg, dtype))
        y = gg.flip(x, axis=1)
        local_rows, local_columns = y.distribution.owned_indices()
        expected = (local_rows[:, None] * columns + (columns - 1 - local_columns)[None, :]).astype(dtype)
    else:
        x = gg.astype(gg.arange(n, dtype=gg.float64), getattr(gg, dtype)) * (1 - 2j if dtype == "complex128" else 1)
        y = gg.flip(x) if flip == "flip" else x[::-1]
        (local,) = y.distribution.owned_indices()
        expected = (n - 1 - local).astype(dtype) * (1 - 2j if dtype == "complex128" else 1)
    assert all_ranks(y.local.nbytes >= (32 << 20))
    assert all_ranks(np.array_equal(y.local, expected))


@pytest.mark.parametrize("trial", range(12))
def test_expand_dims_and_squeeze(trial):
    rng, a, x = random_array(trial, max_ndim=2)
    axis = int(rng.integers(-a.ndim - 1, a.ndim + 1))
    y = gg.expand_dims(x, axis=axis)
    assert_shard_and_whole(y, np.expand_dims(a, axis))
    assert_shard_and_whole(gg.squeeze(y, axis=axis), a)
    ones = np.ones((1, 3, 1), dtype=np.float64)
    z = gg.asarray(ones, distribution=random_distribution(rng, (1, 3, 1), GRID_2D))  # size-1 axes may be distributed
    assert_shard_and_whole(gg.squeeze(z, axis=(0, 2)), np.ones(3))
    assert raised_everywhere(lambda: gg.squeeze(z, axis=1))[0] == "ValueError"


@pytest.mark.parametrize("trial", range(12))
def test_broadcasting_functions(trial):
    rng, a, x = random_array(trial, min_ndim=1)
    shape = tuple(int(e) for e in rng.integers(1, 4, size=int(rng.integers(0, 2)))) + a.shape
    assert gg.broadcast_shapes(a.shape, shape) == np.broadcast_shapes(a.shape, shape)
    assert_shard_and_whole(gg.broadcast_to(x, shape), np.broadcast_to(a, shape))
    b = np.arange(a.shape[-1], dtype=a.dtype)
    y = gg.asarray(b, distribution=random_distribution(rng, b.shape, GRID_2D))
    for got, expected in zip(gg.broadcast_arrays(y, x), np.broadcast_arrays(b, a)):
        assert_shard_and_whole(got, expected)
    assert raised_everywhere(lambda: gg.broadcast_shapes((2, 3), (4,)))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.broadcast_to(gg.zeros((2, 3), device=GRID_2D), (4, 3, 2)))[0] == "ValueError"


def test_bad_axes_raise_everywhere():
    x = gg.zeros((2, 3))
    assert raised_everywhere(lambda: gg.permute_dims(x, (0, 0)))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.permute_dims(x, (0,)))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.flip(x, axis=2))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.moveaxis(x, 0, 5))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.expand_dims(x, axis=4))[0] == "IndexError"


@pytest.mark.parametrize("trial", range(20))
def test_concat_and_stack_of_pieces_in_different_layouts(trial):
    rng, a, x = random_array(trial, min_ndim=1)
    axis = int(rng.integers(-a.ndim, a.ndim))
    pieces, arrays = [a], [x]
    for k in range(int(rng.integers(1, 4))):
        shape = list(a.shape)
        shape[axis] = int(rng.integers(0, 5))
        wider = {"i": np.dtype(np.int64), "u": np.dtype(np.uint64)}.get(a.dtype.kind, a.dtype)
        dtype = [a.dtype, wider][k % 2]
        piece = rng.integers(-9, 9, size=shape).astype(dtype)
        pieces.append(piece)
        arrays.append(gg.asarray(piece, distribution=random_distribution(rng, piece.shape, GRID_2D)))
    expected_dtype = gg.result_type(*arrays)
    y = gg.concat(arrays, axis=axis)
    assert_shard_and_whole(y, np.concatenate([p.astype(expected_dtype) for p in pieces], axis=axis))
    assert all_ranks(y.distribution.axes == x.distribution.axes)
    same = [x, gg.asarray(a, distribution=random_distribution(rng, a.shape, GRID_2D))]
    new_axis = int(rng.integers(-a.ndim - 1, a.ndim + 1))
    assert_shard_and_whole(gg.stack(same, axis=new_axis), np.stack([a, a], axis=new_axis))
    for got, expected in zip(gg.unstack(x, axis=axis), [np.take(a, i, axis=axis) for i in range(a.shape[axis])]):
        assert_shard_and_whole(got, expected)


@pytest.mark.parametrize("trial", range(16))
def test_roll_and_tile(trial):
    rng, a, x = random_array(trial, min_ndim=1)
    axes = tuple(dict.fromkeys(int(v) % a.ndim for v in rng.integers(-a.ndim, a.ndim, size=2)))
    shifts = tuple(int(v) for v in rng.integers(-7, 8, size=len(axes)))
    y = gg.roll(x, shifts, axis=axes)
    assert_shard_and_whole(y, np.roll(a, shifts, axis=axes))
    assert all_ranks(y.distribution == x.distribution)
    repetitions = tuple(int(v) for v in rng.integers(0, 3, size=int(rng.integers(1, a.ndim + 2))))
    assert_shard_and_whole(gg.tile(x, repetitions), np.tile(a, repetitions))


def test_concat_errors_raise_everywhere():
    x, y = gg.zeros((2, 3), device=GRID_2D), gg.zeros((2, 4), device=GRID_2D)
    assert raised_everywhere(lambda: gg.concat([x, y], axis=0))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.concat([x, gg.zeros((2, 3), dtype=gg.int8, device=GRID_2D)]))[0] == "TypeError"
    assert raised_everywhere(lambda: gg.concat([]))[0] == "ValueError"
    assert raised_everywhere(lambda: gg.concat([x, x], axis=2))[0] == "IndexError"
    assert raised_everywhere(lambda: gg.stack([x, y]))[0] == "ValueError"
    assert_shard_and_whole(gg.roll(x, 1), np.roll(np.zeros((2, 3)), 1))  # axis=None rolls the flattened array


@pytest.mark.parametrize("trial", range(16))
def test_repeat(trial):
    rng, a, x = random_array(trial, min_ndim=1)
    axis = int(rng.integers(-a.ndim, a.ndim))
    count = int(rng.integers(0, 4))
    y = gg.repeat(x, count, axis=axis)
    assert_shard_and_whole(y, np.repeat(a, count, axis=axis))
    if a.ndim == 1:
        assert_shard_and_whole(gg.repeat(x, 2), np.repeat(a, 2))
    assert raised_everywhere(lambda: gg.repeat(x, -1, axis=0))[0] == "ValueError"


def random_counts(rng, n):
    """Per-slab counts: random (zeros included), all on one slab, all zero, or one count of length 1."""
    kind = int(rng.integers(0, 4))
    if kind == 0:
        return rng.integers(0, 4, size=n)
    if kind == 1:
        counts = np.zeros(n, np.int64)
        if n:
            counts[int(rng.integers(0, n))] = 7  # everything read from one slab, on one rank
        return counts
    return np.zeros(n, np.int64) if kind == 2 else rng.integers(0, 4, size=1)


@pytest.mark.parametrize("trial", range(24))
def test_repeat_with_counts_per_element(trial):
    rng, a, x = random_array(trial, min_ndim=0, extent=(0, 7))
    axis = None if a.ndim == 0 or trial % 4 == 0 else int(rng.integers(-a.ndim, a.ndim))
    n = a.size if axis is None else a.shape[axis]
    counts = random_counts(rng, n).astype([np.int64, np.int32, np.uint8, np.uint64][trial % 4])
    expected = np.repeat(a, counts.astype(np.int64), axis=axis)  # NumPy refuses uint64 counts; the standard does not
    assert_shard_and_whole(gg.repeat(x, counts, axis=axis), expected)  # host NumPy counts
    assert_shard_and_whole(gg.repeat(x, [int(c) for c in counts], axis=axis), expected)  # a host list
    replicated = gg.asarray(counts, distribution=gg.Distribution.replicated(counts.shape, grid=GRID_2D))
    assert_shard_and_whole(gg.repeat(x, replicated, axis=axis), expected)


@pytest.mark.parametrize("trial", range(12))
def test_repeat_indices_from_distributed_counts(trial):
    """The distributed index list that repeat hands to take for distributed counts."""
    from gingham._manipulation import _repeat_indices

    rng = np.random.default_rng(trial)
    n = int(rng.integers(0, 12))
    counts = random_counts(rng, n) if n else np.zeros(0, np.int64)
    if counts.size != n:
        counts = np.repeat(counts, n)
    distributed = gg.asarray(counts, distribution=random_distribution(rng, counts.shape, GRID_2D))
    indices = _repeat_indices(distributed)
    assert_shard_and_whole(indices, np.repeat(np.arange(n), counts))


def test_repeat_with_distributed_counts():
    a = np.arange(24.0).reshape(6, 4)
    x = gg.asarray(a, device=GRID_2D)
    counts = np.array([2, 0, 3, 1, 0, 5])
    distributed = gg.asarray(counts, distribution=gg.Distribution((6,), axes=(gg.Block(),), grid=GRID_2D))
    assert_shard_and_whole(gg.repeat(x, distributed, axis=0), np.repeat(a, counts, axis=0))


def test_repeat_counts_errors_raise_everywhere():
    x = gg.asarray(np.arange(12).reshape(3, 4), device=GRID_2D)
    spread = gg.asarray(np.array([1, -2, 3, 0]), distribution=gg.Distribution((4,), axes=(gg.Cyclic(),), grid=GRID_2D))
    for bad, kind in [(lambda: gg.repeat(x, [1, -1, 2], axis=0), "ValueError"),
                      (lambda: gg.repeat(x, [1, 2], axis=0), "ValueError"),
                      (lambda: gg.repeat(x, [1, 2, 3], axis=1), "ValueError"),
                      (lambda: gg.repeat(x, [1, 2, 3]), "ValueError"),  # axis=None: 12 counts needed
                      (lambda: gg.repeat(x, [-1], axis=0), "ValueError"),
                      (lambda: gg.repeat(x, [[1, 2, 3]], axis=0), "ValueError"),
                      (lambda: gg.repeat(x, [1.0, 2.0, 3.0], axis=0), "TypeError"),
                      (lambda: gg.repeat(x, True, axis=0), "TypeError"),
                      (lambda: gg.repeat(x, [1, 2, 3], axis=2), "IndexError"),
                      (lambda: gg.repeat(x, spread, axis=1), "ValueError"),  # negative, distributed
                      (lambda: gg.repeat(x, spread, axis=0), "ValueError")]:  # wrong length, distributed
        assert raised_everywhere(bad)[0] == kind


@pytest.mark.parametrize("trial", range(12))
def test_merging_two_axes_is_a_row_major_reshape(trial):
    rng, a, x = random_array(trial, min_ndim=2)
    axis = int(rng.integers(0, a.ndim - 1))
    merged = gg.Array._new(gg._core.merge_axes(x._impl, axis))
    shape = a.shape[:axis] + (a.shape[axis] * a.shape[axis + 1],) + a.shape[axis + 2:]
    assert_shard_and_whole(merged, a.reshape(shape))
    halo = gg.asarray(a, distribution=gg.Distribution(a.shape, grid=gg.default_grid()), halo=1)
    assert_shard_and_whole(gg.Array._new(gg._core.merge_axes(halo._impl, axis)), a.reshape(shape))


def factorizations(rng, size):
    """A random shape with ``size`` elements (1-4 axes, 1s included)."""
    shape, rest = [], size
    for _ in range(int(rng.integers(0, 3))):
        divisors = [d for d in range(1, rest + 1) if rest % d == 0] if rest else [0, 1, 2]
        shape.append(int(rng.choice(divisors)))
        rest = rest // shape[-1] if shape[-1] else 0
    return tuple(shape) + ((rest,) if rest or not shape or 0 not in shape else (int(rng.integers(0, 3)),))


@pytest.mark.parametrize("trial", range(24))
def test_reshape(trial):
    rng, a, x = random_array(trial, min_ndim=0, max_ndim=3, extent=(0, 7))
    shape = factorizations(rng, a.size)
    if int(np.prod(shape)) != a.size:
        shape = (a.size,)
    y = gg.reshape(x, shape)
    assert_shard_and_whole(y, a.reshape(shape))
    assert_shard_and_whole(gg.reshape(y, a.shape), a)
    if a.size:
        assert_shard_and_whole(gg.reshape(x, (-1,)), a.reshape(-1))
    assert gg.reshape(x, a.shape) is x
    assert raised_everywhere(lambda: gg.reshape(x, (a.size + 1,)))[0] == "ValueError"
    if shape != a.shape:
        assert raised_everywhere(lambda: gg.reshape(x, shape, copy=False))[0] == "ValueError"


def test_flattening_operations():
    a = np.arange(30.0).reshape(5, 6)
    x = gg.asarray(a, distribution=gg.Distribution((5, 6), (gg.Cyclic(), gg.BlockCyclic(2)), grid=GRID_2D))
    assert_shard_and_whole(gg.roll(x, 7), np.roll(a, 7))
    assert_shard_and_whole(gg.concat([x, x], axis=None), np.concatenate([a, a], axis=None))
    assert_shard_and_whole(gg.repeat(x, 2), np.repeat(a, 2))


def test_repeat_with_distributed_counts_on_a_sub_grid():
    """Found by the fuzzer (issue 12): the smallest and total count were read with int() of a 0-D result,
    which raised on ranks outside the counts' sub-grid while the others went on into a collective (a hang)."""
    small = gg.ProcessGrid((max(1, COMM.size - 1),))
    a, counts = np.array([[0], [-4], [7]], dtype=np.int32), np.array([2, 0, 3])
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, grid=small))
    c = gg.asarray(counts, distribution=gg.Distribution((3,), (gg.Cyclic(offset=small.size - 1),), grid=small))
    assert_shard_and_whole(gg.repeat(x, c, axis=0), np.repeat(a, counts, axis=0))
    assert_shard_and_whole(gg.repeat(x, c[:1], axis=0), np.repeat(a, counts[:1], axis=0))
    error = raised_everywhere(lambda: gg.repeat(x, c - 3, axis=0))
    assert error is not None and error[0] == "ValueError" and "non-negative" in error[1]


@pytest.mark.parametrize("local_order", ["C", "F"])
def test_roll_of_axes_held_whole_rotates_every_axis_in_place(local_order):
    """Axes every rank holds whole rotate in the local copy (row by row, two runs per row; column-major shards
    make the last axis strided): every axis, negative and large shifts."""
    a = np.arange(4 * 5 * 7, dtype=np.float64).reshape(4, 5, 7)
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, (None, None, None), local_order=local_order))
    for shifts, axes in [((3,), (2,)), ((-1, 2, 9), (0, 1, 2)), ((13,), (1,)), ((-20, 4), (2, 0))]:
        assert_shard_and_whole(gg.roll(x, shifts, axis=axes), np.roll(a, shifts, axis=axes))
    assert_shard_and_whole(gg.roll(x, 11), np.roll(a, 11))  # flattened


@pytest.mark.parametrize("n", [1, 7, 13, 40])
def test_concat_and_roll_of_block_vectors_of_uneven_sizes(n):
    """concat of 1-D pieces in Block, Cyclic and BlockCyclic layouts (mixed dtypes) written into a Block
    result, and roll of a Block vector by negative, zero and large shifts: every piece is a box of the result."""
    rng = np.random.default_rng(n)
    layouts = [gg.Block(), gg.Cyclic(), gg.BlockCyclic(3), gg.Block(offset=COMM.size - 1)]
    pieces = [rng.integers(-50, 50, size=n + k).astype([np.int32, np.int64, np.int8][k % 3]) for k in range(4)]
    arrays = [gg.asarray(p, distribution=gg.Distribution(p.shape, (layout,))) for p, layout in zip(pieces, layouts)]
    y = gg.concat(arrays)
    assert_shard_and_whole(y, np.concatenate(pieces))
    assert all_ranks(y.distribution.axes == (gg.Block(),))
    assert_shard_and_whole(gg.concat(arrays[::-1]), np.concatenate(pieces[::-1]))
    x = arrays[1 if n % 2 else 0]
    for shift in (1, -1, 0, n - 1, n, 3 * n + 2, -5 * n - 3, 10**12 + 1):
        assert_shard_and_whole(gg.roll(x, shift), np.roll(pieces[1 if n % 2 else 0], shift))


def test_roll_of_a_matrix_spread_over_both_grid_axes_and_stack_along_each_axis():
    """Rolling two distributed axes at once writes four boxes; stack's new axis in each position."""
    a = np.arange(11 * 9, dtype=np.float64).reshape(11, 9)
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.Block(), gg.BlockCyclic(2)), grid=GRID_2D))
    for shifts, axes in [((3, -4), (0, 1)), ((-13, 22), (1, 0)), ((5,), (1,)), ((6, 6), (0, 0))]:
        y = gg.roll(x, shifts, axis=axes)
        assert_shard_and_whole(y, np.roll(a, shifts, axis=axes))
        assert all_ranks(y.distribution == x.distribution)
    b = a[::-1].copy()
    z = gg.asarray(b, distribution=gg.Distribution(b.shape, (gg.Cyclic(), None), grid=GRID_2D))
    for axis in (0, 1, 2, -1, -3):
        assert_shard_and_whole(gg.stack([x, z, x], axis=axis), np.stack([a, b, a], axis=axis))
