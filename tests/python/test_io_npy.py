"""gg.save / gg.load of .npy files at any rank count: every dtype in every kind of layout (1-D block,
cyclic, block-cyclic, 2-D grids, sub-grids, replicated, sizes 0 and 1, 0-D) round-trips, and the file is
byte for byte what np.save writes for the same array; files written by np.save (C and Fortran order,
big-endian, format versions 1.0, 2.0 and 3.0) load into any layout; np.save(path, x) routes to gg.save;
bad input raises the same error on every rank; a failed save leaves the previous file as it was."""

import io
import os

import numpy as np
import pytest
from helpers import COMM, DTYPES, all_ranks, assert_shard_and_whole, raised_everywhere, random_distribution, random_grid
from io_helpers import SHAPES, layouts, raised_past_a_file_size_limit, shared_dir, values  # noqa: F401  (shared_dir is a fixture)

import gingham as gg

SIZE = COMM.size


def npy_bytes(a):
    buffer = io.BytesIO()
    np.save(buffer, a)
    return buffer.getvalue()


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_round_trip_every_dtype_and_layout_matches_np_save_bit_for_bit(shared_dir, shape, dtype):
    a = values(shape, dtype, seed=len(shape))
    expected_bytes = npy_bytes(a)
    named = layouts(shape)
    for name, layout in named.items():
        x = gg.asarray(a, distribution=layout)
        path = shared_dir / f"{name}.npy"
        gg.save(path, x)
        if COMM.rank == 0:
            assert path.read_bytes() == expected_bytes, name
            loaded = np.load(path)
            assert loaded.dtype == a.dtype and np.array_equal(loaded, a)
        # Every layout into every other for one dtype of each element size; the others back into their own
        # layout and the default (the file views depend on the layout and the element size only).
        every = np.dtype(dtype) in (np.dtype(np.float64), np.dtype(np.int32), np.dtype(np.int16), np.dtype(np.bool_),
                                    np.dtype(np.complex128))
        for other in (named.values() if every else [layout, None]):
            y = gg.load(str(path), distribution=other)
            assert y.dtype == a.dtype and y.shape == a.shape
            assert_shard_and_whole(y, a)


@pytest.mark.parametrize("dtype", ["<f8", ">f8", ">i4", ">u2", ">c16", ">c8", "<c8", "|b1", "|u1", ">i8"])
@pytest.mark.parametrize("order", ["C", "F"])
def test_files_written_by_numpy_load(shared_dir, dtype, order):
    a = np.asfortranarray(values((6, 5, 3), dtype)) if order == "F" else values((6, 5, 3), dtype)
    path = shared_dir / "numpy.npy"
    if COMM.rank == 0:
        np.save(path, a)
        assert (b"'fortran_order': True" in path.read_bytes()[:128]) == (order == "F")
    COMM.barrier()
    native = a.astype(a.dtype.newbyteorder("="))  # gingham arrays hold native byte order
    for name, layout in layouts(a.shape).items():
        y = gg.load(path, distribution=layout)
        assert y.dtype == native.dtype, name
        assert_shard_and_whole(y, native)


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_format_versions_load(shared_dir, version):
    a = values((9, 4), np.float32, seed=3)
    path = shared_dir / "v.npy"
    if COMM.rank == 0:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=version)
    COMM.barrier()
    assert_shard_and_whole(gg.load(path), a)


def test_load_dtype_converts_and_device_chooses_the_grid(shared_dir):
    a = values((10, 3), np.int32)
    path = shared_dir / "i.npy"
    gg.save(path, gg.asarray(a))
    y = gg.load(path, dtype=gg.float64)
    assert y.dtype == gg.float64
    assert_shard_and_whole(y, a.astype(np.float64))
    grid = gg.ProcessGrid((1,))  # the first rank only: a different rank count than saved
    y = gg.load(path, device=grid)
    assert y.device == grid and y.distribution.grid == grid
    assert_shard_and_whole(y, a)


def test_np_save_routes_to_gg_save(shared_dir):
    a = values((7, 2), np.complex128)
    x = gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.Cyclic(), None)))
    np.save(shared_dir / "routed.npy", x)
    np.save(str(shared_dir / "no_extension"), x)  # NumPy appends .npy
    if COMM.rank == 0:
        assert (shared_dir / "routed.npy").read_bytes() == npy_bytes(a)
        assert (shared_dir / "no_extension.npy").read_bytes() == npy_bytes(a)
    outcome = raised_everywhere(lambda: np.save(io.BytesIO(), x))
    assert outcome[0] == "TypeError" and "file paths only" in outcome[1]


