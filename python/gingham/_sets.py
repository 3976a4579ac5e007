"""Set functions on the distributed sort: unique_values, unique_counts and isin.

unique_values sorts the flattened array (gg.sort, a sample sort) and keeps each element that differs from
its predecessor (a shifted comparison and a compaction); NaNs are each distinct, as the standard says.
unique_counts adds the gaps between the kept positions. isin searches each element of x1 in the sorted x2
from both sides. unique_all and unique_inverse need the inverse permutation scattered back to x's layout,
part of the set issue still open: NotImplementedError.
"""

import numpy as np

from . import _core
from ._array import Array


def _flat_sorted(x, function):
    from ._manipulation import reshape
    from ._sorting import sort

    if not isinstance(x, Array):
        raise TypeError(f"{function}: expected a gingham.Array, got {type(x).__name__}")
    return sort(x if x.ndim == 1 else reshape(x, (-1,)))


def _starts(s):
    """Collective. A bool array marking the elements of the sorted 1-D s that start a run of equal values."""
    from ._creation import ones
    from ._manipulation import concat

    first = ones((min(1, s.size),), dtype=np.dtype(bool), device=s.device)
    return concat([first, s[1:] != s[:-1]], axis=0)


def unique_values(x, /):
    """Collective over x.device. The distinct values of x, sorted, as a balanced 1-D array."""
    s = _flat_sorted(x, "unique_values")
    return Array(_core.compress(s._impl, _starts(s)._impl))


def unique_counts(x, /):
    """Collective over x.device. (values, counts): the distinct values of x, sorted, and how often each
    occurs, as balanced 1-D arrays."""
    from ._manipulation import concat
    from ._reductions import diff

    s = _flat_sorted(x, "unique_counts")
    starts = _starts(s)
    values = Array(_core.compress(s._impl, starts._impl))
    positions = Array(_core.flatnonzero(starts._impl))
    end = Array(_core.full(np.dtype(np.int64), s.device._impl, _core.default_layout([1], s.device._impl), s.size, None))
    return values, diff(concat([positions, end], axis=0))


def unique_inverse(x, /):
    raise NotImplementedError("unique_inverse: scattering the inverse indices back to x's layout is not implemented yet")


def unique_all(x, /):
    raise NotImplementedError("unique_all: scattering the inverse indices back to x's layout is not implemented yet")


def isin(x1, x2, /, *, invert=False):
    """Collective over the arrays' communicator. Whether each element of x1 occurs in x2 (x1's shape and
    layout): x2 is sorted (gg.sort) and each element of x1 searched in it from both sides
    (gg.searchsorted); NaN is in nothing. x2 may be a Python scalar."""
    from ._creation import asarray
    from ._elementwise import isnan, logical_not
    from ._layouts import Distribution
    from ._searching import searchsorted

    if not isinstance(x1, Array):
        raise TypeError(f"isin: expected x1 to be a gingham.Array, got {type(x1).__name__}")
    if not isinstance(x2, Array):
        if not isinstance(x2, (bool, int, float)):
            raise TypeError(f"isin: expected x2 to be a gingham.Array or a Python scalar, got {type(x2).__name__}")
        x2 = asarray(x2, dtype=x1.dtype, distribution=Distribution.replicated((), grid=x1.device))
    s = _flat_sorted(x2, "isin") if x2.ndim else x2[None]
    found = searchsorted(s, x1, side="right") > searchsorted(s, x1, side="left")
    if x1.dtype.kind in "fc":
        found = found & logical_not(isnan(x1))
    return logical_not(found) if invert else found
