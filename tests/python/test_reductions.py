"""Statistics and utilities (sum, prod, min, max, mean, var, std, all, any, argmax, argmin,
count_nonzero, cumulative_sum, cumulative_prod, diff) against NumPy on the gathered result: every dtype
each function accepts, random shapes (empty and size-1 axes included) and layouts (Block, Cyclic,
BlockCyclic with offsets, None, N-D grids, grids on a subset of the ranks), axis None/int/tuple/negative,
keepdims; identical results and exceptions on every rank; the deterministic mode against one rank."""

import numpy as np
import pytest
from helpers import COMM, all_ranks, assert_shard_and_whole, raised_everywhere, shard_matches
from mpi4py import MPI
from test_redistribute import DTYPES, random_distribution, random_grid

import gingham as gg

REDUCTIONS = ["sum", "prod", "min", "max", "mean", "var", "std", "all", "any", "count_nonzero", "argmax", "argmin"]
KINDS = {"sum": "biufc", "prod": "biufc", "min": "iuf", "max": "iuf", "mean": "fc", "var": "f", "std": "f",
         "all": "biufc", "any": "biufc", "count_nonzero": "biufc", "argmax": "iuf", "argmin": "iuf"}


def accepts(name, dtype):
    return dtype.kind in KINDS[name]


def values(rng, shape, dtype, name=""):
    """Random values of `dtype`: small integers with zeros, floats near 1 for products."""
    if dtype.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dtype.kind in "iu":
        low = 0 if dtype.kind == "u" else -5
        return rng.integers(low, 6, size=shape).astype(dtype)
    real = rng.uniform(0.5, 1.5, size=shape) if name == "prod" else rng.standard_normal(size=shape) * 10
    if dtype.kind == "c":
        imag = rng.uniform(-0.5, 0.5, size=shape) if name == "prod" else rng.standard_normal(size=shape)
        return (real + 1j * imag).astype(dtype)
    return real.astype(dtype)


def numpy_reduction(name, a, axis, keepdims, **kwargs):
    """NumPy's result with the Array API's dtype rules."""
    if name in ("sum", "prod") and "dtype" not in kwargs:
        if a.dtype.kind in "bi":
            kwargs["dtype"] = np.int64
        elif a.dtype.kind == "u":
            kwargs["dtype"] = np.uint64
        else:
            kwargs["dtype"] = a.dtype
    if name in ("var", "std"):
        kwargs = {"ddof": kwargs.get("correction", 0.0)}
    if name == "count_nonzero":
        result = np.count_nonzero(a, axis=axis, keepdims=keepdims)
        return np.asarray(result, dtype=np.int64)
    if name in ("argmax", "argmin"):
        return np.asarray(getattr(np, name)(a, axis=axis, keepdims=keepdims), dtype=np.int64)
    function = {"min": np.amin, "max": np.amax}.get(name, getattr(np, name))
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = np.asarray(function(a, axis=axis, keepdims=keepdims, **kwargs))
    if name in ("mean", "var", "std", "min", "max"):
        result = result.astype(a.dtype if name in ("mean", "min", "max") else a.real.dtype)
    return result


def same_on_every_rank(whole, comm):
    """Collective: the gathered result has the same bytes on every rank of comm."""
    digests = comm.allgather((whole.shape, whole.dtype.str, whole.tobytes()))
    return all(d == digests[0] for d in digests)


def check(result, expected, exact, comm=COMM):
    """Collective over comm: result (a gingham array) matches NumPy's `expected` (each shard its part when
    exact), with the same bytes on every rank."""
    expected = np.asarray(expected)
    whole = np.asarray(result)
    assert all_ranks(whole.shape == expected.shape and whole.dtype == expected.dtype, comm), \
        f"{whole.shape} {whole.dtype} != {expected.shape} {expected.dtype}"
    if exact:
        nan = expected.dtype.kind in "fc"
        assert all_ranks(shard_matches(result, expected, equal_nan=nan), comm), f"shard {result.local} differs"
        assert all_ranks(np.array_equal(whole, expected, equal_nan=nan), comm), f"{whole} != {expected}"
    else:
        tolerance = 2e-4 if expected.dtype in (np.float32, np.complex64) else 1e-9
        assert all_ranks(np.allclose(whole, expected, rtol=tolerance, atol=tolerance, equal_nan=True), comm), \
            f"{whole} != {expected}"
    assert all_ranks(same_on_every_rank(whole, comm), comm), "ranks hold different results"


