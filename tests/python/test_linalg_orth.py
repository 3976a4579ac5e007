"""qr, eigh, eigvalsh, svd, svdvals, pinv, matrix_rank, eig, eigvals against numpy.linalg on the gathered
result at 1-4 ranks: reconstruction and orthogonality residuals, eigenvalue agreement, every floating
dtype, 1-D / 1xN / Nx1 / 2x2 grids, BlockCyclic 1, 3, 16, 64, odd tall and wide shapes, both storage
orders, stacks, the input left untouched, and errors raised alike on every rank."""

import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere

import gingham as gg

P = COMM.size
FLOATING = [gg.float32, gg.float64, gg.complex64, gg.complex128]


def tol(dtype):
    return 2e-4 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-11


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("orth",) + key)).encode()))


def values(rng, dtype, shape):
    data = rng.uniform(-1, 1, size=shape)
    if np.dtype(dtype).kind == "c":
        data = data + 1j * rng.uniform(-1, 1, size=shape)
    return data.astype(dtype)


def hermitian(rng, dtype, n):
    a = values(rng, dtype, (n, n))
    return ((a + np.conj(a.T)) / 2).astype(dtype)


def rel(a, b):
    return float(np.linalg.norm(np.asarray(a, dtype=np.complex128) - b) / max(np.linalg.norm(b), 1e-30))


def orthonormal_error(q):
    q = np.asarray(q, dtype=np.complex128)
    return float(np.linalg.norm(np.conj(q.T) @ q - np.eye(q.shape[1]))) / max(1, q.shape[1]) ** 0.5


def layouts(grid_kind):
    """(grid, layout(shape, nb, order)) for a grid kind, or None when this rank count cannot make it."""
    shape = {"line": (P,), "1xN": (1, P), "Nx1": (P, 1), "2x2": (2, 2)}[grid_kind]
    if grid_kind == "2x2" and P != 4:
        return None
    grid = gg.ProcessGrid(shape)

    def layout(matrix_shape, nb, order):
        axes = tuple(gg.BlockCyclic(nb) if g < grid.ndim else None for g in range(2))
        return gg.Distribution(matrix_shape, axes=axes, grid=grid, local_order=order)

    return grid, layout


def check_qr(a, x, mode):
    q, r = gg.linalg.qr(x, mode=mode)
    qn, rn = np.asarray(q), np.asarray(r)
    m, n = a.shape
    k = min(m, n)
    qcols = m if mode == "complete" else k
    ok = qn.shape == (m, qcols) and rn.shape == (qcols, n) and qn.dtype == a.dtype and rn.dtype == a.dtype
    ok = ok and rel(qn @ rn, a) < tol(a.dtype) and orthonormal_error(qn) < tol(a.dtype)
    ok = ok and np.all(np.tril(rn, -1) == 0)
    assert all_ranks(ok), (a.shape, a.dtype, mode, qn.shape, rn.shape, rel(qn @ rn, a), orthonormal_error(qn))


def check_svd(a, x, full):
    u, s, vh = (np.asarray(t) for t in gg.linalg.svd(x, full_matrices=full))
    m, n = a.shape
    k = min(m, n)
    real = np.empty(0, dtype=a.dtype).real.dtype
    shapes = ((m, m), (k,), (n, n)) if full else ((m, k), (k,), (k, n))
    ok = (u.shape, s.shape, vh.shape) == shapes and s.dtype == real and u.dtype == a.dtype
    ok = ok and rel((u[:, :k] * s) @ vh[:k], a) < tol(a.dtype) and orthonormal_error(u) < tol(a.dtype)
    ok = ok and orthonormal_error(np.conj(vh.T)) < tol(a.dtype) and np.all(np.diff(s) <= 0)
    ok = ok and rel(s, np.linalg.svd(a.astype(np.complex128), compute_uv=False)) < tol(a.dtype)
    assert all_ranks(ok), (a.shape, a.dtype, full, u.shape, s.shape, vh.shape)


def check_eigh(h, x):
    w, v = (np.asarray(t) for t in gg.linalg.eigh(x))
    reference = np.linalg.eigvalsh(h.astype(np.complex128))
    scale = max(1.0, float(np.max(np.abs(reference), initial=0)))
    ok = w.dtype == np.empty(0, dtype=h.dtype).real.dtype and v.dtype == h.dtype
    ok = ok and float(np.max(np.abs(w - reference), initial=0)) < tol(h.dtype) * scale * 10
    ok = ok and rel(h.astype(np.complex128) @ v, v * w) < tol(h.dtype) * 10 and orthonormal_error(v) < tol(h.dtype)
    wh = np.asarray(gg.linalg.eigvalsh(x))
    ok = ok and float(np.max(np.abs(wh - reference), initial=0)) < tol(h.dtype) * scale * 10
    assert all_ranks(ok), (h.shape, h.dtype, w, reference)