def test_bad_input_raises_alike_on_every_rank(shared_dir):
    a = values((3, 4), np.float64)
    good = shared_dir / "good.npy"
    gg.save(good, gg.asarray(a))
    if COMM.rank == 0:
        data = good.read_bytes()
        (shared_dir / "short.npy").write_bytes(data[:-8])
        (shared_dir / "cut.npy").write_bytes(data[:30])
        (shared_dir / "zip.npy").write_bytes(b"PK\x03\x04 not an array")
        np.save(shared_dir / "object.npy", np.array([1, "a"], dtype=object), allow_pickle=True)
        np.save(shared_dir / "record.npy", np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")]))
        np.save(shared_dir / "half.npy", np.zeros(3, dtype=np.float16))
        np.save(shared_dir / "text.npy", np.array(["ab", "c"]))
    COMM.barrier()
    cases = [
        (lambda: gg.load(shared_dir / "missing.npy"), "FileNotFoundError", "no such file"),
        (lambda: gg.load(str(shared_dir) + "/"), "ValueError", "expected a path ending in .npy"),
        (lambda: gg.load(shared_dir / "short.npy"), "ValueError", "is truncated: its header describes 96 bytes"),
        (lambda: gg.load(shared_dir / "cut.npy"), "ValueError", "ends inside its header"),
        (lambda: gg.load(shared_dir / "zip.npy"), "ValueError", "magic string"),
        (lambda: gg.load(shared_dir / "object.npy"), "TypeError", "Python objects"),
        (lambda: gg.load(shared_dir / "record.npy"), "TypeError", "structured array"),
        (lambda: gg.load(shared_dir / "half.npy"), "TypeError", "'<f2'"),
        (lambda: gg.load(shared_dir / "text.npy"), "TypeError", "strings"),
        (lambda: gg.load(good, distribution=gg.Distribution((4, 3))), "ValueError",
         "the distribution is for shape (4, 3), but"),
        (lambda: gg.save(shared_dir / "a.txt", gg.asarray(a)), "ValueError", "expected a path ending in .npy"),
        (lambda: gg.save(good, gg.asarray(a), dataset="u"), "ValueError", "apply to HDF5 files"),
        (lambda: gg.load(good, key=0), "ValueError", "apply to HDF5 files"),
        (lambda: gg.save(42, gg.asarray(a)), "TypeError", "expected a file path"),
        (lambda: gg.save(good, a), "TypeError", ""),
        (lambda: gg.save(shared_dir / "no" / "dir" / "a.npy", gg.asarray(a)), "FileNotFoundError", "does not exist"),
        (lambda: gg.save("/proc/gingham-test.npy", gg.asarray(a)), "FileNotFoundError", "cannot create a file in its directory"),
    ]
    os.makedirs(shared_dir / "d.npy", exist_ok=True)
    cases += [
        (lambda: gg.load(shared_dir / "d.npy"), "IsADirectoryError", "is a directory"),
        (lambda: gg.save(shared_dir / "d.npy", gg.asarray(a)), "IsADirectoryError", "it is a directory"),
    ]
    for function, kind, part in cases:
        outcome = raised_everywhere(function)
        assert outcome is not None and outcome[0] == kind and part in outcome[1], (kind, part, outcome)
    if COMM.rank == 0:
        assert sorted(p.name for p in shared_dir.iterdir() if ".tmp-" in p.name) == []


def test_a_failed_save_leaves_the_previous_file(shared_dir):
    """Writes past a file-size limit fail (EFBIG) on the ranks that make them: the save raises OSError on
    every rank, the previous file stays byte for byte, and no temporary file is left."""
    path = shared_dir / "kept.npy"
    gg.save(path, gg.arange(5))
    before = path.read_bytes() if COMM.rank == 0 else None
    big = gg.zeros(1 << 20)  # 8 MiB against a 1 MiB limit
    outcome = raised_past_a_file_size_limit(lambda: gg.save(path, big))
    assert outcome is not None and outcome[0] == "OSError", outcome
    if COMM.rank == 0:
        assert path.read_bytes() == before
        assert [p.name for p in shared_dir.iterdir()] == ["kept.npy"]
    assert_shard_and_whole(gg.load(path), np.arange(5))


def test_arrays_with_ghost_cells_and_views_save_their_elements_only(shared_dir):
    """The memory side of the file view follows the shard's strides: ghost cells around it are skipped."""
    a = values((11, 6), np.int64, seed=5)
    for name, x in {"halo": gg.asarray(a, halo=gg.Halo(2, periodic=True)),
                    "halo_f_order": gg.asarray(a, halo=gg.Halo(1), distribution=gg.Distribution(
                        a.shape, (gg.Block(), None), local_order="F"))}.items():
        x.exchange_halo()
        gg.save(shared_dir / f"{name}.npy", x)
        if COMM.rank == 0:
            assert (shared_dir / f"{name}.npy").read_bytes() == npy_bytes(a), name