def is_exact(name, dtype):
    return dtype.kind in "biu" and name not in ("mean", "var", "std") or name in (
        "min", "max", "argmax", "argmin", "all", "any", "count_nonzero")


def random_axis(rng, ndim, single=False):
    choice = int(rng.integers(0, 4))
    if choice == 0 or ndim == 0:
        return None
    if choice == 1 or single:
        return int(rng.integers(-ndim, ndim))
    count = int(rng.integers(0, ndim + 1))
    axes = [int(a) for a in rng.permutation(ndim)[:count]]
    return tuple(a - ndim if rng.integers(0, 2) else a for a in axes)


def run_reduction(name, a, x, axis, keepdims, comm=COMM, **kwargs):
    """Collective: gingham's and NumPy's result agree, or both raise (the same exception on every rank)."""
    try:
        expected = numpy_reduction(name, a, axis, keepdims, **kwargs)
    except ValueError:
        expected = None  # NumPy: an empty min/max/argmin/argmax
    if expected is None:
        outcome = raised_everywhere(lambda: getattr(gg, name)(x, axis=axis, keepdims=keepdims, **kwargs), comm)
        assert outcome is not None and outcome[0] == "ValueError" and "no elements" in outcome[1], outcome
        return
    result = getattr(gg, name)(x, axis=axis, keepdims=keepdims, **kwargs)
    check(result, expected, is_exact(name, a.dtype), comm)
    if result.ndim == 0:
        assert all_ranks(result.distribution.is_replicated, comm)


def run_trials(comm, seed, trials):
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        shape = tuple(int(e) for e in rng.integers(0, 6, size=int(rng.integers(0, 4))))
        dtype = DTYPES[int(rng.integers(0, len(DTYPES)))]
        names = [n for n in REDUCTIONS if accepts(n, dtype)]
        name = names[int(rng.integers(0, len(names)))]
        a = values(rng, shape, dtype, name)
        x = gg.asarray(a, distribution=random_distribution(rng, shape, random_grid(rng, comm)))
        axis = random_axis(rng, len(shape), single=name in ("argmax", "argmin"))
        kwargs = {"correction": float(rng.integers(0, 2))} if name in ("var", "std") else {}
        run_reduction(name, a, x, axis, bool(rng.integers(0, 2)), comm, **kwargs)


@pytest.mark.parametrize("seed, split", [(seed, False) for seed in range(8)] + [(50, True)])
def test_random_reductions_layouts_and_axes_match_numpy(seed, split):
    """split: the even and the odd ranks each run their own trials on their own communicator."""
    comm = COMM.Split(COMM.rank % 2, COMM.rank) if split else COMM
    try:
        run_trials(comm, seed + (COMM.rank % 2 if split else 0), 15 if split else 25)
    finally:
        if split:
            comm.Free()


def grids():
    """The default 1-D grid, a 2-D grid (2x2 at 4 ranks), and a grid of the first rank only."""
    return [gg.ProcessGrid(), gg.ProcessGrid((0, 0)), gg.ProcessGrid((1,))]


@pytest.mark.parametrize("name", REDUCTIONS)
def test_every_dtype_every_axis_and_keepdims(name):
    rng = np.random.default_rng(7)
    for grid in grids():
        for dtype in DTYPES:
            a = values(rng, (5, 3), dtype, name)
            layouts = [(gg.BlockCyclic(2, offset=grid.dims[0] - 1), gg.Cyclic()), (gg.Block(), None), (None, gg.Block())]
            for axes in layouts:
                d = gg.Distribution((5, 3), axes=axes if sum(s is not None for s in axes) <= grid.ndim else (None, None),
                                    grid=grid)
                x = gg.asarray(a, distribution=d)
                if not accepts(name, dtype):
                    outcome = raised_everywhere(lambda: getattr(gg, name)(x))
                    assert outcome is not None and outcome[0] == "TypeError", outcome
                    if name in ("mean", "var", "std"):
                        assert "astype" in outcome[1], outcome
                    continue
                for axis in ([None, 0, -1] if name in ("argmax", "argmin") else [None, 0, -1, (0, 1), (), (1, -2)]):
                    for keepdims in (False, True):
                        run_reduction(name, a, x, axis, keepdims)


