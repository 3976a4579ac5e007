"""gingham.random: distributed random arrays that do not depend on the rank count or the layout.

``rng = gg.random.default_rng(seed)`` gives a :class:`Generator` with NumPy's methods (``random``,
``uniform``, ``standard_normal``, ``normal``, ``standard_exponential``, ``exponential``, ``integers``,
``permutation``, ``shuffle``, ``permuted``, ``choice``, ``spawn``) plus keyword-only ``device=`` /
``distribution=`` choosing the result's layout, as the creation functions do.

The generator is counter-based (Philox4x64-10, gingham/random/philox.hpp): a key (the seed) and a
position (64-bit words used so far). The element at global row-major index i of a result is computed
from the words at position + W*i (W words per element, fixed per method) and nothing else, and every
rank then advances the position by W*n. So every rank computes its own shard with no message, and the
same seed gives the same bits for 1, 2, 3 or 4 ranks and for any layout. Every rank must call the same
methods with the same arguments in the same order, as for any collective.

``rng.random()`` in float64 gives exactly NumPy's ``np.random.Generator(np.random.Philox(key=seed))
.random(n)``, successive calls included. The transforms of the other methods (they need not match NumPy's
streams, whose normal and integers draw a data-dependent number of words):

- float32 ``random``: (w >> 40) * 2^-24 of one word;
- ``standard_normal`` / ``normal``: Box-Muller on fixed pairs: elements 2k, 2k+1 are r cos(2 pi u2),
  r sin(2 pi u2), r = sqrt(-2 ln u1), u1 = ((w1 >> 11) + 1) 2^-53 in (0, 1], u2 = (w2 >> 11) 2^-53;
- ``standard_exponential`` / ``exponential``: the inverse CDF -ln(u), u = ((w >> 11) + 1) 2^-53;
- ``integers``: m values; m a power of two: the top log2(m) bits of one word (exact); otherwise
  floor(m U / 2^128) with U the 128 bits of two words, whose bias is at most m / 2^128 <= 2^-64 relative;
- ``permutation``/``shuffle``/``permuted``/``choice`` without replacement: a random 64-bit key per element
  and the distributed stable argsort (ties in index order), then take / take_along_axis: never a gather.
"""

import numbers
import operator

import numpy as np

from . import _core
from ._array import Array
from ._creation import _layout
from ._dtypes import float64, int64, python_scalar, resolve
from ._grid import ProcessGrid, default_grid
from ._redistribute import redistribute
from ._take import take
from ._validation import normalize_shape

__all__ = ["Generator", "default_rng"]

_KEY_BITS = 128


