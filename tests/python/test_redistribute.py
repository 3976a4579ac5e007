"""gg.redistribute and gg.asarray: random arrays of every dtype between random pairs of layouts (grids,
block sizes, offsets, storage orders, subsets of ranks), through random slices, integers and axis
permutations, on different communicators; each shard and the whole are compared with NumPy."""

import numpy as np
import pytest
from helpers import DTYPES, COMM, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution, random_grid, random_key

import gingham as gg

def random_values(rng, shape, dtype):
    values = rng.integers(-100, 100, size=shape) + (1j * rng.integers(-9, 9, size=shape) if dtype.kind == "c" else 0)
    return np.asarray(values).astype(dtype)


def run_trials(comm, seed, trials):
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        shape = tuple(int(e) for e in rng.integers(0, 8, size=int(rng.integers(0, 4))))
        dtype = DTYPES[int(rng.integers(0, len(DTYPES)))]
        a = random_values(rng, shape, dtype)
        source = random_distribution(rng, shape, random_grid(rng, comm))
        x = gg.asarray(a, distribution=source)
        assert_shard_and_whole(x, a)
        key = random_key(rng, shape)
        kept = a[key].ndim
        axes = tuple(int(k) for k in rng.permutation(kept))
        expected = np.transpose(a[key], axes)
        target = random_distribution(rng, expected.shape, random_grid(rng, comm))
        y = gg.redistribute(x, target, key=key, axes=axes)
        assert y.distribution is target and y.shape == expected.shape and y.dtype == dtype
        assert_shard_and_whole(y, expected)


@pytest.mark.parametrize("seed", range(6))
def test_random_layouts_keys_and_permutations_match_numpy(seed):
    run_trials(COMM, seed, 12)


def test_groups_on_split_communicators_redistribute_independently():
    sub = COMM.Split(COMM.rank % 2, COMM.rank)
    run_trials(sub, 100 + COMM.rank % 2, 10)
    sub.Free()


def test_the_readme_example():
    grid = gg.ProcessGrid((0, 0))
    n, m = 130, 70
    a = np.arange(n * m, dtype=np.float64).reshape(n, m)
    d = gg.Distribution((n, m), axes=(gg.BlockCyclic(64), gg.Block()), grid=grid)
    r = gg.Distribution.replicated((n, m), grid=grid)
    x = gg.asarray(a, distribution=d)
    assert x.distribution is d
    assert all_ranks(np.array_equal(x.local, a[np.ix_(*d.owned_indices())]))
    y = gg.redistribute(x, r)
    assert all_ranks(np.array_equal(y.local, a) if grid.coords is not None else y.local.size == 0)
    assert all_ranks(np.array_equal(np.asarray(x), a))
    x.local[...] = -1  # x.local is a writable view of x's shard
    assert all_ranks(np.array_equal(np.asarray(x), -np.ones_like(a)))


def test_flip_and_transpose_through_keys_and_axes():
    a = np.arange(35).reshape(5, 7)
    x = gg.asarray(a, distribution=gg.Distribution((5, 7), axes=(gg.Cyclic(), None)))
    d = gg.Distribution((7, 5), axes=(gg.Block(), None))
    assert_shard_and_whole(gg.redistribute(x, d, key=(slice(None, None, -1),), axes=(1, 0)), a[::-1].T)
    row = gg.redistribute(x, gg.Distribution((7,)), key=(-2,))
    assert_shard_and_whole(row, a[-2])


