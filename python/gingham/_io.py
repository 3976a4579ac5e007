"""Saving and loading arrays: ``save`` and ``load``, dispatching on the file's extension.

``.npy`` files are NumPy's format, written and read in parallel (gingham/io/npy.hpp): every rank moves
only its own elements, straight between its shard and the file, with collective MPI-IO; rank 0 writes the
header. A file gingham writes is byte for byte the file ``numpy.save`` writes for the same array, and any
``numpy.save`` file of one of the 13 dtypes loads (C or Fortran order, either byte order).

HDF5 files (``.h5``, ``.hdf5``) go through parallel HDF5 (gingham/io/hdf5.hpp, the MPI-IO driver): each
rank writes and reads its own elements with one collective transfer per dataset, selected by hyperslabs
made from the layout. One file holds several arrays (datasets, inside groups when named "run1/u") and
scalar attributes on its root; ``load`` reads one dataset, or a hyperslab of it (``key=``), straight into
the target layout, or every dataset at once. Types are h5py's, so h5py reads gingham's files and gingham
reads h5py's (chunked, compressed, big-endian included); gingham itself never imports h5py, except to read
an ``h5py.Dataset`` passed to ``load``.

Saves are atomic in both formats: a temporary file beside the target is renamed over it only once every
rank's part is written and flushed, so a failed or killed save leaves the previous file as it was.
"""

import numbers
import os

import numpy as np

from . import _core
from ._array import Array, require_array
from ._creation import from_local
from ._data_type_functions import astype
from ._dtypes import resolve
from ._errors import collective_errors
from ._grid import ProcessGrid, default_grid
from ._layouts import Distribution

_NPY = (".npy",)
_HDF5 = (".h5", ".hdf5")


class LoadedFile(dict):
    """What ``gingham.load`` returns for an HDF5 file loaded whole: a dict {dataset path: gingham.Array}
    (paths inside groups as "run1/u"), whose ``attrs`` attribute is a dict of the file's root attributes
    (int, float, bool, complex, str)."""

    def __init__(self, arrays, attrs):
        super().__init__(arrays)
        self.attrs = attrs


def _path(path, function):
    """``path`` (a str or os.PathLike) as a str."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"{function}: expected a file path (str or os.PathLike), got {type(path).__name__}")
    return os.fsdecode(os.fspath(path))


def _format(path, function):
    """The file format named by the path's extension: "npy" or "hdf5"."""
    extension = os.path.splitext(path)[1].lower()
    if extension in _NPY:
        return "npy"
    if extension in _HDF5:
        return "hdf5"
    raise ValueError(f"{function}: expected a path ending in .npy, .h5 or .hdf5, got {path!r}")


def _attribute(name, value):
    """An attribute value as the Python scalar the C++ layer takes (bool, int, float, complex, str)."""
    if not isinstance(name, str):
        raise TypeError(f"save: attribute names must be str, got {name!r}")
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        if not -2**63 <= int(value) < 2**63:
            raise OverflowError(f"save: attribute {name!r} = {value} does not fit a 64-bit integer")
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, numbers.Complex):
        return complex(value)
    if isinstance(value, str):
        return value
    raise TypeError(f"save: attribute {name!r} must be a scalar int, float, bool, complex or str, "
                    f"got {type(value).__name__}")


