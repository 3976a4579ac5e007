"""gg.save / gg.load of HDF5 files at any rank count: every dtype in every kind of layout (1-D block,
cyclic, block-cyclic, 2-D grids, sub-grids, replicated, sizes 0 and 1, 0-D, column-major shards, ghost
cells) round-trips and h5py reads gingham's files back as the same NumPy arrays; files written by h5py
(serially: contiguous, chunked + gzip/shuffle, big-endian, bool, complex, 0-D, empty; and collectively with
driver="mpio") load into any layout; several arrays and root attributes in one file; hyperslab keys read
what NumPy slicing selects; an h5py.Dataset loads per rank; files written by one rank count load at others;
bad input raises the same error on every rank; a failed save leaves the previous file as it was."""

import os

import h5py
import numpy as np
import pytest
from helpers import COMM, DTYPES, assert_shard_and_whole, raised_everywhere, random_distribution, random_grid, random_key
from io_helpers import SHAPES, layouts, raised_past_a_file_size_limit, shared_dir, values  # noqa: F401  (shared_dir is a fixture)

import gingham as gg

SIZE = COMM.size


def written_by_h5py(path, datasets, **file_options):
    """Rank 0 writes ``datasets`` {name: (array, create_dataset options)} with serial h5py; then a barrier."""
    if COMM.rank == 0:
        with h5py.File(path, "w", **file_options) as f:
            for name, (a, options) in datasets.items():
                f.create_dataset(name, data=a, **options)
    COMM.barrier()


def read_by_h5py(path):
    """Rank 0: every dataset of ``path`` as NumPy arrays (h5py, read-only), and the root attributes."""
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
        return out, dict(f.attrs)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_round_trip_every_dtype_and_layout_and_h5py_reads_it(shared_dir, shape, dtype):
    a = values(shape, dtype, seed=len(shape))
    named = layouts(shape)
    path = shared_dir / "all.h5"
    gg.save(path, {f"layouts/{name}": gg.asarray(a, distribution=layout) for name, layout in named.items()})
    if COMM.rank == 0:
        read, _ = read_by_h5py(path)
        assert sorted(read) == sorted(f"layouts/{name}" for name in named)
        for name, b in read.items():
            assert np.asarray(b).dtype == a.dtype and np.array_equal(b, a), name
    # Every layout into every other for one dtype per element size; the others into their own and the default.
    every = np.dtype(dtype) in (np.dtype(np.float64), np.dtype(np.int32), np.dtype(np.int16), np.dtype(np.bool_),
                                np.dtype(np.complex128))
    for name, layout in named.items():
        for other in (named.values() if every else [layout, None]):
            y = gg.load(path, dataset=f"layouts/{name}", distribution=other)
            assert y.dtype == a.dtype and y.shape == a.shape
            assert_shard_and_whole(y, a)


def test_single_array_needs_its_dataset_name_and_loads_converted(shared_dir):
    a = values((10, 3), np.int32)
    path = shared_dir / "one.hdf5"
    gg.save(path, gg.asarray(a), dataset="u")
    assert_shard_and_whole(gg.load(path, dataset="u"), a)
    y = gg.load(path, dataset="u", dtype=gg.float64)
    assert y.dtype == gg.float64
    assert_shard_and_whole(y, a.astype(np.float64))
    outcome = raised_everywhere(lambda: gg.save(path, gg.asarray(a)))
    assert outcome[0] == "ValueError" and "needs its dataset name" in outcome[1], outcome


