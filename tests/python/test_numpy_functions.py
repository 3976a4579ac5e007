"""NumPy functions on gingham arrays (issue 15, point 3): the table of the NumPy functions gingham runs
distributed, each called alike on a gingham array and on its NumPy original and compared (shards and the
gathered whole), on several layouts and odd or empty shapes; and the table of those it refuses with
TypeError on every rank."""

import warnings

import numpy as np
import pytest
from helpers import all_ranks, raised_everywhere, shard_matches

import gingham as gg

GRID_2D = gg.ProcessGrid((0, 0))


def block(a):
    return gg.asarray(a)


def cyclic(a):
    return gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.Cyclic(),) + (None,) * (a.ndim - 1)))


def grid_2d(a):
    axes = (gg.BlockCyclic(2), gg.Cyclic())[: a.ndim] + (None,) * max(a.ndim - 2, 0)
    return gg.asarray(a, distribution=gg.Distribution(a.shape, axes, grid=GRID_2D))


LAYOUTS = {"block": block, "cyclic": cyclic, "grid_2d": grid_2d}


def same(actual, expected, rtol=1e-12):
    """Collective: a gingham result (or a tuple/list of them, or a Python value) equals NumPy's result:
    each shard against its slice of the reference, the gathered whole, shape and dtype."""
    if isinstance(expected, (tuple, list)):
        assert isinstance(actual, (tuple, list)) and len(actual) == len(expected), (actual, expected)
        for a, e in zip(actual, expected):
            same(a, e, rtol)
        return
    if not isinstance(actual, gg.Array):
        assert all_ranks(type(actual) is type(expected) and actual == expected), (actual, expected)
        return
    expected = np.asarray(expected)
    whole = np.asarray(actual)
    ok = whole.shape == expected.shape and whole.dtype == expected.dtype
    if ok and expected.dtype.kind in "fc":
        ok = bool(np.all(np.isclose(whole, expected, rtol=rtol, atol=1e-13, equal_nan=True)))
        part = None if actual.device.coords is None else expected[np.ix_(*actual.distribution.owned_indices())]
        ok = ok and (part is None or np.allclose(actual.local, part, rtol=rtol, atol=1e-13, equal_nan=True))
    elif ok:
        ok = np.array_equal(whole, expected) and shard_matches(actual, expected)
    assert all_ranks(ok), f"{whole!r} ({whole.dtype}) != {expected!r} ({expected.dtype})"


def numpy(call, *arguments):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NumPy's mean-of-empty warnings
        return call(*arguments)


H = np.array([[0.5, -1.0, 2.0, 3.0, 7.5], [1.0, 1.0, -2.0, 0.0, 4.0], [2.5, 3.5, 1.5, -0.5, 9.0],
              [6.0, -3.0, 2.0, 2.0, 0.25], [1.0, 8.0, -4.0, 5.0, 3.0], [0.0, 2.0, 2.0, 7.0, -1.0],
              [3.0, 3.0, 1.0, 4.0, 6.0]])  # 7 x 5: odd extents, ties, negative values

