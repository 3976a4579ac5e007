"""Indexing and assignment through keys: ``x[key]`` and ``x[key] = value``.

Reading is C++'s (gingham/kernels/slicing.hpp ``getitem``; this module normalizes the key and calls it).
Basic keys (integers, slices with any step, ``...``, ``None``): one redistribution into a layout whose
surviving axes keep x's kinds (Block, Cyclic, BlockCyclic(nb) with its offset, or not distributed) and grid
axes at their new extents (gingham/distributions/derived.hpp ``sliced``); axes indexed by an integer are
dropped and ``None`` inserts a size-1 axis that is not distributed. Assignment writes the owners' elements in
place.

Array keys: a single boolean array of x's shape selects the elements where it is true (a balanced 1-D
result); a boolean array over some axes, or with other indices, stands for the integer arrays of its True
places (its nonzero()), as NumPy reads it; ``x[True]`` is ``x[None]`` and ``x[False]`` the same with its new axis
empty; integers and integer arrays (host data, or gingham arrays in any layout) broadcast together, as
the standard's integer-array indexing says, optionally followed by ``...`` or full slices for the remaining
axes. A single 1-D integer key is take(x, key, axis=0). Reading also takes integer arrays mixed with
slices, ``None`` and ``...`` (beyond the standard), as NumPy: ``x[:, idx]`` is take(x, idx, axis=1); otherwise one
redistribution slices x and brings the indexed axes first, the elements are read, and when the indexed
axes were side by side their broadcast axes go back where the first was; ``None`` among them is a full slice
over a size-1 axis inserted there. Assignment takes the same keys (each slice becomes an index array placed
as NumPy orders the selection)."""

import numbers
import operator

import numpy as np

from . import _core
from ._dtypes import python_scalar
from ._element_reads import read_scalar, scalar_index
from ._array import Array
from ._creation import asarray
from ._manipulation import reshape
from ._redistribute import _index_map
from ._searching import nonzero
from ._take import take


def _normalize(key, ndim):
    """The key as a tuple of ints, slices and None with ``...`` expanded; IndexError/TypeError when invalid."""
    key = _expanded(_checked(key), ndim, "__getitem__")
    return tuple(k if k is None or isinstance(k, slice) else operator.index(k) for k in key)


def _checked(key):
    """A basic key as a tuple, its entries checked: TypeError or NotImplementedError for what is not an integer,
    slice, ... or None."""
    key = key if isinstance(key, tuple) else (key,)
    for k in key:
        if isinstance(k, (bool, np.bool_)):
            raise NotImplementedError("__getitem__: a boolean scalar among other indices is not implemented "
                                      "(x[True] and x[False] alone are)")
        if hasattr(k, "dtype") and getattr(k, "ndim", 0) > 0:
            raise NotImplementedError(f"__getitem__: arrays of type {type(k).__name__} as indices are not implemented "
                                      "(pass NumPy arrays, lists or gingham arrays)")
        if not (k is None or k is Ellipsis or isinstance(k, slice) or isinstance(k, numbers.Integral)
                or hasattr(k, "__index__")):
            raise TypeError(f"__getitem__: expected integers, slices, ... or None in the key, got {k!r}")
    return key


def _is_array_key(k):

    return isinstance(k, (list, Array)) or (isinstance(k, np.ndarray) and k.ndim > 0)