def test_result_layout_keeps_the_remaining_axes():
    grid = gg.ProcessGrid((0, 0))
    a = np.arange(60.0).reshape(5, 3, 4)
    d = gg.Distribution(a.shape, axes=(gg.BlockCyclic(2), None, gg.Cyclic(offset=grid.dims[1] - 1)),
                        grid=grid, grid_axes=(1, None, 0))
    x = gg.asarray(a, distribution=d)
    y = gg.sum(x, axis=0)
    assert y.distribution.axes == (None, gg.Cyclic(offset=grid.dims[1] - 1))
    assert y.distribution.grid_axes == (None, 0) and y.device == grid
    assert_shard_and_whole(y, a.sum(axis=0))
    z = gg.max(x, axis=(0, 2), keepdims=True)
    assert z.distribution.axes == (None, None, None) and z.distribution.is_replicated
    assert_shard_and_whole(z, a.max(axis=(0, 2), keepdims=True))
    total = gg.sum(x)
    assert total.distribution.is_replicated and total.shape == ()
    if grid.coords is not None:
        assert float(total) == a.sum()


def test_sum_and_prod_dtypes():
    a = np.array([100, 100, 100, -7], dtype=np.int8)
    x = gg.asarray(a, distribution=gg.Distribution((4,), axes=(gg.Cyclic(),)))
    check(gg.sum(x), np.sum(a, dtype=np.int64), True)
    check(gg.sum(x, dtype=gg.int8), np.sum(a, dtype=np.int8), True)  # wraps as NumPy does
    check(gg.prod(x, dtype=gg.int16), np.prod(a, dtype=np.int16), True)
    check(gg.sum(x, dtype=gg.float32), np.sum(a, dtype=np.float32), False)
    check(gg.prod(gg.asarray(np.array([3, 4], dtype=np.uint32))), np.uint64(12), True)
    check(gg.sum(gg.asarray(np.array([True, True, False]))), np.int64(2), True)
    check(gg.sum(gg.asarray(np.array([1.5, 2.5], dtype=np.float32)), dtype=gg.float64), np.float64(4.0), False)
    big = np.full(10, 2**62, dtype=np.int64)
    check(gg.sum(gg.asarray(big)), np.sum(big), True)  # wraps modulo 2^64
    for bad in (gg.bool, gg.int64):
        outcome = raised_everywhere(lambda: gg.sum(gg.asarray(np.ones(3)), dtype=bad))
        assert outcome is not None and outcome[0] == "TypeError", outcome
    outcome = raised_everywhere(lambda: gg.sum(gg.asarray(np.ones(3, dtype=np.complex64)), dtype=gg.float64))
    assert outcome is not None and outcome[0] == "TypeError", outcome


