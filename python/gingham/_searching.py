"""Searching: nonzero and searchsorted (where, argmax, argmin and count_nonzero live with the reductions)."""

from . import _core
from ._array import Array, require_array
from ._creation import asarray
from ._take import take
from ._layouts import Distribution
from ._manipulation import reshape


def searchsorted(x1, x2, /, *, side="left", sorter=None):
    """Collective over the arrays' communicator. For each element of x2, where it would be inserted into the
    sorted 1-D x1 to keep it sorted (side "left": before equal elements, "right": after them); an int64
    array in x2's layout. Each element of x2 travels to the one rank holding its block of x1 and its index
    comes back (gingham/kernels/searching.hpp). ``sorter`` (indices that sort x1: host data or a
    replicated array) reads x1 through take first. Peak memory per rank: the result plus about 50 MiB (the
    exchange goes in rounds of 2^20 values), whatever the data."""
    if not isinstance(x1, Array):
        raise TypeError(f"searchsorted: expected x1 to be a gingham.Array, got {type(x1).__name__}")
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: expected side 'left' or 'right', got {side!r}")
    if x1.ndim != 1:
        raise ValueError(f"searchsorted: expected a 1-D x1, got shape {x1.shape}")
    if not isinstance(x2, Array):
        if not isinstance(x2, (bool, int, float)):
            raise TypeError(f"searchsorted: expected x2 to be a gingham.Array or a Python scalar, got {type(x2).__name__}")
        x2 = asarray(x2, dtype=x1.dtype, distribution=Distribution.replicated((), grid=x1.device))
    if sorter is not None:
        x1 = take(x1, sorter, axis=0)
    return Array._new(_core.searchsorted(x1._impl, x2._impl, side == "right"), x2.distribution)


def nonzero(x, /):
    """Collective over x.device. The indices of x's nonzero elements, one int64 array per axis, in
    row-major order of the elements, each balanced over the grid (Block). x is flattened (reshape), the
    flat indices compacted to their balanced places (gingham/kernels/searching.hpp flatnonzero), and
    unravelled elementwise. Peak memory per rank: about 2.3 shards of float64 x for 1-D x (the flat
    int64 positions, the packed selection and the result); each further axis adds one int64 result."""
    require_array(x, "nonzero")
    if x.ndim == 0:
        raise ValueError("nonzero: a 0-D array has no axes to index; use x[None] or bool(x)")
    flat = Array._new(_core.flatnonzero((x if x.ndim == 1 else reshape(x, (-1,)))._impl))
    coordinates, stride = [], 1
    for axis, extent in reversed(list(enumerate(x.shape))):
        # flat < size: the first axis needs no remainder, the last no division (a 1-D x: flat itself)
        coordinate = flat if stride == 1 else flat // stride
        coordinates.append(coordinate % extent if extent and axis > 0 else coordinate)
        stride *= extent
    return tuple(reversed(coordinates))