def _array_keys(x, key, function):
    """For a key holding arrays: ("mask", mask) for a single boolean array of x's shape; ("integers", keys)
    for integer keys (ints, host arrays or gingham arrays) on the leading axes, then ... or full slices;
    ("mixed", key) for integer arrays among slices and None; None for a basic key. Boolean arrays among other indices stand for the integer arrays of their True places."""
    key = key if isinstance(key, tuple) else (key,)
    if not any(_is_array_key(k) for k in key):
        return None
    kinds = [(k.dtype if isinstance(k, Array) else np.asarray(k).dtype).kind if _is_array_key(k) else None for k in key]
    if "b" in kinds:
        if len(key) == 1 and tuple(key[0].shape if isinstance(key[0], Array) else np.shape(key[0])) == x.shape:
            return "mask", key[0]
        key = _booleans_as_integers(x, key, kinds, function)
        kinds = [(k.dtype if isinstance(k, Array) else np.asarray(k).dtype).kind if _is_array_key(k) else None
                 for k in key]
    for kind in kinds:
        if kind is not None and kind not in "iu":
            raise IndexError(f"{function}: arrays used as indices must be of integer or boolean type, got kind "
                             f"{kind!r}")
    leading = list(key)
    while leading and (leading[-1] is Ellipsis or (isinstance(leading[-1], slice) and leading[-1] == slice(None))):
        leading.pop()
    integral = [_is_array_key(k) or isinstance(k, numbers.Integral) or hasattr(k, "__index__") for k in leading]
    if not all(integral):
        return "mixed", key
    if len(leading) > x.ndim:
        raise IndexError(f"{function}: too many indices for an array of dimension {x.ndim}: got {len(leading)}")
    return "integers", leading


def _booleans_as_integers(x, key, kinds, function):
    """The key with each boolean array replaced by the integer arrays of its True places (its nonzero(), in
    row-major order), as NumPy reads x[..., mask, ...]; IndexError when a mask does not match the axes it
    covers."""
    covered = [(k.ndim if isinstance(k, Array) else np.ndim(k)) if kind == "b" else
               (0 if k is None or k is Ellipsis else 1) for k, kind in zip(key, kinds)]
    rest = x.ndim - sum(covered)
    result, axis = [], 0
    for k, kind, width in zip(key, kinds, covered):
        if kind == "b":
            shape = tuple(k.shape if isinstance(k, Array) else np.shape(k))
            if shape != tuple(x.shape[axis:axis + width]):
                raise IndexError(f"{function}: the boolean index of shape {shape} does not match the indexed axes "
                                 f"{tuple(x.shape[axis:axis + width])} (axes {axis} to {axis + width - 1} of an array "
                                 f"of shape {x.shape})")
            result.extend(nonzero(k) if isinstance(k, Array) else np.nonzero(np.asarray(k)))
        else:
            result.append(k)
        axis += max(rest, 0) if k is Ellipsis else width
    return tuple(result)


def _with_new_axes_as_slices(x, key, function):
    """For a mixed key: (x with a size-1 axis where each None of the key is, as a view; the key with its ``...``
    expanded, full slices appended, and each None a full slice over its new axis). Reading or writing the view
    through that key is x[key], with None's axes where NumPy puts them."""
    key = _expanded(key, x.ndim, function)
    new_axes = [position for position, k in enumerate(key) if k is None]
    if not new_axes:
        return x, key
    view = Array._new(_core.expand_dims(x._impl, new_axes))
    return view, tuple(slice(None) if k is None else k for k in key)


def _expanded(key, ndim, function):
    """The key with its ``...`` expanded and full slices appended: one entry per axis of x, plus the Nones."""
    if sum(k is Ellipsis for k in key) > 1:
        raise IndexError(f"{function}: an index can only have a single ellipsis ('...')")
    used = sum(k is not Ellipsis and k is not None for k in key)
    if used > ndim:
        raise IndexError(f"{function}: too many indices for an array of dimension {ndim}: got {used}")
    at = next((position for position, k in enumerate(key) if k is Ellipsis), None)  # no ==: keys hold arrays
    if at is not None:
        return key[:at] + (slice(None),) * (ndim - used) + key[at + 1:]
    return key + (slice(None),) * (ndim - used)