def test_nan_propagates_and_argmax_finds_the_first_occurrence_globally():
    a = np.array([[1.0, 7.0, np.nan, 7.0], [7.0, -2.0, 3.0, -2.0], [0.0, 7.0, 5.0, 1.0]])
    for axes in [(gg.Cyclic(), gg.Block()), (gg.BlockCyclic(1, offset=COMM.size // 2 and 1), None), (None, gg.Cyclic())]:
        x = gg.asarray(a, distribution=gg.Distribution(a.shape, axes=axes, grid=gg.ProcessGrid((0, 0))))
        for name in ("max", "min", "argmax", "argmin"):
            for axis in (None, 0, 1):
                run_reduction(name, a, x, axis, False)
        b = np.where(np.isnan(a), 0.0, a)
        y = gg.asarray(b, distribution=x.distribution)
        for name in ("argmax", "argmin"):
            for axis in (None, 0, 1):
                run_reduction(name, b, y, axis, True)
    ties = np.array([3, 9, 9, 1, 9, 1], dtype=np.int16)
    z = gg.asarray(ties, distribution=gg.Distribution((6,), axes=(gg.Cyclic(offset=COMM.size - 1),)))
    check(gg.argmax(z), np.int64(1), True)
    check(gg.argmin(z), np.int64(3), True)


def test_var_and_std_are_accurate_and_take_a_correction():
    rng = np.random.default_rng(3)
    a = 1e8 + rng.standard_normal((40, 7))  # a large mean: one-pass formulas lose everything here
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, axes=(gg.BlockCyclic(3), None)))
    for correction in (0, 1, 2.5):
        for axis in (None, 0, 1):
            for name in ("var", "std"):
                result = np.asarray(getattr(gg, name)(x, axis=axis, correction=correction))
                expected = getattr(np, name)(a, axis=axis, ddof=correction)
                assert all_ranks(np.allclose(result, expected, rtol=1e-6)), (name, axis, result, expected)
    one = gg.asarray(np.array([5.0, 6.0]))
    check(gg.var(one, correction=3), np.float64(np.inf), False)


ERRORS = [
    (lambda: gg.sum(gg.asarray(np.ones((2, 3))), axis=3), "IndexError", "axis 3 is out of bounds for an array of dimension 2"),
    (lambda: gg.sum(gg.asarray(np.ones((2, 3))), axis=-3), "IndexError", "axis -3 is out of bounds"),
    (lambda: gg.prod(gg.asarray(np.ones((2, 3))), axis=(1, -1)), "ValueError", "repeated axis"),
    (lambda: gg.max(gg.asarray(np.ones((0, 3))), axis=0), "ValueError", "no elements"),
    (lambda: gg.argmin(gg.asarray(np.ones(0))), "ValueError", "no elements"),
    (lambda: gg.max(gg.asarray(np.ones(3, dtype=np.complex128))), "TypeError", "complex128"),
    (lambda: gg.argmax(gg.asarray(np.ones(3, dtype=np.complex64))), "TypeError", "complex64"),
    (lambda: gg.mean(gg.asarray(np.arange(3))), "TypeError", "astype"),
    (lambda: gg.std(gg.asarray(np.ones(3, dtype=np.complex64))), "TypeError", "astype"),
    (lambda: gg.argmax(gg.asarray(np.ones((2, 2))), axis=(0, 1)), "TypeError", "axis"),
    (lambda: gg.sum(np.ones(3)), "TypeError", "gingham.Array"),
    (lambda: gg.sum(gg.asarray(np.ones(3)), axis=1.0), "TypeError", "axis"),
    (lambda: gg.cumulative_sum(gg.asarray(np.ones((2, 2)))), "ValueError", "needs an axis"),
    (lambda: gg.cumulative_prod(gg.asarray(np.ones(2)), axis=1), "IndexError", "out of bounds"),
    (lambda: gg.cumulative_sum(gg.asarray(np.float64(1.0))), "ValueError", "0-D"),
    (lambda: gg.diff(gg.asarray(np.ones(3)), n=-1), "ValueError", "n >= 0"),
    (lambda: gg.diff(gg.asarray(np.ones(3, dtype=bool))), "TypeError", "bool"),
    (lambda: gg.diff(gg.asarray(np.ones((2, 3))), axis=0, prepend=gg.asarray(np.ones((1, 2)))), "ValueError", "shape"),
    (lambda: gg.diff(gg.asarray(np.ones(3)), prepend=gg.asarray(np.ones(1, dtype=bool))), "TypeError", "bool"),
]


@pytest.mark.parametrize("call, error, words", ERRORS)
def test_bad_arguments_raise_the_same_exception_on_every_rank(call, error, words):
    outcome = raised_everywhere(call)
    assert outcome is not None and outcome[0] == error and words in outcome[1], outcome


def cumulative_reference(name, a, axis, dtype, include_initial):
    function = np.cumsum if name == "sum" else np.cumprod
    result = function(a, axis=axis, dtype=dtype)
    if include_initial:
        shape = list(result.shape)
        shape[axis] = 1
        result = np.concatenate([np.full(shape, 0 if name == "sum" else 1, dtype=result.dtype), result], axis=axis)
    return result


@pytest.mark.parametrize("seed", range(4))
def test_cumulative_sum_and_prod_match_numpy(seed):
    rng = np.random.default_rng(100 + seed)
    for _ in range(20):
        shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(1, 4))))
        dtype = DTYPES[int(rng.integers(0, len(DTYPES)))]
        name = ["sum", "prod"][int(rng.integers(0, 2))]
        a = values(rng, shape, dtype, name)
        distribution = random_distribution(rng, shape, random_grid(rng, COMM))
        x = gg.asarray(a, distribution=distribution)
        axis = int(rng.integers(-len(shape), len(shape)))
        include_initial = bool(rng.integers(0, 2))
        default = np.int64 if dtype.kind in "bi" else np.uint64 if dtype.kind == "u" else dtype
        result = getattr(gg, f"cumulative_{name}")(x, axis=axis, include_initial=include_initial)
        expected = cumulative_reference(name, a, axis, default, include_initial)
        check(result, expected, dtype.kind in "biu")
        if not include_initial:
            assert result.distribution == distribution
        else:
            assert result.distribution.axes == distribution.axes