def test_files_written_by_h5py_serially_load(shared_dir):
    a = values((9, 6, 5), np.float64, seed=1)
    datasets = {
        "contiguous": (a, {}),
        "chunked_gzip": (values((9, 6, 5), np.int32, seed=2), {"chunks": (4, 3, 2), "compression": "gzip"}),
        "shuffle_gzip": (values((9, 6, 5), np.uint16, seed=3), {"chunks": True, "compression": "gzip", "shuffle": True,
                                                                "compression_opts": 9}),
        "big_f8": (values((9, 6, 5), ">f8", seed=4), {}),
        "big_i2_chunked": (values((9, 6, 5), ">i2", seed=5), {"chunks": (9, 1, 5), "compression": "gzip"}),
        "big_c16": (values((9, 6, 5), ">c16", seed=6), {}),
        "bool": (values((9, 6, 5), np.bool_, seed=7), {"chunks": (2, 2, 2), "compression": "gzip"}),
        "complex64": (values((9, 6, 5), np.complex64, seed=8), {}),
        "uint64": (values((9, 6, 5), np.uint64, seed=9), {"chunks": (3, 6, 5), "fletcher32": True}),
        "group/deeper/int8": (values((9, 6, 5), np.int8, seed=10), {}),
    }
    path = shared_dir / "h5py.h5"
    written_by_h5py(path, datasets)
    for name, (b, _) in datasets.items():
        native = b.astype(b.dtype.newbyteorder("="))
        for layout in layouts(b.shape).values():
            y = gg.load(path, dataset=name, distribution=layout)
            assert y.dtype == native.dtype, name
            assert_shard_and_whole(y, native)
    # 0-D and empty datasets.
    written_by_h5py(path, {"scalar": (np.float32(2.5), {}), "empty": (np.zeros((0, 4), np.int64), {}),
                           "empty_chunked": (np.zeros((3, 0)), {"chunks": (1, 1), "maxshape": (None, None)})})
    assert_shard_and_whole(gg.load(path, dataset="scalar"), np.float32(2.5))
    assert_shard_and_whole(gg.load(path, dataset="empty"), np.zeros((0, 4), np.int64))
    assert_shard_and_whole(gg.load(path, dataset="empty_chunked"), np.zeros((3, 0)))


def test_files_written_by_h5py_mpio_load(shared_dir):
    if not h5py.get_config().mpi:
        pytest.skip("this h5py has no MPI support (Debian picks its MPI build only under mpirun)")
    path = str(shared_dir / "mpio.h5")
    a = values((4 * SIZE + 3, 7), np.float64, seed=11)
    with h5py.File(path, "w", driver="mpio", comm=COMM) as f:
        d = f.create_dataset("u", shape=a.shape, dtype=a.dtype)
        rows = np.array_split(np.arange(a.shape[0]), SIZE)[COMM.rank]
        if len(rows):
            d[rows[0]:rows[-1] + 1] = a[rows[0]:rows[-1] + 1]
        f.attrs["step"] = 42
    loaded = gg.load(path)
    assert list(loaded) == ["u"] and loaded.attrs == {"step": 42}
    assert_shard_and_whole(loaded["u"], a)
    for layout in layouts(a.shape).values():
        assert_shard_and_whole(gg.load(path, dataset="u", distribution=layout), a)


def test_several_arrays_and_root_attributes(shared_dir):
    u, v, w = values((6, 5), np.float64), values((7,), np.int16), values((), np.complex128)
    attrs = {"step": 10, "time": 0.5, "converged": True, "phase": 1 - 2j, "name": "heat", "count": np.int32(3),
             "dt": np.float32(0.25), "flag": np.bool_(False)}
    path = shared_dir / "dict.h5"
    gg.save(path, {"u": gg.asarray(u), "run1/v": gg.asarray(v), "run1/sub/w": gg.asarray(w)}, attrs=attrs)
    loaded = gg.load(path)
    assert isinstance(loaded, dict) and sorted(loaded) == ["run1/sub/w", "run1/v", "u"]
    expected_attrs = {"step": 10, "time": 0.5, "converged": True, "phase": 1 - 2j, "name": "heat", "count": 3,
                      "dt": 0.25, "flag": False}
    assert loaded.attrs == expected_attrs
    assert all(type(loaded.attrs[k]) is type(v) for k, v in expected_attrs.items())
    assert_shard_and_whole(loaded["u"], u)
    assert_shard_and_whole(loaded["run1/v"], v)
    assert_shard_and_whole(loaded["run1/sub/w"], w)
    assert_shard_and_whole(gg.load(path, dataset="/run1/v"), v)
    if COMM.rank == 0:
        read, read_attrs = read_by_h5py(path)
        assert read_attrs == expected_attrs and isinstance(read_attrs["converged"], np.bool_)
        assert isinstance(read_attrs["name"], str)
        assert np.array_equal(read["run1/v"], v) and read["run1/sub/w"] == w


def test_hyperslab_keys_read_what_numpy_slicing_selects():
    rng = np.random.default_rng(17)
    a = values((8, 7, 5), np.int64, seed=12)
    path = COMM.bcast(os.path.join(os.environ.get("TMPDIR", "/tmp"), f"gingham-key-{os.getpid()}.h5") if COMM.rank == 0 else None)
    gg.save(path, gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.BlockCyclic(2), None, None))), dataset="a")
    try:
        keys = [random_key(rng, a.shape) for _ in range(30)]
        keys += [(Ellipsis, -1), (slice(None, None, -1), Ellipsis, slice(1, None, 2)), 3, (np.int64(-2), slice(None)),
                 slice(100, 200), (slice(None, None, -3), 0, slice(-2, None))]
        for key in keys:
            expected = a[key]
            assert_shard_and_whole(gg.load(path, dataset="a", key=key), expected)
            grid = random_grid(rng)
            layout = random_distribution(rng, expected.shape, grid)
            assert_shard_and_whole(gg.load(path, dataset="a", key=key, distribution=layout), expected)
    finally:
        COMM.barrier()
        if COMM.rank == 0:
            os.remove(path)