# The NumPy functions gingham runs distributed: name -> calls made alike on the gingham array and on
# NumPy's (each a function of the 7 x 5 operand m).
SUPPORTED = {
    "shape": [lambda m: np.shape(m)],
    "ndim": [lambda m: np.ndim(m)],
    "size": [lambda m: np.size(m), lambda m: np.size(m, 1)],
    "isclose": [lambda m: np.isclose(m, H + 1e-9), lambda m: np.isclose(m, H + 0.1, atol=0.05),
                lambda m: np.isclose(np.where(m > 3, np.inf, m), np.inf), lambda m: np.isclose(m, 2.0),
                lambda m: np.isclose(np.where(m > 3, np.nan, m), np.where(H > 4, np.nan, H), equal_nan=True)],
    "allclose": [lambda m: np.allclose(m, H + 1e-9), lambda m: np.allclose(m, H + 0.1)],
    "array_equal": [lambda m: np.array_equal(m, H), lambda m: np.array_equal(m, H[:3]),
                    lambda m: np.array_equal(m, H + 1)],
    "dot": [lambda m: np.dot(m, H.T), lambda m: np.dot(m, H[0]), lambda m: np.dot(H[:, 0], m)],
    "vstack": [lambda m: np.vstack([m, H[:2]]), lambda m: np.vstack([H[0], m])],
    "hstack": [lambda m: np.hstack([m, H[:, :2]]), lambda m: np.hstack([H, m])],
    "concatenate": [lambda m: np.concatenate([H[:2], m]), lambda m: np.concatenate([m, H], axis=1),
                    lambda m: np.concatenate([m, H], axis=None)],
    "unique": [lambda m: np.unique(m), lambda m: np.unique(m, return_index=True, return_inverse=True,
                                                           return_counts=True),
               lambda m: np.unique(m, return_counts=True)],
    "median": [lambda m: np.median(m), lambda m: np.median(m, axis=0), lambda m: np.median(m, axis=1, keepdims=True)],
    "percentile": [lambda m: np.percentile(m, 30), lambda m: np.percentile(m, [0, 25, 50, 99, 100], axis=0)]
    + [lambda m, method=method: np.percentile(m, [10, 50, 85], axis=1, method=method)
       for method in ("linear", "lower", "higher", "nearest", "midpoint")],
    "quantile": [lambda m: np.quantile(m, 0.3, axis=0, keepdims=True), lambda m: np.quantile(m, [0.5, 0.2])],
    "einsum": [lambda m: np.einsum("ij->ji", m), lambda m: np.einsum("ij->", m), lambda m: np.einsum("ij->j", m),
               lambda m: np.einsum("ij,kj->ik", m, H), lambda m: np.einsum("ij,ij->", m, H),
               lambda m: np.einsum("ij,ij->ij", m, H), lambda m: np.einsum("ij,ij->i", m, H),
               lambda m: np.einsum("ij,k->ijk", m, H[0]), lambda m: np.einsum("ii->", m[:5]),
               lambda m: np.einsum("ii->i", m[:5]), lambda m: np.einsum("ij,jk", m, H.T)],
    "linalg.norm": [lambda m: np.linalg.norm(m), lambda m: np.linalg.norm(m, axis=0),
                    lambda m: np.linalg.norm(m, ord=1), lambda m: np.linalg.norm(m, ord=np.inf, axis=1),
                    lambda m: np.linalg.norm(m, "fro", axis=(1, 0), keepdims=True)],
    "linalg.solve": [lambda m: np.linalg.solve(m[:5] + 10 * np.eye(5), H[0])],
    "linalg.inv": [lambda m: np.linalg.inv(m[:5] + 10 * np.eye(5))],
    "linalg.det": [lambda m: np.linalg.det(m[:5] + 10 * np.eye(5))],
    "linalg.matrix_power": [lambda m: np.linalg.matrix_power(m[:5], 3)],
    "linalg.svd": [lambda m: np.linalg.svd(m, compute_uv=False)],
    "linalg.eigvalsh": [lambda m: np.linalg.eigvalsh(m[:5] + m[:5].T)],
    "linalg.matrix_rank": [lambda m: np.linalg.matrix_rank(m)],
    "where": [lambda m: np.where(m > 2), lambda m: np.where(m > 2, m, -1.0)],
    "copy": [lambda m: np.copy(m)],
    "ravel": [lambda m: np.ravel(m)],
    "histogram": [lambda m: np.histogram(m), lambda m: np.histogram(m, bins=4, range=(-1, 5)),
                  lambda m: np.histogram(m, bins=[-5, 0, 0.5, 3, 10], density=True),
                  lambda m: np.histogram(m, bins=3, weights=H)],
    "clip": [lambda m: np.clip(m, H - 1, 2.0), lambda m: np.clip(m, None, H[0])],
    "mean": [lambda m: np.mean(m, axis=1)],
    "cumsum": [lambda m: np.cumsum(m)],
    "round": [lambda m: np.round(m * 1.234, 2), lambda m: np.round(m * 123.4, -1)],
    "sort": [lambda m: np.sort(m, axis=None)],
    "fft.fft": [lambda m: np.fft.fft(m), lambda m: np.fft.fft(m, 9, 0, "ortho")],
    "fft.rfft2": [lambda m: np.fft.rfft2(m)],
    "fft.irfftn": [lambda m: np.fft.irfftn(np.fft.rfftn(m), m.shape)],
    "fft.ihfft": [lambda m: np.fft.ihfft(m, axis=0)],
    "fft.fftshift": [lambda m: np.fft.fftshift(m), lambda m: np.fft.ifftshift(m, axes=0)],
}