def test_cumulative_over_many_blocks_per_rank_and_dtypes():
    a = np.arange(1, 41, dtype=np.int32)
    for nb in (1, 2, 3, 7):
        d = gg.Distribution((40,), axes=(gg.BlockCyclic(nb, offset=COMM.size - 1),))
        x = gg.asarray(a, distribution=d)
        check(gg.cumulative_sum(x), np.cumsum(a, dtype=np.int64), True)
        check(gg.cumulative_prod(x, dtype=gg.int32), np.cumprod(a, dtype=np.int32), True)  # wraps
        check(gg.cumulative_sum(x, dtype=gg.float64, include_initial=True),
              cumulative_reference("sum", a, 0, np.float64, True), False)
    b = np.arange(12.0).reshape(3, 4)
    y = gg.asarray(b, distribution=gg.Distribution((3, 4), axes=(gg.Block(), None)))
    check(gg.cumulative_sum(y, axis=0, include_initial=True), cumulative_reference("sum", b, 0, None, True), False)


@pytest.mark.parametrize("seed", range(4))
def test_diff_matches_numpy(seed):
    rng = np.random.default_rng(200 + seed)
    for _ in range(15):
        shape = tuple(int(e) for e in rng.integers(0, 7, size=int(rng.integers(1, 4))))
        dtype = [d for d in DTYPES if d.kind != "b"][int(rng.integers(0, len(DTYPES) - 1))]
        a = values(rng, shape, dtype)
        distribution = random_distribution(rng, shape, random_grid(rng, COMM))
        x = gg.asarray(a, distribution=distribution)
        axis = int(rng.integers(-len(shape), len(shape)))
        n = int(rng.integers(0, 4))
        result = gg.diff(x, axis=axis, n=n)
        check(result, np.diff(a, axis=axis, n=n), dtype.kind in "iu")
        assert result.distribution.axes == distribution.axes


def test_diff_with_prepend_and_append():
    a = np.arange(24, dtype=np.int32).reshape(4, 6) ** 2
    grid = gg.ProcessGrid()
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, axes=(gg.Cyclic(), None), grid=grid))
    before = np.full((4, 2), -3, dtype=np.int64)
    after = np.arange(4, dtype=np.int32).reshape(4, 1)
    p = gg.asarray(before, distribution=gg.Distribution(before.shape, axes=(gg.Block(), None), grid=grid))
    q = gg.asarray(after)
    check(gg.diff(x, axis=1, n=2, prepend=p, append=q), np.diff(a, axis=1, n=2, prepend=before, append=after), True)
    check(gg.diff(x, axis=-1, append=q), np.diff(a, axis=-1, append=after), True)


@pytest.mark.parametrize("seed", range(3))
def test_diff_with_prepend_and_append_along_distributed_axes(seed):
    """The pieces are joined through a cyclic layout: random extents and layouts of every piece."""
    rng = np.random.default_rng(300 + seed)
    for _ in range(12):
        shape = tuple(int(e) for e in rng.integers(0, 9, size=int(rng.integers(1, 3))))
        axis = int(rng.integers(0, len(shape)))
        a = values(rng, shape, gg.float64)
        grid = random_grid(rng, COMM)
        x = gg.asarray(a, distribution=random_distribution(rng, shape, grid))
        extras = []
        for _ in range(2):
            extra_shape = list(shape)
            extra_shape[axis] = int(rng.integers(0, 11))
            e = values(rng, tuple(extra_shape), [gg.float32, gg.float64][int(rng.integers(0, 2))])
            extras.append((e, gg.asarray(e, distribution=random_distribution(rng, e.shape, random_grid(rng, COMM)))))
        n = int(rng.integers(0, 3))
        expected = np.diff(a, axis=axis, n=n, prepend=extras[0][0], append=extras[1][0])
        result = gg.diff(x, axis=axis, n=n, prepend=extras[0][1], append=extras[1][1])
        check(result, expected, False)
        assert result.distribution.axes == x.distribution.axes


