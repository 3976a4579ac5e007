"""Array: the Python face of a distributed array (foundation scope: 0-D and 1-D, float64 and int64)."""

import numpy as np

from . import _core
from ._dtypes import dtype_of


class Array:
    """A distributed array: each rank of its grid (``device``) holds one shard (``local``).

    Create arrays with ``gingham.arange``, ``gingham.full``, ``gingham.zeros``; do not call this
    constructor directly.
    """

    __slots__ = ("_impl", "_device")

    def __init__(self, impl, device):
        self._impl = impl
        self._device = device

    @property
    def dtype(self):
        """Local. The element type."""
        return dtype_of(self._impl)

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
        return self._device

    @property
    def local(self):
        """Local. This rank's shard: a writable NumPy view that shares memory with the array."""
        return self._impl.local

    def sum(self, /, *, axis=None, dtype=None, keepdims=False):
        """Collective over the device. See gingham.sum."""
        from ._reductions import sum as sum_

        return sum_(self, axis=axis, dtype=dtype, keepdims=keepdims)

    def __array__(self, dtype=None, copy=None):
        """Collective over the device: the whole array on every rank, as a NumPy array."""
        if copy is False:
            raise ValueError("gingham.Array.__array__: a distributed array cannot be viewed without a copy")
        whole = _core.gather_to_all(self._impl)
        return whole if dtype is None else whole.astype(dtype, copy=False)

    def _scalar(self, convert, name):
        if self.ndim != 0:
            raise TypeError(f"{name}: only 0-D arrays convert to Python scalars, got shape {self.shape}")
        return convert(self.local[()])  # 0-D arrays are replicated: every rank holds the value

    def __float__(self):
        return self._scalar(float, "float()")

    def __int__(self):
        return self._scalar(int, "int()")

    def __bool__(self):
        return self._scalar(bool, "bool()")

    def __complex__(self):
        return self._scalar(complex, "complex()")

    def __index__(self):
        if self.dtype.kind != "i":
            raise TypeError(f"__index__: expected an integer array, got dtype {self.dtype}")
        return self._scalar(int, "__index__")

    def __repr__(self):
        if self.ndim == 0:
            return f"gingham.Array({self.local[()]!r}, dtype={self.dtype}, device={self.device!r})"
        return f"gingham.Array(shape={self.shape}, dtype={self.dtype}, device={self.device!r})"