# NumPy functions gingham refuses (TypeError on every rank, naming the function or option).
REFUSED = {
    "linalg.lstsq": lambda m: np.linalg.lstsq(m, m),
    "linalg.multi_dot": lambda m: np.linalg.multi_dot([m, m.T, m]),
    "linalg.cond": lambda m: np.linalg.cond(m[:5]),
    "einsum with three operands": lambda m: np.einsum("ij,jk,kl->il", m, m.T, m),
    "einsum with a repeated letter in one of two operands": lambda m: np.einsum("ii,ij->j", m[:5], m),
    "unique with axis": lambda m: np.unique(m, axis=0),
    "histogram with bins='auto'": lambda m: np.histogram(m, bins="auto"),
    "median with out=": lambda m: np.median(m, out=np.zeros(5)),
    "convolve": lambda m: np.convolve(m[0], m[1]),
    "trapz": lambda m: np.trapz(m),
    "percentile of complex": lambda m: np.percentile(m * 1j, 50),
}

CASES = [(name, k) for name, calls in SUPPORTED.items() for k in range(len(calls))]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("name,k", CASES, ids=[f"{n}-{k}" for n, k in CASES])
def test_supported_numpy_function_matches_numpy(name, k, layout):
    call = SUPPORTED[name][k]
    same(call(LAYOUTS[layout](H)), numpy(call, H), rtol=1e-9 if name.startswith(("linalg", "fft")) else 1e-12)


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_numpy_function_raises_type_error_everywhere(name):
    outcome = raised_everywhere(lambda: REFUSED[name](grid_2d(H)))
    assert outcome is not None and outcome[0] == "TypeError", outcome
    assert name.split()[0].split(".")[-1] in outcome[1], outcome  # the message names the function


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("n", [0, 1, 2, 5, 11])
@pytest.mark.parametrize("method", ["linear", "lower", "higher", "nearest", "midpoint"])
def test_quantiles_of_odd_and_tiny_vectors(n, method, layout):
    a = np.random.default_rng(n).integers(-9, 9, size=n).astype(np.float64)
    x = LAYOUTS[layout](a)
    q = [0.0, 0.1, 0.5, 0.77, 1.0]
    if n == 0:
        assert raised_everywhere(lambda: np.quantile(x, q, method=method))[0] == "IndexError"
        same(np.median(x), numpy(np.median, a))
        return
    same(np.quantile(x, q, method=method), np.quantile(a, q, method=method))
    same(np.median(x), np.median(a))
    same(np.quantile(x.astype(np.int32), 0.5, method=method), np.quantile(a.astype(np.int32), 0.5, method=method))


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_median_and_percentile_propagate_nan_per_line(layout):
    a = H.copy()
    a[2, 3] = np.nan
    a[5, 0] = np.nan
    x = LAYOUTS[layout](a)
    for axis in (None, 0, 1):
        same(np.median(x, axis=axis), np.median(a, axis=axis))
        same(np.percentile(x, [5, 60], axis=axis), np.percentile(a, [5, 60], axis=axis))


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_median_of_a_large_array_is_a_distributed_selection(layout):
    """The selection does not gather: the sort's and take's results are spread over the ranks; here only
    the result is compared (the module docstring gives the algorithm), on enough elements to spread."""
    a = np.random.default_rng(3).normal(size=(301, 7))
    x = LAYOUTS[layout](a)
    same(np.median(x, axis=0), np.median(a, axis=0))
    same(np.percentile(x, 37.5), np.percentile(a, 37.5))


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_unique_collapses_nans_as_numpy(layout):
    a = np.array([[3.0, np.nan, 1.0], [np.nan, 1.0, np.nan], [2.0, 3.0, 0.5]])
    x = LAYOUTS[layout](a)
    same(np.unique(x), np.unique(a))
    same(np.unique(x, return_index=True, return_inverse=True, return_counts=True),
         np.unique(a, return_index=True, return_inverse=True, return_counts=True))
    same(np.unique(x, equal_nan=False), np.unique(a, equal_nan=False))


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("shape", [(0,), (0, 3), (1, 1), (3, 1), (13,)])
def test_empty_and_small_shapes(shape, layout):
    a = np.arange(float(np.prod(shape))).reshape(shape) * 0.5 - 1
    x = LAYOUTS[layout](a)
    for call in (np.shape, np.size, np.ndim, np.copy, np.ravel, lambda m: np.allclose(m, a),
                 lambda m: np.array_equal(m, a), lambda m: np.histogram(m, bins=3), lambda m: np.unique(m),
                 lambda m: np.where(m > 0), lambda m: np.concatenate([m, a]), lambda m: np.isclose(m, a),
                 lambda m: np.cumsum(m), lambda m: np.round(m, 1)):
        same(call(x), numpy(call, a))