def test_arrays_with_ghost_cells_use_only_their_own_elements():
    a = np.arange(60.0).reshape(6, 10) - 17.0
    x = gg.asarray(a, halo=gg.Halo(1, periodic=True))
    x.exchange_halo()
    check(gg.sum(x, axis=0), a.sum(axis=0), False)
    check(gg.var(x, axis=1, keepdims=True), a.var(axis=1, keepdims=True), False)
    check(gg.argmin(x), np.int64(0), True)
    check(gg.cumulative_prod(x, axis=0), np.cumprod(a, axis=0), False)
    check(gg.diff(x, axis=0, n=2), np.diff(a, axis=0, n=2), False)


def test_ranks_outside_the_grid_take_part_and_hold_nothing():
    grid = gg.ProcessGrid((1,))  # rank 0 only
    a = np.arange(10.0)
    x = gg.asarray(a, distribution=gg.Distribution((10,), grid=grid))
    for name in ("sum", "mean", "max", "argmin", "var"):
        result = getattr(gg, name)(x)
        assert all_ranks(np.allclose(np.asarray(result), numpy_reduction(name, a, None, False)))
        assert all_ranks(result.local.size == (1 if COMM.rank == 0 else 0))
    check(gg.cumulative_sum(x, include_initial=True), cumulative_reference("sum", a, 0, None, True), False)
    check(gg.diff(x, n=2), np.diff(a, n=2), False)


DETERMINISTIC = ["sum", "prod", "mean", "var", "std"]


def deterministic_layouts(shape, grid):
    """Layouts of `shape` on `grid`: all kinds, offsets, both grid-axis assignments."""
    last = grid.dims[0] - 1
    if len(shape) == 1:
        axes = [(gg.Block(),), (gg.Cyclic(offset=last),), (gg.BlockCyclic(300, offset=last),), (gg.BlockCyclic(7),),
                (None,)]
        return [gg.Distribution(shape, axes=a, grid=grid) for a in axes]
    layouts = [(gg.Block(), None), (gg.Cyclic(offset=last), None), (gg.BlockCyclic(3, offset=last), None),
               (None, gg.Block()), (None, None)]
    if grid.ndim == 2:
        layouts += [(gg.BlockCyclic(2), gg.Cyclic()), (gg.Block(), gg.BlockCyclic(4, offset=grid.dims[1] - 1))]
    return [gg.Distribution(shape, axes=axes, grid=grid, local_order="CF"[k % 2]) for k, axes in enumerate(layouts)]


@pytest.mark.parametrize("dtype", [gg.float64, gg.float32, gg.complex128])
@pytest.mark.parametrize("shape", [(37, 23), (700, 5), (5003,)])  # the larger ones: whole aligned runs of leaves
def test_deterministic_mode_is_bitwise_identical_to_one_rank(dtype, shape):
    rng = np.random.default_rng(11)
    a = values(rng, shape, dtype)
    a = a * np.exp(rng.uniform(-20, 20, size=shape)).astype(a.real.dtype)  # a wide range: rounding shows
    p = values(rng, shape, dtype, "prod")
    single = gg.ProcessGrid(comm=MPI.COMM_SELF)
    axes = (None, 0, 1, -1, (0, 1)) if len(shape) == 2 else (None, 0)
    previous = gg.deterministic()
    gg.set_deterministic(True)
    try:
        assert gg.deterministic()
        reference = {}
        for name in DETERMINISTIC:
            if not accepts(name, dtype):
                continue
            data = p if name == "prod" else a
            xs = gg.asarray(data, distribution=gg.Distribution(shape, axes=(gg.Cyclic(),) + (None,) * (len(shape) - 1),
                                                               grid=single))
            for axis in axes:
                reference[name, axis] = np.asarray(getattr(gg, name)(xs, axis=axis))
        for grid in (gg.ProcessGrid(), gg.ProcessGrid((0, 0))):
            for d in deterministic_layouts(shape, grid):
                for name in DETERMINISTIC:
                    if not accepts(name, dtype):
                        continue
                    x = gg.asarray(p if name == "prod" else a, distribution=d)
                    for axis in axes:
                        whole = np.asarray(getattr(gg, name)(x, axis=axis))
                        expected = reference[name, axis]
                        assert all_ranks(whole.tobytes() == expected.tobytes()), (name, axis, d, whole - expected)
    finally:
        gg.set_deterministic(previous)