@pytest.mark.parametrize("dtype", [np.float64, np.complex64, np.int16])
def test_long_runs_move_through_datatypes_or_packed_alike(dtype):
    # Rows of hundreds of bytes: the executor may describe them to MPI as derived datatypes (by default
    # when runs average 256 bytes or more) or pack them; its tuner tries both on repeated executions.
    a = (np.arange(300 * 260).reshape(300, 260) % 251).astype(dtype)
    row_grid = gg.ProcessGrid((COMM.size,))
    line_grid = gg.ProcessGrid((1, COMM.size))
    rows = gg.Distribution(a.shape, axes=(gg.Block(), None), grid=row_grid)
    x = gg.asarray(a, distribution=rows)
    layouts = [
        (gg.Distribution(a.shape, axes=(gg.BlockCyclic(64), gg.BlockCyclic(64)), grid=line_grid), {}, a),
        (gg.Distribution(a.shape, axes=(None, gg.Block()), grid=row_grid), {}, a),
        (gg.Distribution(a.T.shape, axes=(gg.Block(), None), grid=row_grid), {"axes": (1, 0)}, a.T),
        (gg.Distribution((150, 130), axes=(gg.BlockCyclic(16), gg.Cyclic()), grid=line_grid),
         {"key": (slice(None, None, -2), slice(1, None, 2))}, a[::-2, 1::2]),
    ]
    for _ in range(3):
        for target, keywords, expected in layouts:
            assert_shard_and_whole(gg.redistribute(x, target, **keywords), expected)


def test_a_plan_is_built_once_and_moves_many_arrays():
    a = (np.arange(90 * 70).reshape(90, 70) % 97).astype(np.float64)
    rows = gg.Distribution(a.shape, axes=(gg.Block(), None))
    line = gg.ProcessGrid((1, COMM.size))
    target = gg.Distribution((35, 90), axes=(gg.BlockCyclic(4), gg.Cyclic()), grid=line)
    plan = gg.RedistributionPlan(rows, target, key=(slice(None, None, -1), slice(1, None, 2)), axes=(1, 0))
    expected = a[::-1, 1::2].T
    for step in range(2 * 16 + 3):  # enough executions for the plan to time both of its mechanisms
        x = gg.asarray(a + step, distribution=rows)
        y = plan(x)
        assert y.distribution == target
        assert_shard_and_whole(y, expected + step)
    out = gg.zeros(target.shape, dtype=gg.int32, distribution=target)
    assert plan(gg.asarray(a.astype(np.int32), distribution=rows), out=out) is out  # one plan, any dtype
    assert_shard_and_whole(out, expected.astype(np.int32))
    columns = gg.Distribution(a.shape, axes=(None, gg.Block()))
    with_ghosts = gg.RedistributionPlan(rows, columns)(gg.asarray(a, distribution=rows), halo=gg.Halo(1))
    assert_shard_and_whole(with_ghosts, a)
    stats = plan.statistics(np.float64)
    assert all_ranks(stats["send_elements"] + stats["self_elements"] <= a.size and stats["rounds"] >= 0)
    total = COMM.allreduce(stats["send_elements"] + stats["self_elements"])
    assert total == expected.size  # each target element leaves its one source once (sent or kept)


def test_a_plan_tries_both_ways_of_moving_long_runs_and_counts_them():
    a = np.arange(300 * 260, dtype=np.float64).reshape(300, 260)
    rows = gg.Distribution(a.shape, axes=(gg.Block(), None))
    columns = gg.Distribution(a.shape, axes=(None, gg.Block()))
    plan = gg.RedistributionPlan(rows, columns)  # sends rows of 260 / P doubles: datatypes or packing
    x = gg.asarray(a, distribution=rows)
    executions = 2 * 16 + 3
    for _ in range(executions):
        y = plan(x)
    assert_shard_and_whole(y, a)
    stats = plan.statistics(np.float64)
    by_datatypes, packed = stats["datatype_executions"], stats["packed_executions"]
    if COMM.size == 1:
        assert by_datatypes == packed == 0  # nothing to send
    else:
        assert all_ranks(by_datatypes + packed == executions and by_datatypes > 0 and packed > 0), (by_datatypes, packed)


PLAN_BAD = [
    (lambda p, x: p(gg.asarray(np.zeros((6, 4)), distribution=gg.Distribution(
        (6, 4), axes=(gg.Block(), None), grid=gg.ProcessGrid((COMM.size, 1))))), "ValueError", "laid out as"),
    (lambda p, x: p(x, out=gg.zeros((4, 6), dtype=gg.int64, distribution=p.target)), "ValueError", "one dtype"),
    (lambda p, x: p(x, out=gg.zeros((4, 6), distribution=gg.Distribution((4, 6), axes=(None, gg.Cyclic())))),
     "ValueError", "target layout"),
    (lambda p, x: gg.RedistributionPlan(p.source, gg.Distribution((4, 6))), "ValueError", "shape"),
    (lambda p, x: gg.RedistributionPlan(p.source, p.target, axes=(1, 0), chunk_bytes=-1), "ValueError", "chunk_bytes"),
    (lambda p, x: p(np.zeros((6, 4))), "TypeError", "gingham.Array"),
]


