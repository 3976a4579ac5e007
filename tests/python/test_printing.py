"""Printing at 1-4 ranks against NumPy: repr/str of small arrays (gathered), large ones (summarized: only
the corners are read) and 0-D ones equal np.array2string of the whole array under the current print options,
on random layouts and grids (sub-grids too), and C++'s operator<< text equals repr; format of 0-D arrays;
the notebook views and owner maps of layouts against the layout's own owner and local shapes."""

import re
import zlib

import numpy as np
import pytest
from helpers import COMM, DTYPES, all_ranks, raised_everywhere, random_distribution, random_grid
from test_printing_cpp import cpp_repr  # C++'s operator<< text of the same array

import gingham as gg
from gingham import _core


def _expected_repr(x, a):
    body = np.array2string(a, separator=", ", prefix="gingham.Array(")
    return f"gingham.Array({body}, dtype={a.dtype}, distribution={x.distribution!r})"


def _random_array(rng, shape, dtype):
    a = (rng.uniform(-1000, 1000, size=shape)).astype(dtype) if np.dtype(dtype).kind != "b" else \
        rng.integers(0, 2, size=shape).astype(bool)
    x = gg.asarray(a, distribution=random_distribution(rng, shape, random_grid(rng)))
    return x, a


@pytest.mark.parametrize("trial", range(26))
def test_small_arrays_print_as_numpy(trial):
    rng = np.random.default_rng(zlib.crc32(f"print {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(0, 6, size=int(rng.integers(0, 4))))
    x, a = _random_array(rng, shape, DTYPES[trial % len(DTYPES)])
    text, plain = repr(x), str(x)
    assert all_ranks(text == _expected_repr(x, a)), f"{text!r} != {_expected_repr(x, a)!r}"
    assert all_ranks(plain == str(a)), f"{plain!r} != {str(a)!r}"
    assert all_ranks(COMM.allgather(text) == [text] * COMM.size)
    assert all_ranks(cpp_repr(x) == text), f"C++: {cpp_repr(x)!r} != {text!r}"


@pytest.mark.parametrize("shape, threshold, edgeitems", [
    ((5000,), 1000, 3), ((40, 70), 1000, 3), ((30, 2, 45), 1000, 3), ((9, 9, 9, 9), 100, 2),
    ((20, 4), 10, 1), ((7, 300), 50, 1), ((6, 6, 6, 6, 6), 1000, 3),
])
def test_large_arrays_are_summarized_as_numpy(monkeypatch, shape, threshold, edgeitems):
    rng = np.random.default_rng(zlib.crc32(repr(shape).encode()))
    for dtype in (np.float64, np.int32, np.complex64, np.float32):
        x, a = _random_array(rng, shape, dtype)
        summarized = a.size > threshold and any(n > 2 * edgeitems for n in shape)
        with np.printoptions(threshold=threshold, edgeitems=edgeitems):
            if summarized:  # only the corners travel: printing must not gather the array
                monkeypatch.setattr(_core, "gather_to_all", None)
            text, plain, cpp_text = repr(x), str(x), cpp_repr(x)
            monkeypatch.undo()
            assert all_ranks(cpp_text == text), f"C++: {cpp_text!r}\n!=\n{text!r}"
            assert all_ranks(text == _expected_repr(x, a)), f"{text!r}\n!=\n{_expected_repr(x, a)!r}"
            assert all_ranks(plain == str(a)), f"{plain!r} != {str(a)!r}"
            assert all_ranks(("..." in plain) == summarized)


def test_zero_d_arrays_print_and_format_as_python_scalars():
    s = gg.sum(gg.arange(12.0))
    assert all_ranks(repr(s) == f"gingham.Array(66., dtype=float64, distribution={s.distribution!r})")
    assert all_ranks(str(s) == "66.0" == str(np.asarray(66.0)))
    assert all_ranks(f"{s:.3f}" == "66.000" and f"{s}" == "66.0" and f"{s:>8.1e}" == f"{66.0:>8.1e}")
    assert all_ranks(f"{gg.sum(gg.arange(5)):04d}" == "0010" and f"{gg.asarray(2 + 1j):.1f}" == "2.0+1.0j")
    assert all_ranks(f"{gg.any(gg.ones(2, dtype=gg.bool))}" == "True")


def test_a_format_spec_on_an_n_d_array_raises_type_error_everywhere():
    x = gg.arange(4.0)
    assert all_ranks(format(x, "") == str(x) == "[0. 1. 2. 3.]" and f"{x}" == str(x))
    outcome = raised_everywhere(lambda: f"{x:.3f}")
    assert outcome[0] == "TypeError" and "'.3f'" in outcome[1] and "shape (4,)" in outcome[1], outcome


def test_printing_on_a_sub_grid_and_a_zero_d_value_off_the_grid():
    grid = gg.ProcessGrid((1,))  # rank 0 only: the other ranks are off the grid and still print the same
    x = gg.asarray(np.arange(3000.0), device=grid)
    texts = COMM.allgather(repr(x))
    assert texts == [_expected_repr(x, np.arange(3000.0))] * COMM.size
    assert all_ranks(f"{gg.sum(x):.1f}" == "4498500.0")


def _owners(d):
    """The grid rank owning each element (the primary copy), from Distribution.owner: the reference."""
    owners = np.zeros(d.shape, dtype=np.int64)
    for index in np.ndindex(*d.shape):
        coords = [0 if c is None else c for c in d.owner(index)]
        owners[index] = np.ravel_multi_index(coords, d.grid.dims)
    return owners


@pytest.mark.parametrize("trial", range(8))
def test_owner_map_and_local_shapes_follow_the_layout(trial):
    rng = np.random.default_rng(zlib.crc32(f"owners {trial}".encode()))
    shape = tuple(int(e) for e in rng.integers(1, 6, size=1 + trial % 3))
    d = random_distribution(rng, shape, random_grid(rng))
    text = d.owner_map()
    lines = [line for line in text.splitlines() if not line.startswith(("[", "("))]
    table = np.array([[int(v) for v in line.split()] for line in lines])
    assert all_ranks(np.array_equal(table.reshape(-1), _owners(d).reshape(-1))), text
    assert all_ranks(("(primary copies shown" in text) == any(
        g not in d.grid_axes and d.grid.dims[g] > 1 for g in range(d.grid.ndim)))
    shapes = d.local_shapes()
    own = COMM.allgather((d.grid.coords, d.local_shape))
    assert all_ranks(sorted(shapes) == list(range(d.grid.size)))
    assert all_ranks(all(shapes[int(np.ravel_multi_index(c, d.grid.dims))] == s for c, s in own if c is not None))


def test_owner_map_refuses_large_layouts():
    outcome = raised_everywhere(lambda: gg.Distribution((200, 200)).owner_map())
    assert outcome[0] == "ValueError" and "(200, 200)" in outcome[1] and "local_shapes" in outcome[1]


def test_html_views_draw_the_blocks_coloured_by_rank_with_bytes_per_rank():
    grid = gg.ProcessGrid((0, 0))
    d = gg.Distribution((8, 10), (gg.BlockCyclic(2), gg.Cyclic()), grid=grid)
    x = gg.zeros((8, 10), dtype=gg.float32, distribution=d)
    view = x._repr_html_()
    titles = [int(r) for r in re.findall(r"<title>rank (\d+)</title>", view)]
    assert all_ranks(view.count("<svg") == 1 and len(titles) == 4 * 10)
    assert all_ranks(titles == [int(_owners(d)[2 * i, j]) for i in range(4) for j in range(10)])
    for rank, shape in d.local_shapes().items():
        assert all_ranks(f"<tr><td>{rank}</td><td>{shape}</td><td>{int(np.prod(shape)) * 4}</td></tr>" in view)
    assert all_ranks("float32" in view and "(8, 10)" in view and "BlockCyclic(2), Cyclic()" in view)
    assert all_ranks("<svg" in d._repr_html_() and "bytes" not in d._repr_html_())
    long = gg.Distribution((10**9,), (gg.Cyclic(),))._repr_html_()
    assert all_ranks(f"first 48 of {10**9} blocks along axis 0" in long or COMM.size == 1)
    assert all_ranks("last two axes (1, 2) shown" in gg.Distribution((3, 4, 5))._repr_html_())


def test_replicated_and_zero_d_arrays_print_without_a_message():
    a = np.arange(2000.0).reshape(40, 50)
    x = gg.asarray(a, distribution=gg.Distribution.replicated(a.shape))
    s = gg.sum(x)
    texts = (repr(x), str(x), repr(s), f"{s:.1f}") if COMM.rank == 0 else None  # rank 0 alone: nobody waits
    COMM.Barrier()
    if COMM.rank == 0:
        assert texts == (_expected_repr(x, a), str(a), f"gingham.Array(1999000., dtype=float64, distribution="
                         f"{s.distribution!r})", "1999000.0")