def save(path, x, /, *, dataset=None, attrs=None):
    """Collective over x.device. Writes ``x`` to the file ``path`` (str or os.PathLike), in the format its
    extension names.

    ``.npy``: NumPy's format, the same bytes ``numpy.save`` writes for the whole array; ``x`` is one Array
    and ``dataset``/``attrs`` must be None. ``.h5``/``.hdf5``: ``x`` is an Array saved as the dataset named
    by ``dataset`` (required: ``gg.save(path, u, dataset="u")``), or a dict {name: Array} saving each (then
    ``dataset`` must be None); a name with slashes ("run1/u") creates the groups on its way. ``attrs`` is a
    dict of scalar attributes (int, float, bool, complex, str; NumPy scalars too) written on the file's root,
    as h5py writes them. All arrays must live on one communicator.

    Every rank writes only its own elements (one collective MPI-IO call per array; ranks holding copies of a
    replicated axis write once). The save is atomic: it writes a temporary file in the same directory and
    renames it over ``path`` only after every rank has written and flushed its part. Raises on every rank
    (the previous file at ``path`` left as it was): IsADirectoryError when ``path`` is a directory,
    FileNotFoundError when its directory is missing, PermissionError when that is not writable, OSError when
    a write fails (a full disk, a file size limit); ValueError for other extensions, a missing or extra
    ``dataset``, ``dataset``/``attrs`` on a .npy path, or a name HDF5 refuses; TypeError for something that
    is not an Array (or a dict of them for HDF5) or an attribute that is not a scalar.
    """
    path = _path(path, "save")
    if _format(path, "save") == "npy":
        if dataset is not None or attrs is not None:
            raise ValueError(f"save: dataset= and attrs= apply to HDF5 files (.h5, .hdf5), not to the .npy file {path!r}")
        require_array(x, "save")
        _core.save_npy(path, x._impl)
        return
    if isinstance(x, dict):
        if dataset is not None:
            raise ValueError("save: dataset= names the one array saved; with a dict of arrays the keys name the datasets, "
                             f"so dataset= must be None, got {dataset!r}")
        arrays = x
    else:
        require_array(x, "save")
        if dataset is None:
            raise ValueError(f"save: saving one array to the HDF5 file {path!r} needs its dataset name: "
                             "gg.save(path, x, dataset='u'), or pass a dict {name: array}")
        arrays = {dataset: x}
    for name, array in arrays.items():
        if not isinstance(name, str):
            raise TypeError(f"save: dataset names must be str, got {name!r}")
        require_array(array, "save")
    if attrs is not None and not isinstance(attrs, dict):
        raise TypeError(f"save: expected attrs=None or a dict of scalars, got {type(attrs).__name__}")
    attributes = {name: _attribute(name, value) for name, value in (attrs or {}).items()}
    _core.save_hdf5(path, {name: array._impl for name, array in arrays.items()}, attributes)


def _key(key):
    """``key`` (an int, slice, Ellipsis, or a tuple of them) as a list of entries for the C++ layer."""
    entries = key if isinstance(key, tuple) else (key,)
    out = []
    for k in entries:
        if k is Ellipsis or k is None:
            out.append(k)
        elif isinstance(k, slice):
            parts = [None if p is None else _integer(p, "a slice bound") for p in (k.start, k.stop, k.step)]
            out.append(slice(*parts))
        else:
            out.append(_integer(k, "a key entry"))
    return out


def _integer(value, what):
    """``value`` as an int (Python or NumPy integers; not bool), else TypeError."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"load: key= takes ints, slices of ints and Ellipsis; got {value!r} as {what}")
    return int(value)


def _grid_of(distribution, device):
    """The grid to load onto: the distribution's, else the device, else the default grid."""
    if device is not None and not isinstance(device, ProcessGrid):
        raise TypeError(f"load: expected device=None or a gingham.ProcessGrid, got {device!r}")
    if distribution is not None and not isinstance(distribution, Distribution):
        raise TypeError(f"load: expected distribution=None or a gingham.Distribution, got {distribution!r}")
    if distribution is not None and device is not None and device != distribution.grid:
        raise ValueError(f"load: device {device!r} is not the distribution's grid {distribution.grid!r}")
    return distribution.grid if distribution is not None else (default_grid() if device is None else device)


def _is_h5py_dataset(source):
    """Whether ``source`` is an h5py.Dataset (h5py is imported only when the object comes from it)."""
    if not type(source).__module__.startswith("h5py"):
        return False
    import h5py  # noqa: PLC0415  (only for h5py's own objects)
    return isinstance(source, h5py.Dataset)


