"""NumPy's ndarray methods and attributes on gingham.Array, installed here (as gingham._operators installs the
operators): each forwards to the NumPy-compatible function of gingham._numpy_functions that ``np.f(x)``
runs, with ndarray's keyword names and defaults, so ``x.mean()`` and ``np.mean(x)`` are one code path.
Every method is collective over x.device unless its docstring says Local; ``out=`` is accepted only as
None (TypeError otherwise: assign the result).
"""

import numbers
import operator

import numpy as np

from . import _numpy_functions as _np_functions
from . import _numpy_reductions as _np_reductions
from . import _core, _reductions
from ._array import Array
from ._data_type_functions import astype as _astype
from ._host_operands import refuse
from ._manipulation import reshape as _reshape
from ._operators import _method, _property  # the installers of Array's computing methods
from ._searching import nonzero as _nonzero
from ._quantiles import sort_along


def _no_out(out, name):
    if out is not None:
        refuse(f"Array.{name} with out= (assign the result instead)")


# ---- reductions and scans ----------------------------------------------------------------------------

@_method
def mean(self, axis=None, dtype=None, out=None, keepdims=False, *, where=True):
    """Collective over the device. As np.mean (integers averaged as float64)."""
    return _np_functions.mean(self, axis, dtype, out, keepdims, where=where)


@_method
def var(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True):
    """Collective over the device. As np.var (ddof: the delta degrees of freedom)."""
    return _np_functions.var(self, axis, dtype, out, ddof, keepdims, where=where)


@_method
def std(self, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=True):
    """Collective over the device. As np.std (ddof: the delta degrees of freedom)."""
    return _np_functions.std(self, axis, dtype, out, ddof, keepdims, where=where)


@_method
def sum(self, axis=None, dtype=None, out=None, keepdims=False, initial=np._NoValue, where=True):  # noqa: A001
    """Collective over the device. As np.sum (where=, initial=, out= as NumPy's); ``x.sum(0)`` takes the axis
    positionally."""
    return _np_reductions.sum(self, axis, dtype, out, keepdims, initial, where)


@_method
def prod(self, axis=None, dtype=None, out=None, keepdims=False, initial=np._NoValue, where=True):
    """Collective over the device. As np.prod (where=, initial=, out= as NumPy's)."""
    return _np_reductions.prod(self, axis, dtype, out, keepdims, initial, where)


def _extremum(name, function):
    def method(self, axis=None, out=None, keepdims=False):
        _no_out(out, name)
        return function(self, axis=axis, keepdims=keepdims)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"Collective over the device. As np.{name} (gingham.{name})."
    return _method(method)


for _name in ("argmin", "argmax"):
    _extremum(_name, getattr(_reductions, _name))


@_method
def min(self, axis=None, out=None, keepdims=False, initial=np._NoValue, where=True):  # noqa: A001
    """Collective over the device. As np.min (where= with initial=, out= as NumPy's)."""
    return _np_reductions.min(self, axis, out, keepdims, initial, where)


@_method
def max(self, axis=None, out=None, keepdims=False, initial=np._NoValue, where=True):  # noqa: A001
    """Collective over the device. As np.max (where= with initial=, out= as NumPy's)."""
    return _np_reductions.max(self, axis, out, keepdims, initial, where)


@_method
def any(self, axis=None, out=None, keepdims=False, *, where=True):  # noqa: A001
    """Collective over the device. As np.any (where=, out= as NumPy's)."""
    return _np_reductions.any(self, axis, out, keepdims, where=where)


@_method
def all(self, axis=None, out=None, keepdims=False, *, where=True):  # noqa: A001
    """Collective over the device. As np.all (where=, out= as NumPy's)."""
    return _np_reductions.all(self, axis, out, keepdims, where=where)


@_method
def cumsum(self, axis=None, dtype=None, out=None):
    """Collective over the device. As np.cumsum: axis=None sums along the flattened array."""
    return _np_functions.cumsum(self, axis, dtype, out)


@_method
def cumprod(self, axis=None, dtype=None, out=None):
    """Collective over the device. As np.cumprod: axis=None multiplies along the flattened array."""
    return _np_functions.cumprod(self, axis, dtype, out)


# ---- conversions and shapes --------------------------------------------------------------------------

@_method
def astype(self, dtype, order="K", casting="unsafe", subok=True, copy=True):
    """Collective over the device (no messages). As ndarray.astype (gingham.astype); order and casting
    take NumPy's defaults only."""
    if order != "K" or casting != "unsafe":
        refuse(f"Array.astype with order={order!r} or casting={casting!r}")
    return _astype(self, dtype, copy=copy)


def _shape_arguments(arguments, name):
    """The shape or axes of ``x.reshape(2, 3)`` / ``x.reshape((2, 3))`` (NumPy accepts both spellings)."""
    if len(arguments) == 1 and not isinstance(arguments[0], numbers.Integral):
        return None if arguments[0] is None else tuple(arguments[0])
    for value in arguments:
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"Array.{name}: expected integers or one tuple of integers, got {arguments!r}")
    return tuple(operator.index(v) for v in arguments)


