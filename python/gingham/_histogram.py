"""NumPy's histogram, distributed: global bin edges, a local count per shard, one sum of the counts.

The edges are NumPy's own (np.histogram_bin_edges) for the global range: for a bin count without
range=, the global minimum and maximum first (two reductions, one allgather each), which are all NumPy's
edges depend on. Each grid rank counts its shard with np.histogram against those edges (local work);
where grid axes hold copies of the array only the copy at coordinate 0 of those axes counts. The counts,
one row per grid rank (gg.from_local, no copy), are summed by gg.sum over the grid's axes: one
MPI_Allgather of ``bins`` counts per rank. Weights (a gingham array of x's shape) are first aligned to
x's layout (one redistribution when theirs differs). Composed of gingham's C++ operations and NumPy's
local histogram; the result is replicated on x's device.
"""

import builtins
import numbers

import numpy as np

from ._array import Array, require_array
from ._creation import asarray, from_local
from ._data_type_functions import astype
from ._host_operands import refuse
from ._layouts import Block, Distribution
from ._redistribute import redistribute
from ._reductions import max as max_, min as min_, sum as sum_


def _edges(x, bins, range_):
    """NumPy's bin edges for x (host, the same on every rank)."""
    if isinstance(bins, str):
        refuse(f"numpy.histogram with bins={bins!r} (estimated bin widths); pass a bin count or the edges")
    if isinstance(bins, Array):
        bins = np.asarray(bins)  # the edges: small, gathered to every rank
    if isinstance(bins, numbers.Integral) and range_ is None:
        if x.size == 0:
            extremes = np.zeros(0, dtype=x.dtype)
        else:
            extremes = np.array([min_(x)._value_on_every_rank(), max_(x)._value_on_every_rank()], dtype=x.dtype)
            if not np.all(np.isfinite(extremes)):
                raise ValueError(f"numpy.histogram: autodetected range of [{extremes[0]}, {extremes[1]}] is not "
                                 "finite")
        return np.histogram_bin_edges(extremes, bins=bins)
    return np.histogram_bin_edges(np.zeros(0, dtype=x.dtype), bins=bins, range=range_)


def _counting_copy(x):
    """Local. Whether this rank's shard is the one copy of its elements that counts: ranks on the grid at
    coordinate 0 of every grid axis that spreads no array axis."""
    coords = x.device.coords
    if coords is None:
        return False
    used = {g for g in x.distribution.grid_axes if g is not None}
    return all(c == 0 for g, c in enumerate(coords) if g not in used)


def histogram(a, bins=10, range=None, density=None, weights=None):  # noqa: A002  (NumPy's names)
    """Collective over a.device. np.histogram of the whole array: (counts, bin_edges), both replicated
    gingham arrays on a.device (see the module docstring for the algorithm and its cost)."""
    require_array(a, "numpy.histogram")
    if a.dtype.kind not in "biuf":
        refuse(f"numpy.histogram of dtype {a.dtype}")
    if weights is not None:
        if not isinstance(weights, Array):
            weights = asarray(np.asarray(weights), distribution=Distribution(
                np.shape(weights), a.distribution.axes, grid=a.device, grid_axes=a.distribution.grid_axes))
        if weights.shape != a.shape:
            raise ValueError(f"numpy.histogram: weights should have the same shape as a, got {weights.shape} and "
                             f"{a.shape}")
        if weights.distribution != a.distribution:
            weights = redistribute(weights, a.distribution)
    edges = _edges(a, bins, range)
    counting = _counting_copy(a)
    local = np.histogram(a.local if counting else a.local[:0], bins=edges,
                         weights=None if weights is None else (weights.local if counting else weights.local[:0]))[0]
    grid = a.device
    rows = Distribution(grid.dims + (local.size,), (Block(),) * grid.ndim + (None,), grid=grid)
    mine = local.reshape((1,) * grid.ndim + (local.size,)) if grid.coords is not None else \
        np.zeros((0,) * grid.ndim + (local.size,), dtype=local.dtype)
    counts = sum_(from_local(mine, distribution=rows), axis=tuple(builtins.range(grid.ndim)))
    if density:
        widths = asarray(np.diff(edges), distribution=Distribution.replicated((edges.size - 1,), grid=grid))
        counts = astype(counts, np.float64) if counts.dtype.kind in "iu" else counts
        counts = counts / widths / sum_(counts)
    return counts, asarray(edges, distribution=Distribution.replicated(edges.shape, grid=grid))