def load(path, /, *, dataset=None, key=None, distribution=None, device=None, dtype=None):
    """Collective over the device's communicator. The array (or arrays) in the file ``path`` (str or
    os.PathLike), or in an ``h5py.Dataset``.

    ``.npy``: the array ``numpy.save`` wrote (any of the 13 dtypes, C or Fortran order, little- or
    big-endian, format 1.0, 2.0 or 3.0); ``dataset`` and ``key`` must be None. ``.h5``/``.hdf5`` with
    ``dataset`` ("u", "run1/u"): that dataset, or with ``key`` the hyperslab ``dataset[key]`` (ints, slices
    with any step, one Ellipsis, NumPy's rules) read straight into the target layout; any dataset h5py or
    other tools write (contiguous, chunked, compressed with deflate, big-endian, integer and float widths
    that are gingham dtypes, h5py's bool and complex). ``.h5``/``.hdf5`` without ``dataset``: every dataset
    of the file, as a dict {path: Array} (each in the default layout) whose ``attrs`` attribute is a dict of
    the root attributes; ``key`` and ``distribution`` must then be None. An ``h5py.Dataset`` (every rank
    passes the same one, opened on every rank): each rank reads its own part through h5py.

    The array is laid out as ``distribution`` (whose shape must be the selection's), or else in the default
    layout for that shape on ``device`` (default: the default grid); ``dtype`` converts it after reading (as
    ``astype``). Every rank reads only its own shard (one collective call); rank 0 first checks the file and
    shares what it found. Raises, alike on every rank: FileNotFoundError for a missing file,
    IsADirectoryError for a directory, PermissionError for a file that may not be read; ValueError for a
    file that is not a .npy/HDF5 file or is cut short, a missing dataset (the message lists those the file
    holds), a distribution of another shape, a zero slice step or None in ``key``, arguments that do not
    apply; IndexError for a key with too many entries or an index out of bounds; TypeError for element types
    gingham has no dtype for (the message names the HDF5 or NumPy type).
    """
    if _is_h5py_dataset(path):
        if dataset is not None or key is not None:
            raise ValueError("load: an h5py.Dataset is read whole: dataset= and key= must be None "
                             "(pass the file's path, dataset= and key= to read a hyperslab)")
        return _load_h5py_dataset(path, _grid_of(distribution, device), distribution, dtype)
    path = _path(path, "load")
    kind = _format(path, "load")
    grid = _grid_of(distribution, device)
    dtype = None if dtype is None else resolve(dtype, "load")
    layout = None if distribution is None else distribution._impl
    if kind == "npy":
        if dataset is not None or key is not None:
            raise ValueError(f"load: dataset= and key= apply to HDF5 files (.h5, .hdf5), not to the .npy file {path!r}")
        return Array._new(_core.load_npy(path, grid._impl, layout, dtype), distribution)
    if dataset is not None:
        if not isinstance(dataset, str):
            raise TypeError(f"load: expected dataset=None or a str, got {dataset!r}")
        entries = [] if key is None else _key(key)
        return Array._new(_core.load_hdf5(path, dataset, grid._impl, layout, entries, dtype), distribution)
    if key is not None or distribution is not None:
        raise ValueError("load: key= and distribution= apply to one dataset: pass dataset='name' "
                         f"(without it, load reads every dataset of {path!r} in its default layout)")
    names, attrs = _core.hdf5_contents(path, grid._impl)
    return LoadedFile({name: Array._new(_core.load_hdf5(path, name, grid._impl, None, [], dtype)) for name in names}, attrs)


def _load_h5py_dataset(source, grid, distribution, dtype):
    """Every rank reads its own part of the h5py.Dataset ``source`` (the product of its owned runs, the axis
    with the most runs as one increasing index list) into a shard, then the shards become one array."""
    with collective_errors(device=grid) as agreement:
        shape = tuple(source.shape) if source.shape is not None else None
        agreement.compare("load", dataset_shape=shape, dataset_dtype=source.dtype.str)
        if shape is None:
            raise ValueError(f"load: the h5py.Dataset {source.name!r} has a null dataspace: it holds no array")
        native = source.dtype.newbyteorder("=") if source.dtype.byteorder not in "=|" else source.dtype
        resolve(native, "load")
        if distribution is None:
            distribution = Distribution(shape, grid=grid)
        elif tuple(distribution.shape) != shape:
            raise ValueError(f"load: the distribution is for shape {tuple(distribution.shape)}, but the h5py.Dataset "
                             f"{source.name!r} has shape {shape}")
        local = np.empty(distribution.local_shape, dtype=native)
        if local.size > 0:
            _read_owned(source, local, distribution.owned_indices())
    x = from_local(local, distribution=distribution)
    return x if dtype is None else astype(x, resolve(dtype, "load"))


def _runs(indices):
    """Increasing global ``indices`` as runs (global start, local start, length) of consecutive indices."""
    breaks = np.flatnonzero(np.diff(indices) != 1) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(indices)]))
    return [(int(indices[s]), int(s), int(e - s)) for s, e in zip(starts, ends)]


def _read_owned(source, local, owned):
    """Fills ``local`` from ``source`` at the global ``owned`` indices per axis: one h5py read per
    combination of runs of the other axes; the axis with the most runs is read as one index list."""
    if local.ndim == 0:
        local[()] = source[()]
        return
    runs = [_runs(indices) for indices in owned]
    listed = max(range(local.ndim), key=lambda axis: len(runs[axis]))
    runs[listed] = [(list(map(int, owned[listed])), 0, len(owned[listed]))] if len(runs[listed]) > 1 else runs[listed]

    def combinations(axis):
        if axis == local.ndim:
            yield (), ()
            return
        for start, at, length in runs[axis]:
            file_part = start if isinstance(start, list) else slice(start, start + length)
            for file_rest, local_rest in combinations(axis + 1):
                yield (file_part,) + file_rest, (slice(at, at + length),) + local_rest

    for file_key, local_key in combinations(0):
        local[local_key] = source[file_key]