def check_eig(a, x):
    w, v = (np.asarray(t) for t in gg.linalg.eig(x))
    complex_dtype = np.result_type(a.dtype, np.complex64)
    reference = np.linalg.eigvals(a.astype(np.complex128))
    scale = max(1.0, float(np.max(np.abs(reference), initial=0)))
    distance = np.abs(w[:, None] - reference[None, :]).min(axis=1, initial=np.inf) if a.size else np.zeros(0)
    ok = w.dtype == complex_dtype and v.dtype == complex_dtype
    ok = ok and float(np.max(distance, initial=0)) < 100 * tol(a.dtype) * scale
    ok = ok and rel(a.astype(np.complex128) @ v, v * w) < 100 * tol(a.dtype)
    ok = ok and np.allclose(np.linalg.norm(v, axis=0), 1, atol=tol(a.dtype) * 10)
    wv = np.asarray(gg.linalg.eigvals(x))
    ok = ok and np.abs(wv[:, None] - reference[None, :]).min(axis=1, initial=0).max(initial=0) < 100 * tol(a.dtype) * scale
    assert all_ranks(ok), (a.shape, a.dtype)


@pytest.mark.parametrize("dtype", FLOATING)
def test_default_layout_every_function(dtype):
    rng = rng_of("default", dtype)
    for m, n in ((23, 11), (11, 23), (17, 17), (1, 5), (5, 1)):
        a = values(rng, dtype, (m, n))
        x = gg.asarray(a)
        for mode in ("reduced", "complete"):
            check_qr(a, x, mode)
        for full in (False, True):
            check_svd(a, x, full)
        pinv = np.asarray(gg.linalg.pinv(x))
        assert all_ranks(rel(pinv, np.linalg.pinv(a.astype(np.complex128))) < tol(dtype) * 100)
        assert all_ranks(int(gg.linalg.matrix_rank(x)) == min(m, n))
        if m == n:
            h = hermitian(rng, dtype, n)
            check_eigh(h, gg.asarray(h))
            check_eig(a, x)
        assert all_ranks(np.array_equal(np.asarray(x), a))  # the input is untouched


@pytest.mark.parametrize("grid_kind", ["line", "1xN", "Nx1", "2x2"])
@pytest.mark.parametrize("nb", [1, 3, 16, 64])
def test_grids_block_sizes_and_orders(grid_kind, nb):
    made = layouts(grid_kind)
    if made is None:
        pytest.skip("2x2 needs 4 ranks")
    grid, layout = made
    rng = rng_of("grids", grid_kind, nb)
    for order in "CF":
        for dtype in (gg.float64, gg.complex64):
            for m, n in ((41, 19), (19, 41)):  # tall and wide, not multiples of the block sizes
                a = values(rng, dtype, (m, n))
                x = gg.asarray(a, distribution=layout((m, n), nb, order))
                check_qr(a, x, "reduced")
                check_svd(a, x, False)
                assert all_ranks(np.array_equal(np.asarray(x), a))
            h = hermitian(rng, dtype, 29)
            check_eigh(h, gg.asarray(h, distribution=layout((29, 29), nb, order)))
            g = values(rng, dtype, (21, 21))
            check_eig(g, gg.asarray(g, distribution=layout((21, 21), nb, order)))


def test_complete_modes_and_larger_matrices():
    rng = rng_of("larger")
    a = values(rng, gg.float64, (150, 90))
    x = gg.asarray(a)
    check_qr(a, x, "complete")
    check_svd(a, x, True)
    check_svd(a.T.copy(), gg.asarray(a.T.copy()), True)
    h = hermitian(rng, gg.complex128, 130)
    check_eigh(h, gg.asarray(h))