def test_default_mode_gives_the_same_bits_on_every_rank():
    """Without the deterministic mode, results may depend on the rank count but never differ between ranks."""
    rng = np.random.default_rng(12)
    a = rng.standard_normal((301, 7)) * np.exp(rng.uniform(-20, 20, size=(301, 7)))
    assert not gg.deterministic()
    for d in deterministic_layouts(a.shape, gg.ProcessGrid((0, 0))):
        x = gg.asarray(a, distribution=d)
        for name in DETERMINISTIC:
            for axis in (None, 0, 1):
                assert all_ranks(same_on_every_rank(np.asarray(getattr(gg, name)(x, axis=axis)), COMM))


try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover  (Debian: python3-hypothesis)
    given = None

if given is not None:
    @settings(derandomize=True, database=None, max_examples=40, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(shape=st.lists(st.integers(0, 5), max_size=3).map(tuple), dtype=st.sampled_from(DTYPES),
           name=st.sampled_from(REDUCTIONS), layout_seed=st.integers(0, 2**32 - 1), keepdims=st.booleans(),
           axis_choice=st.integers(0, 3))
    def test_property_reductions_match_numpy(shape, dtype, name, layout_seed, keepdims, axis_choice):
        """Property-based (derandomised: every rank draws the same examples)."""
        rng = np.random.default_rng(layout_seed)
        a = values(rng, shape, dtype, name)
        x = gg.asarray(a, distribution=random_distribution(rng, shape, random_grid(rng, COMM)))
        if not accepts(name, dtype):
            outcome = raised_everywhere(lambda: getattr(gg, name)(x))
            assert outcome is not None and outcome[0] == "TypeError", outcome
            return
        axis = None if axis_choice == 0 or not shape else random_axis(rng, len(shape), name in ("argmax", "argmin"))
        run_reduction(name, a, x, axis, keepdims)


def test_argmax_and_argmin_of_long_rows_find_the_first_extreme_across_blocks():
    """Dense rows long enough for the block kernel (blocks of 1024, pieces of 32768): ties across block
    edges, ascending rows (a new extreme in every block), -0.0 before 0.0, the first NaN winning over an
    earlier extreme and over a later NaN; flat and along axis 1, every real width."""
    n = 3 * 32768 + 1029
    rng = np.random.default_rng(17)
    rows = [np.round(rng.standard_normal(n) * 8) / 4, np.arange(n, dtype=np.float64), -np.ones(n)]
    rows[0][[1023, 1024]] = 100.0
    rows[2][5000], rows[2][40000] = -0.0, 0.0
    with_nan = rows[0].copy()
    with_nan[[33000, 90000]] = np.nan
    rows.append(with_nan)
    a = np.stack(rows)
    for dtype in (np.float64, np.float32):
        m = a.astype(dtype)
        for x in (gg.asarray(m), gg.asarray(m, distribution=gg.Distribution(m.shape, axes=(None, gg.Block())))):
            for name in ("argmax", "argmin"):
                check(getattr(gg, name)(x, axis=1), getattr(np, name)(m, axis=1), True)
                flat = gg.reshape(x, (-1,))
                check(getattr(gg, name)(flat), getattr(np, name)(m.reshape(-1)), True)
    for dtype in (np.int8, np.uint16, np.int32, np.uint64):
        info = np.iinfo(dtype)
        m = rng.integers(info.min, info.max, size=(3, n), dtype=dtype, endpoint=True)
        x = gg.asarray(m)
        for name in ("argmax", "argmin"):
            check(getattr(gg, name)(x, axis=1), getattr(np, name)(m, axis=1), True)
            check(getattr(gg, name)(gg.reshape(x, (-1,))), getattr(np, name)(m.reshape(-1)), True)


def test_any_and_all_of_long_rows_stop_only_where_a_row_is_decided():
    """Rows many pieces long (pieces of 32768 elements, read in batches that double until the row is
    decided): the deciding element in the first piece, the second, deep in a later batch, at a batch's last
    element, at the end, or nowhere; along axis 1 (rows Block over the ranks, and each row spread over them)
    and over the whole array."""
    piece = 32768
    m = 9 * piece + 123
    deciding = [0, piece + 3, 5 * piece + 7, 7 * piece - 1, m - 1, None]
    trues = np.zeros((len(deciding), m), dtype=bool)
    for r, at in enumerate(deciding):
        if at is not None:
            trues[r, at] = True
    for name, a in (("any", trues), ("all", ~trues)):
        for x in (gg.asarray(a), gg.asarray(a, distribution=gg.Distribution(a.shape, axes=(None, gg.Block())))):
            check(getattr(gg, name)(x, axis=1), getattr(np, name)(a, axis=1), True)
            check(getattr(gg, name)(x), getattr(np, name)(a), True)
            check(getattr(gg, name)(x[-1]), getattr(np, name)(a[-1]), True)


def test_min_and_max_of_long_rows_and_of_columns_propagate_nans_in_every_layout():
    """min/max compare vectors of lanes along rows and take whole contiguous rows into the row of partials
    along axis 0: extremes at lane and piece edges, a NaN in one column or row (early, late), row- and
    column-distributed layouts, every real width; each against NumPy."""
    rng = np.random.default_rng(41)
    for shape in ((3, 2 * 32768 + 1031), (203, 301)):
        a = np.round(rng.standard_normal(shape) * 64) / 4
        a[0, -1], a[-1, 0] = 1e6, -1e6
        with_nan = a.copy()
        with_nan[shape[0] // 2, [3, shape[1] - 2]] = np.nan
        cases = [(m.astype(dtype), dtype) for m in (a, with_nan) for dtype in (np.float64, np.float32)]
        for dtype in (np.int8, np.uint16, np.int32, np.uint64):
            info = np.iinfo(dtype)
            cases.append((rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True), dtype))
        for m, dtype in cases:
            layouts = (None, gg.Distribution(shape, axes=(None, gg.Block())))
            for x in (gg.asarray(m) if d is None else gg.asarray(m, distribution=d) for d in layouts):
                for name in ("max", "min"):
                    for axis in (None, 0, 1):
                        check(getattr(gg, name)(x, axis=axis), getattr(np, name)(m, axis=axis), True)


def test_reductions_over_leading_axes_of_wide_arrays_match_numpy():
    """A kept last axis wider than the reduction engine's pieces, reduced over the leading axes (more rows
    than the four added at a time, and rows left over): sum, prod, mean, max and min against NumPy. With
    the reduced axes not distributed, each column's rows are added in order, as NumPy adds them: the same
    bits; with the rows spread over the ranks, NumPy's values within rounding. max and min also with a NaN
    in one column."""
    rng = np.random.default_rng(43)
    wide = 4096 * COMM.size
    for shape, axes in (((9, wide + 77), 0), ((3, 5, wide // 2 + 3), (0, 1))):
        a = rng.standard_normal(shape)
        near_one = rng.uniform(0.5, 1.5, shape)
        with_nan = a.copy()
        with_nan[(1,) * (len(shape) - 1) + (shape[-1] // 3,)] = np.nan
        integers = rng.integers(-50, 50, shape).astype(np.int32)
        last_only = gg.Distribution(shape, axes=(None,) * (len(shape) - 1) + (gg.Block(),))
        for layout, exact in ((last_only, True), (None, False)):
            def of(m):
                return gg.asarray(m) if layout is None else gg.asarray(m, distribution=layout)
            check(gg.sum(of(a), axis=axes), np.sum(a, axis=axes), exact)
            check(gg.mean(of(a), axis=axes), np.mean(a, axis=axes), False)
            check(gg.prod(of(near_one), axis=axes), np.prod(near_one, axis=axes), exact)
            check(gg.sum(of(integers), axis=axes), np.sum(integers, axis=axes), True)
            for name in ("max", "min"):
                for m in (a, with_nan, integers):
                    check(getattr(gg, name)(of(m), axis=axes, keepdims=True),
                          getattr(np, name)(m, axis=axes, keepdims=True), True)
