"""The Array methods that compute: Python operators, ``@``, indexing, ``T``/``mT``, ``to_device``
and the NumPy protocols' dispatch, installed on gingham.Array in this one place.

``_array`` holds the array type with its data and protocols and imports no function module, so the
function modules can import it without a cycle; this module imports the function modules and installs
the methods, and the package's ``__init__`` imports it last.
"""

import numpy as np

from . import _core, _elementwise
from ._array import Array
from ._elementwise import matmul_operand
from ._grid import ProcessGrid
from ._indexing import getitem, setitem
from ._layouts import Distribution
from ._manipulation import permute_dims
from ._moves import same_ranks, to_device as move_to_device
from ._numpy_protocols import array_function, array_ufunc
from ._redistribute import redistribute
from .linalg import matmul


def _method(function):
    """Installs `function` on Array under its own name."""
    setattr(Array, function.__name__, function)
    return function


def _property(function):
    """Installs `function` on Array as a read-only property under its own name."""
    setattr(Array, function.__name__, property(function, doc=function.__doc__))
    return function


@_method
def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
    """Collective. NumPy ufuncs (__call__, reduce, accumulate, outer, at) run gingham's distributed
    kernels and return gingham arrays; TypeError where gingham has no counterpart."""
    return array_ufunc(ufunc, method, inputs, kwargs)


@_method
def __array_function__(self, func, types, args, kwargs):
    """Collective. NumPy functions with a gingham counterpart run distributed; TypeError for the rest."""
    return array_function(func, types, args, kwargs)


@_property
def T(self):  # noqa: N802  (the Array API name)
    """Collective. The transpose of a 2-D array; its layout is x's with the axes swapped, so every
    element stays on its rank (each shard is transposed locally)."""
    if self.ndim != 2:
        raise ValueError(f"T: expected a 2-D array, got {self.ndim} dimensions; use mT or permute_dims")
    return permute_dims(self, (1, 0))


@_property
def mT(self):  # noqa: N802  (the Array API name)
    """Collective. The transpose of the last two axes (a stack of matrices); elements stay on their ranks."""
    if self.ndim < 2:
        raise ValueError(f"mT: expected at least 2 dimensions, got {self.ndim}")
    return permute_dims(self, tuple(range(self.ndim - 2)) + (self.ndim - 1, self.ndim - 2))


@_method
def to_device(self, device, /, *, stream=None):
    """Collective over the communicator of both grids. The array on another ProcessGrid, in the default
    layout there; itself on its own device. A grid of the same communicator (or a subset of its ranks) takes
    a redistribution. A grid on another communicator holding x's ranks (the parent of a ``comm.Split`` group)
    or held by x's (a group of x's communicator) takes a move over the larger one, where every rank calls:
    see gingham.to_device, through which ranks without an array take part; several groups calling
    ``x.to_device(own_group_grid)`` each receive a copy."""
    if stream is not None:
        raise ValueError(f"to_device: gingham has no streams; expected stream=None, got {stream!r}")
    if not isinstance(device, ProcessGrid):
        raise TypeError(f"to_device: expected a gingham.ProcessGrid, got {type(device).__name__}")
    if device == self.device:
        return self
    if not same_ranks(self.device, device):
        return move_to_device(self, device)
    return redistribute(self, Distribution(self.shape, grid=device))


@_method
def __matmul__(self, other):
    """Collective. self @ other (gingham.matmul); a NumPy array or nested sequence operand becomes a
    replicated array on self's device first. Python scalars are refused (TypeError), as the standard says."""
    other = matmul_operand(other, self.device)
    if other is None:
        return NotImplemented
    return matmul(self, other)


@_method
def __rmatmul__(self, other):
    """Collective. other @ self (gingham.matmul), other a NumPy array or nested sequence."""
    other = matmul_operand(other, self.device)
    if other is None:
        return NotImplemented
    return matmul(other, self)


@_method
def __imatmul__(self, other):
    """Collective. self @= other: the product written into self's memory, in self's layout. ValueError
    (on every rank) when the product's shape is not self's shape, TypeError when its dtype would not be
    self's (the standard's rules for in-place operators)."""
    operand = matmul_operand(other, self.device)
    if operand is None:
        return NotImplemented
    _core.matmul_assign(self._impl, operand._impl)
    return self


@_method
def __getitem__(self, key):
    """Collective. x[key] for integers, slices (any step), ``...``, ``None`` (one redistribution into a
    layout like x's), a boolean mask, and integer arrays (see gingham._indexing)."""
    return getitem(self, key)


@_method
def __setitem__(self, key, value):
    """Collective. x[key] = value: the owners of the selected elements write them in place (see
    gingham._indexing)."""
    setitem(self, key, value)


def _binary_operator(name, reflected=False):
    def method(self, other):
        if not isinstance(other, _OPERAND_TYPES):
            return NotImplemented
        return _elementwise._binary(name, other, self) if reflected else _elementwise._binary(name, self, other)

    return method


def _in_place_operator(name):
    def method(self, other):
        if not isinstance(other, _OPERAND_TYPES):
            return NotImplemented
        return _elementwise._binary(name, self, other, out=self)

    return method


def _unary_operator(name):
    def method(self):
        return getattr(_elementwise, name)(self)

    return method


_OPERAND_TYPES = (Array, bool, int, float, complex, np.ndarray, np.generic, list, tuple)
_BINARY_OPERATORS = {
    "add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide", "floordiv": "floor_divide",
    "mod": "remainder", "pow": "pow", "and": "bitwise_and", "or": "bitwise_or", "xor": "bitwise_xor",
    "lshift": "bitwise_left_shift", "rshift": "bitwise_right_shift",
}
for _op, _name in _BINARY_OPERATORS.items():
    setattr(Array, f"__{_op}__", _binary_operator(_name))
    setattr(Array, f"__r{_op}__", _binary_operator(_name, reflected=True))
    setattr(Array, f"__i{_op}__", _in_place_operator(_name))
for _op, _name in {"eq": "equal", "ne": "not_equal", "lt": "less", "le": "less_equal", "gt": "greater",
                   "ge": "greater_equal"}.items():
    setattr(Array, f"__{_op}__", _binary_operator(_name))
for _op, _name in {"neg": "negative", "pos": "positive", "abs": "abs", "invert": "bitwise_invert"}.items():
    setattr(Array, f"__{_op}__", _unary_operator(_name))
