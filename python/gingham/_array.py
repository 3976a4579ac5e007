"""Array: the Python face of a distributed array (any of the 13 dtypes, any layout, optional ghost cells)."""

import sys

import numpy as np

from . import _core
from ._grid import ProcessGrid
from ._implicit_gather import check_implicit_gather
from ._layouts import Distribution


class Array:
    """A distributed array: each rank of its grid (``device``) holds one shard (``local``), laid out as
    ``distribution`` says. Every operation is collective over the grid's communicator; ranks of that
    communicator outside the grid hold no shard. This class holds the data and the protocols; the methods
    that compute (operators, indexing, ``T``, ``to_device``, ...) are installed by gingham._operators.

    Create arrays with ``gingham.asarray``, ``gingham.arange``, ``gingham.full``, ``gingham.zeros``.
    """

    __slots__ = ("_impl", "_distribution")

    def __init__(self, *args, **kwargs):
        raise TypeError("gingham.Array cannot be constructed directly: use an array creation function "
                        "(gingham.asarray, zeros, full, arange, from_local, from_dlpack, ...)")

    @classmethod
    def _new(cls, impl, distribution=None):
        """Internal. The array over a core array ``impl`` (``distribution``: its gingham.Distribution, built
        from impl.layout on first use when None)."""
        self = object.__new__(cls)
        self._impl = impl
        self._distribution = distribution
        return self

    @property
    def dtype(self):
        """Local. The element type."""
        return self._impl.dtype

    @property
    def shape(self):
        """Local. The global shape."""
        return tuple(self._impl.global_shape)

    @property
    def ndim(self):
        """Local. The number of axes."""
        return self._impl.ndim

    @property
    def size(self):
        """Local. The number of elements of the whole array."""
        return self._impl.global_size

    @property
    def device(self):
        """Local. The ProcessGrid the array lives on."""
        return self.distribution.grid

    @property
    def distribution(self):
        """Local. The layout (a gingham.Distribution)."""
        if self._distribution is None:
            self._distribution = Distribution._wrap(self._impl.layout, ProcessGrid._wrap(self._impl.grid))
        return self._distribution

    @property
    def local(self):
        """Local. This rank's shard, a writable NumPy view (a LocalShard) that shares memory with the
        array and speaks DLPack and the buffer protocol, so np.from_dlpack(x.local) and
        torch.from_dlpack(x.local) share it too (an empty array on ranks outside the grid)."""
        return self._impl.local.view(LocalShard)

    @property
    def local_with_halo(self):
        """Local. This rank's shard with its ghost cells around it, a writable NumPy view (LocalShard)."""
        return self._impl.local_with_halo.view(LocalShard)

    def __dlpack__(self, /, *, stream=None, max_version=None, dl_device=None, copy=None):
        """Local. The whole array through DLPack, when this rank holds it whole (one rank, or a replicated
        layout); otherwise BufferError: a distributed array is not in one memory, use x.local (this
        rank's shard) instead."""
        if not (self._impl.holds_shard and tuple(self._impl.local_shape) == self.shape):
            raise BufferError("gingham.Array.__dlpack__: the array is distributed, so this rank does not hold it "
                              "whole; export this rank's shard with x.local (e.g. np.from_dlpack(x.local))")
        return self.local.__dlpack__(stream=stream, max_version=max_version, dl_device=dl_device, copy=copy)

    def __dlpack_device__(self):
        """Local. (kDLCPU, 0): shards live in host memory."""
        return (_DLPACK_CPU, 0)

    @property
    def halo(self):
        """Local. The ghost widths (lower, upper per axis), or None without ghost cells."""
        spec = self._impl.halo
        if not any(spec.lower) and not any(spec.upper):
            return None
        return tuple(zip(spec.lower, spec.upper))

    def exchange_halo(self):
        """Collective. Fills the ghost cells from the shards that own those elements."""
        self._impl.exchange_halo()

    def begin_halo_exchange(self):
        """Collective. Starts filling the ghost cells; then call end_halo_exchange().

        Until end_halo_exchange() returns, the interior (``self.local``) is read-only, because the
        sends read it while the messages travel, and the ghost cells hold no defined values: compute
        from the interior without writing it, then call end_halo_exchange().
        """
        self._impl.begin_halo_exchange()

    def end_halo_exchange(self):
        """Local. Waits until the ghost cells started by begin_halo_exchange() are filled.

        Afterwards the interior (``self.local``) may be written again.
        """
        self._impl.end_halo_exchange()

    def __array__(self, dtype=None, copy=None):
        """Collective: the whole array on every rank of the communicator, as a NumPy array (a gather).

        Subject to ``gg.set_implicit_gather`` ("allow", "warn", "raise") for arrays not held whole by every
        rank. ``copy=False`` returns this rank's shard itself when the array is replicated (every grid rank
        holds it whole, so no gather and no copy is needed) and raises ValueError otherwise."""
        if copy is False:
            if not (self.distribution.is_replicated and self._impl.holds_shard) or (
                    dtype is not None and np.dtype(dtype) != self.dtype):
                raise ValueError("gingham.Array.__array__: copy=False, but only a replicated array of the same dtype "
                                 "can be viewed without a gather or copy")
            return self.local.view(np.ndarray)
        check_implicit_gather(self)  # the policy: allow, warn once per call site, or raise (gingham._implicit_gather)
        whole = _core.gather_to_all(self._impl)
        return whole if dtype is None else whole.astype(dtype, copy=False)

    def _scalar(self, convert, name):
        if self.ndim != 0:
            raise TypeError(f"{name}: only 0-D arrays convert to Python scalars, got shape {self.shape}")
        if not self._impl.holds_shard:
            raise ValueError(f"{name}: this rank is not on the array's grid {self.device!r} and holds no value")
        return convert(self.local[()])  # 0-D arrays are replicated: every grid rank holds the value

    def _value_on_every_rank(self):
        """Collective over the communicator (internal). The value of a 0-D array as a NumPy scalar on every
        rank of the communicator, including ranks outside a sub-grid the array lives on (for which
        int()/float()/bool() raise): local when the grid spans the communicator, else one gather."""
        if self.ndim != 0:
            raise TypeError(f"expected a 0-D array, got shape {self.shape}")
        if self.device.size == self.device._impl.comm.size:
            return self.local[()]
        return _core.gather_to_all(self._impl)[()]

    def __float__(self):
        """Local (0-D arrays are replicated). The value as a Python float."""
        if self.dtype.kind == "c":
            raise TypeError("float(): a complex array does not convert to float; use real() or abs() first")
        return self._scalar(float, "float()")

    def __int__(self):
        """Local (0-D arrays are replicated). The value as a Python int (floating values truncate)."""
        if self.dtype.kind == "c":
            raise TypeError("int(): a complex array does not convert to int")
        return self._scalar(_to_int, "int()")

    def __bool__(self):
        """Local (0-D arrays are replicated). The value as a Python bool."""
        return self._scalar(bool, "bool()")

    def __complex__(self):
        """Local (0-D arrays are replicated). The value as a Python complex."""
        return self._scalar(complex, "complex()")

    def __index__(self):
        """Local (0-D arrays are replicated). The value of a 0-D integer array as a Python int."""
        if self.dtype.kind not in "iu":
            raise TypeError(f"__index__: expected an integer array, got dtype {self.dtype}")
        return self._scalar(int, "__index__")

    # ---- Array API attributes and methods ------------------------------------------------------------

    def __array_namespace__(self, /, *, api_version=None):
        """Local. The gingham module, an Array API namespace (revision 2025.12)."""
        if api_version is not None and api_version not in _API_VERSIONS:
            raise ValueError(f"__array_namespace__: expected api_version None or one of {_API_VERSIONS}, got "
                             f"{api_version!r}")
        return sys.modules[__package__]  # the gingham module (no import of it from here: it imports this one)

    __hash__ = None  # == is elementwise


