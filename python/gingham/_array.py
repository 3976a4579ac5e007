"""Array: the Python face of a distributed array (any of the 13 dtypes, any layout, optional ghost cells)."""

from . import _core


class Array:
    """A distributed array: each rank of its grid (``device``) holds one shard (``local``), laid out as
    ``distribution`` says. Every operation is collective over the grid's communicator; ranks of that
    communicator outside the grid hold no shard.

    Create arrays with ``gingham.asarray``, ``gingham.arange``, ``gingham.full``, ``gingham.zeros``.
    """

    __slots__ = ("_impl", "_distribution")

    def __init__(self, impl, distribution=None):
        self._impl = impl
        self._distribution = distribution  # built from impl.layout on first use when None

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
            from ._grid import ProcessGrid
            from ._layouts import Distribution

            self._distribution = Distribution._wrap(self._impl.layout, ProcessGrid._wrap(self._impl.grid))
        return self._distribution

    @property
    def local(self):
        """Local. This rank's shard: a writable NumPy view that shares memory with the array (an empty
        array on ranks outside the grid)."""
        return self._impl.local

    @property
    def local_with_halo(self):
        """Local. This rank's shard with its ghost cells around it: a writable NumPy view."""
        return self._impl.local_with_halo

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

    def sum(self, /, *, axis=None, dtype=None, keepdims=False):
        """Collective over the device. See gingham.sum."""
        from ._reductions import sum as sum_

        return sum_(self, axis=axis, dtype=dtype, keepdims=keepdims)

    def __array__(self, dtype=None, copy=None):
        """Collective: the whole array on every rank of the communicator, as a NumPy array."""
        if copy is False:
            raise ValueError("gingham.Array.__array__: a distributed array cannot be viewed without a copy")
        whole = _core.gather_to_all(self._impl)
        return whole if dtype is None else whole.astype(dtype, copy=False)

    def _scalar(self, convert, name):
        if self.ndim != 0:
            raise TypeError(f"{name}: only 0-D arrays convert to Python scalars, got shape {self.shape}")
        if not self._impl.holds_shard:
            raise ValueError(f"{name}: this rank is not on the array's grid {self.device!r} and holds no value")
        return convert(self.local[()])  # 0-D arrays are replicated: every grid rank holds the value

    def __float__(self):
        return self._scalar(float, "float()")

    def __int__(self):
        return self._scalar(int, "int()")

    def __bool__(self):
        return self._scalar(bool, "bool()")

    def __complex__(self):
        return self._scalar(complex, "complex()")

    def __index__(self):
        if self.dtype.kind not in "iu":
            raise TypeError(f"__index__: expected an integer array, got dtype {self.dtype}")
        return self._scalar(int, "__index__")

    def __repr__(self):
        if self.ndim == 0 and self._impl.holds_shard:
            return f"gingham.Array({self.local[()]!r}, dtype={self.dtype}, device={self.device!r})"
        return f"gingham.Array(shape={self.shape}, dtype={self.dtype}, device={self.device!r})"
