"""Array creation (foundation scope: 1-D arrays in the default block layout)."""

import numbers
import operator

from ._array import Array
from ._dtypes import float64, int64, kernel, supported
from ._grid import ProcessGrid, default_grid


def _device(device, function):
    if device is None:
        return default_grid()
    if not isinstance(device, ProcessGrid):
        raise TypeError(f"{function}: expected device=None or a gingham.ProcessGrid, got {device!r}")
    return device


def _length(shape, function):
    """The length of a 1-D shape given as an int or a 1-tuple."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, tuple):
        raise TypeError(f"{function}: expected a shape (an int or a tuple of ints), got {shape!r}")
    if len(shape) != 1:
        raise NotImplementedError(f"{function}: only 1-D arrays are implemented yet, got shape {shape}")
    n = operator.index(shape[0])
    if n < 0:
        raise ValueError(f"{function}: expected a non-negative length, got shape {shape}")
    return n


def _number_kind(value, function, name):
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, numbers.Real)):
        raise TypeError(f"{function}: expected {name} to be an int or a float, got {value!r}")
    return int64 if isinstance(value, numbers.Integral) else float64


def arange(start, /, stop=None, step=1, *, dtype=None, device=None):
    """Collective over the device. Values from start (inclusive) to stop (exclusive) by step, 1-D, block-distributed.

    ``arange(n)`` is ``0, 1, ..., n - 1``. With dtype=None the result is int64 when start, stop and
    step are all integers, float64 otherwise. A zero step is a ValueError.
    """
    if stop is None:
        start, stop = 0, start
    kinds = {_number_kind(v, "arange", n) for v, n in ((start, "start"), (stop, "stop"), (step, "step"))}
    dtype = supported(dtype if dtype is not None else (int64 if kinds == {int64} else float64), "arange")
    grid = _device(device, "arange")
    if dtype == int64 and kinds != {int64}:
        raise TypeError(f"arange: dtype int64 needs integer start, stop and step, got {start!r}, {stop!r}, {step!r}")
    convert = int if dtype == int64 else float
    impl = kernel("arange", dtype)(grid._impl, convert(start), convert(stop), convert(step))
    return Array(impl, grid)


def _full(shape, fill_value, dtype, device, function):
    n = _length(shape, function)
    kind = _number_kind(fill_value, function, "fill_value")
    dtype = supported(dtype if dtype is not None else kind, function)
    grid = _device(device, function)
    value = int(fill_value) if dtype == int64 else float(fill_value)
    return Array(kernel("full", dtype)(grid._impl, n, value), grid)


def full(shape, fill_value, *, dtype=None, device=None):
    """Collective over the device. A 1-D array of ``shape`` filled with fill_value, block-distributed."""
    return _full(shape, fill_value, dtype, device, "full")


def zeros(shape, *, dtype=None, device=None):
    """Collective over the device. A 1-D array of zeros (float64 unless dtype says otherwise)."""
    return _full(shape, 0, float64 if dtype is None else dtype, device, "zeros")