def require_array(x, function):
    """Local. x itself when it is a gingham.Array, else TypeError naming ``function`` and what was given."""
    if not isinstance(x, Array):
        raise TypeError(f"{function}: expected a gingham.Array, got {type(x).__name__}")
    return x


_DLPACK_CPU = 1


class LocalShard(np.ndarray):
    """A NumPy view of one rank's shard of a gingham.Array (writes go to the array). Its __dlpack__ takes
    the standard's keywords: stream (None on the CPU), max_version, dl_device ((1, 0) or None) and copy."""

    def __dlpack__(self, /, *, stream=None, max_version=None, dl_device=None, copy=None):
        if stream is not None and stream != -1:
            raise BufferError(f"__dlpack__: host memory has no streams; expected stream=None, got {stream!r}")
        if dl_device is not None and tuple(dl_device) != (_DLPACK_CPU, 0):
            raise BufferError(f"__dlpack__: the shard is in host memory (kDLCPU, 0); cannot export to {dl_device!r}")
        source = np.array(self, copy=True) if copy else self.view(np.ndarray)
        return _core.export_dlpack(source)  # a legacy (unversioned) capsule; every dtype, bool included

    def __dlpack_device__(self):
        return (_DLPACK_CPU, 0)


_API_VERSIONS = ("2021.12", "2022.12", "2023.12", "2024.12", "2025.12")


def _to_int(value):
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"int(): cannot convert {value} to an integer")
    return int(value)