@pytest.mark.parametrize("call, error, words", PLAN_BAD)
def test_a_plan_refuses_arrays_of_other_layouts_on_every_rank(call, error, words):
    source = gg.Distribution((6, 4), axes=(gg.Block(), None))
    plan = gg.RedistributionPlan(source, gg.Distribution((4, 6), axes=(gg.Block(), None)), axes=(1, 0))
    x = gg.asarray(np.arange(24.0).reshape(6, 4), distribution=source)
    outcome = raised_everywhere(lambda: call(plan, x))
    assert outcome is not None and outcome[0] == error and words in outcome[1], outcome


def test_asarray_takes_sequences_scalars_and_gingham_arrays():
    assert_shard_and_whole(gg.asarray([[1, 2], [3, 4]]), np.array([[1, 2], [3, 4]]))
    assert_shard_and_whole(gg.asarray(2.5), np.asarray(2.5))
    assert_shard_and_whole(gg.asarray(bytearray(b"ab"), dtype=gg.uint8), np.array([97, 98], dtype=np.uint8))
    x = gg.asarray(np.arange(6))
    assert gg.asarray(x) is x
    y = gg.asarray(x, distribution=gg.Distribution((6,), axes=(gg.Cyclic(),)))
    assert_shard_and_whole(y, np.arange(6))


BAD = [
    (lambda: gg.redistribute(gg.asarray(np.arange(6)), gg.Distribution((5,))), "ValueError", "shape"),
    (lambda: gg.redistribute(gg.asarray(np.arange(6)), gg.Distribution((6,)), key=(7,)), "IndexError", "out of bounds"),
    (lambda: gg.redistribute(gg.asarray(np.arange(6)), gg.Distribution((6,)), key=(slice(0, 6, 0),)), "ValueError", "zero"),
    (lambda: gg.redistribute(gg.asarray(np.arange(6)), gg.Distribution((6,)), axes=(1,)), "ValueError", "permutation"),
    (lambda: gg.redistribute(np.arange(6), gg.Distribution((6,))), "TypeError", "gingham.Array"),
    (lambda: gg.asarray(np.arange(6), distribution=gg.Distribution((5,))), "ValueError", "shape"),
    (lambda: gg.asarray(np.arange(6, dtype=np.float16)), "TypeError", "float16"),
    (lambda: gg.asarray(["a", "b"]), "TypeError", "expected numbers or bools"),
    (lambda: gg.asarray(np.arange(6), copy=False), "ValueError", "copy"),
    (lambda: gg.asarray(np.arange(6), device=gg.ProcessGrid(), distribution=gg.Distribution((6,))), "ValueError", "device"),
]


@pytest.mark.parametrize("call, error, words", BAD)
def test_bad_input_raises_the_same_exception_on_every_rank(call, error, words):
    outcome = raised_everywhere(call)
    assert outcome is not None and outcome[0] == error and words in outcome[1], outcome


def test_arrays_on_communicators_with_other_ranks_cannot_be_mixed():
    if COMM.size == 1:
        pytest.skip("needs two communicators with different ranks")
    sub = COMM.Split(COMM.rank % 2, COMM.rank)
    x = gg.asarray(np.arange(6))
    other = gg.Distribution((6,), grid=gg.ProcessGrid(comm=sub))
    outcome = raised_everywhere(lambda: gg.redistribute(x, other))
    assert outcome[0] == "ValueError" and "different communicators" in outcome[1], outcome
    sub.Free()


def test_one_rank_passing_different_data_shapes_fails_everywhere():
    last = COMM.size - 1
    a = np.arange(6 if COMM.rank != last else 7)
    outcome = raised_everywhere(lambda: gg.asarray(a, distribution=gg.Distribution((6,))))
    if COMM.size == 1:  # the one rank's shape does not fit the distribution
        assert outcome[0] == "ValueError" and "[raised on rank 0 of 1]" in outcome[1], outcome
    else:  # the ranks' data differ: named with both shapes (issue 14)
        assert outcome[0] == "ValueError" and f"rank {last} passed shape = (7,)" in outcome[1], outcome


