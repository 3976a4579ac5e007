"""redistribute: an array in another layout, optionally read through an index (slices, ints) and an
axis permutation."""

import numbers
import operator

from . import _core
from ._array import Array
from ._layouts import Distribution, halo_spec


def _index_map(shape, key, axes):
    """The C++ IndexMap for x[key] with its axes then permuted by ``axes``; None for the identity."""
    if key is None and axes is None:
        return None
    key = () if key is None else (key if isinstance(key, tuple) else (key,))
    if len(key) > len(shape):
        raise IndexError(f"redistribute: too many indices for an array of dimension {len(shape)}: got {len(key)}")
    slices, fixed = [], []
    for axis, k in enumerate(key):
        if isinstance(k, slice):
            step = 1 if k.step is None else operator.index(k.step)
            if step == 0:
                raise ValueError("redistribute: slice step cannot be zero")
            start = None if k.start is None else operator.index(k.start)
            stop = None if k.stop is None else operator.index(k.stop)
            slices.append((start, stop, step))
        elif isinstance(k, numbers.Integral) and not isinstance(k, bool):
            i = operator.index(k)
            if not -shape[axis] <= i < shape[axis]:
                raise IndexError(f"redistribute: index {i} is out of bounds for axis {axis} with size {shape[axis]}")
            i %= shape[axis]
            slices.append((i, i + 1, 1))
            fixed.append(axis)
        else:
            raise TypeError(f"redistribute: expected slices and integers in key, got {k!r}")
    sliced = _core.IndexMap.slices(list(shape), slices)
    sliced_shape = sliced.target_shape
    kept = [a for a in range(len(shape)) if a not in fixed]
    order = list(range(len(kept))) if axes is None else [operator.index(a) for a in axes]
    if sorted(order) != list(range(len(kept))):
        raise ValueError(f"redistribute: axes {tuple(order)} is not a permutation of the {len(kept)} result axes")
    target_axes = [(kept[o], 0, 1, sliced_shape[kept[o]]) for o in order]
    return sliced.then(_core.IndexMap.general(sliced_shape, target_axes, [(a, 0) for a in fixed]))


def redistribute(x, distribution, /, *, key=None, axes=None, halo=None):
    """Collective over the communicator. ``x`` laid out as ``distribution`` (on the same grid or another
    grid of the same communicator), moving only the data that must move.

    ``key`` (slices with any step, and integers) selects part of x first, and ``axes`` then permutes the
    result's axes, so ``redistribute(x, d, key=(slice(None, None, -1),), axes=(1, 0))`` is
    ``x[::-1].T`` laid out as d. The result's shape must be ``distribution.shape``. Peak extra memory
    per rank: the new shard plus the plan's chunk (8 MiB by default).
    """
    if not isinstance(x, Array):
        raise TypeError(f"redistribute: expected a gingham.Array, got {type(x).__name__}")
    if not isinstance(distribution, Distribution):
        raise TypeError(f"redistribute: expected a gingham.Distribution, got {type(distribution).__name__}")
    index_map = _index_map(x.shape, key, axes)
    shape = x.shape if index_map is None else tuple(index_map.target_shape)
    if shape != distribution.shape:
        raise ValueError(f"redistribute: the result has shape {shape}, the distribution is for shape "
                         f"{distribution.shape}")
    impl = _core.redistribute(x._impl, distribution.grid._impl, distribution._impl, index_map,
                              halo_spec(halo, len(shape), "redistribute"))
    return Array(impl, distribution)