@_method
def reshape(self, *shape, order="C", copy=None):
    """Collective over the device. As ndarray.reshape, the shape as arguments or one tuple (gingham.reshape:
    the elements in row-major order, redistributed to the default layout)."""
    if order != "C":
        refuse(f"Array.reshape with order={order!r}")
    if not shape:
        raise TypeError("Array.reshape: expected a shape, got none")
    return _reshape(self, _shape_arguments(shape, "reshape"), copy=copy)


@_method
def transpose(self, *axes):
    """Collective over the device (elements stay on their ranks). As ndarray.transpose: the axes reversed,
    or permuted as given (as arguments or one tuple)."""
    return _np_functions.transpose(self, _shape_arguments(axes, "transpose") if axes else None)


@_method
def flatten(self, order="C"):
    """Collective over the device. A new 1-D array of the elements in row-major order (always a copy)."""
    return _np_functions.ravel(self, order)


@_method
def ravel(self, order="C"):
    """Collective over the device. As flatten: a new 1-D array (a distributed array has no flat view)."""
    return _np_functions.ravel(self, order)


@_method
def copy(self, order="C"):
    """Collective over the device (no messages). A new array with the same values and layout."""
    return _np_functions.copy(self, order)


@_method
def item(self, *args):
    """Collective over the communicator. One element as a Python scalar on every rank: x.item() of a
    one-element array, x.item(i) the i-th element of the flattened array, x.item(i, j, ...) or
    x.item((i, j, ...)) the element at that index; the same value as float(x[index]) (the owner
    broadcasts it)."""
    if len(args) == 1 and isinstance(args[0], tuple):
        args = args[0]
    if not args:
        if self.size != 1:
            raise ValueError(f"Array.item: can only convert an array of size 1 to a Python scalar, got size "
                             f"{self.size}")
        index = (0,) * self.ndim
    elif len(args) == 1 and self.ndim != 1:
        flat = operator.index(args[0])
        if not -self.size <= flat < self.size:
            raise IndexError(f"Array.item: index {flat} is out of bounds for size {self.size}")
        index = tuple(int(i) for i in np.unravel_index(flat % self.size, self.shape))
    else:
        index = tuple(operator.index(i) for i in args)
    element = self[index] if index else self
    return element._value_on_every_rank().item()


@_method
def tolist(self):
    """Collective over the communicator: gathers the whole array to every rank (as np.asarray(x)) and
    returns it as nested Python lists of Python scalars, like ndarray.tolist."""
    return _core.gather_to_all(self._impl).tolist()  # explicit: not an implicit gather


@_method
def fill(self, value):
    """Collective over the device (no messages). Sets every element to the scalar ``value`` in place (each
    rank writes its own shard, every copy alike; ghost cells are left as they are)."""
    if isinstance(value, Array):
        value = value._value_on_every_rank()
    if np.ndim(value) != 0:
        raise ValueError(f"Array.fill: expected a scalar, got a value of shape {np.shape(value)}")
    self.local[...] = value


@_method
def clip(self, min=None, max=None, out=None, **kwargs):  # noqa: A002  (NumPy's names)
    """Collective over the device. As np.clip (bounds: None, scalars, host or gingham arrays)."""
    return _np_functions.clip(self, min, max, out, **kwargs)


@_method
def round(self, decimals=0, out=None):  # noqa: A001  (NumPy's name)
    """Collective over the device (no messages). As np.round, to ``decimals`` digits."""
    return _np_functions.round(self, decimals, out)


@_method
def dot(self, b, out=None):
    """Collective. As np.dot(x, b)."""
    return _np_functions.dot(self, b, out)


@_method
def nonzero(self):
    """Collective over the device. As np.nonzero: one int64 index array per axis (gingham.nonzero)."""
    return _nonzero(self)


@_method
def sort(self, axis=-1, kind=None, order=None, *, stable=None):
    """Collective over the device. Sorts in place along ``axis`` and returns None, as ndarray.sort does:
    gingham.sort (for every layout: gingham._quantiles.sort_along), then the sorted values written back into
    x's own layout (one redistribution when the sort's result is laid out otherwise)."""
    if order is not None:
        refuse("Array.sort with order= (structured dtypes)")
    if axis is None:
        raise TypeError("Array.sort: axis=None is not allowed in place (use np.sort(x, axis=None), which flattens)")
    self[...] = sort_along(self, axis)


@_method
def argsort(self, axis=-1, kind=None, order=None, *, stable=None):
    """Collective over the device. As np.argsort (stable; axis=None sorts the flattened array)."""
    return _np_functions.numpy_argsort(self, axis, kind, order, stable=stable)


# ---- length and sizes --------------------------------------------------------------------------------

@_method
def __len__(self):
    """Local. The extent of the first axis; TypeError for a 0-D array, as NumPy's len()."""
    if self.ndim == 0:
        raise TypeError("len() of unsized object (a 0-D gingham.Array)")
    return self.shape[0]


@_property
def itemsize(self):
    """Local. The size of one element in bytes."""
    return self.dtype.itemsize


@_property
def nbytes(self):
    """Local. The bytes of the whole (global) array, size * itemsize (each rank holds only its shard's)."""
    return self.size * self.dtype.itemsize
