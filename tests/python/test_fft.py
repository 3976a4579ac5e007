"""gg.fft against numpy.fft at 1-4 ranks: every function, every norm, 1-D/2-D/3-D arrays with odd, prime and
unit lengths, n/s smaller and larger than the input, subsets and orders of axes, random layouts (Block,
Cyclic, BlockCyclic with offsets, replicated axes, 2-D and 3-D grids, sub-grids, C and F local order),
complex64/complex128 (float32/float64 for the real transforms), keep_layout, np.fft dispatch through
__array_function__, fftfreq/rfftfreq with device= and distribution=, fftshift/ifftshift; bad arguments raise
the same error on every rank."""

import zlib

import numpy as np
import pytest
from helpers import COMM, all_ranks, raised_everywhere, random_distribution, random_grid
from helpers import uniform_values as values

import gingham as gg

NORMS = ["backward", "ortho", "forward"]
SHAPES = [(1,), (7,), (12,), (13,), (1, 5), (6, 7), (4, 1, 5), (3, 5, 4)]
COMPLEX_OF = {np.dtype(np.float32): np.dtype(np.complex64), np.dtype(np.float64): np.dtype(np.complex128),
              np.dtype(np.complex64): np.dtype(np.complex64), np.dtype(np.complex128): np.dtype(np.complex128)}
REAL_OF = {np.dtype(np.complex64): np.dtype(np.float32), np.dtype(np.complex128): np.dtype(np.float64),
           np.dtype(np.float32): np.dtype(np.float32), np.dtype(np.float64): np.dtype(np.float64)}


def rng_of(*key):
    return np.random.default_rng(zlib.crc32(" ".join(map(str, ("fft",) + key)).encode()))


def distributed(rng, data):
    return gg.asarray(data, distribution=random_distribution(rng, data.shape, random_grid(rng)))


def assert_close(y, expected, dtype):
    """Collective: y has `dtype`, expected's shape, and its gathered values match within the precision."""
    expected = np.asarray(expected)
    assert all_ranks(y.dtype == dtype and y.shape == expected.shape), f"{y.dtype} {y.shape} vs {dtype} {expected.shape}"
    whole = np.asarray(y)
    tolerance = 2e-5 if np.dtype(dtype) in (np.dtype(np.float32), np.dtype(np.complex64)) else 1e-12
    scale = max(1.0, float(np.max(np.abs(expected)))) if expected.size else 1.0
    error = float(np.max(np.abs(whole - expected))) if expected.size else 0.0
    assert all_ranks(error <= tolerance * scale * 10), f"error {error} (scale {scale})"


