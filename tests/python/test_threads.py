"""Threads per rank and SIMD levels of the local loops (gingham/core/threads.hpp, simd_level.hpp): results
bitwise the same on 1, 2 and 3 threads and at every SIMD level the CPU has, equal to NumPy's within
rounding; the thread count set and refused like the C++ API."""

import numpy as np
import pytest

import gingham as gg
from gingham import _core


@pytest.fixture
def restore():
    threads, cap = gg.num_threads(), _core.simd_level()
    yield
    gg.set_num_threads(threads)
    _core.set_simd_level_cap("avx512")
    assert _core.simd_level() == cap


def levels():
    widest = _core.simd_level()
    return ["baseline"] + (["avx2"] if widest in ("avx2", "avx512") else []) + (["avx512"] if widest == "avx512" else [])


@pytest.mark.parametrize("shape,axis", [((300001,), None), ((7, 40003), 1), ((40003, 7), 0), ((3, 5, 20011), None)])
def test_results_are_the_same_on_every_thread_count_and_level(restore, shape, axis):
    whole = np.random.default_rng(sum(shape)).standard_normal(shape)
    x = gg.asarray(whole)
    y = gg.asarray(whole[..., ::-1].copy())

    def results():
        return [gg.to_numpy(r) for r in (gg.sum(x, axis=axis), gg.var(x, axis=axis), gg.max(x, axis=axis),
                                         gg.argmax(x, axis=-1), gg.prod(gg.abs(x) + 0.5, axis=axis), x + y,
                                         x * 3.0, gg.exp(x))]

    gg.set_num_threads(1)
    _core.set_simd_level_cap("baseline")
    first = results()
    np.testing.assert_allclose(first[0], whole.sum(axis=axis), rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(first[1], whole.var(axis=axis), rtol=1e-12)
    np.testing.assert_array_equal(first[3], whole.argmax(axis=-1))
    np.testing.assert_array_equal(first[5], whole + whole[..., ::-1])
    for level in levels():
        for threads in (1, 2, 3):
            _core.set_simd_level_cap(level)
            gg.set_num_threads(threads)
            other = results()
            for k, (a, b) in enumerate(zip(first, other)):
                if k == 7 and level != "baseline":  # exp: libmvec's SIMD exp, within a few ULP of libm's
                    np.testing.assert_allclose(b, a, rtol=4e-16 * 4)
                else:
                    np.testing.assert_array_equal(b, a, err_msg=f"result {k} at {level} on {threads} threads")


def test_thread_count_is_set_and_refused(restore):
    gg.set_num_threads(3)
    assert gg.num_threads() == 3
    with pytest.raises(ValueError, match="expected an int >= 1, got 0"):
        gg.set_num_threads(0)
    with pytest.raises(TypeError, match="expected an int >= 1, got bool"):
        gg.set_num_threads(True)
    assert gg.num_threads() == 3


def test_machine_names_the_loops_level_and_threads():
    from gingham._machine import machine

    info = machine()
    assert info["kernel_simd"] in ("baseline", "avx2", "avx512")
    assert info["threads"] == gg.num_threads() >= 1


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int16"])
def test_sort_is_the_same_on_every_thread_count(restore, dtype):
    """A long run is sorted on the rank's threads (chunks sorted, then merged): the same keys as NumPy's sort
    on 1, 2 and 3 threads, ascending and descending, with NaNs, zeros of both signs and many ties; the stable
    sort bit for bit the same on every thread count."""
    rng = np.random.default_rng(11)
    n = 3 * 2**18 + 1001  # long enough that each of 3 threads gets its own chunk on one rank
    if dtype.startswith("float"):
        whole = rng.integers(-50, 50, n).astype(dtype) / 4
        whole[rng.integers(0, n, 500)] = np.nan
        whole[rng.integers(0, n, 500)] = -0.0
    else:
        whole = rng.integers(-1000, 1000, n).astype(dtype)
    x = gg.asarray(whole)
    for descending in (False, True):
        expected = np.flip(np.sort(whole)) if descending else np.sort(whole)  # descending: NaNs first
        stable = []
        for threads in (1, 2, 3):
            gg.set_num_threads(threads)
            got = gg.to_numpy(gg.sort(x, descending=descending, stable=True))
            np.testing.assert_array_equal(got, expected, err_msg=f"{threads} threads, descending={descending}")
            stable.append(got.view(np.uint8))
            unstable = gg.to_numpy(gg.sort(x, descending=descending, stable=False))
            np.testing.assert_array_equal(unstable, expected, err_msg=f"unstable, {threads} threads")
        for other in stable[1:]:
            np.testing.assert_array_equal(other, stable[0])