def _selection_keys(x, key):
    """For a key mixing integer arrays with slices: one integer key per axis of x, shaped so that they
    broadcast to the selection's shape in NumPy's order (the broadcast axes of the arrays where the first
    of them was when they are side by side, else first; one axis per slice, holding its indices)."""
    indexed = [axis for axis, k in enumerate(key) if not isinstance(k, slice)]
    adjacent = indexed == list(range(indexed[0], indexed[0] + len(indexed)))
    before = indexed[0] if adjacent else 0  # slice axes of the selection ahead of the broadcast axes
    arrays = [k if isinstance(k, Array) else np.asarray(k) for k in (key[axis] for axis in indexed)]
    broadcast = max(k.ndim for k in arrays)
    total = broadcast + len(key) - len(indexed)
    keys, next_slice = [], 0
    for axis, k in enumerate(key):
        if isinstance(k, slice):
            position = next_slice if next_slice < before else next_slice + broadcast
            shape = [1] * total
            shape[position] = len(range(*k.indices(x.shape[axis])))
            keys.append(np.arange(*k.indices(x.shape[axis]), dtype=np.int64).reshape(shape))
            next_slice += 1
            continue
        k = arrays[indexed.index(axis)]
        lead, trail = before + broadcast - k.ndim, total - before - broadcast
        if isinstance(k, Array):
            new_axes = list(range(lead)) + list(range(lead + k.ndim, lead + k.ndim + trail))
            keys.append(Array._new(_core.expand_dims(k._impl, new_axes)) if new_axes else k)
        else:
            keys.append(k.reshape((1,) * lead + k.shape + (1,) * trail))
    return keys


def _key_for_core(x, key):
    """The key as _core.getitem takes it: ints, slices of ints, None, ... and gingham arrays (host index arrays
    are distributed in the default layout on x's device, every rank passing the same)."""
    entries = []
    for k in key:
        if isinstance(k, Array):
            entries.append(k._impl)
        elif _is_array_key(k):
            entries.append(asarray(np.asarray(k), device=x.device)._impl)
        elif isinstance(k, slice):
            entries.append(slice(*(None if v is None else operator.index(v) for v in (k.start, k.stop, k.step))))
        elif k is None or k is Ellipsis:
            entries.append(k)
        else:
            entries.append(operator.index(k))
    return entries


def _integer_key_arrays(x, keys):
    """The integer keys as gingham arrays on x's device (host data: every rank passes the same)."""
    arrays = []
    for k in keys:
        if isinstance(k, Array):
            arrays.append(k._impl)
        else:
            host = np.asarray(k) if _is_array_key(k) else np.asarray(operator.index(k), dtype=np.int64)
            arrays.append(asarray(host, device=x.device)._impl)
    return arrays


def _boolean_scalar(key):
    """Collective when key is a 0-D gingham array. True or False for a boolean scalar key (Python, NumPy, or a
    0-D boolean array), None for any other key."""
    if isinstance(key, (bool, np.bool_)):
        return bool(key)
    if isinstance(key, (np.ndarray, Array)) and key.ndim == 0 and key.dtype == np.bool_:
        return bool(key)
    return None


_BASIC_ENTRY_TYPES = (slice, type(None), type(Ellipsis))
_SLICE_PART_TYPES = (int, type(None))


def _plain_basic_key(key):
    """Local. The key as _core.getitem takes it when it is plain and basic: a tuple (or one entry) of Python
    ints, slices of Python ints or None, ``None`` and ``...``, with at least one entry that is not an int (all
    ints may be one element's index); else None, and the general path checks and converts it."""
    entries = key if type(key) is tuple else (key,)
    basic = False
    for k in entries:
        kind = type(k)
        if kind is int:
            continue
        if kind not in _BASIC_ENTRY_TYPES:
            return None
        if kind is slice and not (type(k.start) in _SLICE_PART_TYPES and type(k.stop) in _SLICE_PART_TYPES
                                  and type(k.step) in _SLICE_PART_TYPES):
            return None
        basic = True
    return list(entries) if basic else None


