"""np.pad and np.lib.stride_tricks.sliding_window_view on gingham arrays (what xarray's shift, rolling and
rolling_window call), composed of gingham's distributed slicing, flip, full and concat: each piece moves
through the redistribution engine (only the elements next to block boundaries cross ranks for a slice of
a Block axis); nothing is gathered.

A distributed array has no strided views, so sliding_window_view returns a copy: for a window of w along
an axis of extent n, the w slices x[k : n - w + 1 + k] stacked along a new last axis (w redistributions of
about one shard each, and a result w times the size of x). Both functions are collective over x.device.
"""

import numbers
import operator

import numpy as np

from ._array import Array, require_array
from ._creation import full
from ._manipulation import concat, flip, stack

PAD_MODES = ("constant", "edge", "wrap", "reflect", "symmetric")


def _pad_widths(pad_width, ndim):
    """NumPy's pad_width (an int, (before, after), or one pair per axis) as one (before, after) per axis."""
    widths = np.broadcast_to(np.asarray(pad_width, dtype=object), (ndim, 2)) if ndim else np.zeros((0, 2), object)
    pairs = []
    for before, after in widths.tolist():
        for w in (before, after):
            if isinstance(w, bool) or not isinstance(w, numbers.Integral) or w < 0:
                raise ValueError(f"pad: expected non-negative integer pad widths, got {pad_width!r}")
        pairs.append((operator.index(before), operator.index(after)))
    return pairs


def _along(x, axis, start, stop):
    key = [slice(None)] * x.ndim
    key[axis] = slice(start, stop)
    return x[tuple(key)]


def _pieces(x, axis, before, after, mode, value):
    """The pieces joined before and after x along ``axis`` for NumPy's ``mode``."""
    n = x.shape[axis]
    if mode == "constant":
        def block(width):
            shape = x.shape[:axis] + (width,) + x.shape[axis + 1:]
            return full(shape, value, dtype=x.dtype, device=x.device)
        return block(before), block(after)
    if n == 0:
        raise ValueError(f"pad: mode {mode!r} cannot pad an empty axis (axis {axis})")
    if mode == "edge":
        return (concat([_along(x, axis, 0, 1)] * before, axis=axis) if before else None,
                concat([_along(x, axis, n - 1, n)] * after, axis=axis) if after else None)
    limit = n - 1 if mode == "reflect" else n
    if before > limit or after > limit:
        raise NotImplementedError(f"pad: mode {mode!r} with a pad width over {limit} along axis {axis} (of extent {n}) "
                                  "is not implemented (NumPy repeats the reflection; pad in steps)")
    if mode == "wrap":
        return _along(x, axis, n - before, n), _along(x, axis, 0, after)
    skip = 1 if mode == "reflect" else 0
    return (flip(_along(x, axis, skip, skip + before), axis=axis),
            flip(_along(x, axis, n - skip - after, n - skip), axis=axis))


def pad(array, pad_width, mode="constant", **kwargs):
    """Collective over array.device. np.pad with mode "constant" (constant_values: one scalar, default 0),
    "edge", "wrap", "reflect" or "symmetric" (pad widths up to the axis's extent; NotImplementedError
    beyond): per padded axis, the pieces and x joined by gg.concat (redistributions; nothing gathered)."""
    x = require_array(array, "pad")
    if mode not in PAD_MODES:
        raise NotImplementedError(f"pad: mode {mode!r} is not implemented (gingham pads with {PAD_MODES})")
    value = kwargs.pop("constant_values", 0)
    if kwargs or (mode != "constant" and value != 0):
        raise TypeError(f"pad: mode {mode!r} takes no options {sorted(kwargs) or ['constant_values']}")
    if np.ndim(value) != 0:
        raise NotImplementedError("pad: constant_values per axis or side are not implemented (pass one scalar)")
    value = value.item() if isinstance(value, np.generic) else value
    for axis, (before, after) in enumerate(_pad_widths(pad_width, x.ndim)):
        if before == after == 0:
            continue
        first, last = _pieces(x, axis, before, after, mode, value)
        x = concat([p for p in (first, x, last) if p is not None and p.shape[axis]], axis=axis)
    return x


def sliding_window_view(x, window_shape, axis=None, *, subok=False, writeable=False):
    """Collective over x.device. NumPy's sliding_window_view as a copy (a distributed array has no strided
    views): the windows of ``window_shape`` along ``axis`` (default: every axis), each axis's extent
    n becoming n - w + 1 and the window axes appended last, in the order given. Per window axis, the w
    slices x[k : n - w + 1 + k] stacked along a new last axis (w redistributions of about a shard each)."""
    require_array(x, "sliding_window_view")
    if writeable:
        raise NotImplementedError("sliding_window_view: writeable=True (a distributed array has no strided views; the "
                                  "result is a copy)")
    shape = (window_shape,) if isinstance(window_shape, numbers.Integral) else tuple(window_shape)
    axes = tuple(range(x.ndim)) if axis is None else ((axis,) if isinstance(axis, numbers.Integral) else tuple(axis))
    if len(shape) != len(axes):
        raise ValueError(f"sliding_window_view: expected one window size per axis, got window_shape {shape} for axes "
                         f"{axes}")
    result = x
    for w, a in zip(shape, axes):
        w, a = operator.index(w), operator.index(a) % x.ndim
        if w < 1 or w > result.shape[a]:
            raise ValueError(f"sliding_window_view: window size {w} does not fit axis {a} of extent {result.shape[a]}")
        count = result.shape[a] - w + 1
        result = stack([_along(result, a, k, k + count) for k in range(w)], axis=-1)
    return result
