"""redistribute: an array in another layout, optionally read through an index (slices, ints) and an
axis permutation."""

import numbers
import operator

from . import _core
from ._array import Array, require_array
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
    per rank: the new shard plus the plan's chunk (32 MiB by default).
    """
    require_array(x, "redistribute")
    index_map = _result_map("redistribute", x.shape, distribution, key, axes)
    impl = _core.redistribute(x._impl, distribution.grid._impl, distribution._impl, index_map,
                              halo_spec(halo, len(distribution.shape), "redistribute"))
    return Array._new(impl, distribution)


def _result_map(caller, shape, distribution, key, axes):
    """The index map of x[key] permuted by axes, for x of ``shape``, checked to give ``distribution``'s shape."""
    if not isinstance(distribution, Distribution):
        raise TypeError(f"{caller}: expected a gingham.Distribution, got {type(distribution).__name__}")
    index_map = _index_map(shape, key, axes)
    result = shape if index_map is None else tuple(index_map.target_shape)
    if result != distribution.shape:
        raise ValueError(f"{caller}: the result has shape {result}, the distribution is for shape {distribution.shape}")
    return index_map


class RedistributionPlan:
    """Collective over the communicator. A redistribution built once and executed many times: ``plan(x)``
    is ``redistribute(x, target, key=key, axes=axes)`` for x laid out as ``source``, without building the
    plan again, and each plan learns by timing its own executions whether MPI's derived datatypes or
    gingham's packing moves its pattern faster. ``plan(x, out=y)`` fills an existing array laid out as
    ``target`` instead (ghost cells allowed); ``out`` may be x itself or share its memory (another array
    over the same shards): ranks where the two overlap read a copy of x's shard, agreed on with one
    MPI_Allreduce per call. ``chunk_bytes`` bounds the buffers of one execution
    (default: the current default chunk, 32 MiB unless changed). Calling a plan on an array of another
    layout or on other ranks raises ValueError on every rank.
    """

    __slots__ = ("_impl", "source", "target")

    def __init__(self, source, target, /, *, key=None, axes=None, chunk_bytes=None):
        if not isinstance(source, Distribution):
            raise TypeError(f"RedistributionPlan: expected a gingham.Distribution, got {type(source).__name__}")
        index_map = _result_map("RedistributionPlan", source.shape, target, key, axes)
        if chunk_bytes is not None:
            chunk_bytes = operator.index(chunk_bytes)
            if chunk_bytes < 0:
                raise ValueError(f"RedistributionPlan: chunk_bytes must be >= 0, got {chunk_bytes}")
        self._impl = _core.RedistributionPlan(source.grid._impl, source._impl, target._impl, index_map, chunk_bytes)
        self.source, self.target = source, target

    def __call__(self, x, /, *, out=None, halo=None):
        require_array(x, "RedistributionPlan")
        if out is None:
            impl = self._impl.apply(x._impl, self.target.grid._impl, halo_spec(halo, len(self.target.shape), "RedistributionPlan"))
            return Array._new(impl, self.target)
        if not isinstance(out, Array):
            raise TypeError(f"RedistributionPlan: expected a gingham.Array as out, got {type(out).__name__}")
        if halo is not None:
            raise ValueError("RedistributionPlan: halo= applies to a new array, not to out=")
        self._impl.execute(x._impl, out._impl)
        return out

    def statistics(self, dtype):
        """Local. What one execution moves on this rank for elements of ``dtype``: message counts, elements
        sent, received and kept, rounds, buffer and metadata bytes."""
        import numpy as np
        return self._impl.statistics(np.dtype(dtype).itemsize)


def plan_cache_statistics():
    """Local. How the plan cache served this rank so far: a dict of ``hits`` and ``misses`` (lookups answered
    from the cache, and those that built a plan), ``entries`` and ``capacity``. Every redistribution that
    gingham makes for you (aligning operands of different layouts, slicing, ``redistribute``) takes its plan
    from this cache, so work repeated between the same layouts pays for planning once; a hit costs one
    MPI_Allreduce of three integers, which also keeps ranks whose caches differ in step."""
    return dict(_core.plan_cache_statistics())


def set_plan_cache_capacity(entries, /):
    """Local. Keeps at most ``entries`` plans in the cache (default 32; 0 turns it off), dropping the least
    recently used beyond it. Cached plans hold their communicator. Every rank should set the same value."""
    entries = operator.index(entries)
    if entries < 0:
        raise ValueError(f"set_plan_cache_capacity: expected entries >= 0, got {entries}")
    _core.set_plan_cache_capacity(entries)


def clear_plan_cache():
    """Local. Drops every cached plan and resets the counters."""
    _core.clear_plan_cache()