def test_where_with_one_argument_names_numpy_arguments():
    x = grid_2d(H)
    outcome = raised_everywhere(lambda: np.where(x > 0, x))
    assert outcome[0] == "ValueError" and "both or neither of x and y" in outcome[1], outcome


def test_einsum_refusal_names_the_form():
    x = grid_2d(H)
    outcome = raised_everywhere(lambda: np.einsum("bij,bjk,bkl->bil", x, x, x))
    assert outcome[0] == "TypeError" and "bij,bjk,bkl->bil" in outcome[1], outcome


def test_einsum_batched_matmul_and_elementwise_forms():
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=(3, 4, 5)), rng.normal(size=(3, 5, 2))
    x, y = gg.asarray(a), gg.asarray(b)
    same(np.einsum("bij,bjk->bik", x, y), np.einsum("bij,bjk->bik", a, b))
    same(np.einsum("bij,bjk->kib", x, y), np.einsum("bij,bjk->kib", a, b))
    same(np.einsum("bij,bij->b", x, x), np.einsum("bij,bij->b", a, a))
    same(np.einsum("bij,bj->bi", x, a[:, 0, :]), np.einsum("bij,bj->bi", a, a[:, 0, :]))
    same(np.einsum("ijk->kij", x), np.einsum("ijk->kij", a))


def test_histogram_counts_each_element_once_with_copies_on_a_grid_axis():
    """A 1-D array on a 2-D grid is held in copies along the second grid axis: each counts once."""
    a = np.linspace(-3, 4, 29)
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.Block(),), grid=GRID_2D))
    same(np.histogram(x, bins=6), np.histogram(a, bins=6))
    r = gg.asarray(a, distribution=gg.Distribution.replicated(a.shape))
    same(np.histogram(r, bins=5), np.histogram(a, bins=5))
    bad = np.array([1.0, np.nan])
    assert raised_everywhere(lambda: np.histogram(gg.asarray(bad)))[0] == "ValueError"


def test_host_operand_takes_the_distributed_operands_layout():
    x = cyclic(H)
    joined = np.concatenate([H, x])
    assert joined.distribution.axes[0] == gg.Cyclic()
    same(joined, np.concatenate([H, H]))
