"""Set functions on the distributed sort: unique_values, unique_counts, unique_inverse, unique_all, isin.

The unique functions sort the flattened array (gg.sort, a sample sort) and walk its runs of equal values
in one pass (gingham/kernels/sets.hpp unique_runs: each rank compares its elements with their
predecessors, reading only the one before its range from its owner), packing each run's first value,
length and, for unique_all, first occurrence (the stable argsort at the run's start), each balanced
like a boolean selection. NaNs are each distinct, as the standard says. unique_inverse finds each element's
value by searchsorted; isin asks the rank holding each value's place in the sorted x2 whether it is there.

Peak memory per rank, in shards of x (float64, the results included; README "Memory" has the figures
measured): unique_values about 2 (the sorted copy, then one packed output and its balanced result);
unique_counts about 3 and unique_all about 5 (their outputs alone are 2 and 4 shards when the values are
distinct); unique_inverse about 2.5 (values and searchsorted's rounds), 2 shards more when x holds NaNs
(each NaN's rank among them); isin about 2 (the sorted x2 and searchsorted's rounds, a bool result).
"""

from collections import namedtuple

from . import _core
from ._array import Array, require_array
from ._creation import asarray
from ._layouts import Distribution


UniqueCountsResult = namedtuple("UniqueCountsResult", ["values", "counts"])
UniqueInverseResult = namedtuple("UniqueInverseResult", ["values", "inverse_indices"])
UniqueAllResult = namedtuple("UniqueAllResult", ["values", "indices", "inverse_indices", "counts"])


def _runs(x, function, counts=False, firsts=False):
    """Collective. (values, counts or None, firsts or None) of x's distinct values (gingham/kernels/sets.hpp)."""
    require_array(x, function)
    values, lengths, first = _core.unique(x._impl, counts, firsts)
    return Array._new(values), None if lengths is None else Array._new(lengths), None if first is None else Array._new(first)


def unique_values(x, /):
    """Collective over x.device. The distinct values of x, sorted, as a balanced 1-D array."""
    return _runs(x, "unique_values")[0]


def unique_counts(x, /):
    """Collective over x.device. (values, counts): the distinct values of x, sorted, and how often each
    occurs, as balanced 1-D arrays."""
    values, counts, _ = _runs(x, "unique_counts", counts=True)
    return UniqueCountsResult(values, counts)


def unique_inverse(x, /):
    """Collective over x.device. UniqueInverseResult(values, inverse_indices): the distinct values of x,
    sorted, and for each element of x (x's shape and layout) the index of its value, found by searchsorted
    (NaNs are each distinct among the values, and each maps to its own; gingham/kernels/sets.hpp)."""
    require_array(x, "unique_inverse")
    return UniqueInverseResult(*(Array._new(a) for a in _core.unique_inverse(x._impl)))


def unique_all(x, /):
    """Collective over x.device. UniqueAllResult(values, indices, inverse_indices, counts): unique_counts and
    unique_inverse, plus the flat index of each value's first occurrence in x (the stable argsort at the
    start of each run; gingham/kernels/sets.hpp)."""
    require_array(x, "unique_all")
    return UniqueAllResult(*(Array._new(a) for a in _core.unique_all(x._impl)))


def isin(x1, x2, /, *, invert=False):
    """Collective over the arrays' communicator. Whether each element of x1 occurs in x2 (x1's shape and
    layout; not, with ``invert``), compared in the promoted dtype; NaN is in nothing. An x2 of at most 2^20
    elements is gathered on every rank, which then tests its own shard with no further message (a bitmap
    for integers of a range of at most 2^24 values, else a binary search); a larger x2 is sorted (gg.sort)
    and the rank holding each x1 value's place answers whether it is there. x2 may be a Python scalar."""
    if not isinstance(x1, Array):
        raise TypeError(f"isin: expected x1 to be a gingham.Array, got {type(x1).__name__}")
    if not isinstance(x2, Array):
        if not isinstance(x2, (bool, int, float)):
            raise TypeError(f"isin: expected x2 to be a gingham.Array or a Python scalar, got {type(x2).__name__}")
        x2 = asarray(x2, dtype=x1.dtype, distribution=Distribution.replicated((), grid=x1.device))
    return Array._new(_core.isin(x1._impl, x2._impl, bool(invert)))