def test_the_plan_cache_serves_repeated_alignment_between_two_layouts():
    n = 1000
    grid = gg.ProcessGrid((COMM.size,))
    a = np.arange(n, dtype=np.float64)
    x = gg.asarray(a, distribution=gg.Distribution((n,), (gg.Block(),), grid=grid))
    y = gg.asarray(a, distribution=gg.Distribution((n,), (gg.BlockCyclic(3),), grid=grid))
    gg.clear_plan_cache()
    try:
        for _ in range(4):
            assert_shard_and_whole(x + y[::-1], a + a[::-1])
        stats = gg.plan_cache_statistics()
        # x + y[::-1] moves y through a flip, then into x's layout (when the layouts differ), and the check
        # gathers the result: each plan is built on the first call and found on the other three.
        assert all_ranks(stats["misses"] >= 2 and stats["hits"] == 3 * stats["misses"]), stats
        gg.set_plan_cache_capacity(0)
        assert all_ranks(gg.plan_cache_statistics()["entries"] == 0)
        assert_shard_and_whole(x + y[::-1], a + a[::-1])
        assert all_ranks(gg.plan_cache_statistics()["hits"] == stats["hits"])
        with pytest.raises(ValueError, match="expected entries >= 0, got -1"):
            gg.set_plan_cache_capacity(-1)
    finally:
        gg.set_plan_cache_capacity(32)
        gg.clear_plan_cache()


def test_a_cached_plan_used_again_on_a_sub_grid_keeps_every_rank_in_step():
    """Found by the fuzzer (seed 1000045 at np 2): reshaping 0-D arrays on a one-rank grid again and again
    reused a cached plan whose prepared exchange the shard-holding rank thought stale and the others not,
    so one rank ran a collective alone (a crash). Each use of a cached plan now prepares it on every rank."""
    grid = gg.ProcessGrid((1, 1))
    for dtype in (np.uint64, np.int32, np.float64, np.uint64):
        for order in ("F", "C"):
            x = gg.asarray(np.array(7, dtype=dtype), distribution=gg.Distribution((), grid=grid, local_order=order))
            y = gg.reshape(x, (-1,))
            assert all_ranks(np.array_equal(np.asarray(y), np.array([7], dtype=dtype)))
            assert_shard_and_whole(gg.repeat(x, np.array([2])), np.array([7, 7], dtype=dtype))


@pytest.mark.parametrize("chunk_bytes", [0, 40000, None])
def test_messages_of_many_parts_stream_through_rings_within_the_chunk(chunk_bytes):
    """Messages of MiBs move as many parts, packed into and unpacked from small rings of buffers (or every
    part at once with chunk_bytes=0): block columns <-> block rows and a transpose, executed twice (the
    plan tries datatypes and packing), each shard and the whole compared with NumPy."""
    a = np.arange(1100 * 900, dtype=np.float64).reshape(1100, 900)
    size = COMM.size
    rows = gg.Distribution(a.shape, axes=(gg.Block(), None))
    columns = gg.Distribution(a.shape, axes=(None, gg.Block()))
    rows_t = gg.Distribution(a.T.shape, axes=(gg.Block(), None))
    for source, target, axes, expected in [(columns, rows, None, a), (rows, columns, None, a), (rows, rows_t, (1, 0), a.T)]:
        plan = gg.RedistributionPlan(source, target, axes=axes, chunk_bytes=chunk_bytes)
        x = gg.asarray(a, distribution=source)
        for _ in range(2):
            assert_shard_and_whole(plan(x), expected)
        stats = plan.statistics(np.float64)
        largest = a.size // (size * size) * 8  # bytes of the smallest of the largest messages
        assert all_ranks(chunk_bytes in (0, None) or stats["buffer_bytes"] <= chunk_bytes), stats
        assert all_ranks(size == 1 or stats["rounds"] >= largest // (chunk_bytes if chunk_bytes else 1 << 20)), stats