def getitem(x, key):
    """Collective over x.device. x[key] for the keys the module describes."""
    plain = _plain_basic_key(key)
    if plain is not None:  # the common slicing keys skip the array-key checks (same result as the general path)
        return Array._new(_core.getitem(x._impl, plain))
    index = scalar_index(x, key)
    if index is not None:  # one integer per axis: one broadcast from the owner (gingham._element_reads)
        return read_scalar(x, index)
    flag = _boolean_scalar(key)
    if flag is not None:  # as NumPy: x[True] is x[None], x[False] the same with its new axis empty
        expanded = getitem(x, (None, Ellipsis))
        return expanded if flag else getitem(expanded, slice(0, 0))
    array_key = _array_keys(x, key, "__getitem__")
    if array_key is not None:
        kind, keys = array_key
        if kind == "mask":
            return boolean_select(x, keys)
        if kind == "mixed":
            return Array._new(_core.getitem(x._impl, _key_for_core(x, keys)))
        if len(keys) == 1 and _is_array_key(keys[0]) and (keys[0].ndim if isinstance(keys[0], Array)
                                                          else np.ndim(keys[0])) == 1:
            return take(x, keys[0], axis=0)
        return Array._new(_core.getitem(x._impl, _key_for_core(x, keys)))
    return Array._new(_core.getitem(x._impl, _key_for_core(x, _checked(key))))


def _value_for(x, value):
    """The value of x[key] = value as the C++ kernels take it: a Python scalar, or a gingham array of x's
    dtype (host data is distributed in the default layout; other dtypes are cast by NumPy's same_kind
    rule, else TypeError)."""
    if isinstance(value, (bool, numbers.Number, np.generic)) and np.ndim(value) == 0 and not isinstance(value, Array):
        return python_scalar(value, "__setitem__")
    if not isinstance(value, Array):
        value = asarray(np.asarray(value), device=x.device)
    if value.dtype != x.dtype:
        if not np.can_cast(value.dtype, x.dtype, casting="same_kind"):
            raise TypeError(f"__setitem__: cannot assign {value.dtype} values into a {x.dtype} array (NumPy's "
                            "same_kind rule); cast them with astype first")
        value = Array._new(_core.astype(value._impl, x.dtype))
    return value._impl


def _assign_through_host_index(x, array_key, value):
    """Collective over x.device when it returns True. x[idx] = value for one 1-D host integer index (every rank
    passes the same) and a host value or scalar: each rank writes the slabs of its own shard, with no
    message (gingham/kernels/indexing.hpp assign_take). False, doing nothing, for other keys and values."""
    kind, keys = array_key
    if kind != "integers" or len(keys) != 1 or isinstance(value, Array):
        return False
    key = keys[0]
    if isinstance(key, Array) or not _is_array_key(key) or np.ndim(key) != 1:
        return False
    indices = np.asarray(key)
    if indices.dtype == np.uint64 and indices.size and indices.max() > np.iinfo(np.int64).max:
        raise IndexError(f"__setitem__: index {indices.max()} is out of bounds for axis 0 with size {x.shape[0]}")
    indices = indices.astype(np.int64, copy=False)
    if isinstance(value, (bool, numbers.Number, np.generic)) and np.ndim(value) == 0:
        _core.assign_take_scalar(x._impl, indices, 0, python_scalar(value, "__setitem__"))
        return True
    values = np.asarray(value)
    if values.dtype != x.dtype:
        if not np.can_cast(values.dtype, x.dtype, casting="same_kind"):
            raise TypeError(f"__setitem__: cannot assign {values.dtype} values into a {x.dtype} array (NumPy's "
                            "same_kind rule); cast them with astype first")
        values = values.astype(x.dtype)
    _core.assign_take(x._impl, indices, 0, values)
    return True


