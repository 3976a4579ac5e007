"""Statistical and utility functions of the Array API: reductions, cumulative sums and products, diff.

Every function is collective over the array's communicator (``x.device``). Each rank reduces its own
shard, then the ranks that differ only along the grid axes spreading the reduced axes exchange their
partial results (one MPI_Allgather of the result shard's partials over that sub-communicator; var and
std take two), so every rank gets the same bits. The result keeps the layout of the axes that remain;
a reduction over every axis is a 0-D array replicated on every grid rank, so ``float(gg.sum(x))``
works on each of them. ``set_deterministic(True)`` makes floating-point sum/prod/mean/var/std
bitwise-identical for any number of ranks and any layout.
"""

import numbers
import operator

from . import _core
from ._array import Array, require_array
from ._dtypes import resolve
from ._validation import optional_axes


def _reduce(name, x, axis, keepdims, dtype=None, correction=0.0):
    require_array(x, name)
    if isinstance(correction, bool) or not isinstance(correction, (numbers.Integral, numbers.Real)):
        raise TypeError(f"{name}: expected correction to be an int or a float, got {correction!r}")
    dtype = None if dtype is None else resolve(dtype, name)
    return Array._new(_core.reduce(name, x._impl, optional_axes(axis, name), bool(keepdims), dtype, float(correction)))


def sum(x, /, *, axis=None, dtype=None, keepdims=False):  # noqa: A001  (the Array API name)
    """Collective over x.device (one MPI_Allgather of partials over the reduced grid axes). The sum over
    ``axis``; dtype defaults to int64 for bool and signed integers, uint64 for unsigned, x's dtype for
    floating point. Integers wrap as in NumPy."""
    return _reduce("sum", x, axis, keepdims, dtype)


def prod(x, /, *, axis=None, dtype=None, keepdims=False):
    """Collective over x.device (one MPI_Allgather of partials). The product over ``axis`` (dtype as for sum)."""
    return _reduce("prod", x, axis, keepdims, dtype)


def min(x, /, *, axis=None, keepdims=False):  # noqa: A001
    """Collective over x.device (one MPI_Allgather of partials). The minimum; NaN propagates. Real dtypes
    only; ValueError when the reduced axes have no elements."""
    return _reduce("min", x, axis, keepdims)


def max(x, /, *, axis=None, keepdims=False):  # noqa: A001
    """Collective over x.device (one MPI_Allgather of partials). The maximum; NaN propagates. Real dtypes
    only; ValueError when the reduced axes have no elements."""
    return _reduce("max", x, axis, keepdims)


def mean(x, /, *, axis=None, keepdims=False):
    """Collective over x.device (one MPI_Allgather of partial sums). The arithmetic mean; floating-point
    dtypes only (TypeError otherwise: convert with astype first). NaN for an empty reduction."""
    return _reduce("mean", x, axis, keepdims)


def var(x, /, *, axis=None, correction=0.0, keepdims=False):
    """Collective over x.device (two MPI_Allgathers: the mean, then the squared deviations). The variance,
    divided by max(N - correction, 0); real floating-point dtypes only."""
    return _reduce("var", x, axis, keepdims, correction=correction)


def std(x, /, *, axis=None, correction=0.0, keepdims=False):
    """Collective over x.device (as var). The standard deviation sqrt(var(x))."""
    return _reduce("std", x, axis, keepdims, correction=correction)


def all(x, /, *, axis=None, keepdims=False):  # noqa: A001
    """Collective over x.device (one MPI_Allgather of one byte per result element). Whether every element
    is nonzero (True for an empty reduction); a bool array."""
    return _reduce("all", x, axis, keepdims)


def any(x, /, *, axis=None, keepdims=False):  # noqa: A001
    """Collective over x.device (one MPI_Allgather of one byte per result element). Whether some element
    is nonzero; a bool array."""
    return _reduce("any", x, axis, keepdims)


def count_nonzero(x, /, *, axis=None, keepdims=False):
    """Collective over x.device (one MPI_Allgather of partial counts). The number of nonzero elements, int64."""
    return _reduce("count_nonzero", x, axis, keepdims)


def _single_axis(axis, function):
    if axis is None:
        return None
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"{function}: expected axis to be None or an int, got {axis!r}")
    return [operator.index(axis)]


def argmax(x, /, *, axis=None, keepdims=False):
    """Collective over x.device (one MPI_Allgather of (value, index) partials). The index of the first
    maximum, int64: along ``axis``, or into the flattened array when axis is None; the first NaN counts
    as the maximum. Real dtypes only; ValueError for an empty reduction."""
    require_array(x, "argmax")
    return Array._new(_core.reduce("argmax", x._impl, _single_axis(axis, "argmax"), bool(keepdims), None, 0.0))


def argmin(x, /, *, axis=None, keepdims=False):
    """Collective over x.device (as argmax). The index of the first minimum, int64."""
    require_array(x, "argmin")
    return Array._new(_core.reduce("argmin", x._impl, _single_axis(axis, "argmin"), bool(keepdims), None, 0.0))


def _cumulative(name, x, axis, dtype, include_initial):
    function = f"cumulative_{name}"
    require_array(x, function)
    if axis is not None and (isinstance(axis, bool) or not isinstance(axis, numbers.Integral)):
        raise TypeError(f"{function}: expected axis to be None or an int, got {axis!r}")
    dtype = None if dtype is None else resolve(dtype, function)
    return Array._new(_core.cumulative(name, x._impl, None if axis is None else operator.index(axis), dtype,
                                  bool(include_initial)))


def cumulative_sum(x, /, *, axis=None, dtype=None, include_initial=False):
    """Collective over x.device (one MPI_Allgatherv of block totals along the axis's grid axis). The
    cumulative sum along ``axis`` (optional for 1-D x), in x's layout; with include_initial the axis
    grows by one and starts with 0. dtype as for sum."""
    return _cumulative("sum", x, axis, dtype, include_initial)


def cumulative_prod(x, /, *, axis=None, dtype=None, include_initial=False):
    """Collective over x.device (as cumulative_sum). The cumulative product; include_initial starts with 1."""
    return _cumulative("prod", x, axis, dtype, include_initial)


def diff(x, /, *, axis=-1, n=1, prepend=None, append=None):
    """Collective over x.device (per order, two redistributions that move only the elements next to block
    boundaries). The n-th discrete difference along ``axis``; prepend/append (arrays of x's shape except
    along axis) are joined first (along a distributed axis through a cyclic layout: two redistributions
    per piece, nothing gathered). n=0 returns a copy of x, as NumPy does."""
    require_array(x, "diff")
    for value, label in ((axis, "axis"), (n, "n")):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"diff: expected {label} to be an int, got {value!r}")
    for extra, label in ((prepend, "prepend"), (append, "append")):
        if extra is not None and not isinstance(extra, Array):
            raise TypeError(f"diff: expected {label} to be None or a gingham.Array, got {type(extra).__name__}")
    return Array._new(_core.diff(x._impl, operator.index(axis), operator.index(n),
                            None if prepend is None else prepend._impl, None if append is None else append._impl))


def set_deterministic(flag):
    """Local (a process-wide setting: every rank must set the same value). Turns on or off the
    deterministic mode: floating-point sum, prod, mean, var and std then give bitwise-identical results
    for any number of ranks and any layout (a fixed pairwise tree over global indices; one
    MPI_Allgatherv of tree nodes per distributed reduced axis; slower than the default mode)."""
    _core.set_deterministic(bool(flag))


def deterministic():
    """Local. Whether the deterministic mode of floating-point reductions is on."""
    return _core.deterministic()