def random_axes_and_lengths(rng, shape):
    """A random non-empty subset of the axes in a random order, and lengths smaller, equal or larger."""
    axes = [int(a) for a in rng.permutation(len(shape))[: int(rng.integers(1, len(shape) + 1))]]
    lengths = [max(1, shape[a] + int(rng.choice([-2, 0, 3]))) for a in axes]
    return axes, lengths


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64, np.float64])
@pytest.mark.parametrize("name", ["fftn", "ifftn"])
def test_fftn_and_ifftn_against_numpy(name, dtype, shape):
    rng = rng_of(name, np.dtype(dtype).name, shape)
    for norm in NORMS:
        data = values(rng, dtype, shape)
        x = distributed(rng, data)
        axes, s = random_axes_and_lengths(rng, shape)
        y = getattr(gg.fft, name)(x, s=s, axes=axes, norm=norm)
        assert_close(y, getattr(np.fft, name)(data, s=s, axes=axes, norm=norm), COMPLEX_OF[np.dtype(dtype)])
        whole = getattr(gg.fft, name)(x, norm=norm)  # s and axes by default: every axis
        assert_close(whole, getattr(np.fft, name)(data, norm=norm), COMPLEX_OF[np.dtype(dtype)])


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", ["fft", "ifft"])
def test_fft_and_ifft_against_numpy(name, shape):
    rng = rng_of(name, shape)
    for norm in NORMS:
        data = values(rng, np.complex128, shape)
        x = distributed(rng, data)
        axis = int(rng.integers(-len(shape), len(shape)))
        for n in (None, 1, shape[axis] + 4, max(1, shape[axis] - 1)):
            assert_close(getattr(gg.fft, name)(x, n=n, axis=axis, norm=norm),
                         getattr(np.fft, name)(data, n=n, axis=axis, norm=norm), np.complex128)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_real_transforms_against_numpy(dtype, shape):
    rng = rng_of("real", np.dtype(dtype).name, shape)
    complex_dtype = COMPLEX_OF[np.dtype(dtype)]
    for norm in NORMS:
        data = values(rng, dtype, shape)
        x = distributed(rng, data)
        axes, s = random_axes_and_lengths(rng, shape)
        assert_close(gg.fft.rfftn(x, s=s, axes=axes, norm=norm), np.fft.rfftn(data, s=s, axes=axes, norm=norm),
                     complex_dtype)
        axis = axes[-1]
        assert_close(gg.fft.rfft(x, n=s[-1], axis=axis, norm=norm), np.fft.rfft(data, n=s[-1], axis=axis, norm=norm),
                     complex_dtype)
        spectrum = values(rng, complex_dtype, shape)
        z = distributed(rng, spectrum)
        assert_close(gg.fft.irfftn(z, s=s, axes=axes, norm=norm), np.fft.irfftn(spectrum, s=s, axes=axes, norm=norm),
                     np.dtype(dtype))
        assert_close(gg.fft.irfft(z, n=s[-1], axis=axis, norm=norm), np.fft.irfft(spectrum, n=s[-1], axis=axis, norm=norm),
                     np.dtype(dtype))
        if shape[axis] > 1:  # the default length 2 (m - 1) needs m > 1
            assert_close(gg.fft.irfftn(z, axes=axes, norm=norm), np.fft.irfftn(spectrum, axes=axes, norm=norm),
                         np.dtype(dtype))


@pytest.mark.parametrize("shape", SHAPES)
def test_hermitian_transforms_against_numpy(shape):
    rng = rng_of("hermitian", shape)
    for norm in NORMS:
        spectrum = values(rng, np.complex128, shape)
        signal = values(rng, np.float64, shape)
        n = int(rng.integers(1, 12))
        assert_close(gg.fft.hfft(distributed(rng, spectrum), n=n, norm=norm), np.fft.hfft(spectrum, n=n, norm=norm),
                     np.float64)
        assert_close(gg.fft.ihfft(distributed(rng, signal), n=n, norm=norm), np.fft.ihfft(signal, n=n, norm=norm),
                     np.complex128)
        if shape[-1] > 1:
            assert_close(gg.fft.hfft(distributed(rng, spectrum), norm=norm), np.fft.hfft(spectrum, norm=norm), np.float64)
        assert_close(gg.fft.ihfft(distributed(rng, signal), norm=norm), np.fft.ihfft(signal, norm=norm), np.complex128)


@pytest.mark.parametrize("n", [64, 97, 120, 257])
def test_long_one_dimensional_arrays(n):
    """Four-step (composite n) and Bluestein (prime n) on 1-D arrays spread over every rank."""
    rng = rng_of("long", n)
    data = values(rng, np.complex128, (n,))
    for distribution in (None, gg.Distribution((n,), axes=(gg.BlockCyclic(5, offset=COMM.size - 1),))):
        x = gg.asarray(data, distribution=distribution)
        assert_close(gg.fft.fft(x), np.fft.fft(data), np.complex128)
        assert_close(gg.fft.ifft(x, n=n + 3, norm="ortho"), np.fft.ifft(data, n=n + 3, norm="ortho"), np.complex128)
        real = data.real.copy()
        r = gg.asarray(real, distribution=distribution)
        assert_close(gg.fft.rfft(r), np.fft.rfft(real), np.complex128)
        assert_close(gg.fft.irfft(gg.fft.rfft(r), n=n), real, np.float64)


