"""NumPy's histogram, distributed: global bin edges, a local count per shard, one sum of the counts.

The edges are NumPy's own (np.histogram_bin_edges) for the global range: for a bin count without
range=, the global minimum and maximum first (two reductions, one allgather each), which are all NumPy's
edges depend on. The counting is C++'s (gingham/kernels/histogram.hpp): each rank counts its shard
against the edges, each element once, and one MPI_Allreduce adds the counts. Weights (a gingham array
of x's shape, or host data) are first aligned to x's layout (one redistribution when theirs differs).
The results (counts, edges) are small and replicated on x's device.
"""

import numbers

import numpy as np

from . import _core
from ._array import Array, require_array
from ._creation import asarray
from ._host_operands import host_like, refuse
from ._layouts import Distribution
from ._redistribute import redistribute
from ._reductions import max as max_, min as min_


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


def histogram(a, bins=10, range=None, density=None, weights=None):  # noqa: A002  (NumPy's names)
    """Collective over a.device. np.histogram of the whole array: (counts, bin_edges), both replicated
    gingham arrays on a.device (see the module docstring for the algorithm and its cost)."""
    require_array(a, "numpy.histogram")
    if a.dtype.kind not in "iuf":
        refuse(f"numpy.histogram of dtype {a.dtype}")
    if weights is not None:
        weights = host_like(weights, a)
        if weights.shape != a.shape:
            raise ValueError(f"numpy.histogram: weights should have the same shape as a, got {weights.shape} and "
                             f"{a.shape}")
        if weights.distribution != a.distribution:
            weights = redistribute(weights, a.distribution)
    edges = _edges(a, bins, range)
    counts = _core.histogram(a._impl, edges.tolist(), None if weights is None else weights._impl)
    if weights is not None and weights.dtype != counts.dtype:
        counts = counts.astype(weights.dtype)  # NumPy's sums have the weights' dtype
    if density:
        counts = counts / np.diff(edges) / counts.sum()
    return tuple(asarray(v, distribution=Distribution.replicated(v.shape, grid=a.device)) for v in (counts, edges))
