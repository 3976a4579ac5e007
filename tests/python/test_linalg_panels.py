"""The working copy of the panel factorizations (issue 18): on a 1-D BLACS view, cholesky spreads the axis
holding its factor's panels (the columns of L, the rows of U) and the LU routines and qr the columns of
X, whatever the input's layout, so each panel lies on one process (P?POTRF 'L' on 1xP, 'U' on Px1). Checked
at 1-4 ranks against numpy.linalg: cholesky of complex Hermitian and real input with garbage in the other
triangle (only the named triangle is read: the conjugate matters when ScaLAPACK factors S = X^T), lower
and upper, from the default layout, rows or columns BlockCyclic in either storage order, on 1-D, 1xN and
Nx1 grids, sizes not a multiple of the block; and the layouts the results come in."""

import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, uniform_values

import gingham as gg

P = COMM.size


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("linalg-panels",) + key)).encode()))


def hermitian_from(a, upper):
    """The Hermitian matrix whose `upper` (else lower) triangle is a's: what cholesky reads of a."""
    half = np.triu(a, 1) if upper else np.tril(a, -1)
    diagonal = np.diag(np.real(np.diag(a))).astype(a.dtype)
    return half + np.conj(half.T) + diagonal


def layouts(n, nb):
    """name -> (grid, Distribution of an n x n matrix) for every kind of input layout."""
    line, row, column = gg.ProcessGrid((P,)), gg.ProcessGrid((1, P)), gg.ProcessGrid((P, 1))
    kinds = {"default": (line, None)}
    for order in "CF":
        kinds[f"rows BC({nb}) {order}"] = (line, gg.Distribution((n, n), (gg.BlockCyclic(nb), None), grid=line,
                                                                 local_order=order))
        kinds[f"cols BC({nb}) {order}"] = (line, gg.Distribution((n, n), (None, gg.BlockCyclic(nb)), grid=line,
                                                                 local_order=order))
        for name, grid in (("1xN", row), ("Nx1", column)):
            kinds[f"{name} BC({nb}) {order}"] = (grid, gg.Distribution((n, n), (gg.BlockCyclic(nb),) * 2, grid=grid,
                                                                       local_order=order))
    return kinds


@pytest.mark.parametrize("dtype", [np.float64, np.complex128, np.complex64])
@pytest.mark.parametrize("nb", [3, 64])
def test_cholesky_reads_only_its_triangle_from_every_layout(dtype, nb):
    rng = rng_of("triangle", np.dtype(dtype).name, nb)
    n = 70 if nb == 3 else 203  # not a multiple of the block size; 203 / 64: 4 blocks
    tolerance = 2e-4 if dtype == np.complex64 else 1e-11
    m = uniform_values(rng, np.complex128 if np.dtype(dtype).kind == "c" else np.float64, (n, n))
    spd = m @ np.conj(m.T) + n * np.eye(n)
    # The other triangle holds garbage (not the conjugate transpose): a factor reading it would differ.
    garbage = uniform_values(rng, spd.dtype, (n, n)) * 10
    for upper in (False, True):
        a = (np.triu(spd) + np.tril(garbage, -1) if upper else np.tril(spd) + np.triu(garbage, 1)).astype(dtype)
        want = np.linalg.cholesky(hermitian_from(a.astype(spd.dtype), upper))
        if upper:
            want = np.conj(want.T)
        for kind, (grid, layout) in layouts(n, nb).items():
            x = gg.asarray(a, device=grid) if layout is None else gg.asarray(a, distribution=layout)
            got = np.asarray(gg.linalg.cholesky(x, upper=upper))
            assert all_ranks(got.dtype == np.dtype(dtype)), (kind, got.dtype)
            error = np.abs(got - want).max() / np.abs(want).max()
            assert all_ranks(error < tolerance), f"{kind} upper={upper}: relative error {error}"
            assert all_ranks(np.array_equal(np.asarray(x), a)), f"{kind}: the input was overwritten"


def spread_axes(result):
    """Which axes of a 2-D result on a 1-D grid are distributed."""
    return tuple(axis is not None for axis in result.distribution.axes)


@pytest.mark.parametrize("order", "CF")
def test_panels_lie_on_one_process_on_a_line_of_ranks(order):
    if P == 1:
        pytest.skip("one rank: nothing is spread")
    rng = rng_of("spread", order)
    n = 64 * 2 * P + 5  # every rank holds blocks of 64 either way
    m = uniform_values(rng, np.float64, (n, n))
    spd = m @ m.T + n * np.eye(n)
    line = gg.ProcessGrid((P,))
    for axes in ((gg.BlockCyclic(64), None), (None, gg.BlockCyclic(64))):
        layout = gg.Distribution((n, n), axes, grid=line, local_order=order)
        x_spd, x = gg.asarray(spd, distribution=layout), gg.asarray(m, distribution=layout)
        lower, upper = gg.linalg.cholesky(x_spd), gg.linalg.cholesky(x_spd, upper=True)
        assert all_ranks(spread_axes(lower) == (False, True)), lower.distribution
        assert all_ranks(spread_axes(upper) == (True, False)), upper.distribution
        inverse = gg.linalg.inv(x)
        assert all_ranks(spread_axes(inverse) == (False, True)), inverse.distribution
        assert all_ranks(np.allclose(np.asarray(inverse) @ m, np.eye(n), atol=1e-10))
        q, r = gg.linalg.qr(x)
        assert all_ranks(spread_axes(q) == (False, True)), q.distribution
        assert all_ranks(np.allclose(np.asarray(q) @ np.asarray(r), m, atol=1e-10))
        b = uniform_values(rng, np.float64, (n,))
        got = np.asarray(gg.linalg.solve(x, gg.asarray(b, device=line)))
        assert all_ranks(np.allclose(got, np.linalg.solve(m, b), atol=1e-9))
        sign, logabsdet = gg.linalg.slogdet(x)
        want_sign, want_log = np.linalg.slogdet(m)
        assert all_ranks(float(sign) == want_sign and abs(float(logabsdet) - want_log) < 1e-9 * abs(want_log))