def test_result_layout_and_keep_layout():
    rng = rng_of("layout")
    grid = gg.ProcessGrid((0, 0))
    data = values(rng, np.complex128, (8, 9, 5))
    layout = gg.Distribution(data.shape, axes=(gg.BlockCyclic(2), gg.Cyclic(), None), grid=grid, local_order="F")
    x = gg.asarray(data, distribution=layout)
    y = gg.fft.fftn(x, s=(6, 9, 7))
    assert all_ranks(y.device == x.device and y.distribution.axes == layout.axes
                     and y.distribution.local_order == "F"), y.distribution
    assert_close(y, np.fft.fftn(data, s=(6, 9, 7)), np.complex128)
    z = gg.fft.fftn(x, keep_layout=False)  # the last slab layout: one axis Block on a 1-D grid
    assert all_ranks(z.device.ndim == 1 and sum(a is not None for a in z.distribution.axes) == 1), z.distribution
    assert_close(z, np.fft.fftn(data), np.complex128)
    assert_close(gg.fft.ifftn(z, keep_layout=False), data, np.complex128)


def test_numpy_fft_dispatch():
    rng = rng_of("numpy")
    data = values(rng, np.float64, (6, 10))
    x = distributed(rng, data)
    for name in ("fft", "ifft", "rfft", "ihfft", "fftn", "ifftn", "rfftn", "fft2", "ifft2", "rfft2"):
        y = getattr(np.fft, name)(x)
        assert all_ranks(isinstance(y, gg.Array)), name
        assert_close(y, getattr(np.fft, name)(data), np.complex128)
    spectrum = values(rng, np.complex128, (6, 10))
    z = distributed(rng, spectrum)
    for name in ("irfft", "hfft", "irfftn", "irfft2"):
        assert_close(getattr(np.fft, name)(z), getattr(np.fft, name)(spectrum), np.float64)
    assert_close(np.fft.fft(z, 7, 0, "ortho"), np.fft.fft(spectrum, 7, 0, "ortho"), np.complex128)
    integers = np.arange(12).reshape(3, 4)
    assert_close(np.fft.fft(gg.asarray(integers)), np.fft.fft(integers), np.complex128)  # NumPy reads ints as float64
    assert_close(np.fft.fftshift(x, axes=1), np.fft.fftshift(data, axes=1), np.float64)
    assert_close(np.fft.ifftshift(x), np.fft.ifftshift(data), np.float64)


@pytest.mark.parametrize("n", [1, 2, 7, 10])
def test_frequencies(n):
    rng = rng_of("freq", n)
    grid = random_grid(rng)
    for d in (1.0, 0.25):
        assert_close(gg.fft.fftfreq(n, d=d, device=grid), np.fft.fftfreq(n, d=d), np.float64)
        assert_close(gg.fft.rfftfreq(n, d=d, dtype=gg.float32), np.fft.rfftfreq(n, d=d).astype(np.float32), np.float32)
    layout = random_distribution(rng, (n,), grid)
    f = gg.fft.fftfreq(n, distribution=layout)
    assert all_ranks(f.distribution == layout)
    assert_close(f, np.fft.fftfreq(n), np.float64)


@pytest.mark.parametrize("shape", [(1,), (7,), (6, 5), (3, 4, 5)])
def test_shifts(shape):
    rng = rng_of("shift", shape)
    data = values(rng, np.complex64, shape)
    x = distributed(rng, data)
    for axes in (None, -1, (0,), tuple(range(len(shape)))[::-1]):
        shifted = gg.fft.fftshift(x, axes=axes)
        assert all_ranks(shifted.distribution == x.distribution)
        assert_close(shifted, np.fft.fftshift(data, axes=axes), np.complex64)
        assert_close(gg.fft.ifftshift(x, axes=axes), np.fft.ifftshift(data, axes=axes), np.complex64)