def test_h5py_dataset_loads_per_rank(shared_dir):
    a = values((11, 6), ">i4", seed=13)
    native = a.astype("=i4")
    path = shared_dir / "per_rank.h5"
    written_by_h5py(path, {"a": (a, {"chunks": (3, 2), "compression": "gzip"}), "s": (np.float64(1.5), {})})
    with h5py.File(path, "r") as f:
        for layout in layouts(a.shape).values():
            y = gg.load(f["a"], distribution=layout)
            assert y.dtype == gg.int32
            assert_shard_and_whole(y, native)
        assert_shard_and_whole(gg.load(f["a"], dtype=gg.float32), native.astype(np.float32))
        assert_shard_and_whole(gg.load(f["s"]), np.float64(1.5))
        outcome = raised_everywhere(lambda: gg.load(f["a"], key=0))
        assert outcome[0] == "ValueError" and "read whole" in outcome[1]
        outcome = raised_everywhere(lambda: gg.load(f["a"], distribution=gg.Distribution((6, 11))))
        assert outcome[0] == "ValueError" and "has shape (11, 6)" in outcome[1]
        name = "a" if COMM.rank == 0 else "s"  # different datasets on different ranks
        outcome = raised_everywhere(lambda: gg.load(f[name]))
        assert SIZE == 1 or (outcome[0] == "ValueError" and "dataset_shape" in outcome[1]), outcome


def test_files_written_at_one_rank_count_load_at_another(shared_dir):
    """Saved from a grid of the first rank only, loaded on every rank, and the other way round."""
    a = values((13, 4), np.float32, seed=14)
    one = gg.ProcessGrid((1,))
    gg.save(shared_dir / "from_one.h5", gg.asarray(a, distribution=gg.Distribution(a.shape, grid=one)), dataset="a")
    assert_shard_and_whole(gg.load(shared_dir / "from_one.h5", dataset="a"), a)
    gg.save(shared_dir / "from_all.h5", gg.asarray(a, distribution=gg.Distribution(a.shape, (gg.Cyclic(), None))), dataset="a")
    y = gg.load(shared_dir / "from_all.h5", dataset="a", device=one)
    assert y.device == one
    assert_shard_and_whole(y, a)


def test_arrays_with_ghost_cells_save_their_elements_only(shared_dir):
    a = values((11, 6), np.int64, seed=5)
    x = gg.asarray(a, halo=gg.Halo(2, periodic=True))
    x.exchange_halo()
    gg.save(shared_dir / "halo.h5", x, dataset="x")
    if COMM.rank == 0:
        read, _ = read_by_h5py(shared_dir / "halo.h5")
        assert np.array_equal(read["x"], a)


