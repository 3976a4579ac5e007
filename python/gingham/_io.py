"""Saving and loading arrays: ``save`` and ``load``, dispatching on the file's extension.

``.npy`` files are NumPy's format, written and read in parallel (gingham/io/npy.hpp): every rank moves
only its own elements, straight between its shard and the file, with collective MPI-IO; rank 0 writes the
header. A file gingham writes is byte for byte the file ``numpy.save`` writes for the same array, and any
``numpy.save`` file of one of the 13 dtypes loads (C or Fortran order, either byte order). Saves are atomic:
a temporary file beside the target is renamed over it only once every rank's part is written and flushed,
so a failed or killed save leaves the previous file as it was. HDF5 files (``.h5``, ``.hdf5``) are not
supported yet.
"""

import os

from . import _core
from ._array import Array, require_array
from ._dtypes import resolve
from ._grid import ProcessGrid, default_grid
from ._layouts import Distribution

_NPY = (".npy",)
_HDF5 = (".h5", ".hdf5")


def _path(path, function):
    """``path`` (a str or os.PathLike) as a str."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"{function}: expected a file path (str or os.PathLike), got {type(path).__name__}")
    return os.fsdecode(os.fspath(path))


def _format(path, function):
    """The file format named by the path's extension: "npy"; HDF5 is refused as not built yet."""
    extension = os.path.splitext(path)[1].lower()
    if extension in _NPY:
        return "npy"
    if extension in _HDF5:
        raise NotImplementedError(f"{function}: {path!r} is an HDF5 file ({extension}); HDF5 support is not built "
                                  "yet, so gingham reads and writes only .npy files for now")
    raise ValueError(f"{function}: expected a path ending in .npy (or .h5/.hdf5, not supported yet), got {path!r}")


def save(path, x, /):
    """Collective over x.device. Writes ``x`` to the file ``path`` (str or os.PathLike), in the format its
    extension names: ``.npy`` (NumPy's format, the same bytes ``numpy.save`` writes for the whole array).

    Every rank writes only its own elements (one collective MPI-IO call; ranks holding copies of a
    replicated axis write once); rank 0 writes the header. The save is atomic: it writes a temporary file
    in the same directory and renames it over ``path`` only after every rank has written and flushed its
    part. Raises on every rank (the previous file at ``path`` left as it was): IsADirectoryError when ``path``
    is a directory, FileNotFoundError when its directory is missing, PermissionError when that is not
    writable, OSError when a write fails (a full disk, a file size limit); NotImplementedError for
    ``.h5``/``.hdf5`` (HDF5 is not supported yet); ValueError for other extensions.
    """
    path = _path(path, "save")
    require_array(x, "save")
    _format(path, "save")
    _core.save_npy(path, x._impl)


def load(path, /, *, distribution=None, device=None, dtype=None):
    """Collective over the device's communicator. The array in the file ``path`` (str or os.PathLike):
    ``.npy`` files as ``numpy.save`` writes them (any of the 13 dtypes, C or Fortran order, little- or
    big-endian, format 1.0, 2.0 or 3.0).

    The array is laid out as ``distribution`` (whose shape must be the file's), or else in the default
    layout for the file's shape on ``device`` (default: the default grid); ``dtype`` converts it after
    reading (as ``astype``). Every rank reads only its own shard (one collective MPI-IO call); rank 0 reads
    the header and shares it. Raises, alike on every rank: FileNotFoundError for a missing file,
    IsADirectoryError for a directory, PermissionError for a file that may not be read;
    ValueError for a file that is not a .npy file or is shorter than its header says, or a distribution of
    another shape; TypeError for element types gingham has no dtype for (object, structured, strings).
    """
    path = _path(path, "load")
    _format(path, "load")
    if device is not None and not isinstance(device, ProcessGrid):
        raise TypeError(f"load: expected device=None or a gingham.ProcessGrid, got {device!r}")
    if distribution is not None and not isinstance(distribution, Distribution):
        raise TypeError(f"load: expected distribution=None or a gingham.Distribution, got {distribution!r}")
    if distribution is not None and device is not None and device != distribution.grid:
        raise ValueError(f"load: device {device!r} is not the distribution's grid {distribution.grid!r}")
    grid = distribution.grid if distribution is not None else (default_grid() if device is None else device)
    dtype = None if dtype is None else resolve(dtype, "load")
    impl = _core.load_npy(path, grid._impl, None if distribution is None else distribution._impl, dtype)
    return Array._new(impl, distribution)