def test_stacks():
    rng = rng_of("stacks")
    a = values(rng, gg.float64, (2, 3, 9, 6))
    x = gg.asarray(a)
    q, r = (np.asarray(t) for t in gg.linalg.qr(x))
    assert all_ranks(q.shape == (2, 3, 9, 6) and r.shape == (2, 3, 6, 6) and rel(q @ r, a) < 1e-12)
    u, s, vh = (np.asarray(t) for t in gg.linalg.svd(x))
    assert all_ranks(u.shape == (2, 3, 9, 9) and s.shape == (2, 3, 6) and vh.shape == (2, 3, 6, 6))
    assert all_ranks(rel(s, np.linalg.svd(a, compute_uv=False)) < 1e-12)
    assert all_ranks(rel(np.asarray(gg.linalg.svdvals(x)), np.linalg.svd(a, compute_uv=False)) < 1e-12)
    assert all_ranks(rel(np.asarray(gg.linalg.pinv(x)), np.linalg.pinv(a)) < 1e-10)
    ranks = np.asarray(gg.linalg.matrix_rank(x))
    assert all_ranks(ranks.shape == (2, 3) and np.all(ranks == 6))
    h = a[..., :6, :] + np.swapaxes(a[..., :6, :], -1, -2)
    w, v = (np.asarray(t) for t in gg.linalg.eigh(gg.asarray(h)))
    assert all_ranks(w.shape == (2, 3, 6) and rel(w, np.linalg.eigvalsh(h)) < 1e-12 and rel(h @ v, v * w[..., None, :]) < 1e-12)
    assert all_ranks(rel(np.asarray(gg.linalg.eigvalsh(gg.asarray(h))), np.linalg.eigvalsh(h)) < 1e-12)
    w, v = (np.asarray(t) for t in gg.linalg.eig(gg.asarray(a[..., :6, :])))
    assert all_ranks(w.shape == (2, 3, 6) and v.shape == (2, 3, 6, 6))
    assert all_ranks(rel(a[..., :6, :] @ v, v * w[..., None, :]) < 1e-10)
    assert all_ranks(np.asarray(gg.linalg.eigvals(gg.asarray(a[..., :6, :]))).shape == (2, 3, 6))
    empty = gg.linalg.svdvals(gg.zeros((0, 4, 3)))
    assert all_ranks(empty.shape == (0, 3))


def test_rank_deficient_rtol_and_namedtuples():
    rng = rng_of("rank")
    b = values(rng, gg.float64, (12, 3))
    a = b @ values(rng, gg.float64, (3, 10))  # rank 3
    x = gg.asarray(a)
    assert all_ranks(int(gg.linalg.matrix_rank(x)) == 3)
    assert all_ranks(int(gg.linalg.matrix_rank(x, rtol=0.999)) == 1)
    assert all_ranks(rel(np.asarray(gg.linalg.pinv(x)), np.linalg.pinv(a)) < 1e-10)
    stack = gg.asarray(np.stack([a, a]))
    per = np.asarray(gg.linalg.matrix_rank(stack, rtol=gg.asarray(np.array([1e-12, 0.999]))))
    assert all_ranks(per.tolist() == [3, 1])
    result = gg.linalg.qr(x)
    assert all_ranks(type(result).__name__ == "QRResult" and result.Q.shape == (12, 10))
    assert all_ranks(type(gg.linalg.svd(x)).__name__ == "SVDResult")
    assert all_ranks(gg.linalg.eigh(gg.asarray(np.eye(3))).eigenvectors.shape == (3, 3))
    assert all_ranks(gg.linalg.eig(gg.asarray(np.eye(3))).eigenvalues.dtype == gg.complex128)


def test_errors_are_raised_alike_on_every_rank():
    square, wide = gg.ones((4, 4)), gg.ones((3, 5))
    cases = [
        (lambda: gg.linalg.qr(gg.ones((4, 4), dtype=gg.int64)), "TypeError"),
        (lambda: gg.linalg.svd(gg.ones((4, 4), dtype=gg.bool)), "TypeError"),
        (lambda: gg.linalg.eigh(gg.ones((4, 4), dtype=gg.int32)), "TypeError"),
        (lambda: gg.linalg.eig(gg.ones((4, 4), dtype=gg.int32)), "TypeError"),
        (lambda: gg.linalg.qr(gg.ones((4,))), "ValueError"),
        (lambda: gg.linalg.svdvals(gg.ones(())), "ValueError"),
        (lambda: gg.linalg.eigh(wide), "ValueError"),
        (lambda: gg.linalg.eigvalsh(wide), "ValueError"),
        (lambda: gg.linalg.eig(wide), "ValueError"),
        (lambda: gg.linalg.eigvals(gg.ones((2, 3, 4))), "ValueError"),
        (lambda: gg.linalg.qr(square, mode="r"), "ValueError"),
        (lambda: gg.linalg.pinv(square, rtol="x"), "TypeError"),
        (lambda: gg.linalg.qr(np.ones((3, 3))), "TypeError"),
    ]
    for call, kind in cases:
        outcome = raised_everywhere(call)
        assert outcome is not None and outcome[0] == kind, outcome


def test_tall_and_wide_matrices_spread_their_long_axis():
    """A thin matrix in the default layout is worked on with its long axis spread, so every rank takes part."""
    rng = np.random.default_rng(17)
    a = rng.random((128 * COMM.size, 5))
    q, r = gg.linalg.qr(gg.asarray(a))
    assert all_ranks(q.local.size > 0)
    assert all_ranks(np.allclose(np.asarray(q) @ np.asarray(r), a))
    s = gg.linalg.svdvals(gg.asarray(a.T.copy()))
    assert all_ranks(np.allclose(np.asarray(s), np.linalg.svd(a, compute_uv=False)))
