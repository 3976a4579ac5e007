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

import numpy as np

from . import _core
from ._array import Array


def _flat(x, function):
    from ._manipulation import reshape

    if not isinstance(x, Array):
        raise TypeError(f"{function}: expected a gingham.Array, got {type(x).__name__}")
    return x if x.ndim == 1 else reshape(x, (-1,))


def _runs(x, function, counts=False, firsts=False):
    """Collective. (values, counts or None, firsts or None) of x's distinct values (gingham/kernels/sets.hpp)."""
    if not isinstance(x, Array):
        raise TypeError(f"{function}: expected a gingham.Array, got {type(x).__name__}")
    values, lengths, first = _core.unique(x._impl, counts, firsts)
    return Array(values), None if lengths is None else Array(lengths), None if first is None else Array(first)


def unique_values(x, /):
    """Collective over x.device. The distinct values of x, sorted, as a balanced 1-D array."""
    return _runs(x, "unique_values")[0]


def unique_counts(x, /):
    """Collective over x.device. (values, counts): the distinct values of x, sorted, and how often each
    occurs, as balanced 1-D arrays."""
    values, counts, _ = _runs(x, "unique_counts", counts=True)
    return values, counts


def _inverse(values, x):
    """Collective. For each element of x, the index of its value among the sorted distinct ``values``:
    searchsorted, and for floating x each NaN its own NaN value (they are distinct and sort last, in x's
    row-major order, as the stable sort left them): the first NaN's index plus the NaN's rank among x's
    NaNs (a cumulative count over the flattened x)."""
    from ._elementwise import isnan, where
    from ._manipulation import reshape
    from ._reductions import cumulative_sum
    from ._searching import searchsorted

    from ._reductions import any as any_of

    inverse = searchsorted(values, x)
    if x.dtype.kind not in "fc" or x.size == 0:
        return inverse
    nan = isnan(x)
    if not bool(any_of(nan)._value_on_every_rank()):  # one bool pass and a reduction; the ranks below only when there are NaNs
        return inverse
    ordinal = reshape(cumulative_sum(reshape(nan, (-1,)), dtype=np.int64), x.shape) - 1
    return where(nan, inverse + ordinal, inverse)


def unique_inverse(x, /):
    """Collective over x.device. (values, inverse_indices): the distinct values of x, sorted, and for each
    element of x (x's shape and layout) the index of its value, found by searchsorted (NaNs are each
    distinct among the values, and each maps to its own)."""
    values = unique_values(x)
    return values, _inverse(values, x)


def unique_all(x, /):
    """Collective over x.device. (values, indices, inverse_indices, counts): unique_counts and
    unique_inverse, plus the flat index of each value's first occurrence in x (the stable argsort at the
    start of each run)."""
    values, counts, first = _runs(x, "unique_all", counts=True, firsts=True)
    return values, first, _inverse(values, x), counts


def isin(x1, x2, /, *, invert=False):
    """Collective over the arrays' communicator. Whether each element of x1 occurs in x2 (x1's shape and
    layout): x2 is sorted (gg.sort) and each element of x1 searched in it from both sides
    (the rank holding each value's place answers whether it is there); NaN is in nothing. x2 may be a
    Python scalar."""
    from ._creation import asarray
    from ._elementwise import logical_not
    from ._layouts import Distribution
    from ._sorting import sort

    if not isinstance(x1, Array):
        raise TypeError(f"isin: expected x1 to be a gingham.Array, got {type(x1).__name__}")
    if not isinstance(x2, Array):
        if not isinstance(x2, (bool, int, float)):
            raise TypeError(f"isin: expected x2 to be a gingham.Array or a Python scalar, got {type(x2).__name__}")
        x2 = asarray(x2, dtype=x1.dtype, distribution=Distribution.replicated((), grid=x1.device))
    s = sort(_flat(x2, "isin")) if x2.ndim else x2[None]
    found = Array(_core.contains_sorted(s._impl, x1._impl))
    return logical_not(found) if invert else found
