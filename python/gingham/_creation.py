"""Array creation."""

import numbers

import numpy as np

from . import _core
from ._array import Array
from ._dtypes import float64, int64, kernel, resolve
from ._errors import collective_errors
from ._grid import ProcessGrid, default_grid
from ._layouts import Block, Distribution, halo_spec, normalize_shape


def _layout(shape, device, distribution, function):
    """The Distribution of a new array: ``distribution``, or the default layout on ``device``."""
    if device is not None and not isinstance(device, ProcessGrid):
        raise TypeError(f"{function}: expected device=None or a gingham.ProcessGrid, got {device!r}")
    if distribution is None:
        return Distribution(shape, grid=device)
    if not isinstance(distribution, Distribution):
        raise TypeError(f"{function}: expected distribution=None or a gingham.Distribution, got {distribution!r}")
    if device is not None and device != distribution.grid:
        raise ValueError(f"{function}: device {device!r} is not the distribution's grid {distribution.grid!r}")
    if distribution.shape != tuple(shape):
        raise ValueError(f"{function}: the distribution is for shape {distribution.shape}, the array has shape "
                         f"{tuple(shape)}")
    return distribution


def _number_kind(value, function, name):
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, numbers.Real)):
        raise TypeError(f"{function}: expected {name} to be an int or a float, got {value!r}")
    return int64 if isinstance(value, numbers.Integral) else float64


def asarray(obj, /, *, dtype=None, device=None, copy=None, distribution=None, halo=None):
    """Collective over the device's communicator. A distributed array from ``obj``: a NumPy array, a
    nested sequence, a buffer-protocol object, a Python scalar, or a gingham.Array.

    Every rank passes the same global data; each keeps its own part (nothing crosses the network). The
    layout is ``distribution``, or the default layout on ``device``; ``halo`` adds ghost cells.
    """
    if isinstance(obj, Array):
        if dtype is not None and resolve(dtype, "asarray") != obj.dtype:
            raise NotImplementedError("asarray: converting a gingham.Array to another dtype is not implemented yet")
        target = obj.distribution if distribution is None else distribution
        if target == obj.distribution and halo is None and not copy:
            return obj
        if copy is False:
            raise ValueError("asarray: copy=False, but a new layout or halo needs a copy")
        from ._redistribute import redistribute

        return redistribute(obj, target, halo=halo)
    if copy is False:
        raise ValueError("asarray: copy=False, but host data is always copied into the distributed shards")
    grid = default_grid() if device is None else device
    if distribution is not None and isinstance(distribution, Distribution):
        grid = distribution.grid
    with collective_errors(device=grid if isinstance(grid, ProcessGrid) else None):
        whole = np.asarray(obj, dtype=None if dtype is None else resolve(dtype, "asarray"))
        resolve(whole.dtype, "asarray")
        layout = _layout(whole.shape, device, distribution, "asarray")
        spec = halo_spec(halo, whole.ndim, "asarray")
    return Array(_core.from_whole(whole, layout.grid._impl, layout._impl, spec), layout)


def arange(start, /, stop=None, step=1, *, dtype=None, device=None):
    """Collective over the device's communicator. Values from start (inclusive) to stop (exclusive) by
    step: a 1-D array, block-distributed.

    ``arange(n)`` is ``0, 1, ..., n - 1``. With dtype=None the result is int64 when start, stop and
    step are all integers, float64 otherwise. A zero step is a ValueError.
    """
    if stop is None:
        start, stop = 0, start
    kinds = {_number_kind(v, "arange", n) for v, n in ((start, "start"), (stop, "stop"), (step, "step"))}
    make, dtype = kernel("arange", dtype if dtype is not None else (int64 if kinds == {int64} else float64), "arange")
    if dtype == int64 and kinds != {int64}:
        raise TypeError(f"arange: dtype int64 needs integer start, stop and step, got {start!r}, {stop!r}, {step!r}")
    grid = _layout((0,), device, None, "arange").grid
    convert = int if dtype == int64 else float
    impl = make(grid._impl, convert(start), convert(stop), convert(step))
    return Array(impl, Distribution(tuple(impl.global_shape), (Block(),), grid=grid))


def full(shape, fill_value, *, dtype=None, device=None, distribution=None, halo=None):
    """Collective over the device's communicator. An array of ``shape`` filled with fill_value."""
    shape = normalize_shape(shape, "full")
    kind = _number_kind(fill_value, "full", "fill_value")
    dtype = resolve(dtype if dtype is not None else kind, "full")
    layout = _layout(shape, device, distribution, "full")
    impl = _core.Array.allocate(dtype, layout.grid._impl, layout._impl, halo_spec(halo, len(shape), "full"), False)
    impl.local[...] = fill_value  # each rank fills its own shard
    return Array(impl, layout)


def zeros(shape, *, dtype=None, device=None, distribution=None, halo=None):
    """Collective over the device's communicator. An array of zeros (float64 unless dtype says otherwise)."""
    shape = normalize_shape(shape, "zeros")
    dtype = resolve(float64 if dtype is None else dtype, "zeros")
    layout = _layout(shape, device, distribution, "zeros")
    return Array(_core.Array.allocate(dtype, layout.grid._impl, layout._impl, halo_spec(halo, len(shape), "zeros"), True),
                 layout)