def test_every_planner_effort_gives_the_same_results():
    rng = rng_of("measure")
    data = values(rng, np.complex128, (6, 10, 3))
    x = distributed(rng, data)
    gg.fft.set_planner("estimate")  # the default is "measure": the other tests run with it
    try:
        assert_close(gg.fft.fftn(x, axes=(2, 0)), np.fft.fftn(data, axes=(2, 0)), np.complex128)
        assert_close(gg.fft.irfftn(x, s=(5, 4)), np.fft.irfftn(data, s=(5, 4)), np.float64)
    finally:
        gg.fft.set_planner("measure")
    outcome = raised_everywhere(lambda: gg.fft.set_planner("exhaustive"))
    assert outcome is not None and outcome[0] == "ValueError" and "'exhaustive'" in outcome[1]


def test_bad_arguments_raise_on_every_rank():
    x = gg.asarray(np.ones((4, 6), complex))
    r = gg.asarray(np.ones((4, 6)))
    i = gg.asarray(np.ones(5, np.int64))
    cases = [
        (lambda: gg.fft.fftn(x, axes=()), "ValueError", "at least one axis"),
        (lambda: gg.fft.fftn(x, axes=(1, -1)), "ValueError", "unique"),
        (lambda: gg.fft.fftn(x, s=(3, 4, 5)), "ValueError", "more entries"),
        (lambda: gg.fft.fftn(x, s=(3,), axes=(0, 1)), "ValueError", "different lengths"),
        (lambda: gg.fft.fft(x, n=-2), "ValueError", "n >= 1, got -2"),
        (lambda: gg.fft.ifft(x, n=0), "ValueError", "n >= 1, got 0"),
        (lambda: gg.fft.fft(x, axis=2), "IndexError", "out of bounds"),
        (lambda: gg.fft.rfft(x), "TypeError", "got complex128"),
        (lambda: gg.fft.rfftn(x), "TypeError", "got complex128"),
        (lambda: gg.fft.ihfft(x), "TypeError", "got complex128"),
        (lambda: gg.fft.fft(i), "TypeError", "got int64"),
        (lambda: gg.fft.irfft(gg.asarray(np.ones(1, complex))), "ValueError", "pass n >= 1"),
        (lambda: gg.fft.fft(x, norm="sideways"), "ValueError", "got 'sideways'"),
        (lambda: gg.fft.fft(x, norm=None), "TypeError", "norm"),
        (lambda: gg.fft.fft(x, n=2.5), "TypeError", "n to be an integer"),
        (lambda: gg.fft.fft(np.ones(4)), "TypeError", "gingham.Array"),
        (lambda: gg.fft.fftfreq(0), "ValueError", "n >= 1"),
        (lambda: gg.fft.fftfreq(4, dtype=gg.int64), "TypeError", "real floating-point"),
        (lambda: gg.fft.fftshift(r, axes=(3,)), "IndexError", "out of bounds"),
    ]
    for function, kind, text in cases:
        outcome = raised_everywhere(function)
        assert outcome is not None and outcome[0] == kind and text in outcome[1], (kind, text, outcome)


@pytest.mark.parametrize("length", [2, 6, 9, 100, 1001, 4096, 10007, 12345])
def test_long_lines_against_numpy(length):
    """1-D transforms of lines over every rank (the four-step's three exchanges, its row and column parts of every
    size, rfft's kept half, Bluestein for the prime), complex64 and complex128, in Block and random layouts."""
    rng = rng_of("line", length)
    for dtype in (np.complex128, np.complex64):
        data = values(rng, dtype, (length,))
        for x in (gg.asarray(data), distributed(rng, data)):
            for name in ("fft", "ifft"):
                norm = NORMS[int(rng.integers(len(NORMS)))]
                assert_close(getattr(gg.fft, name)(x, norm=norm), getattr(np.fft, name)(data, norm=norm), np.dtype(dtype))
        real = values(rng, REAL_OF[np.dtype(dtype)], (length,))
        assert_close(gg.fft.rfft(gg.asarray(real)), np.fft.rfft(real), np.dtype(dtype))