def test_bad_input_raises_alike_on_every_rank(shared_dir):
    a = values((3, 4), np.float64)
    good = shared_dir / "good.h5"
    gg.save(good, {"u": gg.asarray(a), "run1/v": gg.asarray(a)})
    if COMM.rank == 0:
        (shared_dir / "not.h5").write_bytes(b"not an HDF5 file at all")
        with h5py.File(shared_dir / "odd.h5", "w") as f:
            f["text"] = np.array([b"ab", b"cd"])
            f["vlen_text"] = ["ab", "c"]
            f["half"] = np.zeros(3, np.float16)
            f["record"] = np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8")])
            f.attrs["vector"] = np.arange(3)
    COMM.barrier()
    x = gg.asarray(a)
    cases = [
        (lambda: gg.load(shared_dir / "missing.h5", dataset="u"), "FileNotFoundError", "no such file"),
        (lambda: gg.load(shared_dir / "missing.h5"), "FileNotFoundError", "no such file"),
        (lambda: gg.load(shared_dir / "not.h5", dataset="u"), "ValueError", "is not an HDF5 file"),
        (lambda: gg.load(good, dataset="v"), "ValueError", "there is no dataset 'v' of"),
        (lambda: gg.load(good, dataset="v"), "ValueError", "(it holds the datasets 'run1/v', 'u')"),
        (lambda: gg.load(good, dataset="run1"), "ValueError", "is a group, not a dataset"),
        (lambda: gg.load(good, dataset=3), "TypeError", "expected dataset=None or a str"),
        (lambda: gg.load(good, dataset="u", distribution=gg.Distribution((4, 3))), "ValueError",
         "the distribution is for shape (4, 3), but the dataset 'u'"),
        (lambda: gg.load(good, dataset="u", key=slice(0, 2), distribution=gg.Distribution((3, 4))), "ValueError",
         "but the selection 'u'"),
        (lambda: gg.load(good, dataset="u", key=(0, 0, 0)), "IndexError", "too many indices"),
        (lambda: gg.load(good, dataset="u", key=(5,)), "IndexError", "5"),
        (lambda: gg.load(good, dataset="u", key=slice(None, None, 0)), "ValueError", "step cannot be zero"),
        (lambda: gg.load(good, dataset="u", key=(None, 0)), "ValueError", "cannot add a new axis"),
        (lambda: gg.load(good, dataset="u", key=1.5), "TypeError", "key= takes ints"),
        (lambda: gg.load(good, dataset="u", key=(Ellipsis, Ellipsis)), "IndexError", "single ellipsis"),
        (lambda: gg.load(good, key=0), "ValueError", "apply to one dataset"),
        (lambda: gg.load(shared_dir / "odd.h5", dataset="text"), "TypeError", "holds a fixed-length string of 2 bytes"),
        (lambda: gg.load(shared_dir / "odd.h5", dataset="vlen_text"), "TypeError", "holds a variable-length string"),
        (lambda: gg.load(shared_dir / "odd.h5", dataset="half"), "TypeError", "holds a 16-bit float"),
        (lambda: gg.load(shared_dir / "odd.h5", dataset="record"), "TypeError", "a compound of 2 members"),
        (lambda: gg.load(shared_dir / "odd.h5"), "TypeError", "attribute 'vector' is not a scalar"),
        (lambda: gg.save(good, x), "ValueError", "needs its dataset name"),
        (lambda: gg.save(good, {"u": x}, dataset="u"), "ValueError", "dataset= must be None"),
        (lambda: gg.save(good, {"u": a}), "TypeError", "expected a gingham.Array"),
        (lambda: gg.save(good, {1: x}), "TypeError", "dataset names must be str"),
        (lambda: gg.save(good, {"": x}), "ValueError", "expected dataset names"),
        (lambda: gg.save(good, {"a": x, "a/b": x}), "ValueError", "cannot write the dataset 'a/b'"),
        (lambda: gg.save(good, x, dataset="u", attrs={"v": [1, 2]}), "TypeError", "must be a scalar"),
        (lambda: gg.save(good, x, dataset="u", attrs={"v": 2**70}), "OverflowError", "64-bit integer"),
        (lambda: gg.save(good, x, dataset="u", attrs=[1]), "TypeError", "expected attrs=None or a dict"),
        (lambda: gg.save(shared_dir / "no" / "dir" / "a.h5", x, dataset="u"), "FileNotFoundError", "does not exist"),
    ]
    os.makedirs(shared_dir / "d.h5", exist_ok=True)
    cases += [
        (lambda: gg.load(shared_dir / "d.h5", dataset="u"), "IsADirectoryError", "is a directory"),
        (lambda: gg.save(shared_dir / "d.h5", x, dataset="u"), "IsADirectoryError", "it is a directory"),
    ]
    for function, kind, part in cases:
        outcome = raised_everywhere(function)
        assert outcome is not None and outcome[0] == kind and part in outcome[1], (kind, part, outcome)
    assert_shard_and_whole(gg.load(good, dataset="u"), a)  # untouched by the failed saves
    if COMM.rank == 0:
        assert sorted(p.name for p in shared_dir.iterdir() if ".tmp-" in p.name) == []


def test_a_failed_save_leaves_the_previous_file(shared_dir):
    """Writes past a file-size limit fail (EFBIG): the save raises OSError on every rank, the previous file
    stays byte for byte, and no temporary file is left."""
    path = shared_dir / "kept.h5"
    gg.save(path, gg.arange(5), dataset="a")
    before = path.read_bytes() if COMM.rank == 0 else None
    big = gg.zeros(1 << 20)  # 8 MiB against a 1 MiB limit
    outcome = raised_past_a_file_size_limit(lambda: gg.save(path, big, dataset="a"))
    assert outcome is not None and outcome[0] == "OSError", outcome
    if COMM.rank == 0:
        assert path.read_bytes() == before
        assert [p.name for p in shared_dir.iterdir()] == ["kept.h5"]
    assert_shard_and_whole(gg.load(path, dataset="a"), np.arange(5))