def setitem(x, key, value):
    """Collective over x.device. x[key] = value: the owners of the selected elements write them in place
    (on every copy), for the keys the module describes; ``value`` is a scalar or an array (gingham or host)
    broadcasting to the selection. gingham/kernels/assignment.hpp has the algorithms and their costs."""
    flag = _boolean_scalar(key)
    if flag is not None:  # as NumPy: x[True] = v is x[None] = v; x[False] = v writes nothing
        if flag:
            return setitem(x, (None, Ellipsis), value)
        value = _value_for(x, value)
        shape = tuple(value.global_shape) if isinstance(value, _core.Array) else ()
        try:
            np.broadcast_shapes(shape, (0,) + x.shape)
        except ValueError:
            raise ValueError(f"__setitem__: a value of shape {shape} does not broadcast to the selection's shape "
                             f"{(0,) + x.shape}") from None
        return None
    array_key = _array_keys(x, key, "__setitem__")
    if array_key is not None and _assign_through_host_index(x, array_key, value):
        return None
    value = _value_for(x, value)
    if array_key is not None:
        kind, keys = array_key
        if kind == "mask":
            mask = keys if isinstance(keys, Array) else asarray(np.asarray(keys), device=x.device)
            if mask.dtype.kind != "b":
                raise IndexError(f"__setitem__: expected a boolean mask, got dtype {mask.dtype}")
            if mask.shape != x.shape:
                raise IndexError(f"__setitem__: the boolean mask has shape {mask.shape}, the array has shape {x.shape}")
            _core.assign_where(x._impl, mask._impl, value)
        elif kind == "mixed":
            view, key = _with_new_axes_as_slices(x, keys, "__setitem__")
            _core.assign_at(view._impl, _integer_key_arrays(view, _selection_keys(view, key)), value)
        else:
            _core.assign_at(x._impl, _integer_key_arrays(x, keys), value)
        return
    key = _normalize(key, x.ndim)
    if None in key and isinstance(value, _core.Array):
        # The value broadcasts to the selection with its size-1 new axes; drop those axes from it.
        region = [_slice_extent(k, n) if isinstance(k, slice) else 1 for k, n in _with_extents(key, x.shape)
                  if k is None or isinstance(k, slice)]
        shape = value.global_shape
        skip = len(region) - len(shape)
        drop = [p - skip for p, k in enumerate(k for k in key if not isinstance(k, int)) if k is None and p >= skip]
        if any(shape[q] != 1 for q in drop):
            raise ValueError(f"__setitem__: a value of shape {tuple(shape)} does not broadcast to the "
                             f"selection's shape {tuple(region)}")
        if drop:
            value = _core.squeeze(value, drop)
    basic = tuple(k for k in key if k is not None)
    _core.assign(x._impl, _index_map(x.shape, basic, None), value)


def _with_extents(key, shape):
    """Pairs (key entry, extent of the axis it indexes; None for None entries)."""
    axis = 0
    for k in key:
        if k is None:
            yield k, None
        else:
            yield k, shape[axis]
            axis += 1


def _slice_extent(k, n):
    return len(range(*k.indices(n)))


def boolean_select(x, mask):
    """Collective over x.device. The elements of x where ``mask`` (x's shape; a gingham bool array in any
    layout, or host bools every rank passes alike) is true, in row-major order, as a balanced 1-D array:
    both are flattened (reshape) and the selection compacted to its Block places
    (gingham/kernels/searching.hpp compress), also when one rank holds everything selected."""
    if not isinstance(mask, Array):
        mask = asarray(np.asarray(mask), device=x.device)
    if mask.dtype.kind != "b":
        raise IndexError(f"__getitem__: expected a boolean mask, got dtype {mask.dtype}")
    if mask.shape != x.shape:
        raise IndexError(f"__getitem__: the boolean mask has shape {mask.shape}, the array has shape {x.shape}")
    if x.ndim == 0:
        raise NotImplementedError("__getitem__: a 0-D boolean mask is not implemented yet")
    flat, flags = (x, mask) if x.ndim == 1 else (reshape(x, (-1,)), reshape(mask, (-1,)))
    return Array._new(_core.compress(flat._impl, flags._impl))