def _seed_key(seed, function):
    """``seed`` (a non-negative int below 2^128) as the Philox key's (low, high) words."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{function}: expected seed=None or a non-negative integer, got {seed!r}")
    seed = operator.index(seed)
    if not 0 <= seed < 1 << _KEY_BITS:
        raise ValueError(f"{function}: expected a seed in [0, 2**128), got {seed}")
    return seed & 0xFFFFFFFFFFFFFFFF, seed >> 64


def _grid_of(device, function):
    if device is not None and not isinstance(device, ProcessGrid):
        raise TypeError(f"{function}: expected device=None or a gingham.ProcessGrid, got {device!r}")
    return default_grid() if device is None else device


def default_rng(seed=None, *, device=None):
    """Collective over the device's communicator when ``seed`` is None, else local. A :class:`Generator`
    keyed by ``seed`` (a non-negative int below 2^128: NumPy's ``Philox(key=seed)``), at position 0; with
    ``seed=None`` rank 0 of the device draws a 128-bit key from the operating system's entropy and
    broadcasts it (one MPI_Bcast), so every rank holds the same generator. A gingham Generator is
    returned as it is (NumPy's rule). ``device`` is the grid results go to by default."""
    if isinstance(seed, Generator):
        return seed
    grid = _grid_of(device, "default_rng")
    if seed is None:
        return Generator._new(_core.Generator.from_entropy(grid._impl), grid)
    low, high = _seed_key(seed, "default_rng")
    return Generator._new(_core.Generator(low, high, 0), grid)


def _real_scalar(value, name, function):
    """``value`` as a float; array-valued parameters are not supported."""
    if isinstance(value, (Array, np.ndarray, list, tuple)):
        raise NotImplementedError(f"{function}: {name} must be a scalar (array-valued {name} is not supported), "
                                  f"got {type(value).__name__}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{function}: expected {name} to be a real number, got {value!r}")
    return float(value)


def _no_out(out, function):
    if out is not None:
        raise NotImplementedError(f"{function}: out= is not supported; the result is a new array")


class Generator:
    """A distributed, counter-based random generator (Philox4x64-10): make one with
    :func:`default_rng`. See the module docstring for the rule that makes results independent of the rank
    count and layout, and for each method's transform."""

    def __init__(self, *args, **kwargs):
        raise TypeError("gingham.random.Generator: make one with gingham.random.default_rng(seed) or "
                        "Generator.spawn(n)")

    @classmethod
    def _new(cls, impl, grid):
        """Internal. The generator over a core generator ``impl`` whose default device is ``grid``."""
        self = object.__new__(cls)
        self._impl = impl
        self._grid = grid
        return self

    def __repr__(self):
        return self._impl.describe()

    @property
    def key(self):
        """Local. The Philox key as one int (NumPy's ``Philox(key=...)``)."""
        low, high = self._impl.key
        return low | high << 64

    @property
    def position(self):
        """Local. The number of 64-bit words of the stream used so far."""
        return self._impl.position

    def _target(self, size, device, distribution, function):
        shape = () if size is None else normalize_shape(size, function)
        if device is None and distribution is None:
            device = self._grid
        return _layout(shape, device, distribution, function)

    def _make(self, method, dtype, size, device, distribution, function, *extra):
        layout = self._target(size, device, distribution, function)
        impl = getattr(self._impl, method)(dtype, layout.grid._impl, layout._impl, *extra)
        return Array._new(impl, layout)

    def random(self, size=None, dtype=float64, out=None, *, device=None, distribution=None):
        """Collective over the device's communicator. Uniform floats in [0, 1) of shape ``size`` (None: a
        0-D array), float64 or float32. float64 equals NumPy's ``Generator(Philox(key=seed)).random``."""
        _no_out(out, "random")
        return self._make("random", resolve(dtype, "random"), size, device, distribution, "random")

    def uniform(self, low=0.0, high=1.0, size=None, *, dtype=float64, device=None, distribution=None):
        """Collective over the device's communicator. low + (high - low) * random(): uniform in [low, high)
        (scalar bounds only; array bounds raise NotImplementedError)."""
        low = _real_scalar(low, "low", "uniform")
        high = _real_scalar(high, "high", "uniform")
        return self._make("uniform", resolve(dtype, "uniform"), size, device, distribution, "uniform", low, high)

    def standard_normal(self, size=None, dtype=float64, out=None, *, device=None, distribution=None):
        """Collective over the device's communicator. Standard normal values (Box-Muller on fixed pairs of
        words, see the module docstring), float64 or float32."""
        _no_out(out, "standard_normal")
        return self._make("standard_normal", resolve(dtype, "standard_normal"), size, device, distribution,
                          "standard_normal")

    def normal(self, loc=0.0, scale=1.0, size=None, *, dtype=float64, device=None, distribution=None):
        """Collective over the device's communicator. loc + scale * standard_normal(); scale >= 0."""
        loc = _real_scalar(loc, "loc", "normal")
        scale = _real_scalar(scale, "scale", "normal")
        return self._make("normal", resolve(dtype, "normal"), size, device, distribution, "normal", loc, scale)

    def standard_exponential(self, size=None, dtype=float64, method="zig", out=None, *, device=None,
                             distribution=None):
        """Collective over the device's communicator. Standard exponential values by the inverse CDF on one
        word per element, whichever ``method`` ("zig" or "inv") is named."""
        if method not in ("zig", "inv"):
            raise ValueError(f"standard_exponential: expected method 'zig' or 'inv', got {method!r}")
        _no_out(out, "standard_exponential")
        return self._make("standard_exponential", resolve(dtype, "standard_exponential"), size, device,
                          distribution, "standard_exponential")

    def exponential(self, scale=1.0, size=None, *, dtype=float64, device=None, distribution=None):
        """Collective over the device's communicator. scale * standard_exponential(); scale >= 0."""
        scale = _real_scalar(scale, "scale", "exponential")
        return self._make("exponential", resolve(dtype, "exponential"), size, device, distribution, "exponential",
                          scale)

    def integers(self, low, high=None, size=None, dtype=int64, endpoint=False, *, device=None, distribution=None):
        """Collective over the device's communicator. Integers uniform in [low, high) ([low, high] with
        ``endpoint``; high=None: [0, low)), in any integer dtype or bool, exactly uniform for ranges of a
        power-of-two size and within 2^-64 relative otherwise (see the module docstring)."""
        if high is None:
            low, high = 0, low
        for name, value in (("low", low), ("high", high)):
            if isinstance(value, (Array, np.ndarray, list, tuple)):
                raise NotImplementedError(f"integers: {name} must be a scalar (array-valued bounds are not "
                                          f"supported), got {type(value).__name__}")
            if not isinstance(value, (numbers.Integral, np.bool_)):
                raise TypeError(f"integers: expected an integer {name}, got {value!r}")
        dtype = resolve(dtype, "integers")
        low, high, endpoint = int(low), int(high), bool(endpoint)
        if not endpoint and high == 1 << 64:  # uint64's whole range: its exclusive bound does not fit 64 bits
            high, endpoint = high - 1, True
        return self._make("integers", dtype, size, device, distribution, "integers",
                          python_scalar(low, "integers"), python_scalar(high, "integers"), endpoint)

    def permutation(self, x, axis=0, *, device=None, distribution=None):
        """Collective over the device's communicator. With an int ``x``: a random permutation of
        0 .. x - 1 (int64, Block over grid axis 0 of ``device``, or moved to ``distribution``); with a
        gingham array: a copy with its slabs along ``axis`` permuted (x's layout). Random keys and the
        distributed argsort: no gather."""
        if isinstance(x, Array):
            if device is not None or distribution is not None:
                raise TypeError("permutation: device= and distribution= apply to permutation(n) only; an array's "
                                "permutation keeps its layout")
            return Array._new(self._impl.permutation(x._impl, _axis(axis, "permutation")))
        if isinstance(x, bool) or not isinstance(x, numbers.Integral):
            raise TypeError(f"permutation: expected an int or a gingham array, got {type(x).__name__}")
        n = operator.index(x)
        if distribution is None:
            grid = self._grid if device is None else _grid_of(device, "permutation")
            return Array._new(self._impl.permutation_of_range(grid._impl, n))
        layout = self._target((max(n, 0),), device, distribution, "permutation")
        return redistribute(Array._new(self._impl.permutation_of_range(layout.grid._impl, n)), layout)

    def shuffle(self, x, axis=0):
        """Collective over x.device. Permutes x's slabs along ``axis`` in place (the same order as
        permutation(x, axis) would give)."""
        if not isinstance(x, Array):
            raise TypeError(f"shuffle: expected a gingham array, got {type(x).__name__}")
        self._impl.shuffle(x._impl, _axis(axis, "shuffle"))

    def permuted(self, x, *, axis=None, out=None):
        """Collective over x.device. A copy of x with each line along ``axis`` shuffled independently
        (axis=None: the flattened array shuffled, then reshaped), in x's layout."""
        _no_out(out, "permuted")
        if not isinstance(x, Array):
            raise TypeError(f"permuted: expected a gingham array, got {type(x).__name__}")
        return Array._new(self._impl.permuted(x._impl, None if axis is None else _axis(axis, "permuted")))

    def choice(self, a, size=None, replace=True, p=None, axis=0, shuffle=True, *, device=None, distribution=None):
        """Collective over the device's communicator. ``size`` samples of ``a`` (an int n: 0 .. n - 1; a
        1-D gingham array: its elements, read with take), with or without replacement, with probabilities
        ``p`` (a host sequence of len(a) numbers summing to 1) or uniformly. With p and replacement: the
        inverse CDF of one word per element; without replacement: the first ``size`` of a random
        permutation, or with p the ``size`` smallest E_i / p_i (E_i exponential: Efraimidis-Spirakis), by
        the distributed argsort. ``shuffle`` is accepted (the sample is always in random order)."""
        if axis != 0:
            raise NotImplementedError(f"choice: only axis=0 is supported, got axis={axis!r}")
        if isinstance(a, Array):
            if a.ndim != 1:
                raise NotImplementedError(f"choice: a must be 1-D, got {a.ndim} dimensions")
            n = a.shape[0]
        elif isinstance(a, bool) or not isinstance(a, numbers.Integral):
            raise TypeError(f"choice: expected an int or a 1-D gingham array, got {type(a).__name__}")
        else:
            n = operator.index(a)
            if n < 0:
                raise ValueError(f"choice: expected a >= 0, got {n}")
        if p is not None:
            if isinstance(p, Array):
                raise NotImplementedError("choice: p must be a host sequence (NumPy array or list), not a gingham array")
            p = np.asarray(p, dtype=np.float64)
            if p.ndim != 1:
                raise ValueError(f"choice: expected p to be 1-D, got {p.ndim} dimensions")
            p = p.tolist()
        if device is None and distribution is None and isinstance(a, Array):
            device = a.device
        layout = self._target(size, device, distribution, "choice")
        index = Array._new(self._impl.choice(layout.grid._impl, layout._impl, n, bool(replace), p), layout)
        if isinstance(a, Array):
            flat = index if index.ndim == 1 else index.reshape(-1)
            taken = take(a, flat, axis=0)
            return taken if index.ndim == 1 else taken.reshape(index.shape)
        return index

    def spawn(self, n_children):
        """Local. ``n_children`` new independent Generators (keys derived from this key and the number of
        children spawned before), the same on every rank that calls it."""
        if isinstance(n_children, bool) or not isinstance(n_children, numbers.Integral):
            raise TypeError(f"spawn: expected an integer, got {n_children!r}")
        return [Generator._new(child, self._grid) for child in self._impl.spawn(operator.index(n_children))]

    def local_generator(self):
        """Local. A NumPy ``np.random.Generator(np.random.Philox(key=k))`` for this rank's own work: k is
        derived from this key, the rank (in the device's communicator) and the number of local generators
        this rank asked for before, so ranks, and successive calls, get distinct streams."""
        low, high = self._impl.local_key(self._grid.comm.Get_rank())
        return np.random.Generator(np.random.Philox(key=low | high << 64))


def _axis(axis, function):
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{function}: expected an integer axis, got {axis!r}")
    return operator.index(axis)
